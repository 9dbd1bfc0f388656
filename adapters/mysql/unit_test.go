package mysql

import (
	"strings"
	"testing"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

func TestDecimalShape(t *testing.T) {
	for _, tc := range []struct {
		in, norm string
		p, s     int
		ok       bool
	}{
		{"12345678901234.123456", "12345678901234.123456", 20, 6, true},
		{"-0012.3400", "-12.34", 4, 2, true},
		{"0.5", "0.5", 1, 1, true},
		{"0", "0", 1, 0, true},
		{"-0.000", "0", 1, 0, true},
		{"+7", "7", 1, 0, true},
		{"1.5e3", "1500", 4, 0, true},
		{"1e2", "100", 3, 0, true},
		{"12.5E-3", "0.0125", 4, 4, true},
		{"18446744073709551615", "18446744073709551615", 20, 0, true},
		{strings.Repeat("9", 65), strings.Repeat("9", 65), 65, 0, true},
		{strings.Repeat("9", 66), "", 0, 0, false},
		{"0." + strings.Repeat("1", 31), "", 0, 0, false},
		{"1.2.3", "", 0, 0, false},
		{"", "", 0, 0, false},
		{"abc", "", 0, 0, false},
	} {
		norm, p, s, ok := decimalShape(tc.in)
		if norm != tc.norm || p != tc.p || s != tc.s || ok != tc.ok {
			t.Errorf("decimalShape(%q) = %q, %d, %d, %v; want %q, %d, %d, %v", tc.in, norm, p, s, ok, tc.norm, tc.p, tc.s, tc.ok)
		}
	}
}

func TestTypeParts(t *testing.T) {
	base, cs, coll := typeParts("varchar(30) character set latin1 collate latin1_swedish_ci")
	if base != "varchar" || cs != "latin1" || coll != "latin1_swedish_ci" {
		t.Errorf("typeParts = %q %q %q", base, cs, coll)
	}
	if base, cs, _ := typeParts("enum('a b','c')"); base != "enum" || cs != "" {
		t.Errorf("typeParts(enum) = %q %q", base, cs)
	}
	if _, cs, _ := typeParts("varchar(3) character set x;drop collate y"); cs != "" {
		t.Error("typeParts accepted an unsafe character set name")
	}
	if !caseInsensitive("utf8mb4_general_ci") || caseInsensitive("utf8mb4_bin") || caseInsensitive("utf8mb4_0900_as_cs") || caseInsensitive("") {
		t.Error("caseInsensitive")
	}
}

func TestMapType(t *testing.T) {
	for _, tc := range []struct {
		ci   colInfo
		want colType
		ok   bool
	}{
		{colInfo{DataType: "tinyint", ColumnType: "tinyint(1) unsigned"}, colType{T: edm.Boolean}, true},
		{colInfo{DataType: "tinyint", ColumnType: "tinyint"}, colType{T: edm.SByte}, true},
		{colInfo{DataType: "int", ColumnType: "int unsigned"}, colType{T: edm.Int64}, true},
		{colInfo{DataType: "decimal", ColumnType: "decimal(65,30)", Precision: 65, Scale: 30}, colType{T: edm.Decimal, Precision: 65, Scale: 30}, true},
		{colInfo{DataType: "json", ColumnType: "json", CharMax: -1}, colType{T: edm.String}, true},
		{colInfo{DataType: "time", ColumnType: "time", TimePrec: 0}, colType{T: edm.String, MaxLength: 10}, true},
		{colInfo{DataType: "longtext", ColumnType: "longtext", CharMax: 4294967295}, colType{T: edm.String, MaxLength: 1<<31 - 1}, true},
		{colInfo{DataType: "geometry", ColumnType: "geometry"}, colType{}, false},
		{colInfo{DataType: "vector", ColumnType: "vector(3)"}, colType{}, false},
	} {
		got, ok := mapType(tc.ci)
		if got != tc.want || ok != tc.ok {
			t.Errorf("mapType(%+v) = %+v, %v; want %+v, %v", tc.ci, got, ok, tc.want, tc.ok)
		}
	}
}

func TestConfigure(t *testing.T) {
	cfg, err := configure("u:p@tcp(db:3306)/shop?charset=utf8mb4")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.ParseTime || cfg.Loc != time.UTC || cfg.Params["time_zone"] != "'+00:00'" || cfg.InterpolateParams {
		t.Errorf("configure: parseTime %v loc %v params %v interpolate %v", cfg.ParseTime, cfg.Loc, cfg.Params, cfg.InterpolateParams)
	}
	cfg, err = configure("u@tcp(db)/shop?time_zone=%27Europe%2FParis%27&parseTime=false")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.ParseTime || cfg.Params["time_zone"] != "'Europe/Paris'" {
		t.Errorf("configure kept parseTime=false or overrode time_zone: %v %v", cfg.ParseTime, cfg.Params)
	}
	if _, err := configure("not a dsn"); err == nil {
		t.Error("configure accepted a bad DSN")
	}
}

// TestRender pins the SQL of the shapes that matter for indexes and exactness.
func TestRender(t *testing.T) {
	s := &catalog.Column{Name: "s", SQLType: "varchar(40)", Type: edm.String, Nullable: false}
	l := &catalog.Column{Name: "l", SQLType: "varchar(40) character set latin1 collate latin1_general_ci", Type: edm.String}
	d := &catalog.Column{Name: "d", SQLType: "decimal(12,2)", Type: edm.Decimal}
	tbl := &catalog.Table{Name: "t`x", Columns: []*catalog.Column{s, l, d}}
	ref := func(c *catalog.Column) plan.Expr { return &plan.ColumnRef{Col: c} }
	for _, tc := range []struct {
		expr plan.Expr
		sql  string
	}{
		{&plan.Compare{Op: "eq", L: ref(s), R: &plan.Const{T: edm.String, V: "x"}},
			"(`s` = ? AND CAST(CONVERT(`s` USING utf8mb4) AS BINARY) = CAST(CONVERT(? USING utf8mb4) AS BINARY))"},
		{&plan.Compare{Op: "eq", L: ref(l), R: &plan.Const{T: edm.String, V: "x"}},
			"(`l` = CONVERT(? USING latin1) COLLATE latin1_general_ci AND CAST(CONVERT(`l` USING utf8mb4) AS BINARY) = CAST(CONVERT(? USING utf8mb4) AS BINARY))"},
		{&plan.Func{Name: "startswith", T: edm.Boolean, Args: []plan.Expr{ref(s), &plan.Const{T: edm.String, V: "a%"}}},
			"(`s` LIKE ? ESCAPE '!' AND CONVERT(`s` USING utf8mb4) COLLATE utf8mb4_bin LIKE ? ESCAPE '!')"},
		{&plan.Compare{Op: "gt", L: ref(d), R: &plan.Const{T: edm.Decimal, V: "-1.50"}}, "`d` > CAST(? AS DECIMAL(2,1))"},
	} {
		q := &plan.Query{Table: tbl, Select: []*catalog.Column{s}, Filter: tc.expr, Limit: -1}
		got, _, err := sqlgen.Select(q, Dialect{})
		if err != nil {
			t.Fatal(err)
		}
		want := "SELECT `s` FROM `t``x` WHERE " + tc.sql
		if got != want {
			t.Errorf("%s:\n got  %s\n want %s", tc.expr, got, want)
		}
	}
}
