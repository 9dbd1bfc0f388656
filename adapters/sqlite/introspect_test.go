package sqlite

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

func openSchema(t *testing.T) (*Adapter, *sqlx.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "schema.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	a := New()
	a.Logger = slog.New(slog.DiscardHandler)
	db, err := a.Connect(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	script, err := os.ReadFile(filepath.Join("testdata", "schema.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(script)); err != nil {
		t.Fatal(err)
	}
	return a, db
}

func TestReadTables(t *testing.T) {
	a, db := openSchema(t)
	tables, err := readTables(context.Background(), db, a.Logger.Warn)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*catalog.Table{}
	var names []string
	for _, tb := range tables {
		byName[tb.Name] = tb
		names = append(names, tb.Name)
	}
	if diff := cmp.Diff([]string{"2024 Sales!", "Codes", "NoKey", "Order Details", "OrderView", "Orders", "WeirdKey", "products"}, names); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}

	col := func(name, sqlType string, typ edm.Type, nullable bool) *catalog.Column {
		return &catalog.Column{Name: name, SQLType: sqlType, Type: typ, Nullable: nullable}
	}
	with := func(c *catalog.Column, f func(*catalog.Column)) *catalog.Column { f(c); return c }
	wantOrders := []*catalog.Column{
		with(col("OrderID", "integer", edm.Int64, false), func(c *catalog.Column) { c.AutoIncrement = true }),
		with(col("CustomerID", "char(5)", edm.String, true), func(c *catalog.Column) { c.MaxLength, c.FixedChar = 5, true }),
		col("OrderDate", "datetime", edm.DateTimeOffset, true),
		col("ShippedDate", "date", edm.Date, true),
		with(col("Freight", "numeric(10,4)", edm.Decimal, true), func(c *catalog.Column) { c.Precision, c.Scale, c.HasDefault = 10, 4, true }),
		col("Amount", "decimal", edm.Decimal, true),
		with(col("Paid", "boolean", edm.Boolean, false), func(c *catalog.Column) { c.HasDefault = true }),
		col("Notes", "text", edm.String, true),
		with(col("Code", "varchar(40)", edm.String, false), func(c *catalog.Column) { c.MaxLength = 40 }),
		col("Photo", "blob", edm.Binary, true),
		with(col("Doubled", "int", edm.Int32, true), func(c *catalog.Column) { c.Generated = true }),
		with(col("Upper", "text", edm.String, true), func(c *catalog.Column) { c.Generated = true }),
		col("Untyped", "", edm.String, true),
		col("Big", "bigint", edm.Int64, true),
		col("Tiny", "tinyint", edm.Int16, true),
		col("Small", "smallint", edm.Int16, true),
		col("Medium", "mediumint", edm.Int32, true),
		col("Dbl", "double", edm.Double, true),
		col("Flt", "float", edm.Double, true),
		col("Rl", "real", edm.Double, true),
		col("Ts", "timestamp", edm.DateTimeOffset, true),
		with(col("Tm", "time", edm.String, true), func(c *catalog.Column) { c.MaxLength = 16 }),
		with(col("Nv", "nvarchar(10)", edm.String, true), func(c *catalog.Column) { c.MaxLength = 10 }),
		col("Clob", "clob", edm.String, true),
		with(col("Guid", "uuid", edm.String, true), func(c *catalog.Column) { c.MaxLength = 36 }),
		with(col("Bin", "varbinary(16)", edm.Binary, true), func(c *catalog.Column) { c.MaxLength = 16 }),
		with(col("Chars", "varying character(12)", edm.String, true), func(c *catalog.Column) { c.MaxLength = 12 }),
		// Weird MEMO: NUMERIC affinity under an unknown name, left out.
		with(col("Fancy", "mytexttype(30)", edm.String, true), func(c *catalog.Column) { c.MaxLength = 30 }),
		col("Counter", "unsigned big int", edm.Int64, true),
	}
	orders := byName["Orders"]
	if diff := cmp.Diff(wantOrders, orders.Columns); diff != "" {
		t.Errorf("Orders columns (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"OrderID"}, orders.PrimaryKey); diff != "" {
		t.Errorf("Orders key (-want +got):\n%s", diff)
	}

	details := byName["Order Details"]
	if diff := cmp.Diff([]string{"ProductID", "OrderID"}, details.PrimaryKey); diff != "" {
		t.Errorf("Order Details key in key order (-want +got):\n%s", diff)
	}
	wantFK := []catalog.ForeignKey{
		{Columns: []string{"ProductID"}, RefTable: "products", RefColumns: []string{"id"}},
		{Columns: []string{"OrderID"}, RefTable: "Orders", RefColumns: []string{"OrderID"}},
	}
	if diff := cmp.Diff(wantFK, details.ForeignKeys); diff != "" {
		t.Errorf("Order Details foreign keys (-want +got):\n%s", diff)
	}
	wantDetails := []*catalog.Column{
		col("OrderID", "integer", edm.Int64, false), // INTEGER in a composite key: no rowid alias
		col("ProductID", "int", edm.Int32, false),
		with(col("UnitPrice", "decimal(12,2)", edm.Decimal, false), func(c *catalog.Column) { c.Precision, c.Scale, c.HasDefault = 12, 2, true }),
		with(col("Quantity", "smallint", edm.Int16, false), func(c *catalog.Column) { c.HasDefault = true }),
	}
	if diff := cmp.Diff(wantDetails, details.Columns); diff != "" {
		t.Errorf("Order Details columns (-want +got):\n%s", diff)
	}

	if p := byName["products"]; !p.Columns[0].AutoIncrement || p.Columns[0].Nullable {
		t.Errorf("products.id = %+v, want AutoIncrement, not null", p.Columns[0])
	}
	if c := byName["Codes"]; c.Columns[0].AutoIncrement || len(c.PrimaryKey) != 1 {
		t.Errorf("WITHOUT ROWID table: %+v key %v", c.Columns[0], c.PrimaryKey)
	}
	view := byName["OrderView"]
	if !view.IsView || len(view.PrimaryKey) != 0 || len(view.ForeignKeys) != 0 {
		t.Errorf("OrderView: view %v key %v", view.IsView, view.PrimaryKey)
	}
	wantView := []*catalog.Column{
		col("OrderID", "integer", edm.Int64, true),
		with(col("CustomerID", "char(5)", edm.String, true), func(c *catalog.Column) { c.MaxLength, c.FixedChar = 5, true }),
		col("Twice", "", edm.String, true), // an expression has no declared type
	}
	if diff := cmp.Diff(wantView, view.Columns); diff != "" {
		t.Errorf("OrderView columns (-want +got):\n%s", diff)
	}
	if wk := byName["WeirdKey"]; len(wk.Columns) != 1 || wk.PrimaryKey[0] != "k" {
		t.Errorf("WeirdKey: columns %v key %v", wk.Columns, wk.PrimaryKey)
	}
}

func TestIntrospectCatalog(t *testing.T) {
	a, db := openSchema(t)
	ctx := context.Background()
	cat, err := a.Introspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, tb := range cat.Tables {
		sets = append(sets, tb.SetName)
	}
	if diff := cmp.Diff([]string{"Codes", "N2024_Sales", "Order_Details", "Orders", "products"}, sets); diff != "" {
		t.Errorf("entity sets (-want +got):\n%s", diff)
	}
	hidden := map[string]string{}
	for _, h := range cat.Hidden {
		hidden[h.Name] = h.Reason
	}
	if len(hidden) != 3 || !strings.Contains(hidden["NoKey"], "no primary key") ||
		!strings.Contains(hidden["OrderView"], "view has no primary key") ||
		!strings.Contains(hidden["WeirdKey"], "cannot publish") {
		t.Errorf("hidden: %v", hidden)
	}
	details := cat.Set("Order_Details")
	var key []string
	for _, k := range details.Key {
		key = append(key, k.Prop)
	}
	if diff := cmp.Diff([]string{"ProductID", "OrderID"}, key); diff != "" {
		t.Errorf("Order_Details key (-want +got):\n%s", diff)
	}
	sales := cat.Set("N2024_Sales")
	if got := []string{sales.Columns[1].Prop, sales.Columns[2].Prop}; got[0] != "unit_price" || got[1] != "Unit_Price_2" {
		t.Errorf("colliding property names: %v", got)
	}
	orders := cat.Set("Orders")
	if c := orders.Column("Notes"); c.MaxLength != catalog.DefaultMaxStringLength {
		t.Errorf("Notes MaxLength = %d, want the catalog cap", c.MaxLength)
	}
	if c := orders.Column("Untyped"); c.MaxLength != catalog.DefaultMaxStringLength {
		t.Errorf("Untyped MaxLength = %d", c.MaxLength)
	}

	// A configured key publishes the view and the key-less table.
	cat, err = a.Introspect(ctx, db, catalog.Options{Tables: map[string]catalog.TableOptions{
		"OrderView": {Key: []string{"OrderID"}},
		"NoKey":     {Key: []string{"a", "b"}, Name: "Pairs"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if v := cat.Set("OrderView"); v == nil || len(v.Key) != 1 || v.Key[0].Nullable {
		t.Errorf("OrderView with a configured key: %+v", v)
	}
	if p := cat.Set("Pairs"); p == nil || len(p.Key) != 2 {
		t.Errorf("NoKey as Pairs: %+v", p)
	}
}

func TestNormalizeDSN(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.db")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ in, want, err string }{
		{in: file, want: file + "?_pragma=busy_timeout%285000%29&_pragma=foreign_keys%281%29"},
		{in: file + "?_pragma=busy_timeout(100)", want: file + "?_pragma=busy_timeout%28100%29&_pragma=foreign_keys%281%29"},
		{in: file + "?_fk=0&_busy_timeout=10", want: file + "?_busy_timeout=10&_fk=0"},
		{in: "file:" + file, want: "file:" + file + "?_pragma=busy_timeout%285000%29&_pragma=foreign_keys%281%29&mode=rw"},
		{in: "file:" + file + "?mode=ro", want: "file:" + file + "?_pragma=busy_timeout%285000%29&_pragma=foreign_keys%281%29&mode=ro"},
		{in: ":memory:", want: ":memory:?_pragma=busy_timeout%285000%29&_pragma=foreign_keys%281%29"},
		{in: filepath.Join(dir, "missing.db"), err: "no such file"},
		{in: "", err: "empty DSN"},
	} {
		got, err := normalizeDSN(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("normalizeDSN(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("normalizeDSN(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestConnect(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := New().Connect(ctx, "file:"+filepath.Join(dir, "absent.db")); err == nil {
		t.Error("Connect created a database for a file: URI")
	}
	if _, err := os.Stat(filepath.Join(dir, "absent.db")); err == nil {
		t.Error("Connect left an empty database file behind")
	}
	_, db := openSchema(t)
	var fk, busy int
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	if err := db.QueryRow("PRAGMA busy_timeout").Scan(&busy); err != nil || busy != 5000 {
		t.Errorf("busy_timeout = %d, %v", busy, err)
	}
}

func TestMapType(t *testing.T) {
	for _, tc := range []struct {
		decl string
		want colType
		ok   bool
	}{
		{"INTEGER", colType{T: edm.Int64}, true},
		{"int", colType{T: edm.Int32}, true},
		{"Decimal( 12 , 2 )", colType{T: edm.Decimal, Precision: 12, Scale: 2}, true},
		{"NUMERIC(5)", colType{T: edm.Decimal, Precision: 5}, true},
		{"CHAR", colType{T: edm.String, MaxLength: 1, FixedChar: true}, true},
		{"NATIVE CHARACTER(70)", colType{T: edm.String, MaxLength: 70, FixedChar: true}, true},
		{"VARCHAR(255)", colType{T: edm.String, MaxLength: 255}, true},
		{"BOOL", colType{T: edm.Boolean}, true},
		{"DATETIME", colType{T: edm.DateTimeOffset}, true},
		{"BIGINTEGER", colType{T: edm.Int64}, true}, // affinity: INT
		{"SUPERTEXT", colType{T: edm.String}, true}, // affinity: TEXT
		{"FLOATING", colType{T: edm.Double}, true},  // affinity: REAL
		{"MYBLOB", colType{T: edm.Binary}, true},    // affinity: BLOB
		{"YESNO", colType{}, false},                 // NUMERIC affinity, unknown
	} {
		got, ok := mapType(tc.decl)
		if got != tc.want || ok != tc.ok {
			t.Errorf("mapType(%q) = %+v, %v; want %+v, %v", tc.decl, got, ok, tc.want, tc.ok)
		}
	}
}
