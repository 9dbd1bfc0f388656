package sqlgen_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/internal/golden"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// dialects are every registered database's dialect, in registry (golden-file) order.
var dialects = func() []sqlgen.Dialect {
	var ds []sqlgen.Dialect
	for _, e := range adapters.Engines() {
		ds = append(ds, e.New(nil).Dialect())
	}
	return ds
}()

// fixture is a hand-built catalog: what an adapter would introspect from a legacy
// schema, without a database.
func fixture(t testing.TB) *catalog.Catalog {
	str := func(name string, n int, null bool) *catalog.Column {
		return &catalog.Column{Name: name, SQLType: fmt.Sprintf("varchar(%d)", n), Type: edm.String, MaxLength: n, Nullable: null, CaseInsensitive: true}
	}
	col := func(name string, typ edm.Type, null bool) *catalog.Column {
		return &catalog.Column{Name: name, Type: typ, Nullable: null}
	}
	dec := func(name string, p, s int, null bool) *catalog.Column {
		return &catalog.Column{Name: name, Type: edm.Decimal, Precision: p, Scale: s, Nullable: null}
	}
	orders := &catalog.Table{Name: "orders", PrimaryKey: []string{"OrderNo"}, Columns: []*catalog.Column{
		{Name: "OrderNo", Type: edm.Int32, AutoIncrement: true},
		{Name: "CustomerCode", Type: edm.String, MaxLength: 5, FixedChar: true, CaseInsensitive: true},
		col("OrderDate", edm.Date, true),
		col("Shipped", edm.DateTimeOffset, true),
		dec("Freight", 12, 2, true),
		str("ShipName", 40, true),
		str("ShipCountry", 15, true),
		col("Year", edm.Int32, true),
		col("Discontinued", edm.Boolean, true),
		col("Weight", edm.Double, true),
		col("Ref", edm.Int64, true),
		col("Token", edm.Guid, true),
		col("Thumbnail", edm.Binary, true),
	}}
	lines := &catalog.Table{Name: "Order Lines", PrimaryKey: []string{"OrderNo", "LineNo"}, Columns: []*catalog.Column{
		col("OrderNo", edm.Int32, false), col("LineNo", edm.Int32, false),
		col("Quantity", edm.Int32, false), dec("UnitPrice", 12, 2, false), str("Note", 100, true),
	}}
	ledger := &catalog.Table{Schema: "acct", Name: `we"ird]name`, PrimaryKey: []string{"EntryID"}, Columns: []*catalog.Column{
		col("EntryID", edm.Int64, false), dec("Amount", 20, 6, false), str("Memo", 200, true),
	}}
	cat, err := catalog.New([]*catalog.Table{orders, lines, ledger}, catalog.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// goldenCases are OData requests whose SQL every dialect renders. A rejected request's
// golden is its OData error.
var goldenCases = []string{
	"orders",
	"orders?$select=ShipName,OrderNo&$top=26&$count=true",
	"orders?$top=10&$skip=20",
	"orders?$skip=5",
	"orders(10248)",
	"Order_Lines(OrderNo=10248,LineNo=10)",
	"orders/$count?$filter=ShipCountry eq 'Germany'",
	"orders(10248)/ShipName",
	"orders?$filter=ShipName eq 'abc'",
	"orders?$filter=ShipName ne 'abc'",
	"orders?$filter=ShipName eq null",
	"orders?$filter=ShipName ne null",
	"orders?$filter=not (Freight gt 10)",
	"orders?$filter=Freight gt 10.5 and Freight le 100",
	"orders?$filter=Freight eq 9999999999.99",
	"orders?$filter=Ref eq 9007199254740993",
	"orders?$filter=Weight lt 1.5e3",
	"orders?$filter=contains(ShipName,'50%_off!')",
	"orders?$filter=startswith(ShipName,'Al')",
	"orders?$filter=endswith(ShipName,'x') eq false",
	"orders?$filter=contains(ShipName,'Acme') eq true or contains(ShipCountry,'Acme') eq true",
	"orders?$filter=substringof('Acme',ShipName) eq true",
	"orders?$filter=not contains(ShipName,'a')",
	"orders?$filter=length(ShipName) eq 5",
	"orders?$filter=indexof(ShipName,'b') eq 1",
	"orders?$filter=substring(ShipName,1) eq 'bc'",
	"orders?$filter=substring(ShipName,1,2) eq 'bc'",
	"orders?$filter=tolower(ShipName) eq 'abc'",
	"orders?$filter=toupper(ShipName) eq 'ABC'",
	"orders?$filter=trim(ShipName) eq 'abc'",
	"orders?$filter=concat(ShipName,ShipCountry) eq 'abcde'",
	"orders?$filter=year(OrderDate) eq 2020",
	"orders?$filter=month(Shipped) eq 2 and day(Shipped) eq 29",
	"orders?$filter=hour(Shipped) eq 10 and minute(Shipped) eq 5 and second(Shipped) eq 0",
	"orders?$filter=date(Shipped) eq 2020-01-31",
	"orders?$filter=Shipped lt 2020-01-01T00:00:00+02:00",
	"orders?$filter=Shipped ge 2020-01-01",
	"orders?$filter=OrderDate gt 2020-01-31",
	"orders?$filter=Shipped lt datetime'2020-01-31T00:00:00'",
	"orders?$filter=Shipped lt now()",
	"orders?$filter=round(Freight) eq 10 or floor(Freight) eq 10 or ceiling(Freight) eq 10",
	"orders?$filter=Freight add 5 gt 10",
	"orders?$filter=Freight sub 5 gt 10",
	"orders?$filter=Freight mul 2 gt 10",
	"orders?$filter=OrderNo div 2 eq 5124",
	"orders?$filter=OrderNo divby 2 eq 5124.5",
	"orders?$filter=OrderNo mod 2 eq 0",
	"orders?$filter=-Freight lt -10",
	"orders?$filter=OrderNo in (10248, 10249, 10250)",
	"orders?$filter=ShipCountry in ('France', 'Germany', null)",
	"orders?$filter=Discontinued eq true",
	"orders?$filter=Discontinued",
	"orders?$filter=not Discontinued",
	"orders?$filter=Token eq 01234567-89ab-cdef-0123-456789abcdef",
	"orders?$filter=Year eq 2020",
	"orders?$filter=CustomerCode eq 'ALFKI'",
	"orders?$filter=Ref eq 123L and Freight eq 1.5M",
	"orders?$filter=(ShipName eq 'a' or ShipName eq 'b') and not (ShipCountry eq 'c')",
	"orders?$filter=cast(OrderNo,Edm.String) eq '10248'",
	"orders?$orderby=ShipName desc,Freight",
	"orders?$orderby=year(OrderDate) desc&$top=5",
	"orders?$search=acme",
	"orders?$search=\"acme corp\" OR NOT bolt",
	"Order_Lines?$filter=OrderNo eq 10248&$select=LineNo,Quantity",
	"acct_we_ird_name?$filter=Amount gt 0.000001&$orderby=Amount desc",
	// Rejected requests.
	"orders?$filter=NoSuchColumn eq 1",
	"orders?$filter=ShipName eq 1",
	"orders?$filter=matchesPattern(ShipName,'^A')",
	"orders?$filter=Freight eq NaN",
	"nosuchset",
	"orders?$select=Nope",
	"orders(OrderNo=1,LineNo=2)",
}

func TestGoldenSQL(t *testing.T) {
	cat := fixture(t)
	files := newDialectFiles("the SQL of TestGoldenSQL's requests")
	for _, c := range goldenCases {
		renderAll(t, cat, files, c, c)
	}
	files.check(t, "select")
}

// dialectFiles are a suite's golden files, one per dialect (in dialects order):
// testdata/<suite>/<dialect>.golden.
type dialectFiles []*golden.File

func newDialectFiles(what string) dialectFiles {
	fs := make(dialectFiles, len(dialects))
	for i, d := range dialects {
		fs[i] = &golden.File{Header: []string{d.Name() + ": " + what + " (go test ./sqlgen -update rewrites it)"}}
	}
	return fs
}

// add opens the case name in every dialect's file.
func (fs dialectFiles) add(name string) []*golden.Case {
	cs := make([]*golden.Case, len(fs))
	for i, f := range fs {
		cs[i] = f.Add(name)
	}
	return cs
}

// rejected records a request's OData error in every dialect's case.
func rejected(t *testing.T, cs []*golden.Case, name string, err error) {
	e, ok := odata.AsError(err)
	if !ok {
		t.Errorf("%s: non-OData error %v", name, err)
		e = &odata.Error{Message: err.Error()}
	}
	for _, c := range cs {
		c.Error(e.Status, e.Code, e.Message, e.Target)
	}
}

// rendered records a dialect's statement, or its refusal, which must be ErrUnsupported;
// the placeholders must match the arguments.
func rendered(t *testing.T, c *golden.Case, d sqlgen.Dialect, sql string, args []any, err error) bool {
	if err != nil {
		if !errors.Is(err, sqlgen.ErrUnsupported) {
			t.Errorf("%s on %s: %v", c.Name, d.Name(), err)
		}
		c.Add("unsupported", err.Error())
		return false
	}
	if n := sqlgen.CountPlaceholders(d, sql); n != len(args) {
		t.Errorf("%s on %s: %d placeholders, %d args\n%s", c.Name, d.Name(), n, len(args), sql)
	}
	c.SQL(sql, args)
	return true
}

func (fs dialectFiles) check(t *testing.T, suite string) {
	for i, d := range dialects {
		golden.Check(t, filepath.Join("testdata", suite, d.Name()+".golden"), fs[i])
	}
}

// renderAll renders one request in every dialect into the case name.
func renderAll(t *testing.T, cat *catalog.Catalog, files dialectFiles, name, url string) {
	cs := files.add(name)
	path, query, _ := strings.Cut(url, "?")
	req, err := odata.ParseURL(path, query)
	var q *plan.Query
	if err == nil {
		q, err = plan.Build(req, cat, plan.Limits{MaxPageSize: 100})
	}
	if err != nil {
		rejected(t, cs, name, err)
		return
	}
	for i, d := range dialects {
		render := sqlgen.Select
		if q.Kind == plan.Count {
			render = sqlgen.Count
		}
		sql, args, err := render(q, d)
		rendered(t, cs[i], d, sql, args, err)
	}
}

// FuzzRender: any $filter/$orderby that parses and plans renders in every dialect
// without panicking, with as many placeholders as arguments.
func FuzzRender(f *testing.F) {
	for _, c := range goldenCases {
		_, q, _ := strings.Cut(c, "?")
		f.Add(q)
	}
	cat := fixture(f)
	f.Fuzz(func(t *testing.T, query string) {
		req, err := odata.ParseURL("orders", query)
		if err != nil {
			return
		}
		q, err := plan.Build(req, cat, plan.Limits{MaxPageSize: 50})
		if err != nil {
			if _, ok := odata.AsError(err); !ok {
				t.Fatalf("plan returned a non-OData error: %v", err)
			}
			return
		}
		for _, d := range dialects {
			sql, args, err := sqlgen.Select(q, d)
			if err != nil {
				if !errors.Is(err, sqlgen.ErrUnsupported) {
					t.Fatalf("%s: %v", d.Name(), err)
				}
				continue
			}
			if n := sqlgen.CountPlaceholders(d, sql); n != len(args) {
				t.Fatalf("%s: %d placeholders, %d args: %s", d.Name(), n, len(args), sql)
			}
		}
	})
}

func TestNullAsBlankGoesThroughDialect(t *testing.T) {
	cat := fixture(t)
	req, err := odata.ParseURL("orders", "$filter=ShipName eq null or not (ShipCountry ne null)")
	if err != nil {
		t.Fatal(err)
	}
	q, err := plan.Build(req, cat, plan.Limits{NullAsBlank: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dialects {
		sql, args, err := sqlgen.Select(q, d)
		if err != nil {
			t.Fatalf("%s: %v", d.Name(), err)
		}
		if n := sqlgen.CountPlaceholders(d, sql); n != len(args) {
			t.Errorf("%s: %d placeholders, %d args", d.Name(), n, len(args))
		}
		if !strings.Contains(sql, "IS NULL OR") || !strings.Contains(sql, "IS NOT NULL AND") {
			t.Errorf("%s: null-as-blank not rendered: %s", d.Name(), sql)
		}
		if d.Name() == "oracle" && strings.Contains(sql, "= :") {
			t.Errorf("oracle compares with '' (which is NULL there): %s", sql)
		}
	}
}

func TestLongInListIsChunked(t *testing.T) {
	cat := fixture(t)
	items := make([]string, 2500)
	for i := range items {
		items[i] = fmt.Sprint(i)
	}
	req, err := odata.ParseURL("orders", "$filter=not (Year in ("+strings.Join(items, ",")+"))")
	if err != nil {
		t.Fatal(err)
	}
	q, err := plan.Build(req, cat, plan.Limits{MaxNodes: 10000})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dialects {
		sql, args, err := sqlgen.Select(q, d)
		if err != nil {
			t.Fatalf("%s: %v", d.Name(), err)
		}
		if got := strings.Count(sql, " IN ("); got != 3 {
			t.Errorf("%s: %d IN lists, want 3 chunks of at most %d", d.Name(), got, sqlgen.MaxInList)
		}
		if n := sqlgen.CountPlaceholders(d, sql); n != len(args) || len(args) < 2500 {
			t.Errorf("%s: %d placeholders, %d args", d.Name(), n, len(args))
		}
		// The nullable column's guard must cover every chunk.
		if !strings.Contains(sql, "IS NOT NULL AND (") {
			t.Errorf("%s: guard does not cover the chunks: %.200s", d.Name(), sql)
		}
	}
}
