package sqlgen_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
)

// keysetCases are pages after the first of a keyset walk: the request, then the sort
// values of the row the page starts at, as a driver returns them (text, "null"). Their
// SQL in every dialect is in testdata/golden-keyset: the expanded seek predicate with
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
	dir := filepath.Join("testdata", "golden-keyset")
	if *update {
		os.RemoveAll(dir)
		os.MkdirAll(dir, 0o755)
	}
	for i, c := range keysetCases {
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
		got := renderAll(t, cat, c.url+sep+"$skiptoken="+tok)
		// The token is signed with a per-process key: show the values instead.
		got = strings.Replace(got, "$skiptoken="+tok, "(after "+c.after+")", 1)
		name := filepath.Join(dir, fmt.Sprintf("%02d-%s.txt", i, slug(c.url+" after "+c.after)))
		if *update {
			if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s: %v (run go test ./sqlgen -update)", c.url, err)
			continue
		}
		if string(want) != got {
			t.Errorf("%s after %s: SQL changed (go test ./sqlgen -update rewrites it)\n--- want\n%s\n--- got\n%s", c.url, c.after, want, got)
		}
	}
}
