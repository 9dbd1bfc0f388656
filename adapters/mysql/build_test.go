package mysql

import (
	"database/sql"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// TestBuildTables turns hand-written catalog rows into tables, without a database:
// defaults by flavor, generated columns, left-out types, key order and foreign keys.
func TestBuildTables(t *testing.T) {
	vc := func(n int64) colInfo {
		return colInfo{DataType: "varchar", ColumnType: "varchar(" + itoa(n) + ")", CharMax: n, Precision: -1, Scale: -1, TimePrec: -1,
			Charset: "utf8mb4", Collation: "utf8mb4_general_ci"}
	}
	intc := colInfo{DataType: "int", ColumnType: "int(11)", CharMax: -1, Precision: 10, Scale: 0, TimePrec: -1}
	geo := colInfo{DataType: "geometry", ColumnType: "geometry", CharMax: -1, Precision: -1, Scale: -1, TimePrec: -1}
	null := sql.NullString{String: "NULL", Valid: true}
	rows := &schemaRows{
		database: "shop",
		tables:   []tableRow{{"lines", "BASE TABLE"}, {"orders", "SYSTEM VERSIONED"}, {"v_orders", "VIEW"}},
		columns: []columnRow{
			{Table: "lines", Name: "order_id", Info: intc},
			{Table: "lines", Name: "line_no", Info: intc},
			{Table: "lines", Name: "shape", Info: geo, Nullable: true},
			{Table: "orders", Name: "id", Info: intc, Extra: "auto_increment"},
			{Table: "orders", Name: "note", Info: vc(40), Nullable: true, Default: null},
			{Table: "orders", Name: "total", Info: intc, Nullable: true, Extra: "stored generated"},
			{Table: "orders", Name: "created", Info: intc, Default: sql.NullString{String: "current_timestamp()", Valid: true}, Extra: "default_generated"},
			{Table: "gone", Name: "x", Info: intc}, // a sequence: no table row
			{Table: "v_orders", Name: "id", Info: intc},
		},
		keys: []introspect.KeyRow{{Table: "lines", Column: "order_id"}, {Table: "lines", Column: "line_no"}, {Table: "orders", Column: "id"}},
		fks: []introspect.FKRow{
			{Table: "lines", Name: "fk_order", Column: "order_id", RefSchema: "shop", RefTable: "orders", RefCol: "id"},
			{Table: "lines", Name: "fk_ext", Column: "order_id", RefSchema: "erp", RefTable: "ext", RefCol: "a"},
			{Table: "lines", Name: "fk_ext", Column: "line_no", RefSchema: "erp", RefTable: "ext", RefCol: "b"},
		},
	}
	var warned []string
	warn := func(msg string, args ...any) { warned = append(warned, msg) }
	got := buildTables(rows, true, warn)

	ci := func(c *catalog.Column) *catalog.Column { c.CaseInsensitive = true; return c }
	i32 := func(name string) *catalog.Column {
		return &catalog.Column{Name: name, SQLType: "int(11)", Type: edm.Int32}
	}
	want := []*catalog.Table{
		{Name: "lines", Columns: []*catalog.Column{i32("order_id"), i32("line_no")}, PrimaryKey: []string{"order_id", "line_no"},
			ForeignKeys: []catalog.ForeignKey{
				{Name: "fk_order", Columns: []string{"order_id"}, RefTable: "orders", RefColumns: []string{"id"}},
				{Name: "fk_ext", Columns: []string{"order_id", "line_no"}, RefSchema: "erp", RefTable: "ext", RefColumns: []string{"a", "b"}},
			}},
		{Name: "orders", PrimaryKey: []string{"id"}, Columns: []*catalog.Column{
			with(i32("id"), func(c *catalog.Column) { c.AutoIncrement = true }),
			ci(&catalog.Column{Name: "note", SQLType: "varchar(40)", Type: edm.String, MaxLength: 40, Nullable: true}), // MariaDB DEFAULT NULL: no default
			with(i32("total"), func(c *catalog.Column) { c.Generated, c.Nullable = true, true }),
			with(i32("created"), func(c *catalog.Column) { c.HasDefault = true }), // an expression default, not generated
		}},
		{Name: "v_orders", IsView: true, Columns: []*catalog.Column{i32("id")}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	if len(warned) != 1 {
		t.Errorf("warnings = %q, want one for the geometry column", warned)
	}
	// MySQL reports DEFAULT NULL as SQL NULL; the text 'NULL' is a string default there.
	if c := buildTables(rows, false, warn)[1].ColumnByName("note"); !c.HasDefault {
		t.Error("MySQL: a 'NULL' text default is a default")
	}
}

func with(c *catalog.Column, f func(*catalog.Column)) *catalog.Column { f(c); return c }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestServerTimeout: the statement-timeout variable follows the flavor, never
// overrides the DSN's, and is absent without a timeout or before the flavor is known.
func TestServerTimeout(t *testing.T) {
	for _, c := range []struct {
		params     map[string]string
		flavor     string
		d          time.Duration
		key, value string
		ok         bool
	}{
		{nil, "mariadb", 2 * time.Second, "max_statement_time", "2.250", true},
		{nil, "mysql", 2 * time.Second, "max_execution_time", "2250", true},
		{map[string]string{"max_statement_time": "9"}, "mariadb", time.Second, "", "", false},
		{nil, "", time.Second, "", "", false},
		{nil, "mysql", 0, "", "", false},
	} {
		k, v, ok := serverTimeout(c.params, c.flavor, c.d)
		if k != c.key || v != c.value || ok != c.ok {
			t.Errorf("serverTimeout(%v, %q, %v) = %q, %q, %v", c.params, c.flavor, c.d, k, v, ok)
		}
	}
}
