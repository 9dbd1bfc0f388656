package plan

import (
	"net/http"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

func testCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c := func(name string, typ edm.Type, null bool) *catalog.Column {
		return &catalog.Column{Name: name, Type: typ, Nullable: null}
	}
	tables := []*catalog.Table{
		{Name: "orders", PrimaryKey: []string{"OrderNo"}, Columns: []*catalog.Column{
			c("OrderNo", edm.Int32, false), c("ShipName", edm.String, true), {Name: "Freight", Type: edm.Decimal, Nullable: true, Precision: 12, Scale: 2},
			c("Shipped", edm.DateTimeOffset, true), c("OrderDate", edm.Date, false), c("Year", edm.Int32, true),
			c("Closed", edm.Boolean, true), c("Token", edm.Guid, true), c("Weight", edm.Double, true),
		}},
		{Name: "Order Lines", PrimaryKey: []string{"OrderNo", "LineNo"}, Columns: []*catalog.Column{
			c("OrderNo", edm.Int32, false), c("LineNo", edm.Int32, false), c("Note", edm.String, true),
		}},
	}
	cat, err := catalog.New(tables, catalog.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func build(t *testing.T, cat *catalog.Catalog, url string, lim Limits) (*Query, error) {
	t.Helper()
	path, query, _ := strings.Cut(url, "?")
	req, err := odata.ParseURL(path, query)
	if err != nil {
		t.Fatalf("%s: parse: %v", url, err)
	}
	return Build(req, cat, lim)
}

func TestBuildFilterTrees(t *testing.T) {
	cat := testCatalog(t)
	for _, c := range []struct{ url, want string }{
		{"orders?$filter=ShipName eq 'x'", `(eq "ShipName" "x":String)`},
		{"orders?$filter=ShipName eq null", `(isnull "ShipName")`},
		{"orders?$filter=null ne ShipName", `(notnull "ShipName")`},
		{"orders?$filter=Freight gt 5", `(gt "Freight" 5:Decimal)`},
		{"orders?$filter=Freight gt null", `true`[0:0] + `false:Boolean`},
		{"orders?$filter=Weight lt 2", `(lt "Weight" 2:Double)`},
		{"orders?$filter=Shipped ge 2020-01-31", `(ge "Shipped" 2020-01-31T00:00:00Z:DateTimeOffset)`},
		{"orders?$filter=Token eq '01234567-89AB-CDEF-0123-456789ABCDEF'", `(eq "Token" "01234567-89ab-cdef-0123-456789abcdef":Guid)`},
		{"orders?$filter=contains(ShipName,'a') eq true", `(contains "ShipName" "a":String)`},
		{"orders?$filter=contains(ShipName,'a') eq false", `(not (contains "ShipName" "a":String))`},
		{"orders?$filter=true ne startswith(ShipName,'a')", `(not (startswith "ShipName" "a":String))`},
		{"orders?$filter=substringof('a',ShipName)", `(contains "ShipName" "a":String)`},
		{"orders?$filter=Year eq 2020", `(eq "Year" 2020:Int32)`},
		{"orders?$filter=year(OrderDate) eq Year", `(eq (year "OrderDate") "Year")`},
		{"orders?$filter=OrderNo in (1, 2, null)", `(in "OrderNo" (1:Int32 2:Int32 null))`},
		{"orders?$filter=not (Freight gt 5) and Closed", `(and (not (gt "Freight" 5:Decimal)) "Closed")`},
		{"orders?$filter=OrderNo div 2 eq 3", `(eq (div "OrderNo" 2:Int64) 3:Int64)`},
		{"orders?$filter=length(null) eq 3", `false:Boolean`},
		{"orders?$filter=null eq null", `true:Boolean`},
		{"orders?$filter=round(null) eq 1", `false:Boolean`},
		{"orders?$filter=not contains(null,'a')", `true:Boolean`},
		{"orders?$filter=-Freight lt -5", `(lt (- "Freight") -5:Decimal)`},
		{"orders?$filter=maxdatetime() gt Shipped", `(gt 9999-12-31T23:59:59.999999Z:DateTimeOffset "Shipped")`},
		{"orders?$filter=OrderDate eq 2020-02-29T00:00:00Z", `(eq "OrderDate" "2020-02-29":Date)`},
		{"orders?$filter=OrderDate eq 2020-02-29T10:00:00Z", `false:Boolean`},
		{"orders?$filter=2020-02-29T10:00:00%2B02:00 lt OrderDate", `(gt "OrderDate" "2020-02-29":Date)`},
		{"orders?$filter=OrderDate le 2020-02-29T10:00:00Z", `(le "OrderDate" "2020-02-29":Date)`},
		{"orders?$filter=OrderDate ge 2020-02-29T23:00:00-02:00", `(gt "OrderDate" "2020-03-01":Date)`},
		{"orders?$filter=OrderNo eq 9007199254740993.0", `(eq "OrderNo" 9007199254740993:Int64)`},
		{"orders?$filter=OrderNo lt 5.5", `(le "OrderNo" 5:Int64)`},
		{"orders?$filter=OrderNo ge -1.5", `(gt "OrderNo" -2:Int64)`},
		{"orders?$filter=OrderNo eq 5.5", `false:Boolean`},
		{"orders?$filter=OrderNo ne 5.5", `true:Boolean`},
		{"orders?$filter=Year lt 99999999999999999999", `(notnull "Year")`},
		{"orders?$filter=Year gt 99999999999999999999", `false:Boolean`},
		{"orders?$filter=Year gt -99999999999999999999", `(notnull "Year")`},
		{"orders?$filter=length(ShipName) eq 99999999999999999999", `false:Boolean`},
		{"orders?$filter=Freight gt 10.125", `(gt "Freight" 10.12:Decimal)`},
		{"orders?$filter=Freight ge -10.125", `(gt "Freight" -10.13:Decimal)`},
		{"orders?$filter=Freight lt 10.1250", `(le "Freight" 10.12:Decimal)`},
		{"orders?$filter=Freight eq 10.125", `false:Boolean`},
		{"orders?$filter=Freight eq 10.120", `(eq "Freight" 10.120:Decimal)`},
		{"orders?$search=foo OR NOT bar", `(or (search "foo" "ShipName") (not (search "bar" "ShipName")))`},
		{"orders(7)", `(eq "OrderNo" 7:Int32)`},
		{"Order_Lines(LineNo=2,OrderNo=1)", `(and (eq "LineNo" 2:Int32) (eq "OrderNo" 1:Int32))`},
	} {
		q, err := build(t, cat, c.url, Limits{})
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if got := q.Filter.String(); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.url, got, c.want)
		}
	}
}

func TestBuildNullAsBlank(t *testing.T) {
	q, err := build(t, testCatalog(t), "orders?$filter=ShipName eq null and Freight eq null", Limits{NullAsBlank: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := q.Filter.String(), `(and (isnull-blank "ShipName") (isnull "Freight"))`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestBuildErrors(t *testing.T) {
	cat := testCatalog(t)
	for _, c := range []struct {
		url    string
		status int
		target string
	}{
		{"nope", http.StatusNotFound, "nope"},
		{"orders?$filter=Nope eq 1", 400, "$filter"},
		{"orders?$filter=ShipName eq 1", 400, "$filter"},
		{"orders?$filter=ShipName", 400, "$filter"},
		{"orders?$filter=Closed gt true", 400, "$filter"},
		{"orders?$filter=ShipName add 1 eq 2", 400, "$filter"},
		{"orders?$filter=Shipped add duration'P1D' gt now()", 501, "$filter"},
		{"orders?$filter=Weight eq NaN", 501, "$filter"},
		{"orders?$filter=isof(ShipName,Edm.String)", 501, "$filter"},
		{"orders?$orderby=Nope", 400, "$orderby"},
		{"orders?$orderby=ShipName eq 'x'", 501, "$orderby"},
		{"orders?$select=Nope", 400, "$select"},
		{"orders('x')", 400, "orders"},
		{"Order_Lines(1)", 400, "Order_Lines"},
		{"Order_Lines(OrderNo=1,Nope=2)", 400, "Order_Lines"},
		{"orders(1)/Nope", 404, "orders/Nope"},
		{"orders?$skiptoken=garbage", 400, "$skiptoken"},
	} {
		_, err := build(t, cat, c.url, Limits{})
		e, ok := odata.AsError(err)
		if !ok {
			t.Errorf("%s: err = %v, want an OData error", c.url, err)
			continue
		}
		if e.Status != c.status || e.Target != c.target {
			t.Errorf("%s: %d %q (%s), want %d %q", c.url, e.Status, e.Target, e.Message, c.status, c.target)
		}
	}
}

func TestBuildNodeLimit(t *testing.T) {
	f := strings.Repeat("OrderNo eq 1 or ", 50) + "OrderNo eq 1"
	_, err := build(t, testCatalog(t), "orders?$filter="+f, Limits{MaxNodes: 100})
	if e, ok := odata.AsError(err); !ok || e.Code != "QueryTooComplex" {
		t.Fatalf("err = %v, want QueryTooComplex", err)
	}
	if _, err := build(t, testCatalog(t), "orders?$filter="+f, Limits{MaxNodes: 1000}); err != nil {
		t.Fatalf("under the limit: %v", err)
	}
}

func TestBuildOrderAndPaging(t *testing.T) {
	cat := testCatalog(t)
	for _, c := range []struct {
		url           string
		order         string
		offset, limit int64
		extra, count  bool
	}{
		{"orders", `"OrderNo"`, 0, 20, true, false},
		{"orders?$top=5", `"OrderNo"`, 0, 5, false, false},
		{"orders?$top=20", `"OrderNo"`, 0, 20, false, false},
		{"orders?$top=21", `"OrderNo"`, 0, 20, true, false},
		{"orders?$top=50&$skip=7&$count=true", `"OrderNo"`, 7, 20, true, true},
		{"orders?$top=50&$skip=7&$skiptoken=" + EncodeSkipToken(40), `"OrderNo"`, 47, 10, false, false},
		{"orders?$orderby=ShipName desc,OrderNo", `"ShipName" desc,"OrderNo"`, 0, 20, true, false},
		{"orders?$orderby=year(Shipped)", `(year "Shipped"),"OrderNo"`, 0, 20, true, false},
		{"Order_Lines?$orderby=LineNo&$top=0", `"LineNo","OrderNo"`, 0, 0, false, false},
	} {
		q, err := build(t, cat, c.url, Limits{MaxPageSize: 20})
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		var parts []string
		for _, o := range q.OrderBy {
			s := o.Expr.String()
			if o.Desc {
				s += " desc"
			}
			parts = append(parts, s)
		}
		if got := strings.Join(parts, ","); got != c.order {
			t.Errorf("%s: order %s, want %s", c.url, got, c.order)
		}
		if q.Offset != c.offset || q.Limit != c.limit || q.FetchExtra != c.extra || q.WithCount != c.count {
			t.Errorf("%s: offset=%d limit=%d extra=%t count=%t, want %d %d %t %t", c.url, q.Offset, q.Limit, q.FetchExtra, q.WithCount, c.offset, c.limit, c.extra, c.count)
		}
	}
}

func TestSkipTokenRoundTrip(t *testing.T) {
	for _, n := range []int64{0, 1, 20, 1 << 40} {
		got, err := DecodeSkipToken(EncodeSkipToken(n))
		if err != nil || got != n {
			t.Errorf("%d: got %d, %v", n, got, err)
		}
	}
	for _, bad := range []string{"", "10447", "bzE.LTE", "!!"} {
		if _, err := DecodeSkipToken(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
