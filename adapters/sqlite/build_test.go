package sqlite

import (
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// TestBuildTables turns hand-written PRAGMA rows into tables, without a database: the
// rowid alias, WITHOUT ROWID, key positions, hidden and generated columns, left-out
// types and a foreign key naming no parent columns.
func TestBuildTables(t *testing.T) {
	dflt := sql.NullString{String: "0", Valid: true}
	tables := []tableRow{{"lines", "table", false}, {"orders", "table", true}, {"v", "view", false}}
	cols := []columnRow{
		{Table: "lines", Name: "line", Decl: "INTEGER", NotNull: true, PK: 2},
		{Table: "lines", Name: "order_id", Decl: "INTEGER", NotNull: true, PK: 1},
		{Table: "lines", Name: "qty", Decl: "int", Default: dflt},
		{Table: "lines", Name: "twice", Decl: "int", Hidden: 2},
		{Table: "orders", Name: "id", Decl: "integer", PK: 1},
		{Table: "orders", Name: "shape", Decl: "GEOMETRY"},
		{Table: "orders", Name: "hid", Decl: "text", Hidden: 1},
		{Table: "v", Name: "id", Decl: "INTEGER"},
	}
	fks := []fkRow{{Table: "lines", ID: 0, RefTable: "orders", Col: "order_id"}}
	var warned int
	got := buildTables(tables, cols, fks, func(string, ...any) { warned++ })
	i := func(name, decl string, null bool) *catalog.Column {
		return &catalog.Column{Name: name, SQLType: decl, Type: edm.Int64, Nullable: null}
	}
	want := []*catalog.Table{
		{Name: "lines", PrimaryKey: []string{"order_id", "line"}, Columns: []*catalog.Column{
			i("line", "integer", false), i("order_id", "integer", false),
			with(i("qty", "int", true), func(c *catalog.Column) { c.HasDefault, c.Type = true, edm.Int32 }),
			with(i("twice", "int", true), func(c *catalog.Column) { c.Generated, c.Type = true, edm.Int32 }),
		}, ForeignKeys: []catalog.ForeignKey{{Columns: []string{"order_id"}, RefTable: "orders", RefColumns: []string{"id"}}}},
		// A rowid alias would be AutoIncrement; in a WITHOUT ROWID table it is not.
		{Name: "orders", PrimaryKey: []string{"id"}, Columns: []*catalog.Column{i("id", "integer", true)}},
		{Name: "v", IsView: true, Columns: []*catalog.Column{i("id", "integer", true)}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	if warned != 1 {
		t.Errorf("%d warnings, want one for the GEOMETRY column", warned)
	}
	tables[1].WithoutRowid = false
	if c := buildTables(tables, cols, fks, func(string, ...any) {})[1].Columns[0]; !c.AutoIncrement || c.Nullable {
		t.Errorf("rowid alias: %+v", c)
	}
}

func with(c *catalog.Column, f func(*catalog.Column)) *catalog.Column { f(c); return c }
