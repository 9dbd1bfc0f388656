package postgres

import (
	"testing"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

func TestMapType(t *testing.T) {
	for _, tc := range []struct {
		typ, typtype, category string
		want                   colType
		ok                     bool
	}{
		{"numeric(38,10)", "b", "N", colType{T: edm.Decimal, Precision: 38, Scale: 10}, true},
		{"numeric", "b", "N", colType{T: edm.Decimal}, true},
		{"timestamp(6) with time zone", "b", "D", colType{T: edm.DateTimeOffset}, true},
		{"character(1)", "b", "S", colType{T: edm.String, MaxLength: 1, FixedChar: true}, true},
		{"citext", "b", "S", colType{T: edm.String, CaseInsensitive: true}, true},
		{"public.mood", "e", "E", colType{T: edm.String}, true},
		{"text[]", "b", "A", colType{}, false},
		{"money", "b", "N", colType{}, false},
		{"public.geometry", "b", "U", colType{}, false},
	} {
		got, ok := mapType(tc.typ, tc.typtype, tc.category, 0)
		if got != tc.want || ok != tc.ok {
			t.Errorf("mapType(%q) = %+v, %v; want %+v, %v", tc.typ, got, ok, tc.want, tc.ok)
		}
	}
}

// TestRender pins the SQL of the shapes that matter for indexes and exactness.
func TestRender(t *testing.T) {
	id := &catalog.Column{Name: "id", SQLType: "integer", Type: edm.Int32}
	code := &catalog.Column{Name: "code", SQLType: "character(5)", Type: edm.String, FixedChar: true, Nullable: true}
	n := &catalog.Column{Name: "n", SQLType: "integer", Type: edm.Int32, Nullable: true}
	tbl := &catalog.Table{Schema: "s", Name: `t"x`, Columns: []*catalog.Column{id, code, n}}
	ref := func(c *catalog.Column) plan.Expr { return &plan.ColumnRef{Col: c} }
	q := &plan.Query{Table: tbl, Select: []*catalog.Column{id, code},
		Filter: &plan.Logical{Op: "and",
			L: &plan.Compare{Op: "eq", L: ref(code), R: &plan.Const{T: edm.String, V: "AB"}},
			R: &plan.Compare{Op: "lt", L: ref(id), R: &plan.Const{T: edm.Int64, V: int64(1 << 40)}}},
		OrderBy: []plan.Order{{Expr: ref(n), Desc: true}, {Expr: ref(code)}, {Expr: ref(id)}},
		Limit:   10, Offset: 20}
	got, args, err := sqlgen.Select(q, Dialect{})
	if err != nil {
		t.Fatal(err)
	}
	want := `SELECT "id", CAST("code" AS TEXT) FROM "s"."t""x" WHERE (("code" = $1 AND CAST("code" AS TEXT) = $2) AND "id" < CAST($3 AS BIGINT))` +
		` ORDER BY "n" DESC NULLS LAST, CAST("code" AS TEXT) ASC NULLS FIRST, "id" LIMIT $4 OFFSET $5`
	if got != want {
		t.Errorf("\n got  %s\n want %s", got, want)
	}
	if len(args) != 5 {
		t.Errorf("args %v", args)
	}
}
