package conformance

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/odatagw/odatagw/odata"
)

// Unit tests of the oracle itself: they need neither a database nor the gateway.

func testEvaluator() (*evaluator, map[string]*row) {
	props := map[string]*prop{}
	for _, p := range []*prop{
		{Name: "Name", Type: "Edm.String", Nullable: true, Scale: -1},
		{Name: "Other", Type: "Edm.String", Nullable: true, Scale: -1},
		{Name: "N", Type: "Edm.Int32", Nullable: true, Scale: -1},
		{Name: "Big", Type: "Edm.Int64", Nullable: true, Scale: -1},
		{Name: "Price", Type: "Edm.Decimal", Nullable: true, Precision: 12, Scale: 2},
		{Name: "W", Type: "Edm.Double", Nullable: true, Scale: -1},
		{Name: "Flag", Type: "Edm.Boolean", Nullable: true, Scale: -1},
		{Name: "D", Type: "Edm.Date", Nullable: true, Scale: -1},
		{Name: "TS", Type: "Edm.DateTimeOffset", Nullable: true, Scale: -1},
		{Name: "Year", Type: "Edm.Int32", Nullable: true, Scale: -1},
	} {
		props[p.Name] = p
	}
	mk := func(kv ...any) *row {
		r := &row{vals: map[string]any{}}
		for i := 0; i < len(kv); i += 2 {
			r.vals[kv[i].(string)] = kv[i+1]
		}
		return r
	}
	dec := func(s string) num { r, _ := parseRat(s); return ratNum(nDec, r) }
	ts := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t.UTC() }
	rows := map[string]*row{
		"nulls": mk(),
		"acme":  mk("Name", "acme", "Other", "x", "N", intNum(7), "Price", dec("0.01"), "W", dblNum(2.5), "Flag", true, "D", dateV("2020-02-29"), "TS", ts("2019-12-31T23:30:00Z"), "Year", intNum(2020)),
		"ACME":  mk("Name", "ACME", "N", intNum(-7), "Price", dec("9999999999.99"), "W", dblNum(-2.5), "Flag", false, "D", dateV("2021-01-01"), "TS", ts("2020-01-01T00:30:00Z"), "Year", intNum(2021)),
		"trail": mk("Name", "abc ", "N", intNum(0)),
		"emoji": mk("Name", "😀 Smiles Inc", "Other", "100%_x"),
		"big":   mk("Big", intNum(9007199254740993)),
		"mixed": mk("Name", `50%_off! 'q' \p\`),
	}
	return &evaluator{props: props, now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, rows
}

func TestOracleFilter(t *testing.T) {
	ev, rows := testEvaluator()
	cases := []struct {
		filter string
		want   []string // names of the matching rows
	}{
		// null semantics
		{"Name eq null", []string{"big", "nulls"}},
		{"Name ne null", []string{"ACME", "acme", "emoji", "mixed", "trail"}},
		{"Name ne 'acme'", []string{"ACME", "big", "emoji", "mixed", "nulls", "trail"}},
		{"N gt 0", []string{"acme"}},
		{"not (N gt 0)", []string{"ACME", "big", "emoji", "mixed", "nulls", "trail"}},
		{"N le 0", []string{"ACME", "trail"}},
		{"contains(Name,'c')", []string{"acme", "emoji", "trail"}},
		{"not contains(Name,'c')", []string{"ACME", "big", "mixed", "nulls"}},
		{"contains(Name,'c') eq false", []string{"ACME", "big", "mixed", "nulls"}},
		{"length(Name) ne 4", []string{"big", "emoji", "mixed", "nulls"}},
		{"length(Name) eq 4", []string{"ACME", "acme", "trail"}},
		{"concat(Name,Other) eq 'acmex'", []string{"acme"}},
		{"concat(Name,Other) eq null", []string{"ACME", "big", "mixed", "nulls", "trail"}},
		{"Name in ('acme', null)", []string{"acme", "big", "nulls"}},
		{"Flag", []string{"acme"}},
		{"not Flag", []string{"ACME", "big", "emoji", "mixed", "nulls", "trail"}},
		{"Flag eq false", []string{"ACME"}},
		{"Flag ne true", []string{"ACME", "big", "emoji", "mixed", "nulls", "trail"}},
		{"null eq null", []string{"ACME", "acme", "big", "emoji", "mixed", "nulls", "trail"}},
		// exact strings
		{"Name eq 'abc'", nil},
		{"Name eq 'abc '", []string{"trail"}},
		{"Name eq 'ACME'", []string{"ACME"}},
		{"tolower(Name) eq 'acme'", []string{"ACME", "acme"}},
		{"startswith(Name,'AC')", []string{"ACME"}},
		{"endswith(Name,' ')", []string{"trail"}},
		{"contains(Name,'%_')", []string{"mixed"}},
		{"contains(Name,'''q''')", []string{"mixed"}},
		{`endswith(Name,'\')`, []string{"mixed"}},
		{"substringof('cm',Name)", []string{"acme"}},
		// characters, not bytes
		{"length(Name) eq 12", []string{"emoji"}},
		{"indexof(Name,'Smiles') eq 2", []string{"emoji"}},
		{"substring(Name,0,1) eq '😀'", []string{"emoji"}},
		{"substring(Name,2) eq 'Smiles Inc'", []string{"emoji"}},
		{"indexof(Name,'zz') eq -1", []string{"ACME", "acme", "emoji", "mixed", "trail"}},
		{"trim(Name) eq 'abc'", []string{"trail"}},
		// numbers
		{"N div 2 eq -3", []string{"ACME"}},
		{"N mod 2 eq -1", []string{"ACME"}},
		{"N divby 2 eq 3.5", []string{"acme"}},
		{"-N eq 7", []string{"ACME"}},
		{"N add 1 mul 2 eq 9", []string{"acme"}},
		{"(N add 1) mul 2 eq 16", []string{"acme"}},
		{"Price eq 0.01", []string{"acme"}},
		{"Price eq 9999999999.99", []string{"ACME"}},
		{"Price add 0.01 eq 0.02", []string{"acme"}},
		{"Price gt 1.5M", []string{"ACME"}},
		{"round(W) eq 3", []string{"acme"}},
		{"round(W) eq -3", []string{"ACME"}},
		{"floor(W) eq -3", []string{"ACME"}},
		{"ceiling(W) eq -2", []string{"ACME"}},
		{"W eq 2.5", []string{"acme"}},
		{"Big eq 9007199254740993", []string{"big"}},
		{"Big eq 9007199254740992", nil},
		{"Big eq 9007199254740993L", []string{"big"}},
		{"N in (7, 0)", []string{"acme", "trail"}},
		// dates and times
		{"D eq 2020-02-29", []string{"acme"}},
		{"year(D) eq Year", []string{"ACME", "acme", "big", "emoji", "mixed", "nulls", "trail"}}, // null eq null
		{"year(D) eq Year and D ne null", []string{"ACME", "acme"}},
		{"month(D) eq 2 and day(D) eq 29", []string{"acme"}},
		{"TS lt 2020-01-01T00:00:00Z", []string{"acme"}},
		{"TS lt 2020-01-01T00:00:00+02:00", nil},
		{"TS lt 2020-01-01T01:15:00+01:00", []string{"acme"}},
		{"TS lt 2020-01-01T01:00:00+01:00", []string{"acme"}},
		{"TS ge 2020-01-01T01:00:00+01:00", []string{"ACME"}},
		{"TS lt datetime'2020-01-01T00:00:00'", []string{"acme"}},
		{"year(TS) eq 2019 and hour(TS) eq 23 and minute(TS) eq 30 and second(TS) eq 0", []string{"acme"}},
		{"date(TS) eq 2020-01-01", []string{"ACME"}},
		{"TS lt now()", []string{"ACME", "acme"}},
		{"D lt 2020-03-01T00:00:00Z", []string{"acme"}},
		// precedence
		{"N eq 7 or N eq -7 and Flag", []string{"acme"}},
		{"(N eq 7 or N eq -7) and not Flag", []string{"ACME"}},
	}
	for _, c := range cases {
		e, err := odata.ParseFilter(c.filter)
		if err != nil {
			t.Errorf("%s: parse: %v", c.filter, err)
			continue
		}
		var got []string
		for name, r := range rows {
			ok, err := ev.cond(e, r)
			if err != nil {
				t.Errorf("%s on %s: %v", c.filter, name, err)
			}
			if ok {
				got = append(got, name)
			}
		}
		sortStrings(got)
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: got %v, want %v", c.filter, got, c.want)
		}
	}
}

func TestOracleSearch(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`a`, `"a"`},
		{`a b`, `(AND "a" "b")`},
		{`a AND b OR c`, `(OR (AND "a" "b") "c")`},
		{`a OR b c`, `(OR "a" (AND "b" "c"))`},
		{`NOT a`, `(NOT "a")`},
		{`"a b" OR NOT (c d)`, `(OR "a b" (NOT (AND "c" "d")))`},
		{`"say \"hi\""`, `"say \"hi\""`},
	} {
		n, err := parseSearch(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := n.sString(); got != c.want {
			t.Errorf("%s: got %s, want %s", c.in, got, c.want)
		}
	}
	r := &row{vals: map[string]any{"A": "Müller & Söhne", "B": "ACME Corp", "C": nil}}
	props := []string{"A", "B", "C"}
	for _, c := range []struct {
		q    string
		want bool
	}{
		{"acme", true},
		{"müller", true},
		{"MÜLLER", true},
		{`"acme corp"`, true},
		{"acme AND NOT söhne", false},
		{"acme AND NOT xyz", true},
		{"xyz OR corp", true},
	} {
		n, err := parseSearch(c.q)
		if err != nil {
			t.Fatal(err)
		}
		if got := searchMatch(n, r, props); got != c.want {
			t.Errorf("search %q: got %v, want %v", c.q, got, c.want)
		}
	}
}

func TestOracleNormalize(t *testing.T) {
	dec := &prop{Name: "P", Type: "Edm.Decimal", Precision: 12, Scale: 2}
	v, err := fromSQL(9999999999.99, dec, "sqlite")
	if err != nil || v.(num).String() != "9999999999.99" {
		t.Errorf("sqlite decimal: %v %v", v, err)
	}
	v, err = fromSQL(int64(0), dec, "sqlite")
	if err != nil || v.(num).r.Sign() != 0 || v.(num).k != nDec {
		t.Errorf("sqlite integral decimal: %v %v", v, err)
	}
	v, err = fromSQL([]byte("-999999999.999999"), &prop{Type: "Edm.Decimal", Scale: 6}, "mysql")
	if err != nil || v.(num).String() != "-999999999.999999" {
		t.Errorf("mysql decimal: %v %v", v, err)
	}
	g, err := fromJSON(json.Number("9999999999.99"), dec)
	if err != nil || !sameValue(v2(fromSQL(9999999999.99, dec, "sqlite")), g, dec, "postgres") {
		t.Errorf("json decimal: %v %v", g, err)
	}
	// SQLite tolerance: half a unit in the last place.
	a, _ := parseRat("0.01")
	b, _ := parseRat("0.014")
	c, _ := parseRat("0.016")
	if !sameValue(ratNum(nDec, a), ratNum(nDec, b), dec, "sqlite") || sameValue(ratNum(nDec, a), ratNum(nDec, c), dec, "sqlite") {
		t.Error("sqlite decimal tolerance")
	}
	if sameValue(ratNum(nDec, a), ratNum(nDec, b), dec, "mysql") {
		t.Error("mysql decimals must be exact")
	}
	i64 := &prop{Type: "Edm.Int64"}
	x, _ := fromJSON(json.Number("9007199254740993"), i64)
	y, _ := fromSQL(int64(9007199254740992), i64, "mysql")
	if sameValue(y, x, i64, "mysql") {
		t.Error("Int64 beyond 2^53 must compare exactly")
	}
	dto := &prop{Type: "Edm.DateTimeOffset"}
	s, _ := fromSQL("2020-01-02 03:04:05", dto, "sqlite")
	j, _ := fromJSON("2020-01-02T03:04:05Z", dto)
	if !sameValue(s, j, dto, "sqlite") {
		t.Errorf("datetime: %v vs %v", s, j)
	}
	bin := &prop{Type: "Edm.Binary"}
	bs, _ := fromSQL([]byte{0x89, 'P'}, bin, "mysql")
	bj, _ := fromJSON("iVA=", bin)
	if !sameValue(bs, bj, bin, "mysql") {
		t.Errorf("binary: %v vs %v", bs, bj)
	}
	dbl := &prop{Type: "Edm.Double"}
	if !sameValue(dblNum(0.1), dblNum(0.1+1e-18), dbl, "mysql") || sameValue(dblNum(0.1), dblNum(0.1000001), dbl, "mysql") {
		t.Error("double tolerance")
	}
	r := new(big.Rat).SetFrac64(1, 4)
	if ratNum(nDec, r).String() != "0.25" {
		t.Errorf("num.String: %s", ratNum(nDec, r).String())
	}
}

func v2(v any, _ error) any { return v }

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func TestSplitSQL(t *testing.T) {
	got := splitSQL("-- c; x\nINSERT INTO t VALUES ('a;b', 'it''s');\nSELECT \"x;y\";", "sqlite")
	if len(got) != 2 || got[0] != "INSERT INTO t VALUES ('a;b', 'it''s')" || got[1] != `SELECT "x;y"` {
		t.Errorf("sqlite: %q", got)
	}
	got = splitSQL(`INSERT INTO t VALUES ('a\';b'); SET x=1;`, "mysql")
	if len(got) != 2 || got[0] != `INSERT INTO t VALUES ('a\';b')` {
		t.Errorf("mysql: %q", got)
	}
	got = splitSQL(`INSERT INTO t VALUES (E'a\';b', 'c\'); SELECT 1;`, "postgres")
	if len(got) != 2 || got[0] != `INSERT INTO t VALUES (E'a\';b', 'c\')` {
		t.Errorf("postgres: %q", got)
	}
}
