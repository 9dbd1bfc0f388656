package oracle

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/odatagw/odatagw/adapters/internal/conn"
	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

func num(p, s int64) sqlType {
	return sqlType{DataType: "NUMBER", DataLength: 22, Precision: p, HasPrecision: true, Scale: s, HasScale: true}
}

func TestApplyType(t *testing.T) {
	tests := []struct {
		in   sqlType
		want catalog.Column // only the type facets
		out  bool           // left out
	}{
		{in: num(1, 0), want: catalog.Column{SQLType: "number(1,0)", Type: edm.Int16}},
		{in: num(4, 0), want: catalog.Column{SQLType: "number(4,0)", Type: edm.Int16}},
		{in: num(5, 0), want: catalog.Column{SQLType: "number(5,0)", Type: edm.Int32}},
		{in: num(9, 0), want: catalog.Column{SQLType: "number(9,0)", Type: edm.Int32}},
		{in: num(10, 0), want: catalog.Column{SQLType: "number(10,0)", Type: edm.Int64}},
		{in: num(18, 0), want: catalog.Column{SQLType: "number(18,0)", Type: edm.Int64}},
		{in: num(19, 0), want: catalog.Column{SQLType: "number(19,0)", Type: edm.Decimal, Precision: 19}},
		{in: num(5, -2), want: catalog.Column{SQLType: "number(5,-2)", Type: edm.Int32}},
		{in: num(10, 2), want: catalog.Column{SQLType: "number(10,2)", Type: edm.Decimal, Precision: 10, Scale: 2}},
		{in: num(3, 5), want: catalog.Column{SQLType: "number(3,5)", Type: edm.Decimal, Precision: 5, Scale: 5}},
		{in: sqlType{DataType: "NUMBER", Scale: 0, HasScale: true}, want: catalog.Column{SQLType: "number(*,0)", Type: edm.Decimal, Precision: 38}},
		{in: sqlType{DataType: "NUMBER", Scale: 2, HasScale: true}, want: catalog.Column{SQLType: "number(*,2)", Type: edm.Decimal, Precision: 38, Scale: 2}},
		{in: sqlType{DataType: "NUMBER"}, want: catalog.Column{SQLType: "number", Type: edm.Decimal}},
		{in: sqlType{DataType: "FLOAT", Precision: 126, HasPrecision: true}, want: catalog.Column{SQLType: "float(126)", Type: edm.Decimal}},
		{in: sqlType{DataType: "FLOAT", Precision: 49, HasPrecision: true}, want: catalog.Column{SQLType: "float(49)", Type: edm.Double}},
		{in: sqlType{DataType: "BINARY_FLOAT"}, want: catalog.Column{SQLType: "binary_float", Type: edm.Single}},
		{in: sqlType{DataType: "BINARY_DOUBLE"}, want: catalog.Column{SQLType: "binary_double", Type: edm.Double}},
		{in: sqlType{DataType: "DATE"}, want: catalog.Column{SQLType: "date", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "TIMESTAMP(6)"}, want: catalog.Column{SQLType: "timestamp(6)", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "TIMESTAMP(9) WITH TIME ZONE"}, want: catalog.Column{SQLType: "timestamp(9) with time zone", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "TIMESTAMP(6) WITH LOCAL TIME ZONE"}, want: catalog.Column{SQLType: "timestamp(6) with local time zone", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "CHAR", DataLength: 20, CharLength: 5}, want: catalog.Column{SQLType: "char(5)", Type: edm.String, MaxLength: 5, FixedChar: true}},
		{in: sqlType{DataType: "NCHAR", DataLength: 10, CharLength: 5}, want: catalog.Column{SQLType: "nchar(5)", Type: edm.String, MaxLength: 5, FixedChar: true}},
		{in: sqlType{DataType: "VARCHAR2", DataLength: 160, CharLength: 40}, want: catalog.Column{SQLType: "varchar2(40)", Type: edm.String, MaxLength: 40}},
		{in: sqlType{DataType: "NVARCHAR2", DataLength: 200, CharLength: 100}, want: catalog.Column{SQLType: "nvarchar2(100)", Type: edm.String, MaxLength: 100}},
		{in: sqlType{DataType: "CLOB", DataLength: 4000}, want: catalog.Column{SQLType: "clob", Type: edm.String}},
		{in: sqlType{DataType: "NCLOB", DataLength: 4000}, want: catalog.Column{SQLType: "nclob", Type: edm.String}},
		{in: sqlType{DataType: "RAW", DataLength: 16}, want: catalog.Column{SQLType: "raw(16)", Type: edm.Binary, MaxLength: 16}},
		{in: sqlType{DataType: "BLOB", DataLength: 4000}, want: catalog.Column{SQLType: "blob", Type: edm.Binary}},
		{in: sqlType{DataType: "LONG"}, out: true},
		{in: sqlType{DataType: "LONG RAW"}, out: true},
		{in: sqlType{DataType: "INTERVAL DAY(2) TO SECOND(6)"}, out: true},
		{in: sqlType{DataType: "INTERVAL YEAR(2) TO MONTH"}, out: true},
		{in: sqlType{DataType: "ROWID"}, out: true},
		{in: sqlType{DataType: "UROWID"}, out: true},
		{in: sqlType{DataType: "BFILE"}, out: true},
		{in: sqlType{DataType: "BOOLEAN"}, out: true},
		{in: sqlType{DataType: "JSON"}, out: true},
		{in: sqlType{DataType: "XMLTYPE", Owner: "SYS"}, out: true},
		{in: sqlType{DataType: "ADDRESS_T", Owner: "HR"}, out: true},
	}
	for _, tt := range tests {
		var got catalog.Column
		ok, reason := applyType(&got, tt.in)
		if ok == tt.out {
			t.Errorf("%+v: published = %v (%s), want %v", tt.in, ok, reason, !tt.out)
			continue
		}
		if tt.out {
			if reason == "" {
				t.Errorf("%+v: left out without a reason", tt.in)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestBuildTables(t *testing.T) {
	tables := []tableRow{{Name: "CUSTOMERS"}, {Name: "Order Items"}, {Name: "SALES_V", IsView: true}}
	cols := []columnRow{
		{Table: "CUSTOMERS", Name: "ID", ID: 1, Type: num(10, 0), Identity: true, HasDefault: true},
		{Table: "CUSTOMERS", Name: "NOTES", ID: 2, Type: sqlType{DataType: "LONG"}, Nullable: true},
		{Table: "CUSTOMERS", Name: "NAME", ID: 3, Type: sqlType{DataType: "VARCHAR2", DataLength: 400, CharLength: 100}, Nullable: true},
		{Table: "Order Items", Name: "ORDER_ID", ID: 1, Type: num(12, 0)},
		{Table: "Order Items", Name: "LINE", ID: 2, Type: num(3, 0)},
		{Table: "Order Items", Name: "CUSTOMER_ID", ID: 3, Type: num(10, 0), Nullable: true},
		{Table: "Order Items", Name: "TOTAL", ID: 4, Type: num(12, 2), Nullable: true, Virtual: true},
		{Table: "SALES_V", Name: "AMOUNT", ID: 1, Type: sqlType{DataType: "NUMBER"}, Nullable: true},
		{Table: "A_CLUSTER", Name: "X", ID: 1, Type: num(1, 0)},
	}
	keys := []introspect.KeyRow{{Table: "CUSTOMERS", Column: "ID"}, {Table: "Order Items", Column: "ORDER_ID"}, {Table: "Order Items", Column: "LINE"}}
	fks := []introspect.FKRow{
		{Table: "Order Items", Name: "FK_CUST", Column: "CUSTOMER_ID", RefSchema: "APP", RefTable: "CUSTOMERS", RefCol: "ID"},
		{Table: "Order Items", Name: "FK_ORDER", Column: "ORDER_ID", RefSchema: "OTHER", RefTable: "ORDERS", RefCol: "ID"},
	}
	var warnings []string
	warn := func(msg string, args ...any) { warnings = append(warnings, fmt.Sprint(append([]any{msg}, args...)...)) }
	got := buildTables("APP", tables, cols, keys, fks, warn)

	want := []*catalog.Table{
		{Schema: "APP", Name: "CUSTOMERS", PrimaryKey: []string{"ID"}, Columns: []*catalog.Column{
			{Name: "ID", SQLType: "number(10,0)", Type: edm.Int64, AutoIncrement: true, HasDefault: true},
			{Name: "NAME", SQLType: "varchar2(100)", Type: edm.String, MaxLength: 100, Nullable: true},
		}},
		{Schema: "APP", Name: "Order Items", PrimaryKey: []string{"ORDER_ID", "LINE"},
			Columns: []*catalog.Column{
				{Name: "ORDER_ID", SQLType: "number(12,0)", Type: edm.Int64},
				{Name: "LINE", SQLType: "number(3,0)", Type: edm.Int16},
				{Name: "CUSTOMER_ID", SQLType: "number(10,0)", Type: edm.Int64, Nullable: true},
				{Name: "TOTAL", SQLType: "number(12,2)", Type: edm.Decimal, Precision: 12, Scale: 2, Nullable: true, Generated: true},
			},
			ForeignKeys: []catalog.ForeignKey{
				{Name: "FK_CUST", Columns: []string{"CUSTOMER_ID"}, RefSchema: "APP", RefTable: "CUSTOMERS", RefColumns: []string{"ID"}},
				{Name: "FK_ORDER", Columns: []string{"ORDER_ID"}, RefSchema: "OTHER", RefTable: "ORDERS", RefColumns: []string{"ID"}},
			}},
		{Schema: "APP", Name: "SALES_V", IsView: true, Columns: []*catalog.Column{
			{Name: "AMOUNT", SQLType: "number", Type: edm.Decimal, Nullable: true},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("buildTables (-want +got):\n%s", diff)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "NOTES") {
		t.Errorf("warnings = %q, want one about NOTES", warnings)
	}

	c, err := catalog.New(got, catalog.Options{Tables: map[string]catalog.TableOptions{"SALES_V": {Key: []string{"AMOUNT"}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Set("Order_Items"); s == nil || len(s.Key) != 2 {
		t.Errorf("Order_Items set = %+v", s)
	}
	if s := c.Set("SALES_V"); s == nil || s.Key[0].Name != "AMOUNT" {
		t.Errorf("configured key of the view not applied: %+v", s)
	}
}

func TestNumberFormat(t *testing.T) {
	tests := []struct{ in, format string }{
		{"0", "9"},
		{"-0.0", "9"},
		{"-12.50", "99D9"},
		{"+0.001", "9D999"},
		{"1e3", "9999"},
		{"-1.5E-3", "9D9999"},
		{"12345678901234567890", "99999999999999999999"},
	}
	for _, tt := range tests {
		d, err := sqlgen.ParseDecimal(tt.in, maxDecimalDigits)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if got := numberFormat(d); got != tt.format {
			t.Errorf("numberFormat(%q) = %q, want %q", tt.in, got, tt.format)
		}
	}
}

func TestDialectBasics(t *testing.T) {
	d := Dialect{}
	if got := d.QuoteIdent("Order Details"); got != `"Order Details"` {
		t.Errorf("QuoteIdent = %s", got)
	}
	// Oracle names cannot contain a double quote; the ANSI doubling is kept anyway.
	if got := d.QuoteIdent(`a"b`); got != `"a""b"` {
		t.Errorf("QuoteIdent = %s", got)
	}
	if got := d.Placeholder(7); got != ":7" {
		t.Errorf("Placeholder = %s", got)
	}
	if d.Name() != "oracle" || New().Dialect().Name() != "oracle" {
		t.Error("Name")
	}
}

func TestIsLOB(t *testing.T) {
	clob := &plan.ColumnRef{Col: &catalog.Column{Name: "C", SQLType: "clob", Type: edm.String}}
	vc := &plan.ColumnRef{Col: &catalog.Column{Name: "V", SQLType: "varchar2(10)", Type: edm.String}}
	f := func(name string, args ...plan.Expr) *plan.Func {
		return &plan.Func{Name: odata.Func(name), T: edm.String, Args: args}
	}
	for _, tt := range []struct {
		e    plan.Expr
		want bool
	}{
		{clob, true},
		{vc, false},
		{f("tolower", clob), true},
		{f("trim", f("toupper", clob)), true},
		{f("concat", vc, clob), true},
		{f("concat", vc, vc), false},
		{f("length", clob), false},
	} {
		if got := isLOB(tt.e); got != tt.want {
			t.Errorf("isLOB(%s) = %v", tt.e, got)
		}
	}
}

func TestArityErrors(t *testing.T) {
	b := sqlgen.NewBuilder(Dialect{})
	err := Dialect{}.Func(b, &plan.Func{Name: "concat", T: edm.String, Args: []plan.Expr{&plan.Const{T: edm.String, V: "x"}}})
	if err == nil {
		t.Error("concat with one argument accepted")
	}
}

func TestConnectBadDSN(t *testing.T) {
	_, err := New().Connect(context.Background(), "oracle://scott:Sup3rSecret@[::1")
	if err == nil {
		t.Fatal("Connect accepted a malformed DSN")
	}
	if strings.Contains(err.Error(), "Sup3rSecret") {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestCheckVersion(t *testing.T) {
	for v, ok := range map[string]bool{
		"11.2.0.4.0": false,
		"12.1.0.2.0": true,
		"19.0.0.0.0": true,
		"23.0.0.0.0": true,
		"garbage":    true, // unknown: not refused
	} {
		if err := conn.CheckVersion(DriverName, v, server.MinMajor, server.Requirement); (err == nil) != ok {
			t.Errorf("checkVersion(%q) = %v", v, err)
		}
	}
}
