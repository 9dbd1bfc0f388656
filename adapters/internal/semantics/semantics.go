// Package semantics is the dialect semantics suite that adapters/sqlite, adapters/mysql
// and adapters/postgres run against their real engines (each package's engine_test.go
// supplies the Engine). Each case is a hand-built plan expression rendered by
// sqlgen.Select against a real table; the keys the database returns must equal the
// keys a Go oracle computes with OData semantics from the same rows as the client
// reads them (so MySQL's stripped CHAR padding is what the oracle sees too).
package semantics

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// engine is one database under test.
// Adapter is the part of adapters.Adapter the suite uses.
type Adapter interface {
	Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error)
	Dialect() sqlgen.Dialect
}

// Engine is one database under test.
type Engine struct {
	Name    string
	DB      *sqlx.DB
	Adapter Adapter
	Opts    catalog.Options
	// Exec runs the DDL and inserts (on PostgreSQL inside the scratch schema).
	Exec func(t *testing.T, query string, args ...any)
	// FloatDecimal: decimals are stored and computed as binary doubles (SQLite).
	FloatDecimal bool
	// DateTime converts a DateTimeOffset value to the form it is inserted in.
	DateTime func(time.Time) any
	// Unsupported lists the cases the engine must reject with sqlgen.ErrUnsupported.
	Unsupported map[string]bool
}

// semRow is one inserted row of table sem.
type semRow struct {
	id   int64
	s, c any // string or nil
	n    any // int64 or nil
	big  any // int64 or nil
	d    any // decimal digits (string) or nil
	f    any // float64 or nil
	b    any // bool or nil
	dt   any // time.Time or nil
	dd   any // "YYYY-MM-DD" or nil
}

func ts(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.999", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

var semRows = []semRow{
	{1, "abc", "ab", int64(5), int64(9007199254740993), "12345678901234.123456", 1.5, true, ts("2020-01-15 10:20:30"), "2020-01-15"},
	{2, "ABC", "AB", int64(-7), int64(9007199254740992), "-12345678901234.123456", -2.5, false, ts("2020-02-29 23:59:59"), "2020-02-29"},
	{3, "abc ", "ab ", int64(0), int64(-1), "0.000001", 0.1, true, ts("2021-12-31 00:00:00.5"), "2021-12-31"},
	{4, "café", "café", int64(12), int64(1 << 62), "-0.5", -0.5, false, ts("2019-06-01 12:00:00"), "2019-06-01"},
	{5, "50%_off!", "x%", int64(7), int64(0), "-2.5", 2.5, true, ts("2020-02-01 00:00:00"), "2020-03-01"},
	{6, `back\slash`, `\`, int64(-8), int64(-9007199254740993), "-1.5", -1.5, false, ts("2020-02-28 08:00:00"), "2020-02-28"},
	{7, "日本語テキスト", "日本", int64(3), int64(42), "2.5", 0.5, true, ts("1999-12-31 23:59:59"), "1999-12-31"},
	{8, nil, nil, nil, nil, nil, nil, nil, nil, nil},
	{9, "", "", int64(2), int64(7), "1.499999", 3.75, false, ts("2020-01-01 00:00:00"), "2020-01-01"},
	{10, "Café au lait", "CAFÉ", int64(1), int64(-42), "100.00", -3.5, true, ts("2020-12-31 23:59:59"), "2020-12-31"},
	{11, "a*b?[c]", "[", int64(4), int64(1), "0", 100, nil, ts("2020-06-15 12:30:45"), nil},
	{12, "ÉCOLE", "école", int64(-1), int64(2), "-0.000001", -100, true, nil, "2024-02-29"},
}

// latin1 returns s when every character is in Latin-1 (column l is latin1 on MySQL).
func latin1(v any) any {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	for _, r := range s {
		if r > 0xFF {
			return nil
		}
	}
	return s
}

// setupSem creates and fills table sem and returns it as introspected.
func setupSem(t *testing.T, e *Engine) *catalog.Table {
	t.Helper()
	for _, stmt := range SplitSQL(readTestdata(t, "semantics.sql")) {
		e.Exec(t, stmt)
	}
	d := e.Adapter.Dialect()
	cols := []string{"id", "s", "c", "l", "n", "big", "d", "f", "b", "dt", "dd"}
	var ph []string
	var quoted []string
	for i, c := range cols {
		ph = append(ph, d.Placeholder(i+1))
		quoted = append(quoted, d.QuoteIdent(c))
	}
	ins := "INSERT INTO sem (" + strings.Join(quoted, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
	for _, r := range semRows {
		dt := r.dt
		if tv, ok := dt.(time.Time); ok {
			dt = e.DateTime(tv)
		}
		e.Exec(t, ins, r.id, r.s, r.c, latin1(r.s), r.n, r.big, r.d, r.f, r.b, dt, r.dd)
	}
	cat, err := e.Adapter.Introspect(context.Background(), e.DB, e.Opts)
	if err != nil {
		t.Fatal(err)
	}
	tbl := cat.Set("sem")
	if tbl == nil {
		t.Fatalf("table sem not served: hidden %v", cat.Hidden)
	}
	return tbl
}

// Run runs every semantics case against e.
func Run(t *testing.T, e *Engine) {
	tbl := setupSem(t, e)
	o := readBack(t, e, tbl)
	id := tbl.ColumnByName("id")
	for _, c := range semCases(tbl) {
		t.Run(c.name, func(t *testing.T) {
			q := &plan.Query{Kind: plan.Collection, Table: tbl, Select: []*catalog.Column{id}, Filter: c.expr,
				OrderBy: []plan.Order{{Expr: &plan.ColumnRef{Col: id}}}, Limit: -1}
			text, args, err := sqlgen.Select(q, e.Adapter.Dialect())
			if unsupportedEverywhere[c.name] || e.Unsupported[c.name] {
				if !errors.Is(err, sqlgen.ErrUnsupported) {
					t.Fatalf("want ErrUnsupported, got %v (%s)", err, text)
				}
				return
			}
			if err != nil {
				t.Fatalf("render %s: %v", c.expr, err)
			}
			got := queryIDs(t, e, text, args)
			var want []int64
			for _, row := range o.rows {
				if o.pred(c.expr, row) {
					want = append(want, row["id"].(int64))
				}
			}
			if os.Getenv("SEM_DEBUG") != "" { // SEM_DEBUG=1 go test -v prints every query
				t.Logf("want %v\n SQL %s\n args %#v", want, text, args)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s\n got  %v\n want %v\n SQL  %s\n args %#v", c.expr, got, want, text, args)
			}
		})
	}
	t.Run("paging", func(t *testing.T) {
		for _, p := range []struct{ limit, offset int64 }{{3, 0}, {3, 4}, {-1, 10}, {0, 0}, {100, 11}} {
			q := &plan.Query{Kind: plan.Collection, Table: tbl, Select: []*catalog.Column{id},
				OrderBy: []plan.Order{{Expr: &plan.ColumnRef{Col: id}}}, Limit: p.limit, Offset: p.offset}
			text, args, err := sqlgen.Select(q, e.Adapter.Dialect())
			if err != nil {
				t.Fatal(err)
			}
			got := queryIDs(t, e, text, args)
			var want []int64
			for i, row := range o.rows {
				if int64(i) >= p.offset && (p.limit < 0 || int64(i) < p.offset+p.limit) {
					want = append(want, row["id"].(int64))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("limit %d offset %d: got %v want %v (%s)", p.limit, p.offset, got, want, text)
			}
		}
	})
	t.Run("order nulls", func(t *testing.T) {
		// OData: nulls sort first ascending and last descending.
		for _, desc := range []bool{false, true} {
			nCol := tbl.ColumnByName("n")
			q := &plan.Query{Kind: plan.Collection, Table: tbl, Select: []*catalog.Column{id},
				OrderBy: []plan.Order{{Expr: &plan.ColumnRef{Col: nCol}, Desc: desc}, {Expr: &plan.ColumnRef{Col: id}}}, Limit: -1}
			text, args, err := sqlgen.Select(q, e.Adapter.Dialect())
			if err != nil {
				t.Fatal(err)
			}
			got := queryIDs(t, e, text, args)
			rows := slices.Clone(o.rows)
			slices.SortStableFunc(rows, func(a, b map[string]any) int {
				x, y := a["n"], b["n"]
				r := 0
				switch {
				case x == nil && y == nil:
				case x == nil:
					r = -1
				case y == nil:
					r = 1
				default:
					r = compare(x, y)
				}
				if desc {
					r = -r
				}
				if r == 0 {
					r = compare(a["id"], b["id"])
				}
				return r
			})
			var want []int64
			for _, row := range rows {
				want = append(want, row["id"].(int64))
			}
			if !slices.Equal(got, want) {
				t.Errorf("desc %v: got %v want %v (%s)", desc, got, want, text)
			}
		}
	})
}

func queryIDs(t *testing.T, e *Engine, text string, args []any) []int64 {
	t.Helper()
	rows, err := e.DB.Query(text, args...)
	if err != nil {
		t.Fatalf("%v\n SQL  %s\n args %#v", err, text, args)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%v\n SQL  %s", err, text)
	}
	return ids
}

// SplitSQL splits a script into statements at semicolons that end a line.
func SplitSQL(script string) []string {
	var out []string
	for _, s := range strings.Split(script, ";\n") {
		var lines []string
		for _, line := range strings.Split(s, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(line), "--") {
				lines = append(lines, line)
			}
		}
		if s := strings.TrimSpace(strings.Join(lines, "\n")); s != "" {
			out = append(out, strings.TrimSuffix(s, ";"))
		}
	}
	return out
}

// readTestdata reads a file of the adapter package's testdata folder (the working
// directory of its tests).
func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
