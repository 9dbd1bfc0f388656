package mysql_test

import (
	"context"
	"fmt"
	"github.com/odatagw/odatagw/adapters/internal/semantics"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/mysql"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

func TestIntrospect(t *testing.T) {
	a, db := scratchDB(t, "odatagw_adapters_test_schema")
	a.Logger = slog.New(slog.DiscardHandler)
	ctx := context.Background()
	var version string
	if err := db.QueryRow("SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	mariaDB := strings.Contains(strings.ToLower(version), "mariadb")
	script := semantics.SplitSQL(readTestdata(t, "schema.sql"))
	if mariaDB {
		script = append(script, semantics.SplitSQL(readTestdata(t, "mariadb.sql"))...)
	}
	for _, q := range script {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cat, err := a.Introspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, tb := range cat.Tables {
		sets = append(sets, tb.SetName)
	}
	if diff := cmp.Diff([]string{"customers", "order_details", "pairs", "pairs2"}, sets); diff != "" {
		t.Errorf("entity sets (-want +got):\n%s", diff)
	}
	hidden := map[string]string{}
	for _, h := range cat.Hidden {
		hidden[h.Name] = h.Reason
	}
	if len(hidden) != 2 || !strings.Contains(hidden["nokey"], "table has no primary key") ||
		!strings.Contains(hidden["v_customers"], "view has no primary key") {
		t.Errorf("hidden: %v", hidden)
	}

	const capped = catalog.DefaultMaxStringLength
	type c = catalog.Column
	str := func(name, sqlType string, maxLen int, ci bool) *c {
		return &c{Name: name, Prop: name, SQLType: sqlType, Type: edm.String, Nullable: true, MaxLength: maxLen, CaseInsensitive: ci}
	}
	plain := func(name, sqlType string, typ edm.Type) *c {
		return &c{Name: name, Prop: name, SQLType: sqlType, Type: typ, Nullable: true}
	}
	with := func(col *c, f func(*c)) *c { f(col); return col }
	want := []*c{
		{Name: "id", Prop: "id", SQLType: "int(10) unsigned", Type: edm.Int64, AutoIncrement: true},
		with(str("code", "char(5)", 5, true), func(x *c) { x.Nullable, x.FixedChar = false, true }),
		with(str("name", "varchar(40)", 40, true), func(x *c) { x.Nullable, x.HasDefault = false, true }),
		str("name_bin", "varchar(40)", 40, false),
		str("legacy", "varchar(30) character set latin1 collate latin1_swedish_ci", 30, true),
		str("note", "text", 65535, true),
		str("tiny_note", "tinytext", 255, true),
		str("big_note", "longtext", capped, true),
		{Name: "flag", Prop: "flag", SQLType: "tinyint(1)", Type: edm.Boolean, HasDefault: true},
		plain("bflag", "tinyint(1)", edm.Boolean),
		plain("bit1", "bit(1)", edm.Boolean),
		plain("bits", "bit(10)", edm.Int64),
		with(plain("bit64", "bit(64)", edm.Decimal), func(x *c) { x.Precision = 20 }),
		plain("ti", "tinyint(4)", edm.SByte),
		plain("tiu", "tinyint(3) unsigned", edm.Byte),
		plain("si", "smallint(6)", edm.Int16),
		plain("siu", "smallint(5) unsigned", edm.Int32),
		plain("mi", "mediumint(9)", edm.Int32),
		plain("miu", "mediumint(8) unsigned", edm.Int32),
		plain("i", "int(11)", edm.Int32),
		plain("bi", "bigint(20)", edm.Int64),
		with(plain("biu", "bigint(20) unsigned", edm.Decimal), func(x *c) { x.Precision = 20 }),
		with(plain("price", "decimal(12,2)", edm.Decimal), func(x *c) { x.Precision, x.Scale = 12, 2 }),
		plain("fl", "float", edm.Single),
		plain("db", "double", edm.Double),
		plain("born", "date", edm.Date),
		plain("created", "datetime(3)", edm.DateTimeOffset),
		plain("updated", "timestamp", edm.DateTimeOffset),
		with(plain("tm", "time(3)", edm.String), func(x *c) { x.MaxLength = 14 }),
		plain("yr", "year(4)", edm.Int16),
		str("mood", "enum('sad','happy','ecstatic')", 8, true),
		str("tags", "set('a','bb','ccc')", 8, true),
		str("doc", "longtext", capped, false), // MariaDB: JSON is LONGTEXT utf8mb4_bin
		with(plain("bin", "binary(16)", edm.Binary), func(x *c) { x.MaxLength = 16 }),
		with(plain("vbin", "varbinary(200)", edm.Binary), func(x *c) { x.MaxLength = 200 }),
		with(plain("blb", "blob", edm.Binary), func(x *c) { x.MaxLength = 65535 }),
		plain("lblb", "longblob", edm.Binary),
		// pt POINT is left out.
		with(plain("gen", "int(11)", edm.Int32), func(x *c) { x.Generated = true }),
		with(plain("gens", "int(11)", edm.Int32), func(x *c) { x.Generated = true }),
	}
	if mariaDB {
		want = append(want, plain("uid", "uuid", edm.Guid), with(str("ip6", "inet6", 39, false), func(x *c) {}))
	} else {
		// MySQL 8 prints no display widths except tinyint(1), and JSON is a type.
		for _, col := range want {
			if i := strings.Index(col.SQLType, "("); i > 0 && !strings.HasPrefix(col.SQLType, "tinyint(1)") &&
				strings.Contains("tinyint smallint mediumint int bigint year", col.SQLType[:i]) {
				col.SQLType = col.SQLType[:i] + col.SQLType[strings.Index(col.SQLType, ")")+1:]
			}
			if col.Name == "doc" {
				col.SQLType, col.CaseInsensitive = "json", false
			}
		}
	}
	customers := cat.Set("customers")
	if diff := cmp.Diff(want, customers.Columns, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".CaseInsensitive" && !mariaDB
	}, cmp.Ignore())); diff != "" {
		t.Errorf("customers columns (-want +got):\n%s", diff)
	}

	details := cat.Set("order_details")
	if details.Name != "order details" {
		t.Errorf("order details table name = %q", details.Name)
	}
	wantFK := []catalog.ForeignKey{{Name: "fk_customer", Columns: []string{"order_id"}, RefTable: "customers", RefColumns: []string{"id"}}}
	if diff := cmp.Diff(wantFK, details.ForeignKeys); diff != "" {
		t.Errorf("order details foreign keys (-want +got):\n%s", diff)
	}
	pairs := cat.Set("pairs")
	if diff := cmp.Diff([]string{"b", "a"}, pairs.PrimaryKey); diff != "" {
		t.Errorf("pairs key order (-want +got):\n%s", diff)
	}
	if pairs.Key[0].Name != "b" || pairs.Key[1].Name != "a" {
		t.Errorf("pairs key columns %v", pairs.Key)
	}
	wantFK = []catalog.ForeignKey{{Name: "fk_pair", Columns: []string{"a", "b"}, RefTable: "pairs2", RefColumns: []string{"x", "y"}}}
	if diff := cmp.Diff(wantFK, pairs.ForeignKeys); diff != "" {
		t.Errorf("pairs foreign keys (-want +got):\n%s", diff)
	}

	// A configured key publishes the view.
	cat, err = a.Introspect(ctx, db, catalog.Options{Tables: map[string]catalog.TableOptions{"v_customers": {Key: []string{"id"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if v := cat.Set("v_customers"); v == nil || !v.IsView || len(v.Columns) != 2 {
		t.Errorf("v_customers with a configured key: %+v", v)
	}

	t.Run("types", func(t *testing.T) { typeSemantics(t, db, customers, mariaDB) })
}

// typeSemantics checks filters on the types the dialect reads through a conversion
// (ENUM, SET, TIME, BIT, JSON) and on unsigned BIGINT, YEAR and UUID.
func typeSemantics(t *testing.T, db *sqlx.DB, tbl *catalog.Table, mariaDB bool) {
	ins := "INSERT INTO customers (code, name, mood, tags, tm, bit1, bits, biu, yr, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	rows := [][]any{
		{"A", "a", "happy", "a,bb", "10:00:00", 1, 5, "18446744073709551615", 2024, `{"a": 1}`},
		{"B", "b", "sad", "ccc", "-838:59:59.5", 0, 1023, "9223372036854775808", 1999, `[1, 2]`},
		{"C", "c", nil, "", nil, nil, nil, "0", nil, nil},
	}
	for _, r := range rows {
		if _, err := db.Exec(ins, r...); err != nil {
			t.Fatal(err)
		}
	}
	if mariaDB {
		if _, err := db.Exec("UPDATE customers SET uid = '123e4567-e89b-12d3-a456-426614174000' WHERE code = 'A'"); err != nil {
			t.Fatal(err)
		}
	}
	col := func(name string) plan.Expr { return &plan.ColumnRef{Col: tbl.ColumnByName(name)} }
	k := func(typ edm.Type, v any) plan.Expr { return &plan.Const{T: typ, V: v} }
	eq := func(l, r plan.Expr) plan.Expr { return &plan.Compare{Op: "eq", L: l, R: r} }
	cases := []struct {
		name string
		expr plan.Expr
		want []string
	}{
		{"enum eq", eq(col("mood"), k(edm.String, "happy")), []string{"A"}},
		{"enum eq case", eq(col("mood"), k(edm.String, "HAPPY")), nil},
		{"enum eq unknown", eq(col("mood"), k(edm.String, "furious")), nil},
		{"enum contains", &plan.Func{Name: "contains", T: edm.Boolean, Args: []plan.Expr{col("mood"), k(edm.String, "a")}}, []string{"A", "B"}},
		{"set eq", eq(col("tags"), k(edm.String, "a,bb")), []string{"A"}},
		{"set eq empty", eq(col("tags"), k(edm.String, "")), []string{"C"}},
		{"time eq text", eq(col("tm"), k(edm.String, "10:00:00.000")), []string{"A"}},
		{"time eq short", eq(col("tm"), k(edm.String, "10:00")), nil},
		{"time negative", eq(col("tm"), k(edm.String, "-838:59:59.500")), []string{"B"}},
		{"bit1 pred", col("bit1"), []string{"A"}},
		{"bit1 eq false", eq(col("bit1"), k(edm.Boolean, false)), []string{"B"}},
		{"bits eq", eq(col("bits"), k(edm.Int64, int64(1023))), []string{"B"}},
		{"ubigint max", eq(col("biu"), k(edm.Decimal, "18446744073709551615")), []string{"A"}},
		{"ubigint gt int64", &plan.Compare{Op: "gt", L: col("biu"), R: k(edm.Decimal, "9223372036854775807")}, []string{"A", "B"}},
		{"year", eq(col("yr"), k(edm.Int32, int64(2024))), []string{"A"}},
		{"json eq text", eq(col("doc"), k(edm.String, `[1, 2]`)), []string{"B"}},
	}
	if mariaDB {
		cases = append(cases, struct {
			name string
			expr plan.Expr
			want []string
		}{"uuid eq", eq(col("uid"), k(edm.Guid, "123e4567-e89b-12d3-a456-426614174000")), []string{"A"}})
	}
	code := tbl.ColumnByName("code")
	d := (&mysql.Adapter{}).Dialect()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := &plan.Query{Kind: plan.Collection, Table: tbl, Select: []*catalog.Column{code}, Filter: tc.expr,
				OrderBy: []plan.Order{{Expr: &plan.ColumnRef{Col: code}}}, Limit: -1}
			text, args, err := sqlgen.Select(q, d)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if err := db.Select(&got, text, args...); err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v want %v\n%s %v", got, tc.want, text, args)
			}
		})
	}

	// The converted columns read back as text and integers.
	q := &plan.Query{Kind: plan.Collection, Table: tbl, Select: []*catalog.Column{tbl.ColumnByName("mood"), tbl.ColumnByName("tm"),
		tbl.ColumnByName("bit1"), tbl.ColumnByName("bits"), tbl.ColumnByName("biu")},
		OrderBy: []plan.Order{{Expr: &plan.ColumnRef{Col: code}}}, Limit: 1}
	text, args, err := sqlgen.Select(q, d)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := db.QueryRowx(text, args...).SliceScan()
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%s|%s|%v|%v|%s", vals[0], vals[1], vals[2], vals[3], vals[4])
	if got != "happy|10:00:00.000|1|5|18446744073709551615" {
		t.Errorf("read back %q", got)
	}
}
