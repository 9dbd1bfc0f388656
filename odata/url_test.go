package odata

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var pathKindNames = map[PathKind]string{
	PathServiceDoc: "servicedoc", PathMetadata: "metadata", PathEntitySet: "set",
	PathEntity: "entity", PathCount: "count", PathProperty: "property",
	PathPropertyValue: "value",
}

// describePath renders a Path compactly for table tests.
func describePath(p Path) string {
	var b strings.Builder
	b.WriteString(pathKindNames[p.Kind])
	if p.EntitySet != "" {
		b.WriteString(" " + p.EntitySet)
	}
	if p.Key != nil {
		b.WriteString(" (")
		for i, k := range p.Key {
			if i > 0 {
				b.WriteString(",")
			}
			if k.Name != "" {
				b.WriteString(k.Name + "=")
			}
			fmt.Fprintf(&b, "%s:%s", k.Value.Kind, k.Value)
		}
		b.WriteString(")")
	}
	if p.Property != "" {
		b.WriteString(" /" + p.Property)
	}
	for i, k := range p.NavKey {
		b.WriteString(map[bool]string{true: "(", false: ","}[i == 0])
		if k.Name != "" {
			b.WriteString(k.Name + "=")
		}
		fmt.Fprintf(&b, "%s:%s", k.Value.Kind, k.Value)
		if i == len(p.NavKey)-1 {
			b.WriteString(")")
		}
	}
	if p.NavProp != "" {
		b.WriteString("/" + p.NavProp)
	}
	if p.Ref {
		b.WriteString(" $ref")
	}
	return b.String()
}

// describeOptions renders Options compactly for table tests.
func describeOptions(o Options) string {
	var parts []string
	if o.Filter != nil {
		parts = append(parts, "filter="+o.Filter.String())
	}
	if o.Select != nil {
		var items []string
		for _, it := range o.Select {
			if it.Star {
				items = append(items, "*")
			} else {
				items = append(items, strings.Join(it.Path, "/"))
			}
		}
		parts = append(parts, "select=["+strings.Join(items, " ")+"]")
	}
	if o.OrderBy != nil {
		parts = append(parts, "orderby=["+orderString(o.OrderBy)+"]")
	}
	if o.Top != nil {
		parts = append(parts, fmt.Sprintf("top=%d", *o.Top))
	}
	if o.Skip != nil {
		parts = append(parts, fmt.Sprintf("skip=%d", *o.Skip))
	}
	if o.Count != nil {
		parts = append(parts, fmt.Sprintf("count=%t", *o.Count))
	}
	if o.Search != nil {
		parts = append(parts, "search="+o.Search.String())
	}
	if o.SkipToken != "" {
		parts = append(parts, "skiptoken="+o.SkipToken)
	}
	if o.Format != "" {
		parts = append(parts, "format="+o.Format)
	}
	if o.Metadata != "" {
		parts = append(parts, "metadata="+o.Metadata)
	}
	if o.Custom != nil {
		var keys []string
		for k := range o.Custom {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, k+":"+o.Custom[k])
		}
		parts = append(parts, "custom={"+strings.Join(kv, " ")+"}")
	}
	return strings.Join(parts, " ")
}

func TestParsePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "servicedoc"},
		{"/", "servicedoc"},
		{"$metadata", "metadata"},
		{"/$metadata", "metadata"},
		{"Orders", "set Orders"},
		{"/Orders", "set Orders"},
		{"Orders/", "set Orders"},
		{"Orders(10248)", "entity Orders (int:10248)"},
		{"Orders(-1)", "entity Orders (int:-1)"},
		{"Customers('ALFKI')", "entity Customers (string:'ALFKI')"},
		{"Customers('O''Neil')", "entity Customers (string:'O''Neil')"},
		{"Customers(%27O%27%27Neil%27)", "entity Customers (string:'O''Neil')"},
		{"Customers%28%27O%27%27Neil%27%29", "entity Customers (string:'O''Neil')"},
		{"Customers('A%20B')", "entity Customers (string:'A B')"},
		{"Customers('A+B')", "entity Customers (string:'A+B')"}, // '+' is not a space in paths
		{"Categories('Smartphone%2FTablet')", "entity Categories (string:'Smartphone/Tablet')"},
		{"Customers('%C3%9Cber')", "entity Customers (string:'Über')"},
		{"Order_Details(OrderID=1,ProductID=2)", "entity Order_Details (OrderID=int:1,ProductID=int:2)"},
		{"Order_Details(OrderID=10248,ProductID=11)", "entity Order_Details (OrderID=int:10248,ProductID=int:11)"},
		{"Order_Details(OrderID = 1, ProductID = 2)", "entity Order_Details (OrderID=int:1,ProductID=int:2)"},
		{"Order_Details(OrderID%3D1%2CProductID%3D2)", "entity Order_Details (OrderID=int:1,ProductID=int:2)"},
		{"Orders(10L)", "entity Orders (int:10)"},
		{"Orders(guid'01234567-89AB-cdef-0123-456789abcdef')", "entity Orders (guid:01234567-89ab-cdef-0123-456789abcdef)"},
		{"Orders(01234567-89ab-cdef-0123-456789abcdef)", "entity Orders (guid:01234567-89ab-cdef-0123-456789abcdef)"},
		{"Orders(datetime'2020-01-31T00:00:00')", "entity Orders (datetimeoffset:2020-01-31T00:00:00Z)"},
		{"Orders(2020-01-31)", "entity Orders (date:2020-01-31)"},
		{"Orders(1.5M)", "entity Orders (decimal:1.5)"},
		{"Orders(true)", "entity Orders (bool:true)"},
		{"Orders/$count", "count Orders"},
		{"Orders(1)/ShipName", "property Orders (int:1) /ShipName"},
		{"Orders(1)/ShipName/$value", "value Orders (int:1) /ShipName"},
		{"Customers('ALFKI')/Orders(10643)", "property Customers (string:'ALFKI') /Orders(int:10643)"},
		{"Orders(1)/Order_Details(OrderID=1,ProductID=2)", "property Orders (int:1) /Order_Details(OrderID=int:1,ProductID=int:2)"},
		{"Orders(1)/Customer/CompanyName", "property Orders (int:1) /Customer/CompanyName"},
		{"Orders(1)/Customer/CompanyName/$value", "value Orders (int:1) /Customer/CompanyName"},
		{"Customers('A')/Orders(1)/ShipName", "property Customers (string:'A') /Orders(int:1)/ShipName"},
		{"Customers('A')/Orders(1)/ShipName/$value", "value Customers (string:'A') /Orders(int:1)/ShipName"},
		{"Orders/$ref", "set Orders $ref"},
		{"Orders(1)/$ref", "entity Orders (int:1) $ref"},
		{"Orders(1)/Customer/$ref", "property Orders (int:1) /Customer $ref"},
		{"Customers('A')/Orders(1)/$ref", "property Customers (string:'A') /Orders(int:1) $ref"},
		{"Größen(1)", "entity Größen (int:1)"},
		{"Gr%C3%B6%C3%9Fen", "set Größen"},
	} {
		p, err := ParsePath(tc.in)
		if err != nil {
			t.Errorf("ParsePath(%q): %v", tc.in, err)
			continue
		}
		if got := describePath(p); got != tc.want {
			t.Errorf("ParsePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParsePathErrors(t *testing.T) {
	for _, tc := range []struct {
		in     string
		status int
		code   string
		msg    string
	}{
		{"Orders()", 400, "InvalidKey", "Orders: empty key predicate at position 7"},
		{"Orders(1", 400, "InvalidKey", "expected ',' or ')' at the end of the key predicate, found end of input at position 8"},
		{"Orders(1)x", 400, "InvalidKey", "position 8"},
		{"Orders(1,2)", 400, "InvalidKey", "must name each of them"},
		{"Orders(A=1,2)", 400, "InvalidKey", "must name each of them"},
		{"Orders(1,A=2)", 400, "InvalidKey", "must name each of them"},
		{"Orders(A=1,A=2)", 400, "InvalidKey", "duplicate key property 'A' at position 11"},
		{"Orders(null)", 400, "InvalidKey", "a key value cannot be null at position 7"},
		{"Orders(Name)", 400, "InvalidKey", "a key value must be a literal at position 7"},
		{"Orders(A=B)", 400, "InvalidKey", "a key value must be a literal at position 9"},
		{"Orders('x)", 400, "InvalidKey", "unterminated string literal at position 7"},
		{"Orders('A/B')", 400, "InvalidKey", "unterminated string literal"},
		{"Orders(2019-02-29)", 400, "InvalidKey", "invalid day of month at position 15"},
		{"Orders(@k)", 501, "UnsupportedExpression", "parameter aliases"},
		{"Orders//x", 400, "InvalidPath", "empty segment"},
		{"//", 400, "InvalidPath", "invalid resource path"},
		{"Orders/ShipName", 400, "InvalidPath", "a property needs an entity"},
		{"Orders(1)/$count", 400, "InvalidPath", "$count needs a collection"},
		{"Orders/$count/x", 400, "InvalidPath", "nothing may follow $count"},
		{"$metadata/x", 400, "InvalidPath", "nothing may follow $metadata"},
		{"$foo", 400, "InvalidPath", "unknown resource"},
		{"%zz", 400, "InvalidPath", "invalid percent-encoding"},
		{"Orders%2", 400, "InvalidPath", "invalid percent-encoding"},
		{"%FF", 400, "InvalidPath", "invalid UTF-8"},
		{"1Orders", 400, "InvalidPath", "invalid resource path segment"},
		{"Orders-x", 400, "InvalidPath", "invalid resource path segment"},
		{"Orders(1)/ShipName/$value/x", 400, "InvalidPath", "nothing may follow $value"},
		{"Orders(1)/Ship-Name", 400, "InvalidPath", "invalid property name"},
		{"Orders(1)/$foo", 400, "InvalidPath", "unknown path segment"},
		{"$batch", 405, "MethodNotAllowed", "$batch accepts only POST"},
		{"$entity", 501, "UnsupportedPath", ""},
		{"$all", 501, "UnsupportedPath", ""},
		{"$crossjoin(A,B)", 501, "UnsupportedPath", ""},
		{"Orders(1)/Customer/Address/Street", 501, "UnsupportedPath", "navigation"},
		{"Orders(1)/Customer/Orders(2)", 501, "UnsupportedPath", "navigation after navigation"},
		{"Orders(1)/Customer/$ref/x", 400, "InvalidPath", "nothing may follow $ref"},
		{"Orders/$ref/x", 400, "InvalidPath", "nothing may follow $ref"},
		{"Orders(1)/Customer/Name/$value/x", 400, "InvalidPath", "nothing may follow $value"},
		{"Orders(1)/Customer/$foo", 400, "InvalidPath", "unknown path segment"},
		{"Customers('A')/Orders(1)/$count", 400, "InvalidPath", "needs a collection"},
		{"Orders/NS.Special", 501, "UnsupportedPath", ""},
		{"Orders(1)/$value", 501, "UnsupportedPath", ""},
		{"Orders(1)/NS.Type", 501, "UnsupportedPath", ""},
		{"Customers('A')/Orders()", 400, "InvalidKey", "empty key predicate"},
		{"Customers('A')/Or-ders(1)", 400, "InvalidPath", "invalid resource path segment"},
		{"NS.Container.Orders", 501, "UnsupportedPath", ""},
	} {
		_, err := ParsePath(tc.in)
		oe, ok := AsError(err)
		if !ok {
			t.Errorf("ParsePath(%q) = %v, want *Error", tc.in, err)
			continue
		}
		if oe.Status != tc.status || oe.Code != tc.code || !strings.Contains(oe.Message, tc.msg) {
			t.Errorf("ParsePath(%q) = %d %s %q, want %d %s containing %q", tc.in, oe.Status, oe.Code, oe.Message, tc.status, tc.code, tc.msg)
		}
	}
}

var queryCases = []struct{ in, want string }{
	{"", ""},
	{"&", ""},
	{"&&$top=1&", "top=1"},
	{"$filter=Name eq 'x'", "filter=(eq Name 'x')"},
	{"$filter=Name+eq+%27x%27", "filter=(eq Name 'x')"},
	{"$filter=Name%20eq%20'A%20B'", "filter=(eq Name 'A B')"},
	{"$filter=Name+eq+'A+B'", "filter=(eq Name 'A B')"},
	{"$filter=Name eq 'A%2BB'", "filter=(eq Name 'A+B')"},
	{"$filter=Name eq 'A%26B'", "filter=(eq Name 'A&B')"},
	{"$filter=D gt 2020-01-31T10:00:00%2B02:00", "filter=(gt D 2020-01-31T10:00:00+02:00)"},
	{"$FILTER=a eq 1", "filter=(eq a 1)"},
	{"$Filter=a eq 1", "filter=(eq a 1)"},
	{"%24filter=a eq 1", "filter=(eq a 1)"},
	{"$select=A,B", "select=[A B]"},
	{"$select=A, B ,C", "select=[A B C]"},
	{"$select=*", "select=[*]"},
	{"$select=Address/City,*", "select=[Address/City *]"},
	{"$select=CompanyName,Phone,ShipperID", "select=[CompanyName Phone ShipperID]"},
	{"$orderby=A desc,B", "orderby=[A desc, B]"},
	{"$orderby=A%20asc", "orderby=[A]"},
	{"$orderby=ShipName+desc", "orderby=[ShipName desc]"},
	{"$top=10&$skip=20", "top=10 skip=20"},
	{"$top=0&$skip=0", "top=0 skip=0"},
	{"$top=9223372036854775807", "top=9223372036854775807"},
	{"$count=true", "count=true"},
	{"$count=FALSE", "count=false"},
	{"$inlinecount=allpages", "count=true"},
	{"$inlinecount=none", "count=false"},
	{"$search=Acme", "search=Acme"},
	{"$search=Acme+Corp", "search=(AND Acme Corp)"},
	{"$search=Acme%20Corp", "search=(AND Acme Corp)"},
	{"$search=%22Acme+Corp%22", `search="Acme Corp"`},
	{`$search="Acme Corp"`, `search="Acme Corp"`},
	{"$search=Sales+Marketing", "search=(AND Sales Marketing)"},
	{"$search=%CE%94", "search=Δ"},
	{"$search=more%26more", "search=more&more"},
	{"$skiptoken=10447", "skiptoken=10447"},
	{"$skiptoken=abc%3D%3D", "skiptoken=abc=="},
	{"$format=json", "format=json"},
	{"$format=JSON", "format=json"},
	{"$format=application/json", "format=json"},
	{"$format=application/json;odata.metadata=none", "format=json metadata=none"},
	{"$format=application%2Fjson%3Bodata.metadata%3Dfull", "format=json metadata=full"},
	{"$format=application/json; odata.metadata=Minimal; odata.streaming=true", "format=json metadata=minimal"},
	{"$format=application/json;charset=utf-8", "format=json"},
	{"$format=application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8", "format=json metadata=minimal"},
	{"doSearch=Acme", "custom={doSearch:Acme}"},
	{"doSearch=Acme+Corp&doSearch=second", "custom={doSearch:Acme Corp}"},
	{"filter=a eq 1&top=5", "custom={filter:a eq 1 top:5}"},
	{"@p='x'", "custom={@p:'x'}"},
	{"flag", "custom={flag:}"},
	{"=x", ""},
	{"sap-client=100&$top=1", "top=1 custom={sap-client:100}"},
	// Salesforce Connect documented requests (salesforce-connect.md §9).
	{"$select=SupplierID&$count=true&$top=26", "select=[SupplierID] top=26 count=true"},
	{"$select=CompanyName,Phone,ShipperID&$inlinecount=allpages&$filter=substringof('Acme',CompanyName)+eq+true+or+substringof('Acme',Phone)+eq+true&$top=25",
		"filter=(or (eq (substringof 'Acme' CompanyName) true) (eq (substringof 'Acme' Phone) true)) select=[CompanyName Phone ShipperID] top=25 count=true"},
	{"$select=CompanyName,Phone,ShipperID&$inlinecount=allpages&$filter=substringof('Acme',CompanyName)%20eq%20true%20or%20substringof('Acme',Phone)%20eq%20true&$top=25",
		"filter=(or (eq (substringof 'Acme' CompanyName) true) (eq (substringof 'Acme' Phone) true)) select=[CompanyName Phone ShipperID] top=25 count=true"},
	{"$select=CompanyName,Phone,ShipperID&$inlinecount=allpages&doSearch=Acme&$top=25",
		"select=[CompanyName Phone ShipperID] top=25 count=true custom={doSearch:Acme}"},
	{"$select=CompanyName,Phone,ShipperID&$count=true&$filter=contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true&$top=25&",
		"filter=(or (eq (contains CompanyName 'Acme') true) (eq (contains Phone 'Acme') true)) select=[CompanyName Phone ShipperID] top=25 count=true"},
	{"$select=CompanyName,Phone,ShipperID&$count=true&$search=Acme&$top=25",
		"select=[CompanyName Phone ShipperID] top=25 count=true search=Acme"},
	{"$count=true&$select=CustomerID,OrderID,RequiredDate,ShippedDate&$top=301&$skiptoken=10447",
		"select=[CustomerID OrderID RequiredDate ShippedDate] top=301 count=true skiptoken=10447"},
	{"$orderby=City&$select=City,SupplierID&$count=true&$filter=Country+eq+'USA'&$top=26",
		"filter=(eq Country 'USA') select=[City SupplierID] orderby=[City] top=26 count=true"},
	{"$filter=CustomerID eq 12345&$orderby=ShipName desc&$skip=10&$top=200",
		"filter=(eq CustomerID 12345) orderby=[ShipName desc] top=200 skip=10"},
	{"$filter=OrderID+eq+10248&$count=false", "filter=(eq OrderID 10248) count=false"},
}

func TestParseQuery(t *testing.T) {
	for _, tc := range queryCases {
		o, err := ParseQuery(tc.in)
		if err != nil {
			t.Errorf("ParseQuery(%q): %v", tc.in, err)
			continue
		}
		if got := describeOptions(o); got != tc.want {
			t.Errorf("ParseQuery(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, tc := range []struct {
		in     string
		status int
		code   string
		target string
		msg    string
	}{
		{"$xyz=1", 400, "InvalidQueryOption", "$xyz", "unknown system query option '$xyz'"},
		{"$filter =true", 400, "InvalidQueryOption", "$filter ", "unknown system query option"},
		{"$expand=Orders/$ref", 501, "UnsupportedQueryOption", "$expand", ""},
		{"$EXPAND=Orders($levels=0)", 400, "InvalidQueryOption", "$expand", "$levels must be a positive integer or max"},
		{"$expand=*($select=A)", 400, "InvalidQueryOption", "$expand", "* takes only $levels"},
		{"$expand=*($levels=2;$top=1)", 400, "InvalidQueryOption", "$expand", "* takes only $levels"},
		{"$expand=*($levels=two)", 400, "InvalidQueryOption", "$expand", "$levels must be"},
		{"$expand=*/$ref", 501, "UnsupportedQueryOption", "$expand", ""},
		{"$expand=Manager($levels=2;$levels=3)", 400, "InvalidQueryOption", "$expand", "more than once"},
		{"$apply=groupby((A))", 501, "UnsupportedQueryOption", "$apply", ""},
		{"$levels=2", 501, "UnsupportedQueryOption", "$levels", ""},
		{"$compute=A mul B as C", 501, "UnsupportedQueryOption", "$compute", ""},
		{"$index=1", 501, "UnsupportedQueryOption", "$index", ""},
		{"$schemaversion=1", 501, "UnsupportedQueryOption", "$schemaversion", ""},
		{"$deltatoken=x", 501, "UnsupportedQueryOption", "$deltatoken", ""},
		{"$id=x", 501, "UnsupportedQueryOption", "$id", ""},
		{"$top=1&$top=2", 400, "InvalidQueryOption", "$top", "more than once"},
		{"$filter=a eq 1&$FILTER=b eq 2", 400, "InvalidQueryOption", "$filter", "more than once"},
		{"$top=-1", 400, "InvalidQueryOption", "$top", "expected a non-negative integer"},
		{"$top=abc", 400, "InvalidQueryOption", "$top", "expected a non-negative integer"},
		{"$top=", 400, "InvalidQueryOption", "$top", "empty value"},
		{"$top", 400, "InvalidQueryOption", "$top", "empty value"},
		{"$top=+1", 400, "InvalidQueryOption", "$top", ""},
		{"$top=1.0", 400, "InvalidQueryOption", "$top", ""},
		{"$top=99999999999999999999", 400, "InvalidQueryOption", "$top", "out of range"},
		{"$skip=-5", 400, "InvalidQueryOption", "$skip", ""},
		{"$count=yes", 400, "InvalidQueryOption", "$count", "expected true or false"},
		{"$count", 400, "InvalidQueryOption", "$count", ""},
		{"$inlinecount=all", 400, "InvalidQueryOption", "$inlinecount", "expected allpages or none"},
		{"$inlinecount=allpages&$count=true", 400, "InvalidQueryOption", "$inlinecount", "cannot be combined"},
		{"$format=atom", 406, "UnsupportedFormat", "$format", "JSON only"},
		{"$format=xml", 406, "UnsupportedFormat", "$format", ""},
		{"$format=application/atom+xml", 406, "UnsupportedFormat", "$format", ""},
		{"$format=application/atom%2Bxml", 406, "UnsupportedFormat", "$format", ""},
		{"$format=csv", 400, "UnsupportedFormat", "$format", "unsupported format"},
		{"$format=text/html", 400, "UnsupportedFormat", "$format", ""},
		{"$format=application/json;odata.metadata=bogus", 400, "UnsupportedFormat", "$format", "unsupported parameter"},
		{"$format=application/json;IEEE754Compatible=true", 400, "UnsupportedFormat", "$format", ""},
		{"$select=", 400, "InvalidSelect", "$select", "$select: empty value at position 0"},
		{"$select=A,,B", 400, "InvalidSelect", "$select", "empty item at position 2"},
		{"$select=A,", 400, "InvalidSelect", "$select", "empty item at position 2"},
		{"$select=A, ", 400, "InvalidSelect", "$select", "empty item at position 3"},
		{"$select=A/", 400, "InvalidSelect", "$select", "empty path segment at position 2"},
		{"$select=A/1B", 400, "InvalidSelect", "$select", "invalid property name \"1B\" at position 2"},
		{"$select=A-B", 400, "InvalidSelect", "$select", "invalid property name"},
		{"$select=NS.Action", 501, "UnsupportedQueryOption", "$select", ""},
		{"$select=NS.*", 501, "UnsupportedQueryOption", "$select", ""},
		{"$select=Addresses($top=1)", 501, "UnsupportedQueryOption", "$select", ""},
		{"$select=@Core.Messages", 501, "UnsupportedQueryOption", "$select", ""},
		{"$filter=", 400, "InvalidFilter", "$filter", "empty expression"},
		{"$filter=%ZZ", 400, "InvalidQueryOption", "$filter", "invalid percent-encoding at position 0"},
		{"$filter=a+eq+1+", 400, "InvalidFilter", "$filter", "unexpected trailing whitespace at position 6"},
		{"$filter=+a+eq+1", 400, "InvalidFilter", "$filter", "unexpected leading whitespace at position 0"},
		{"$filter=a eq 1)", 400, "InvalidFilter", "$filter", "$filter: unexpected ')' at position 6"},
		{"$filter=a eq '%FF'", 400, "InvalidFilter", "$filter", "invalid UTF-8 at position 6"},
		{"$filter=Items/all()", 400, "InvalidFilter", "$filter", "all() requires a lambda expression"},
		{"$orderby=", 400, "InvalidOrderBy", "$orderby", ""},
		{"$orderby=A,,B", 400, "InvalidOrderBy", "$orderby", "empty $orderby item at position 2"},
		{"$search=", 400, "InvalidSearch", "$search", "empty search expression"},
		{"$search=%22blue", 400, "InvalidSearch", "$search", "unbalanced"},
		{"$skiptoken=", 400, "InvalidQueryOption", "$skiptoken", "empty value"},
		{"doSearch=%FF", 400, "InvalidQueryOption", "doSearch", "invalid UTF-8"},
		{"a%=1", 400, "InvalidQueryOption", "a%", "invalid percent-encoding"},
	} {
		_, err := ParseQuery(tc.in)
		oe, ok := AsError(err)
		if !ok {
			t.Errorf("ParseQuery(%q) = %v, want *Error", tc.in, err)
			continue
		}
		if oe.Status != tc.status || oe.Code != tc.code || oe.Target != tc.target || !strings.Contains(oe.Message, tc.msg) {
			t.Errorf("ParseQuery(%q) = %d %s [%s] %q, want %d %s [%s] containing %q",
				tc.in, oe.Status, oe.Code, oe.Target, oe.Message, tc.status, tc.code, tc.target, tc.msg)
		}
	}
}

func TestParseURL(t *testing.T) {
	r, err := ParseURL("/Order_Details(OrderID=10248,ProductID=11)",
		"$select=OrderID,Quantity&$filter=Quantity+gt+5&$orderby=Quantity+desc&$top=26&$count=true&doSearch=x")
	if err != nil {
		t.Fatal(err)
	}
	top, count := int64(26), true
	want := &Request{
		Path: Path{Kind: PathEntity, EntitySet: "Order_Details", Key: []KeyPart{
			{Name: "OrderID", Value: &Literal{Kind: LitInt, Value: int64(10248), Offset: 22}},
			{Name: "ProductID", Value: &Literal{Kind: LitInt, Value: int64(11), Offset: 38}},
		}},
		Query: Options{
			Filter: &Binary{Op: "gt", L: &Member{Path: []string{"Quantity"}}, R: &Literal{Kind: LitInt, Value: int64(5), Offset: 12}, Offset: 9},
			Select: []SelectItem{{Path: []string{"OrderID"}}, {Path: []string{"Quantity"}}},
			OrderBy: []OrderItem{
				{Expr: &Member{Path: []string{"Quantity"}}, Desc: true},
			},
			Top:    &top,
			Count:  &count,
			Custom: map[string]string{"doSearch": "x"},
		},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("ParseURL (-want +got):\n%s", diff)
	}

	// The path error wins over a query error; both are *Error.
	if _, err := ParseURL("Orders(", "$top=x"); !isStatus(err, 400) || !strings.Contains(err.Error(), "InvalidKey") {
		t.Errorf("ParseURL(Orders(, $top=x) = %v", err)
	}
	if _, err := ParseURL("Orders", "$top=x"); !isStatus(err, 400) {
		t.Errorf("ParseURL(Orders, $top=x) = %v", err)
	}
	// + vs %20 give the same canonical filter.
	a, err1 := ParseURL("Shippers", "$filter=substringof('Acme',CompanyName)+eq+true")
	b, err2 := ParseURL("Shippers", "$filter=substringof('Acme',CompanyName)%20eq%20true")
	if err1 != nil || err2 != nil || a.Query.Filter.String() != b.Query.Filter.String() {
		t.Errorf("+ vs %%20: %v %v", err1, err2)
	}
}
