package sqlserver_test

// The SQL below is checked against golden files only: no SQL Server is available on
// the build machines or in CI, so these tests cannot check that the text parses or
// what it returns. Every expected string was written against Microsoft's T-SQL
// reference (see the Dialect documentation). Run `go test -update` to rewrite
// testdata/sql.golden after an intended change, and review the diff.

import (
	"regexp"
	"testing"
	"time"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/adapters/internal/goldentest"
	"github.com/odatagw/odatagw/adapters/sqlserver"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
)

// The interface guard lives here: package adapters may import this package.
var _ adapters.Adapter = (*sqlserver.Adapter)(nil)

// fixture is `[Sales].[Order Details]` with one column of each kind the dialect treats
// differently.
func fixture() *catalog.Table {
	cols := []*catalog.Column{
		{Name: "OrderID", SQLType: "int", Type: edm.Int32},
		{Name: "ProductID", SQLType: "int", Type: edm.Int32},
		{Name: "Name", SQLType: "nvarchar(40)", Type: edm.String, MaxLength: 40, Nullable: true},
		{Name: "Code", SQLType: "char(5)", Type: edm.String, MaxLength: 5, FixedChar: true},
		{Name: "Notes", SQLType: "ntext", Type: edm.String, MaxLength: 131072, Nullable: true},
		{Name: "Price", SQLType: "decimal(10,2)", Type: edm.Decimal, Precision: 10, Scale: 2, Nullable: true},
		{Name: "Qty", SQLType: "smallint", Type: edm.Int16},
		{Name: "Ratio", SQLType: "float", Type: edm.Double, Nullable: true},
		{Name: "Shipped", SQLType: "bit", Type: edm.Boolean, Nullable: true},
		{Name: "OrderDate", SQLType: "datetime2(7)", Type: edm.DateTimeOffset, Nullable: true},
		{Name: "Stamp", SQLType: "datetimeoffset(7)", Type: edm.DateTimeOffset, Nullable: true},
		{Name: "Day", SQLType: "date", Type: edm.Date, Nullable: true},
		{Name: "RowGuid", SQLType: "uniqueidentifier", Type: edm.Guid, Nullable: true},
		{Name: "Odd]Name", SQLType: "nvarchar(10)", Type: edm.String, MaxLength: 10, Nullable: true},
		{Name: "Blob", SQLType: "varbinary(16)", Type: edm.Binary, MaxLength: 16, Nullable: true},
	}
	t := &catalog.Table{Schema: "Sales", Name: "Order Details", Columns: cols}
	for _, c := range cols {
		c.Prop = catalog.EDMName(c.Name)
	}
	t.Key = []*catalog.Column{cols[0], cols[1]}
	t.Searchable = []*catalog.Column{cols[2], cols[4]}
	return t
}

func cases() []goldentest.Case {
	t := fixture()
	col := goldentest.Columns(t)
	str, i64, dec, null := goldentest.Str, goldentest.I64, goldentest.Dec, goldentest.Null()
	cmpr, and, or, not := goldentest.Cmp, goldentest.And, goldentest.Or, goldentest.Not
	fn, ar, nan := goldentest.Fn, goldentest.Arith, goldentest.NaN
	key := []plan.Order{{Expr: col("OrderID")}, {Expr: col("ProductID")}}
	page := func(filter plan.Expr) *plan.Query {
		return &plan.Query{Table: t, Select: []*catalog.Column{t.Key[0], t.Key[1], t.ColumnByName("Name")},
			Filter: filter, OrderBy: key, Limit: 20, FetchExtra: true}
	}
	when := time.Date(2024, 2, 29, 13, 45, 30, 123456700, time.UTC)
	var list []plan.Expr
	for i := int64(1); i <= 3; i++ {
		list = append(list, i64(i))
	}

	return []goldentest.Case{
		// Shape, quoting and paging.
		{Name: "select_all_columns", Q: &plan.Query{Table: t, Select: t.Columns, OrderBy: key, Limit: 20, FetchExtra: true}},
		{Name: "paging_offset_only", Q: &plan.Query{Table: t, Select: t.Key, OrderBy: key, Limit: -1, Offset: 40}},
		{Name: "paging_limit_only", Q: &plan.Query{Table: t, Select: t.Key, OrderBy: key, Limit: 5}},
		{Name: "paging_both", Q: &plan.Query{Table: t, Select: t.Key, OrderBy: key, Limit: 5, Offset: 10, FetchExtra: true}},
		{Name: "paging_limit_zero", Q: &plan.Query{Table: t, Select: t.Key, OrderBy: key, Limit: 0, Offset: 10},
			Note: "FETCH needs at least 1 row (Msg 10744): skip every row instead"},
		{Name: "entity_no_paging", Q: &plan.Query{Table: t, Select: t.Key, Filter: and(cmpr("eq", col("OrderID"), i64(10248)), cmpr("eq", col("ProductID"), i64(11))), OrderBy: key, Limit: -1}},
		{Name: "count", Count: true, Q: page(cmpr("gt", col("Qty"), i64(5)))},
		{Name: "count_no_filter", Count: true, Q: &plan.Query{Table: t, Limit: -1}},
		{Name: "order_nulls_and_desc", Q: &plan.Query{Table: t, Select: t.Key, OrderBy: append([]plan.Order{{Expr: col("Name")}, {Expr: col("Price"), Desc: true}, {Expr: col("Notes")}}, key...), Limit: 10}},
		{Name: "quoted_name_with_bracket", Q: page(cmpr("eq", col("Odd]Name"), str("x")))},

		// Comparisons and null handling.
		{Name: "compare_eq_not_null", Q: page(cmpr("eq", col("Qty"), i64(5)))},
		{Name: "compare_ne_not_null", Q: page(cmpr("ne", col("Qty"), i64(5)))},
		{Name: "compare_lt", Q: page(cmpr("lt", col("Qty"), i64(5)))},
		{Name: "compare_le", Q: page(cmpr("le", col("Qty"), i64(5)))},
		{Name: "compare_gt", Q: page(cmpr("gt", col("Qty"), i64(5)))},
		{Name: "compare_ge", Q: page(cmpr("ge", col("Qty"), i64(5)))},
		{Name: "compare_ne_nullable", Q: page(cmpr("ne", col("Price"), dec("10.5")))},
		{Name: "compare_lt_nullable_under_not", Q: page(not(cmpr("lt", col("Price"), dec("10.5"))))},
		{Name: "compare_two_nullable_eq", Q: page(cmpr("eq", col("Price"), col("Ratio")))},
		{Name: "compare_two_nullable_ne", Q: page(cmpr("ne", col("Price"), col("Ratio")))},
		{Name: "is_null", Q: page(&plan.IsNull{X: col("Name")})},
		{Name: "is_not_null", Q: page(&plan.IsNull{X: col("Name"), Negate: true})},
		{Name: "is_null_blank", Q: page(&plan.IsNull{X: col("Name"), Blank: true}),
			Note: "the blank test goes through StringEquals, so an all-space value is not blank"},
		{Name: "is_not_null_blank", Q: page(&plan.IsNull{X: col("Name"), Negate: true, Blank: true})},
		{Name: "and_or_not", Q: page(or(and(cmpr("gt", col("Qty"), i64(1)), not(cmpr("eq", col("Name"), str("a")))), cmpr("le", col("Price"), dec("3"))))},

		// Strings.
		{Name: "string_eq", Q: page(cmpr("eq", col("Name"), str("Chai")))},
		{Name: "string_ne", Q: page(cmpr("ne", col("Name"), str("Chai")))},
		{Name: "string_eq_char_column", Q: page(cmpr("eq", col("Code"), str("AB")))},
		{Name: "string_eq_ntext", Q: page(cmpr("eq", col("Notes"), str("n")))},
		{Name: "string_eq_empty", Q: page(cmpr("eq", col("Name"), str("")))},
		{Name: "string_eq_columns", Q: page(cmpr("eq", col("Name"), col("Odd]Name")))},
		{Name: "string_lt", Q: page(cmpr("lt", col("Name"), str("M")))},
		{Name: "string_lt_ntext", Q: page(cmpr("lt", col("Notes"), str("M"))),
			Note: "KNOWN GAP (sqlgen): relational operators reach no dialect hook; ntext cannot be compared, this fails at the server"},
		{Name: "contains_metacharacters", Q: page(fn("contains", edm.Boolean, col("Name"), str("50%_off![x]")))},
		{Name: "startswith", Q: page(fn("startswith", edm.Boolean, col("Name"), str("Ch_")))},
		{Name: "endswith", Q: page(fn("endswith", edm.Boolean, col("Code"), str("Z ")))},
		{Name: "contains_under_not", Q: page(not(fn("contains", edm.Boolean, col("Name"), str("a"))))},
		{Name: "contains_ntext", Q: page(fn("contains", edm.Boolean, col("Notes"), str("[a]")))},
		{Name: "contains_non_literal", Q: page(fn("contains", edm.Boolean, col("Name"), col("Code")))},
		{Name: "search", Q: page(&plan.Search{Text: "Ab_%[c]", Cols: t.Searchable})},
		{Name: "search_under_not", Q: page(not(&plan.Search{Text: "x", Cols: t.Searchable}))},
		{Name: "in_integers_with_null", Q: page(&plan.In{X: col("Qty"), List: append(list, null)})},
		{Name: "in_strings", Q: page(&plan.In{X: col("Name"), List: []plan.Expr{str("a"), str("b")}}),
			Note: "each value is bound twice (index-friendly = and byte-exact term): about 1,000 values fit in the 2,100-parameter limit"},
		{Name: "in_only_null", Q: page(&plan.In{X: col("Price"), List: []plan.Expr{null}})},

		// Functions.
		{Name: "func_length", Q: page(cmpr("eq", fn("length", edm.Int32, col("Name")), i64(4)))},
		{Name: "func_length_ntext", Q: page(cmpr("gt", fn("length", edm.Int32, col("Notes")), i64(4)))},
		{Name: "func_tolower_toupper", Q: page(cmpr("eq", fn("tolower", edm.String, col("Name")), fn("toupper", edm.String, col("Code"))))},
		{Name: "func_tolower_ntext", Q: page(cmpr("eq", fn("tolower", edm.String, col("Notes")), str("x")))},
		{Name: "func_trim", Q: page(cmpr("eq", fn("trim", edm.String, col("Code")), str("AB")))},
		{Name: "func_concat_nullable", Q: page(cmpr("eq", fn("concat", edm.String, col("Name"), str("!")), str("Chai!")))},
		{Name: "func_concat_not_null", Q: page(cmpr("eq", fn("concat", edm.String, col("Code"), str("!")), str("AB!")))},
		{Name: "func_indexof", Q: page(cmpr("eq", fn("indexof", edm.Int32, col("Name"), str("ai")), i64(1)))},
		{Name: "func_indexof_empty", Q: page(cmpr("eq", fn("indexof", edm.Int32, col("Name"), str("")), i64(0)))},
		{Name: "func_substring_2", Q: page(cmpr("eq", fn("substring", edm.String, col("Name"), i64(1)), str("hai")))},
		{Name: "func_substring_3", Q: page(cmpr("eq", fn("substring", edm.String, col("Name"), i64(1), i64(2)), str("ha")))},
		{Name: "func_year_month_day", Q: page(and(cmpr("eq", fn("year", edm.Int32, col("OrderDate")), i64(2024)), and(cmpr("eq", fn("month", edm.Int32, col("Day")), i64(2)), cmpr("eq", fn("day", edm.Int32, col("Stamp")), i64(29)))))},
		{Name: "func_hour_minute_second", Q: page(and(cmpr("eq", fn("hour", edm.Int32, col("Stamp")), i64(13)), and(cmpr("eq", fn("minute", edm.Int32, col("OrderDate")), i64(45)), cmpr("eq", fn("second", edm.Int32, col("OrderDate")), i64(30)))))},
		{Name: "func_fractionalseconds", Q: page(cmpr("gt", fn("fractionalseconds", edm.Decimal, col("OrderDate")), dec("0.5")))},
		{Name: "func_date", Q: page(and(cmpr("eq", fn("date", edm.Date, col("OrderDate")), &plan.Const{T: edm.Date, V: "2024-02-29"}), cmpr("eq", fn("date", edm.Date, col("Stamp")), &plan.Const{T: edm.Date, V: "2024-02-29"})))},
		{Name: "func_round_floor_ceiling", Q: page(and(cmpr("eq", fn("round", edm.Decimal, col("Price")), dec("10")), and(cmpr("eq", fn("floor", edm.Double, col("Ratio")), &plan.Const{T: edm.Double, V: 1.0}), cmpr("eq", fn("ceiling", edm.Decimal, col("Price")), dec("11")))))},
		{Name: "func_now", Q: page(cmpr("lt", col("OrderDate"), fn("now", edm.DateTimeOffset)))},
		{Name: "func_max_min_datetime", Q: page(and(cmpr("lt", col("Stamp"), fn("maxdatetime", edm.DateTimeOffset)), cmpr("gt", col("Stamp"), fn("mindatetime", edm.DateTimeOffset))))},
		{Name: "func_unknown", Q: page(cmpr("eq", fn("time", edm.String, col("OrderDate")), str("10:00:00")))},
		{Name: "func_matchespattern", Q: page(fn("matchespattern", edm.Boolean, col("Name"), str("^C")))},

		// Arithmetic.
		{Name: "arith_add_sub_mul", Q: page(cmpr("gt", ar("mul", edm.Decimal, ar("add", edm.Decimal, col("Price"), dec("1")), ar("sub", edm.Int32, col("Qty"), i64(1))), dec("100")))},
		{Name: "arith_div_integers", Q: page(cmpr("eq", ar("div", edm.Int32, col("Qty"), i64(2)), i64(3)))},
		{Name: "arith_div_decimal", Q: page(cmpr("eq", ar("div", edm.Decimal, col("Price"), dec("2")), dec("3.5")))},
		{Name: "arith_divby_integers", Q: page(cmpr("eq", ar("divby", edm.Decimal, col("Qty"), i64(4)), dec("1.25")))},
		{Name: "arith_mod", Q: page(cmpr("eq", ar("mod", edm.Int32, col("Qty"), i64(3)), i64(1)))},
		{Name: "arith_mod_float", Q: page(cmpr("eq", ar("mod", edm.Double, col("Ratio"), &plan.Const{T: edm.Double, V: 2.0}), i64(1)))},
		{Name: "arith_neg", Q: page(cmpr("lt", &plan.Neg{X: col("Qty")}, i64(-3)))},

		// Constants.
		{Name: "bind_decimal_forms", Q: page(or(cmpr("eq", col("Price"), dec("-0012.500")), or(cmpr("eq", col("Price"), dec("1e3")), or(cmpr("eq", col("Price"), dec("1.5E-3")), cmpr("eq", col("Price"), dec("0"))))))},
		{Name: "bind_decimal_too_long", Q: page(cmpr("eq", col("Price"), dec("1234567890123456789012345678901234567890")))},
		{Name: "bind_decimal_nan", Q: page(cmpr("eq", col("Price"), dec("NaN")))},
		{Name: "bind_date", Q: page(cmpr("ge", col("Day"), &plan.Const{T: edm.Date, V: "2024-02-29"}))},
		{Name: "bind_datetimeoffset", Q: page(cmpr("ge", col("Stamp"), &plan.Const{T: edm.DateTimeOffset, V: when}))},
		{Name: "bind_guid", Q: page(cmpr("eq", col("RowGuid"), &plan.Const{T: edm.Guid, V: "0f8fad5b-d9cb-469f-a165-70867728950e"}))},
		{Name: "bind_binary", Q: page(cmpr("eq", col("Blob"), &plan.Const{T: edm.Binary, V: []byte{0xde, 0xad, 0xbe, 0xef}}))},
		{Name: "bind_double", Q: page(cmpr("gt", col("Ratio"), &plan.Const{T: edm.Double, V: 0.25}))},
		{Name: "bind_double_nan", Q: page(cmpr("gt", col("Ratio"), &plan.Const{T: edm.Double, V: nan()}))},
		{Name: "bool_column", Q: page(col("Shipped"))},
		{Name: "bool_column_not", Q: page(not(col("Shipped")))},
		{Name: "bool_eq_true", Q: page(cmpr("eq", col("Shipped"), &plan.Const{T: edm.Boolean, V: true}))},
		{Name: "bool_constant", Q: page(and(&plan.Const{T: edm.Boolean, V: true}, &plan.Const{T: edm.Boolean, V: false}))},
	}
}

func TestGoldenSQL(t *testing.T) {
	goldentest.Check(t, goldentest.File{
		Dialect:  sqlserver.Dialect{},
		Header:   "Generated by TestGoldenSQL (go test -update); SQL Server dialect, reviewed by hand.",
		Literals: regexp.MustCompile(`N?'(?:[^']|'')*'`),
	}, cases())
}
