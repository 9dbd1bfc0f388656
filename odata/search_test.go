package odata

import (
	"strings"
	"testing"
)

var searchCases = []struct{ in, want string }{
	{"Acme", "Acme"},
	{"Acme Corp", "(AND Acme Corp)"},
	{`"Acme Corp"`, `"Acme Corp"`},
	{"Sales Marketing", "(AND Sales Marketing)"},
	{"  padded  ", "padded"},
	{"blue AND green", "(AND blue green)"},
	{"blue OR green", "(OR blue green)"},
	{"blue NOT green", "(AND blue (NOT green))"},
	{"NOT blue", "(NOT blue)"},
	{"a OR b AND NOT c", "(OR a (AND b (NOT c)))"},
	{"a b OR c d", "(OR (AND a b) (AND c d))"},
	{"foo AND bar OR foo AND baz OR that AND bar OR that AND baz",
		"(OR (OR (OR (AND foo bar) (AND foo baz)) (AND that bar)) (AND that baz))"},
	{"(foo OR that) AND (bar OR baz) AND NOT quux", "(AND (AND (OR foo that) (OR bar baz)) (NOT quux))"},
	{"foo AND (bar OR baz)", "(AND foo (OR bar baz))"},
	{"( foo )", "foo"},
	{"(NOT foo) OR baz", "(OR (NOT foo) baz)"},
	{"NOT (blue green)", "(NOT (AND blue green))"},
	{"NOT NOT", `(NOT "NOT")`},
	{"AND", `"AND"`},
	{"OR", `"OR"`},
	{"NOT", `"NOT"`},
	{"AND OR", `(AND "AND" "OR")`},
	{"OR AND", `(AND "OR" "AND")`},
	{"AND OR NOT", `(OR "AND" "NOT")`},
	{"a AND", `(AND a "AND")`},
	{"and or not", "(AND (AND and or) not)"}, // keywords are upper-case only
	{"brand-new", "brand-new"},
	{"3.14 9,81 08/15", "(AND (AND 3.14 9,81) 08/15)"},
	{"Daniel's", "Daniel's"},
	{"__FILE__ $search #1 more&more a;b", "(AND (AND (AND (AND __FILE__ $search) #1) more&more) a;b)"},
	{"Δ Ünïcödé", "(AND Δ Ünïcödé)"},
	{`"a \"quoted\" \\ phrase"`, `"a \"quoted\" \\ phrase"`},
	{`"back\slash"`, `"back\\slash"`},
	{`"x"`, `"x"`},
	{`'"blue'`, `"\"blue"`},
	{`'"blue" "green'`, `"\"blue\" \"green"`},
	{`'('`, `"("`},
	{`'O''Neil'`, `"O'Neil"`},
	{`'a b' c`, `(AND (AND "'a" b') c)`},
	{"(a OR )", `(AND a "OR")`},
	{"a\tb", "(AND a b)"},
}

func TestParseSearch(t *testing.T) {
	for _, tc := range searchCases {
		e, err := ParseSearch(tc.in)
		if err != nil {
			t.Errorf("ParseSearch(%q): %v", tc.in, err)
			continue
		}
		if got := e.String(); got != tc.want {
			t.Errorf("ParseSearch(%q) = %s, want %s", tc.in, got, tc.want)
		}
		f := FormatSearch(e)
		e2, err := ParseSearch(f)
		if err != nil {
			t.Errorf("FormatSearch(%q) = %q does not parse: %v", tc.in, f, err)
			continue
		}
		if e2.String() != e.String() {
			t.Errorf("search round trip of %q via %q: %s != %s", tc.in, f, e2, e)
		}
	}
}

func TestFormatSearch(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"a b c", "a AND b AND c"},
		{"a OR b c", "a OR b AND c"},
		{"(a OR b) c", "(a OR b) AND c"},
		{"a (b c)", "a AND (b AND c)"},
		{"NOT (a b)", "NOT (a AND b)"},
		{"AND OR NOT", `"AND" OR "NOT"`},
		{`'x y'`, `"x y"`},
	} {
		e, err := ParseSearch(tc.in)
		if err != nil {
			t.Errorf("ParseSearch(%q): %v", tc.in, err)
			continue
		}
		if got := FormatSearch(e); got != tc.want {
			t.Errorf("FormatSearch(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSearchErrors(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"", "empty search expression at position 0"},
		{"   ", "empty search expression at position 3"},
		{`"blue`, `unterminated search phrase (unbalanced '"') at position 0`},
		{`a "blue`, `unterminated search phrase (unbalanced '"') at position 2`},
		{`"blue"green`, "expected whitespace before 'g' at position 6"},
		{`blue"green"`, `expected whitespace before '"' at position 4`},
		{`a(b)`, "expected whitespace before '(' at position 1"},
		{`(a)b`, "expected whitespace before 'b' at position 3"},
		{`""`, "empty search phrase at position 0"},
		{`''`, "empty search phrase at position 0"},
		{"(a", "unbalanced '(': missing ')' at position 0"},
		{"a)", "unexpected ')' at position 1"},
		{"()", "unexpected ')' at position 1"},
	} {
		_, err := ParseSearch(tc.in)
		oe, ok := AsError(err)
		if !ok || oe.Status != 400 || oe.Code != "InvalidSearch" || oe.Target != "$search" || !strings.Contains(oe.Message, tc.msg) {
			t.Errorf("ParseSearch(%q) error = %v, want 400 InvalidSearch containing %q", tc.in, err, tc.msg)
		}
	}
	deep := strings.Repeat("(", 1000) + "a" + strings.Repeat(")", 1000)
	if _, err := ParseSearch(deep); !isStatus(err, 400) || !strings.Contains(err.Error(), "too deeply nested") {
		t.Errorf("deep parens: %v", err)
	}
	if _, err := ParseSearch(strings.Repeat("NOT ", 1000) + "a"); !isStatus(err, 400) {
		t.Errorf("deep NOT: %v", err)
	}
	if _, err := ParseSearch("a \xff"); !isStatus(err, 400) {
		t.Errorf("invalid UTF-8: %v", err)
	}
	long := strings.Repeat("word ", 5000) + "end"
	e, err := ParseSearch(long)
	if err != nil {
		t.Fatalf("long search: %v", err)
	}
	if e2, err := ParseSearch(FormatSearch(e)); err != nil || e2.String() != e.String() {
		t.Errorf("long search does not round-trip: %v", err)
	}
}
