package sqlite

import (
	"database/sql/driver"
	"fmt"
	"testing"
)

func TestRegexpFunction(t *testing.T) {
	for _, c := range []struct {
		s, p any
		want driver.Value
	}{
		{"Alfreds", "^A.*s$", int64(1)},
		{"alfreds", "^A", int64(0)},      // case-sensitive
		{"x Alfreds y", "Alf", int64(1)}, // searched anywhere
		{[]byte("Alfreds"), "s$", int64(1)},
		{"Añe", "^A.e$", int64(1)}, // characters, not bytes
		{nil, "x", nil},
		{"x", nil, nil},
	} {
		got, err := regexpMatch(nil, []driver.Value{c.s, c.p})
		if err != nil || got != c.want {
			t.Errorf("odatagw_regexp(%v, %v) = %v, %v; want %v", c.s, c.p, got, err, c.want)
		}
	}
	if _, err := regexpMatch(nil, []driver.Value{"x", "("}); err == nil {
		t.Error("an invalid pattern was accepted")
	}
	for i := range 3 * maxRegexps {
		if _, err := compiled(fmt.Sprintf("p%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(regexps.m); n > maxRegexps {
		t.Errorf("the pattern cache holds %d entries, more than %d", n, maxRegexps)
	}
}
