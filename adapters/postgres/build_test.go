package postgres

import (
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// TestBuildTables turns hand-written catalog rows into tables, without a database:
// identity and serial keys, generated columns, defaults, left-out types, schemas
// kept apart, key order and foreign keys.
func TestBuildTables(t *testing.T) {
	def := func(s string) sql.NullString { return sql.NullString{String: s, Valid: true} }
	rows := &schemaRows{
		tables: []tableRow{{"public", "orders", "r"}, {"sales", "orders", "p"}, {"public", "mv", "m"}},
		columns: []columnRow{
			{Schema: "public", Table: "orders", Name: "id", Type: "integer", TypType: "b", Category: "N", NotNull: true, Default: def("nextval('orders_id_seq'::regclass)")},
			{Schema: "public", Table: "orders", Name: "note", Type: "character varying(40)", TypType: "b", Category: "S", Default: def("'x'::character varying")},
			{Schema: "public", Table: "orders", Name: "tags", Type: "text[]", TypType: "b", Category: "A"},
			{Schema: "sales", Table: "orders", Name: "no", Type: "bigint", TypType: "b", Category: "N", NotNull: true, Identity: true},
			{Schema: "sales", Table: "orders", Name: "total", Type: "numeric(10,2)", TypType: "b", Category: "N", Generated: true, Default: def("(no * 2)")},
			{Schema: "public", Table: "mv", Name: "id", Type: "integer", TypType: "b", Category: "N"},
			{Schema: "public", Table: "part_1", Name: "id", Type: "integer", TypType: "b", Category: "N"}, // not listed
		},
		keys: []introspect.KeyRow{{Schema: "public", Table: "orders", Column: "id"}, {Schema: "sales", Table: "orders", Column: "no"}},
		fks:  []introspect.FKRow{{Schema: "sales", Table: "orders", Name: "fk_o", Column: "no", RefSchema: "public", RefTable: "orders", RefCol: "id"}},
	}
	var warned int
	got := buildTables(rows, func(string, ...any) { warned++ })
	want := []*catalog.Table{
		{Schema: "public", Name: "orders", PrimaryKey: []string{"id"}, Columns: []*catalog.Column{
			{Name: "id", SQLType: "integer", Type: edm.Int32, AutoIncrement: true},
			{Name: "note", SQLType: "character varying(40)", Type: edm.String, MaxLength: 40, Nullable: true, HasDefault: true},
		}},
		{Schema: "sales", Name: "orders", PrimaryKey: []string{"no"}, Columns: []*catalog.Column{
			{Name: "no", SQLType: "bigint", Type: edm.Int64, AutoIncrement: true},
			{Name: "total", SQLType: "numeric(10,2)", Type: edm.Decimal, Precision: 10, Scale: 2, Nullable: true, Generated: true},
		}, ForeignKeys: []catalog.ForeignKey{{Name: "fk_o", Columns: []string{"no"}, RefSchema: "public", RefTable: "orders", RefColumns: []string{"id"}}}},
		{Schema: "public", Name: "mv", IsView: true, Columns: []*catalog.Column{{Name: "id", SQLType: "integer", Type: edm.Int32, Nullable: true}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	if warned != 1 {
		t.Errorf("%d warnings, want one for the array column", warned)
	}
}
