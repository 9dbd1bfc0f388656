package sqlgen_test

import (
	"testing"

	"github.com/odatagw/odatagw/sqlgen"
)

func TestCountPlaceholders(t *testing.T) {
	for _, c := range []struct {
		d    sqlgen.Dialect
		sql  string
		want int
	}{
		{sqlgen.ANSI{}, "a = ? AND b IN (?, ?)", 3},
		{sqlgen.ANSI{}, "no markers", 0},
		{dialects[2], "a = $1 AND b = $2 OR c = $10 AND d = $1", 3}, // $1 twice counts once; $10 is not $1
		{dialects[3], "a = @p1 AND b = @p2", 2},
		{dialects[4], "a = :1 AND b = :2 AND c = ':'", 2},
	} {
		if got := sqlgen.CountPlaceholders(c.d, c.sql); got != c.want {
			t.Errorf("%s %q: %d, want %d", c.d.Name(), c.sql, got, c.want)
		}
	}
}
