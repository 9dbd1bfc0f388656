// Package goldentest is the golden-file harness of the dialect tests that run without a
// database (adapters/sqlserver, adapters/oracle): each case is a hand-built plan
// query, rendered with sqlgen.Select or sqlgen.Count and recorded in the golden
// format of internal/golden (SQL and bound arguments, or the refusal), compared with
// testdata/sql.golden. It also holds the plan-expression builders the cases are
// written with. Used by tests only.
package goldentest

import (
	"errors"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/internal/golden"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Case is one golden query.
type Case struct {
	Name  string
	Count bool // render with sqlgen.Count instead of Select
	Q     *plan.Query
	Note  string // written to the golden file: why the SQL looks the way it does
}

// File is one dialect's golden file.
type File struct {
	Dialect sqlgen.Dialect
	// Header is the file's comment line (without "# ").
	Header string
	// Literals matches the quoted text of the dialect's SQL (string literals, quoted
	// identifiers) that may hold characters looking like a placeholder.
	Literals *regexp.Regexp
}

// Path is where the golden file lives, relative to the test's package directory.
var Path = filepath.Join("testdata", "sql.golden")

// Check renders the cases (names must be unique) and compares them with the golden
// file (golden.Check; the test binary's -update flag rewrites it).
func Check(t *testing.T, f File, cases []Case) {
	t.Helper()
	out := &golden.File{Header: []string{f.Header}}
	for _, c := range cases {
		Render(t, f.Dialect, f.Literals, c, out.Add(c.Name))
	}
	golden.Check(t, Path, out)
}

// Render records one case into g and checks its placeholders (see
// CheckPlaceholders). An error must wrap sqlgen.ErrUnsupported.
func Render(t *testing.T, d sqlgen.Dialect, literals *regexp.Regexp, c Case, g *golden.Case) {
	t.Helper()
	var sql string
	var args []any
	var err error
	if c.Count {
		sql, args, err = sqlgen.Count(c.Q, d)
	} else {
		sql, args, err = sqlgen.Select(c.Q, d)
	}
	g.Note = c.Note
	if err != nil {
		if !errors.Is(err, sqlgen.ErrUnsupported) {
			t.Errorf("%s: error %v does not wrap sqlgen.ErrUnsupported", c.Name, err)
		}
		g.Add("unsupported", err.Error())
		return
	}
	CheckPlaceholders(t, d, literals, c.Name, sql, len(args))
	g.SQL(sql, args)
}

// CheckPlaceholders requires the markers outside the text literals matches to be the
// dialect's placeholders 1 … N (:1, @p1, …), each once and in order, with N the number
// of arguments. The marker is d.Placeholder(n) with the number at its end.
func CheckPlaceholders(t *testing.T, d sqlgen.Dialect, literals *regexp.Regexp, name, sql string, nargs int) {
	t.Helper()
	prefix := strings.TrimSuffix(d.Placeholder(1), "1")
	placeholder := regexp.MustCompile(regexp.QuoteMeta(prefix) + `(\d+)`)
	ms := placeholder.FindAllStringSubmatch(literals.ReplaceAllString(sql, "''"), -1)
	if len(ms) != nargs {
		t.Errorf("%s: %d placeholders, %d arguments", name, len(ms), nargs)
	}
	for i, m := range ms {
		if n, _ := strconv.Atoi(m[1]); n != i+1 {
			t.Errorf("%s: placeholder %d is %s%s", name, i+1, prefix, m[1])
		}
	}
}

// Columns returns a function giving a reference to t's column name; it panics on an
// unknown name.
func Columns(t *catalog.Table) func(name string) *plan.ColumnRef {
	return func(name string) *plan.ColumnRef {
		c := t.ColumnByName(name)
		if c == nil {
			panic(name)
		}
		return &plan.ColumnRef{Col: c}
	}
}

// Str is an Edm.String constant.
func Str(s string) *plan.Const { return &plan.Const{T: edm.String, V: s} }

// I64 is an Edm.Int64 constant.
func I64(n int64) *plan.Const { return &plan.Const{T: edm.Int64, V: n} }

// Dec is an Edm.Decimal constant, bound as its literal text as plan binds it.
func Dec(s string) *plan.Const { return &plan.Const{T: edm.Decimal, V: s} }

// Null is the null constant.
func Null() *plan.Const { return &plan.Const{} }

// NaN is a floating-point NaN.
func NaN() float64 { return math.NaN() }

// Cmp is the comparison l op r (eq, ne, lt, le, gt, ge).
func Cmp(op string, l, r plan.Expr) *plan.Compare { return &plan.Compare{Op: op, L: l, R: r} }

// And is l and r.
func And(l, r plan.Expr) *plan.Logical { return &plan.Logical{Op: "and", L: l, R: r} }

// Or is l or r.
func Or(l, r plan.Expr) *plan.Logical { return &plan.Logical{Op: "or", L: l, R: r} }

// Not is not x.
func Not(x plan.Expr) *plan.Not { return &plan.Not{X: x} }

// Fn is a call of the canonical function name, of type typ.
func Fn(name string, typ edm.Type, args ...plan.Expr) *plan.Func {
	return &plan.Func{Name: name, T: typ, Args: args}
}

// Arith is the arithmetic l op r (add, sub, mul, div, divby, mod), of type typ.
func Arith(op string, typ edm.Type, l, r plan.Expr) *plan.Arith {
	return &plan.Arith{Op: op, T: typ, L: l, R: r}
}
