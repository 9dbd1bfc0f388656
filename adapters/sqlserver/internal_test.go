package sqlserver

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/odatagw/odatagw/adapters/internal/conn"
	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

func TestApplyType(t *testing.T) {
	tests := []struct {
		in   sqlType
		want catalog.Column // only the type facets
		out  bool           // left out
	}{
		{in: sqlType{DataType: "bit"}, want: catalog.Column{SQLType: "bit", Type: edm.Boolean}},
		{in: sqlType{DataType: "tinyint"}, want: catalog.Column{SQLType: "tinyint", Type: edm.Byte}},
		{in: sqlType{DataType: "smallint"}, want: catalog.Column{SQLType: "smallint", Type: edm.Int16}},
		{in: sqlType{DataType: "int"}, want: catalog.Column{SQLType: "int", Type: edm.Int32}},
		{in: sqlType{DataType: "bigint"}, want: catalog.Column{SQLType: "bigint", Type: edm.Int64}},
		{in: sqlType{DataType: "decimal", Precision: 10, Scale: 2}, want: catalog.Column{SQLType: "decimal(10,2)", Type: edm.Decimal, Precision: 10, Scale: 2}},
		{in: sqlType{DataType: "NUMERIC", Precision: 38, Scale: 0}, want: catalog.Column{SQLType: "numeric(38,0)", Type: edm.Decimal, Precision: 38}},
		{in: sqlType{DataType: "money", Precision: 19, Scale: 4}, want: catalog.Column{SQLType: "money", Type: edm.Decimal, Precision: 19, Scale: 4}},
		{in: sqlType{DataType: "smallmoney", Precision: 10, Scale: 4}, want: catalog.Column{SQLType: "smallmoney", Type: edm.Decimal, Precision: 10, Scale: 4}},
		{in: sqlType{DataType: "real", Precision: 24}, want: catalog.Column{SQLType: "real", Type: edm.Single}},
		{in: sqlType{DataType: "float", Precision: 53}, want: catalog.Column{SQLType: "float", Type: edm.Double}},
		{in: sqlType{DataType: "date"}, want: catalog.Column{SQLType: "date", Type: edm.Date}},
		{in: sqlType{DataType: "datetime", DatetimePrecision: 3}, want: catalog.Column{SQLType: "datetime", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "smalldatetime"}, want: catalog.Column{SQLType: "smalldatetime", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "datetime2", DatetimePrecision: 7}, want: catalog.Column{SQLType: "datetime2(7)", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "datetimeoffset", DatetimePrecision: 3}, want: catalog.Column{SQLType: "datetimeoffset(3)", Type: edm.DateTimeOffset}},
		{in: sqlType{DataType: "time", DatetimePrecision: 7}, want: catalog.Column{SQLType: "time(7)", Type: edm.String, MaxLength: 16}},
		{in: sqlType{DataType: "char", MaxLength: 5}, want: catalog.Column{SQLType: "char(5)", Type: edm.String, MaxLength: 5, FixedChar: true}},
		{in: sqlType{DataType: "nchar", MaxLength: 2}, want: catalog.Column{SQLType: "nchar(2)", Type: edm.String, MaxLength: 2, FixedChar: true}},
		{in: sqlType{DataType: "varchar", MaxLength: 40}, want: catalog.Column{SQLType: "varchar(40)", Type: edm.String, MaxLength: 40}},
		{in: sqlType{DataType: "nvarchar", MaxLength: -1}, want: catalog.Column{SQLType: "nvarchar(max)", Type: edm.String}},
		{in: sqlType{DataType: "text", MaxLength: 2147483647}, want: catalog.Column{SQLType: "text", Type: edm.String}},
		{in: sqlType{DataType: "ntext", MaxLength: 1073741823}, want: catalog.Column{SQLType: "ntext", Type: edm.String}},
		{in: sqlType{DataType: "binary", MaxLength: 16}, want: catalog.Column{SQLType: "binary(16)", Type: edm.Binary, MaxLength: 16}},
		{in: sqlType{DataType: "varbinary", MaxLength: -1}, want: catalog.Column{SQLType: "varbinary(max)", Type: edm.Binary}},
		{in: sqlType{DataType: "image", MaxLength: 2147483647}, want: catalog.Column{SQLType: "image", Type: edm.Binary}},
		{in: sqlType{DataType: "uniqueidentifier"}, want: catalog.Column{SQLType: "uniqueidentifier", Type: edm.Guid}},
		{in: sqlType{DataType: "timestamp", MaxLength: 0}, want: catalog.Column{SQLType: "timestamp", Type: edm.Binary, MaxLength: 8, Generated: true}},
		{in: sqlType{DataType: "xml", MaxLength: -1}, out: true},
		{in: sqlType{DataType: "sql_variant"}, out: true},
		{in: sqlType{DataType: "hierarchyid"}, out: true},
		{in: sqlType{DataType: "geography"}, out: true},
		{in: sqlType{DataType: "geometry"}, out: true},
		{in: sqlType{DataType: "MyClrType"}, out: true},
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
	tables := []tableRow{{Name: "Customers"}, {Name: "Order Details"}, {Name: "Invoices", IsView: true}}
	cols := []columnRow{
		{Table: "Customers", Name: "CustomerID", Ordinal: 1, Type: sqlType{DataType: "nchar", MaxLength: 5}},
		{Table: "Customers", Name: "Location", Ordinal: 2, Type: sqlType{DataType: "geography"}, Nullable: true},
		{Table: "Customers", Name: "Version", Ordinal: 3, Type: sqlType{DataType: "timestamp"}},
		{Table: "Order Details", Name: "OrderID", Ordinal: 1, Type: sqlType{DataType: "int"}, IsIdentity: true},
		{Table: "Order Details", Name: "ProductID", Ordinal: 2, Type: sqlType{DataType: "int"}},
		{Table: "Order Details", Name: "CustomerID", Ordinal: 3, Type: sqlType{DataType: "nchar", MaxLength: 5}, Nullable: true},
		{Table: "Order Details", Name: "Total", Ordinal: 4, Type: sqlType{DataType: "money"}, Nullable: true, IsComputed: true},
		{Table: "Order Details", Name: "Discount", Ordinal: 5, Type: sqlType{DataType: "real"}, HasDefault: true},
		{Table: "Invoices", Name: "ShipName", Ordinal: 1, Type: sqlType{DataType: "nvarchar", MaxLength: 40}, Nullable: true},
		{Table: "NotListed", Name: "X", Ordinal: 1, Type: sqlType{DataType: "int"}},
	}
	keys := []introspect.KeyRow{{Table: "Customers", Column: "CustomerID"}, {Table: "Order Details", Column: "OrderID"}, {Table: "Order Details", Column: "ProductID"}}
	fks := []introspect.FKRow{
		{Table: "Order Details", Name: "FK_Customer", Column: "CustomerID", RefSchema: "dbo", RefTable: "Customers", RefCol: "CustomerID"},
		{Table: "Order Details", Name: "FK_OrderProduct", Column: "OrderID", RefSchema: "sales", RefTable: "Orders", RefCol: "ID"},
		{Table: "Order Details", Name: "FK_OrderProduct", Column: "ProductID", RefSchema: "sales", RefTable: "Orders", RefCol: "ProductID"},
	}
	var warnings []string
	warn := func(msg string, args ...any) { warnings = append(warnings, fmt.Sprint(append([]any{msg}, args...)...)) }
	got := buildTables("dbo", tables, cols, keys, fks, warn)

	want := []*catalog.Table{
		{Schema: "dbo", Name: "Customers", PrimaryKey: []string{"CustomerID"}, Columns: []*catalog.Column{
			{Name: "CustomerID", SQLType: "nchar(5)", Type: edm.String, MaxLength: 5, FixedChar: true},
			{Name: "Version", SQLType: "timestamp", Type: edm.Binary, MaxLength: 8, Generated: true},
		}},
		{Schema: "dbo", Name: "Order Details", PrimaryKey: []string{"OrderID", "ProductID"},
			Columns: []*catalog.Column{
				{Name: "OrderID", SQLType: "int", Type: edm.Int32, AutoIncrement: true},
				{Name: "ProductID", SQLType: "int", Type: edm.Int32},
				{Name: "CustomerID", SQLType: "nchar(5)", Type: edm.String, MaxLength: 5, FixedChar: true, Nullable: true},
				{Name: "Total", SQLType: "money", Type: edm.Decimal, Precision: 19, Scale: 4, Nullable: true, Generated: true},
				{Name: "Discount", SQLType: "real", Type: edm.Single, HasDefault: true},
			},
			ForeignKeys: []catalog.ForeignKey{
				{Name: "FK_Customer", Columns: []string{"CustomerID"}, RefSchema: "dbo", RefTable: "Customers", RefColumns: []string{"CustomerID"}},
				{Name: "FK_OrderProduct", Columns: []string{"OrderID", "ProductID"}, RefSchema: "sales", RefTable: "Orders", RefColumns: []string{"ID", "ProductID"}},
			}},
		{Schema: "dbo", Name: "Invoices", IsView: true, Columns: []*catalog.Column{
			{Name: "ShipName", SQLType: "nvarchar(40)", Type: edm.String, MaxLength: 40, Nullable: true},
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("buildTables (-want +got):\n%s", diff)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "Location") {
		t.Errorf("warnings = %q, want one about Location", warnings)
	}

	// The result goes through catalog.New: the view without a configured key is hidden,
	// keys resolve, names are made EDM-safe.
	c, err := catalog.New(got, catalog.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := c.Set("Order_Details"); s == nil || len(s.Key) != 2 {
		t.Errorf("Order_Details set = %+v", s)
	}
	if len(c.Hidden) != 1 || c.Hidden[0].Name != "Invoices" {
		t.Errorf("hidden = %+v, want the view", c.Hidden)
	}
}

func TestDialectBasics(t *testing.T) {
	d := Dialect{}
	if got := d.QuoteIdent("a]b[c"); got != "[a]]b[c]" {
		t.Errorf("QuoteIdent = %s", got)
	}
	if got := d.Placeholder(12); got != "@p12" {
		t.Errorf("Placeholder = %s", got)
	}
	if d.Name() != "sqlserver" || New().Dialect().Name() != "sqlserver" {
		t.Error("Name")
	}
}

// TestArityErrors covers malformed calls, which plan should never produce.
func TestArityErrors(t *testing.T) {
	b := sqlgen.NewBuilder(Dialect{})
	err := Dialect{}.Func(b, &plan.Func{Name: "substring", T: edm.String, Args: []plan.Expr{&plan.Const{T: edm.String, V: "x"}}})
	if err == nil {
		t.Error("substring with one argument accepted")
	}
}

func TestConnectBadDSN(t *testing.T) {
	_, err := New().Connect(context.Background(), "sqlserver://sa:Sup3rSecret@[::1")
	if err == nil {
		t.Fatal("Connect accepted a malformed DSN")
	}
	if strings.Contains(err.Error(), "Sup3rSecret") {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestCheckVersion(t *testing.T) {
	for v, ok := range map[string]bool{
		"10.50.6000.34": false, // 2008 R2
		"11.0.2100.60":  true,  // 2012
		"16.0.1000.6":   true,
		"12.0.2000.8":   true, // Azure SQL Database reports 12
		"":              true, // unknown: not refused
	} {
		if err := conn.CheckVersion(DriverName, v, server.MinMajor, server.Requirement); (err == nil) != ok {
			t.Errorf("checkVersion(%q) = %v", v, err)
		}
	}
}
