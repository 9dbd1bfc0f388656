package sqlgen_test

import (
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
)

// keysetCases are pages after the first of a keyset walk: the request, then the sort
// values of the row the page starts at, as a driver returns them (text, "null"). Their
// SQL in every dialect is in testdata/keyset/<dialect>.golden: the expanded seek predicate with
// OData's null order, asc and desc, nullable and not.
var keysetCases = []struct{ url, after string }{
	{"orders", "OrderNo=10248"},
	{"orders?$orderby=ShipName", "ShipName=Alfreds,OrderNo=10248"},
	{"orders?$orderby=ShipName", "ShipName=null,OrderNo=10248"},
	{"orders?$orderby=ShipName desc", "ShipName=Alfreds,OrderNo=10248"},
	{"orders?$orderby=ShipName desc", "ShipName=null,OrderNo=10248"},
	{"orders?$orderby=OrderNo desc", "OrderNo=10248"},
	{"orders?$filter=Freight gt 10 or ShipName eq null&$orderby=Shipped desc,Freight,OrderDate&$select=ShipName&$count=true",
		"Shipped=2020-01-31 10:00:00.5,Freight=12.50,OrderDate=2020-01-31,OrderNo=10248"},
	{"orders?$orderby=Discontinued,Weight desc,Token,Ref", "Discontinued=1,Weight=0.1,Token=01234567-89ab-cdef-0123-456789abcdef,Ref=9007199254740993,OrderNo=7"},
	{"Order_Lines?$orderby=Note desc&$select=Quantity", "Note=null,OrderNo=10248,LineNo=3"},
	{"Order_Lines?$top=250&$skip=10", "OrderNo=10248,LineNo=3"},
	{"orders?$orderby=CustomerCode desc&$select=OrderNo", "CustomerCode=ALFKI,OrderNo=10248"},
}

func TestGoldenKeysetSQL(t *testing.T) {
	cat := fixture(t)
	lim := plan.Limits{MaxPageSize: 100}
	files := newDialectFiles("keyset pages: the seek predicate after the row named")
	for _, c := range keysetCases {
		path, query, _ := strings.Cut(c.url, "?")
		req, err := odata.ParseURL(path, query)
		if err != nil {
			t.Fatal(err)
		}
		first, err := plan.Build(req, cat, lim)
		if err != nil || first.Keyset == nil {
			t.Fatalf("%s: no keyset plan (%v)", c.url, err)
		}
		row := make([]any, len(first.Select)+len(first.Extra))
		for _, kv := range strings.Split(c.after, ",") {
			name, v, _ := strings.Cut(kv, "=")
			found := false
			for j, col := range first.Keyset.Cols {
				if col.Name == name {
					found = true
					if v != "null" {
						row[first.Keyset.Index[j]] = v
					}
				}
			}
			if !found {
				t.Fatalf("%s: %s is not an order column", c.url, name)
			}
		}
		tok := plan.KeysetToken(lim, first, 200, row)
		if tok == "" {
			t.Fatalf("%s after %s: no token", c.url, c.after)
		}
		sep := "?"
		if query != "" {
			sep = "&"
		}
		// The token is signed with a per-process key: the case is named by the values.
		renderAll(t, cat, files, c.url+" after "+c.after, c.url+sep+"$skiptoken="+tok)
	}
	files.check(t, "keyset")
}
