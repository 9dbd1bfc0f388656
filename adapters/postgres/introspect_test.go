package postgres_test

import (
	"context"
	"fmt"
	"github.com/odatagw/odatagw/adapters/internal/semantics"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/postgres"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

func TestIntrospect(t *testing.T) {
	a, db, exec, schema := scratchSchema(t, "odatagw_adapters_test_schema")
	a.Logger = slog.New(slog.DiscardHandler)
	ctx := context.Background()
	for _, q := range semantics.SplitSQL(readTestdata(t, "schema.sql")) {
		exec(t, q)
	}
	cat, err := a.Introspect(ctx, db, catalog.Options{Schemas: []string{schema}})
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, tb := range cat.Tables {
		sets = append(sets, tb.SetName)
		if tb.Schema != schema {
			t.Errorf("%s: Schema = %q", tb.Name, tb.Schema)
		}
	}
	if diff := cmp.Diff([]string{"customers", "order_details", "pairs", "pairs2", "parted"}, sets); diff != "" {
		t.Errorf("entity sets (-want +got):\n%s", diff)
	}
	hidden := map[string]string{}
	for _, h := range cat.Hidden {
		hidden[h.Name] = h.Reason
	}
	if len(hidden) != 4 || !strings.Contains(hidden["nokey"], "table has no primary key") ||
		!strings.Contains(hidden["v_customers"], "view has no primary key") ||
		!strings.Contains(hidden["mv_customers"], "view has no primary key") ||
		!strings.Contains(hidden["arrkey"], "cannot publish") {
		t.Errorf("hidden: %v", hidden)
	}

	const capped = catalog.DefaultMaxStringLength
	type c = catalog.Column
	plain := func(name, sqlType string, typ edm.Type) *c {
		return &c{Name: name, Prop: name, SQLType: sqlType, Type: typ, Nullable: true}
	}
	str := func(name, sqlType string, maxLen int) *c {
		return &c{Name: name, Prop: name, SQLType: sqlType, Type: edm.String, Nullable: true, MaxLength: maxLen}
	}
	with := func(col *c, f func(*c)) *c { f(col); return col }
	want := []*c{
		{Name: "id", Prop: "id", SQLType: "integer", Type: edm.Int32, AutoIncrement: true},
		with(str("code", "character(5)", 5), func(x *c) { x.Nullable, x.FixedChar = false, true }),
		with(str("name", "character varying(40)", 40), func(x *c) { x.Nullable, x.HasDefault = false, true }),
		str("note", "text", capped),
		with(str("sc", "character varying(12)", 12), func(x *c) { x.Nullable = false }), // domain NOT NULL
		{Name: "flag", Prop: "flag", SQLType: "boolean", Type: edm.Boolean, HasDefault: true},
		plain("si", "smallint", edm.Int16),
		plain("i", "integer", edm.Int32),
		plain("bi", "bigint", edm.Int64),
		{Name: "ser", Prop: "ser", SQLType: "bigint", Type: edm.Int64, AutoIncrement: true},
		with(plain("price", "numeric(12,2)", edm.Decimal), func(x *c) { x.Precision, x.Scale = 12, 2 }),
		plain("amount", "numeric", edm.Decimal),
		plain("r", "real", edm.Single),
		plain("dp", "double precision", edm.Double),
		plain("born", "date", edm.Date),
		plain("created", "timestamp(3) without time zone", edm.DateTimeOffset),
		plain("updated", "timestamp with time zone", edm.DateTimeOffset),
		str("tm", "time without time zone", 15),
		str("tz", "time with time zone", 21),
		str("iv", "interval", 100),
		str("m", schema+".mood", 8), // format_type qualifies a type outside the search path
		str("doc", "json", capped),
		str("docb", "jsonb", capped),
		str("x", "xml", capped),
		plain("uid", "uuid", edm.Guid),
		plain("bin", "bytea", edm.Binary),
		str("ip", "inet", 43),
		str("net", "cidr", 43),
		str("mac", "macaddr", 17),
		// arr integer[], cash money, pt point and bits bit(3) are left out.
		str("nm", "name", 63),
		str("ch", `"char"`, 1),
		str("vc", "character varying", capped),
		with(plain("gen", "integer", edm.Int32), func(x *c) { x.Generated = true }),
	}
	customers := cat.Set("customers")
	if diff := cmp.Diff(want, customers.Columns); diff != "" {
		t.Errorf("customers columns (-want +got):\n%s", diff)
	}
	details := cat.Set("order_details")
	if details.Name != "order details" {
		t.Errorf("order details table name = %q", details.Name)
	}
	wantFK := []catalog.ForeignKey{{Name: "fk_customer", Columns: []string{"order_id"}, RefSchema: schema, RefTable: "customers", RefColumns: []string{"id"}}}
	if diff := cmp.Diff(wantFK, details.ForeignKeys); diff != "" {
		t.Errorf("order details foreign keys (-want +got):\n%s", diff)
	}
	pairs := cat.Set("pairs")
	if diff := cmp.Diff([]string{"b", "a"}, pairs.PrimaryKey); diff != "" {
		t.Errorf("pairs key order (-want +got):\n%s", diff)
	}
	wantFK = []catalog.ForeignKey{{Name: "fk_pair", Columns: []string{"a", "b"}, RefSchema: schema, RefTable: "pairs2", RefColumns: []string{"x", "y"}}}
	if diff := cmp.Diff(wantFK, pairs.ForeignKeys); diff != "" {
		t.Errorf("pairs foreign keys (-want +got):\n%s", diff)
	}
	if p := cat.Set("parted"); p.IsView || len(p.Key) != 2 {
		t.Errorf("partitioned table: %+v", p)
	}

	// Configured keys publish the views.
	cat, err = a.Introspect(ctx, db, catalog.Options{Schemas: []string{schema}, Tables: map[string]catalog.TableOptions{
		"v_customers": {Key: []string{"id"}}, "mv_customers": {Key: []string{"id"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"v_customers", "mv_customers"} {
		if v := cat.Set(name); v == nil || !v.IsView || len(v.Columns) != 2 {
			t.Errorf("%s with a configured key: %+v", name, v)
		}
	}

	t.Run("types", func(t *testing.T) { typeSemantics(t, db, exec, customers) })
}

// typeSemantics checks filters on the types the dialect reads as text (char(n),
// enums, json, time, interval, inet) and on uuid and timestamptz.
func typeSemantics(t *testing.T, db *sqlx.DB, exec func(*testing.T, string, ...any), tbl *catalog.Table) {
	ins := `INSERT INTO customers (code, name, sc, m, doc, docb, tm, iv, ip, uid, updated) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	exec(t, ins, "A", "a", "x", "happy", `{"a": 1}`, `{"a": 1}`, "10:00:00", "1 day 02:00:00", "10.0.0.1",
		"123e4567-e89b-12d3-a456-426614174000", time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC))
	exec(t, ins, "BB   ", "b", "y", "sad", `[1,2]`, `[1, 2]`, "23:59:59.5", "00:00:01", "::1", nil,
		time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600)))
	exec(t, ins, "C c", "c", "z", nil, nil, nil, nil, nil, nil, nil, nil)

	col := func(name string) plan.Expr { return &plan.ColumnRef{Col: tbl.ColumnByName(name)} }
	k := func(typ edm.Type, v any) plan.Expr { return &plan.Const{T: typ, V: v} }
	eq := func(l, r plan.Expr) plan.Expr { return &plan.Compare{Op: "eq", L: l, R: r} }
	contains := func(x plan.Expr, s string) plan.Expr {
		return &plan.Func{Name: "contains", T: edm.Boolean, Args: []plan.Expr{x, k(edm.String, s)}}
	}
	cases := []struct {
		name string
		expr plan.Expr
		want []string
	}{
		{"char eq trimmed", eq(col("code"), k(edm.String, "BB")), []string{"BB"}},
		{"char eq padded", eq(col("code"), k(edm.String, "BB   ")), nil},
		{"char endswith", &plan.Func{Name: "endswith", T: edm.Boolean, Args: []plan.Expr{col("code"), k(edm.String, "B")}}, []string{"BB"}},
		{"char inner space", eq(col("code"), k(edm.String, "C c")), []string{"C c"}},
		{"char length", eq(&plan.Func{Name: "length", T: edm.Int32, Args: []plan.Expr{col("code")}}, k(edm.Int32, int64(2))), []string{"BB"}},
		{"enum eq", eq(col("m"), k(edm.String, "happy")), []string{"A"}},
		{"enum eq unknown label", eq(col("m"), k(edm.String, "furious")), nil},
		{"enum contains", contains(col("m"), "a"), []string{"A", "BB"}},
		{"json eq text", eq(col("doc"), k(edm.String, `[1,2]`)), []string{"BB"}},
		{"jsonb eq normalized", eq(col("docb"), k(edm.String, `{"a": 1}`)), []string{"A"}},
		{"time eq", eq(col("tm"), k(edm.String, "23:59:59.5")), []string{"BB"}},
		{"time eq short", eq(col("tm"), k(edm.String, "10:00")), nil},
		{"interval eq", eq(col("iv"), k(edm.String, "1 day 02:00:00")), []string{"A"}},
		{"inet eq", eq(col("ip"), k(edm.String, "::1")), []string{"BB"}},
		{"inet contains", contains(col("ip"), "10."), []string{"A"}},
		{"uuid eq", eq(col("uid"), k(edm.Guid, "123e4567-e89b-12d3-a456-426614174000")), []string{"A"}},
		{"timestamptz eq", eq(col("updated"), k(edm.DateTimeOffset, time.Date(2020, 1, 2, 2, 4, 5, 0, time.UTC))), []string{"BB"}},
		{"timestamptz hour", eq(&plan.Func{Name: "hour", T: edm.Int32, Args: []plan.Expr{col("updated")}}, k(edm.Int32, int64(3))), []string{"A"}},
		{"timestamptz date", eq(&plan.Func{Name: "date", T: edm.Date, Args: []plan.Expr{col("updated")}}, k(edm.Date, "2020-01-02")), []string{"A", "BB"}},
		{"domain eq", eq(col("sc"), k(edm.String, "y")), []string{"BB"}},
		{"matchespattern", &plan.Func{Name: "matchespattern", T: edm.Boolean, Args: []plan.Expr{col("name"), k(edm.String, "^[ab]$")}}, []string{"A", "BB"}},
	}
	code := tbl.ColumnByName("code")
	d := postgres.New().Dialect()
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
				t.Errorf("got %q want %q\n%s %v", got, tc.want, text, args)
			}
		})
	}

	// The converted columns read back as the text the filters compare.
	q := &plan.Query{Kind: plan.Collection, Table: tbl, Select: []*catalog.Column{code, tbl.ColumnByName("m"),
		tbl.ColumnByName("docb"), tbl.ColumnByName("iv"), tbl.ColumnByName("uid")},
		OrderBy: []plan.Order{{Expr: &plan.ColumnRef{Col: code}}}, Limit: 1}
	text, args, err := sqlgen.Select(q, d)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := db.QueryRowx(text, args...).SliceScan()
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%v|%v|%v|%v|%v", vals...); got != `A|happy|{"a": 1}|1 day 02:00:00|123e4567-e89b-12d3-a456-426614174000` {
		t.Errorf("read back %q", got)
	}
}
