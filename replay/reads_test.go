package replay

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// encode writes a query option value as Salesforce does: spaces as '+' (or "%20"),
// only the characters that would break the URL percent-encoded, quotes and
// parentheses left as they are.
func encode(v string, space string) string {
	var sb strings.Builder
	for _, b := range []byte(v) {
		switch {
		case b == ' ':
			sb.WriteString(space)
		case b == '&' || b == '#' || b == '%' || b == '+' || b == '"' || b >= 0x80 || b < 0x20:
			fmt.Fprintf(&sb, "%%%02X", b)
		default:
			sb.WriteByte(b)
		}
	}
	return sb.String()
}

func buildQuery(opts [][2]string, space string) string {
	parts := make([]string, len(opts))
	for i, o := range opts {
		parts[i] = o[0] + "=" + encode(o[1], space)
	}
	return strings.Join(parts, "&")
}

// readCase is one documented (D*) or inferred (I*) Salesforce request, adapted to the
// demo schema, with its expectation computed from direct SQL.
type readCase struct {
	id    string
	set   string      // entity set in the URL
	table string      // database table
	key   []string    // key columns (database = property names in the demo)
	opts  [][2]string // query options, unencoded
	// match selects the expected rows (nil: all); evaluated in Go over direct-SQL rows.
	match func(r row) bool
	top   int // -1: absent
	skip  int
	// count: the payload must carry @odata.count (a JSON number) = matching rows.
	count bool
	// sel lists the exact properties each row must have (nil: not checked).
	sel []string
	// keyOrder: rows must come in key order (no other $orderby).
	keyOrder bool
	header   []string
}

func contains(r row, col, sub string) bool { return r[col] != nil && strings.Contains(*r[col], sub) }
func containsFold(r row, col, sub string) bool {
	return r[col] != nil && strings.Contains(asciiLower(*r[col]), asciiLower(sub))
}

// asciiLower folds ASCII letters only: the common ground of the engines' $search.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func eq(r row, col, v string) bool { return r[col] != nil && *r[col] == v }

var customerText = []string{"CustomerCode", "CompanyName", "ContactName", "ContactTitle", "Country", "City", "PostalCode", "Phone", "CurrencyCode", "Notes"}

func searchAll(cols []string, term string) func(r row) bool {
	return func(r row) bool {
		for _, c := range cols {
			if containsFold(r, c, term) {
				return true
			}
		}
		return false
	}
}

func readCases() []readCase {
	cust := func(id string, opts [][2]string, match func(row) bool, top int, count bool, sel []string) readCase {
		return readCase{id: id, set: "customers", table: "customers", key: []string{"CustomerCode"}, opts: opts, match: match, top: top, count: count, sel: sel, keyOrder: true}
	}
	acme := func(r row) bool { return contains(r, "CompanyName", "Acme") || contains(r, "Phone", "Acme") }
	sel3 := []string{"CompanyName", "Phone", "CustomerCode"}
	return []readCase{
		{id: "D1 list view, counts on", set: "suppliers", table: "suppliers", key: []string{"SupplierCode"},
			opts: [][2]string{{"$select", "SupplierCode"}, {"$count", "true"}, {"$top", "26"}},
			top:  26, count: true, sel: []string{"SupplierCode"}, keyOrder: true},
		cust("D2 2.0-style search, substringof + $inlinecount", [][2]string{{"$select", "CompanyName,Phone,CustomerCode"}, {"$inlinecount", "allpages"},
			{"$filter", "substringof('Acme',CompanyName) eq true or substringof('Acme',Phone) eq true"}, {"$top", "25"}}, acme, 25, true, sel3),
		cust("D3 2.0 custom search parameter (ignored: no 2.0 adapter)", [][2]string{{"$select", "CompanyName,Phone,CustomerCode"}, {"$inlinecount", "allpages"},
			{"doSearch", "Acme"}, {"$top", "25"}}, nil, 25, true, sel3),
		cust("D4 4.x search, contains chain", [][2]string{{"$select", "CompanyName,Phone,CustomerCode"}, {"$count", "true"},
			{"$filter", "contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true"}, {"$top", "25"}}, acme, 25, true, sel3),
		cust("D5 4.x free-text $search", [][2]string{{"$select", "CompanyName,Phone,CustomerCode"}, {"$count", "true"}, {"$search", "Acme"}, {"$top", "25"}},
			searchAll(customerText, "acme"), 25, true, sel3),
		{id: "D6 server-driven page with $top above the page", set: "orders", table: "orders", key: []string{"OrderNo"},
			opts: [][2]string{{"$count", "true"}, {"$select", "CustomerCode,OrderNo,RequiredDate,Shipped"}, {"$top", "301"}},
			top:  301, count: true, sel: []string{"CustomerCode", "OrderNo", "RequiredDate", "Shipped"}, keyOrder: true},
		{id: "D7/I2 SOQL WHERE Country = 'USA' ORDER BY City LIMIT 26", set: "suppliers", table: "suppliers", key: []string{"SupplierCode"},
			opts:  [][2]string{{"$orderby", "City"}, {"$select", "City,SupplierCode"}, {"$count", "true"}, {"$filter", "Country eq 'USA'"}, {"$top", "26"}},
			match: func(r row) bool { return eq(r, "Country", "USA") }, top: 26, count: true, sel: []string{"City", "SupplierCode"}},
		cust("D8 search punctuation removed: 'Sales Marketing'", [][2]string{{"$select", "CustomerCode"}, {"$count", "true"}, {"$search", "Sales Marketing"}, {"$top", "25"}},
			func(r row) bool {
				return searchAll(customerText, "sales")(r) && searchAll(customerText, "marketing")(r)
			}, 25, true, []string{"CustomerCode"}),
		{id: "D9 detail by key ($filter=CustomerID eq 12345)", set: "orders", table: "orders", key: []string{"OrderNo"},
			opts: [][2]string{{"$filter", "OrderNo eq 10248"}}, match: func(r row) bool { return eq(r, "OrderNo", "10248") }, top: -1, keyOrder: true},
		{id: "D9 $orderby=ShipName desc&$top=200", set: "orders", table: "orders", key: []string{"OrderNo"},
			opts: [][2]string{{"$orderby", "ShipName desc"}, {"$top", "200"}}, top: 200},
		{id: "D9 $select + $top=200 + $skip=10", set: "orders", table: "orders", key: []string{"OrderNo"},
			opts: [][2]string{{"$select", "CustomerCode,OrderDate,OrderNo,ShipCity,ShipCountry"}, {"$top", "200"}, {"$skip", "10"}},
			top:  200, skip: 10, sel: []string{"CustomerCode", "OrderDate", "OrderNo", "ShipCity", "ShipCountry"}, keyOrder: true},
		{id: "D9 search chain on a key", set: "orders", table: "orders", key: []string{"OrderNo"},
			opts:  [][2]string{{"$filter", "contains(CustomerCode,'10248') eq true or contains(ShipName,'10248') eq true"}},
			match: func(r row) bool { return contains(r, "CustomerCode", "10248") || contains(r, "ShipName", "10248") }, top: -1, keyOrder: true},
		func() readCase {
			c := cust("I3 page 2, counts off", [][2]string{{"$select", "CustomerCode,CompanyName"}, {"$count", "false"}, {"$top", "26"}, {"$skip", "25"}},
				nil, 26, false, []string{"CustomerCode", "CompanyName"})
			c.skip = 25
			return c
		}(),
		{id: "I4 record detail with an awkward key", set: "suppliers", table: "suppliers", key: []string{"SupplierCode"},
			opts: [][2]string{{"$select", "SupplierCode,CompanyName,ContactName,Country,City,Phone,Email,IsPreferred,Rating"},
				{"$filter", "SupplierCode eq 'A/B&C'"}, {"$top", "1"}},
			match: func(r row) bool { return eq(r, "SupplierCode", "A/B&C") }, top: 1,
			sel: []string{"SupplierCode", "CompanyName", "ContactName", "Country", "City", "Phone", "Email", "IsPreferred", "Rating"}},
		{id: "I4 record detail, quote in key", set: "suppliers", table: "suppliers", key: []string{"SupplierCode"},
			opts:  [][2]string{{"$filter", "SupplierCode eq 'O''NEIL'"}},
			match: func(r row) bool { return eq(r, "SupplierCode", "O'NEIL") }, top: -1},
		{id: "I5 related list by foreign key", set: "Order_Lines", table: "Order Lines", key: []string{"OrderNo", "LineNo"},
			opts:  [][2]string{{"$select", "OrderNo,LineNo,Quantity,UnitPrice"}, {"$filter", "OrderNo eq 10248"}, {"$count", "true"}},
			match: func(r row) bool { return eq(r, "OrderNo", "10248") }, top: -1, count: true, sel: []string{"OrderNo", "LineNo", "Quantity", "UnitPrice"}, keyOrder: true},
		{id: "202 rule: $top=202 returns 202 rows, no next link", set: "Order_Lines", table: "Order Lines", key: []string{"OrderNo", "LineNo"},
			opts: [][2]string{{"$select", "OrderNo,LineNo"}, {"$count", "true"}, {"$top", "202"}}, top: 202, count: true, sel: []string{"OrderNo", "LineNo"}, keyOrder: true},
		{id: "2000 rule: counts off, $top=2000", set: "Order_Lines", table: "Order Lines", key: []string{"OrderNo", "LineNo"},
			opts: [][2]string{{"$select", "OrderNo,LineNo"}, {"$count", "false"}, {"$top", "2000"}}, top: 2000, sel: []string{"OrderNo", "LineNo"}, keyOrder: true},
		{id: "4.01 in and case-insensitive option names", set: "suppliers", table: "suppliers", key: []string{"SupplierCode"},
			opts:  [][2]string{{"$SELECT", "SupplierCode,Country"}, {"$Count", "true"}, {"$FILTER", "Country in ('USA','Germany')"}, {"$TOP", "26"}},
			match: func(r row) bool { return eq(r, "Country", "USA") || eq(r, "Country", "Germany") }, top: 26, count: true,
			sel: []string{"SupplierCode", "Country"}, keyOrder: true, header: []string{"OData-MaxVersion", "4.01"}},
	}
}

func TestReplay(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			g := start(t, e, nil)
			t.Run("reads", func(t *testing.T) { replayReads(t, e, g) })
			t.Run("next links", func(t *testing.T) { replayNextLinks(t, e, g) })
			t.Run("roots and metadata", func(t *testing.T) { replayRoots(t, g) })
			t.Run("writes", func(t *testing.T) { replayWrites(t, e) })
			if e.name == "sqlite" { // the edge does not depend on the database
				t.Run("csrf", func(t *testing.T) { replayCSRF(t, e) })
				t.Run("auth", func(t *testing.T) { replayAuth(t, e) })
			}
		})
	}
}

func replayReads(t *testing.T, e *engine, g *gateway) {
	tables := map[string][]row{}
	for _, c := range readCases() {
		if tables[c.table] == nil {
			tables[c.table] = e.rows(t, c.table, c.key...)
		}
		var want []row
		for _, r := range tables[c.table] {
			if c.match == nil || c.match(r) {
				want = append(want, r)
			}
		}
		for _, space := range []string{"+", "%20"} {
			u := g.url + c.set + "?" + buildQuery(c.opts, space)
			t.Run(c.id+" "+space, func(t *testing.T) {
				res := do(t, http.MethodGet, u, nil, c.header...)
				checkRead(t, c, res, want, u)
			})
		}
	}
}

func checkRead(t *testing.T, c readCase, res *response, want []row, u string) {
	t.Helper()
	if res.status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", u, res.status, res.body)
	}
	wantVersion := "4.0"
	if slices.Contains(c.header, "4.01") {
		wantVersion = "4.01"
	}
	if v := res.header.Get("OData-Version"); v != wantVersion {
		t.Errorf("OData-Version %q, want %q", v, wantVersion)
	}
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	m := res.json(t)
	n, hasCount := m["@odata.count"]
	switch {
	case c.count && !hasCount:
		t.Errorf("no @odata.count")
	case c.count:
		num, ok := n.(json.Number)
		if !ok {
			t.Errorf("@odata.count is %T, want a JSON number", n)
		} else if num.String() != fmt.Sprint(len(want)) {
			t.Errorf("@odata.count = %s, want %d (direct SQL)", num, len(want))
		}
	case hasCount:
		t.Errorf("@odata.count present without $count=true")
	}
	if _, ok := m["@odata.nextLink"]; ok {
		t.Errorf("next link on a client-driven page: %v", m["@odata.nextLink"])
	}
	page := want
	if c.skip > 0 {
		page = page[min(c.skip, len(page)):]
	}
	if c.top >= 0 && len(page) > c.top {
		page = page[:c.top]
	}
	vals, _ := m["value"].([]any)
	if len(vals) != len(page) {
		t.Fatalf("%d rows, want %d (direct SQL: %d match)", len(vals), len(page), len(want))
	}
	var got []string
	for _, v := range vals {
		ent := v.(map[string]any)
		if c.sel != nil {
			var names []string
			for k := range ent {
				names = append(names, k)
			}
			if !slices.Equal(sortedCopy(names), sortedCopy(c.sel)) {
				t.Fatalf("row properties %v, want exactly %v", sortedCopy(names), sortedCopy(c.sel))
			}
		}
		parts := make([]string, len(c.key))
		for i, k := range c.key {
			parts[i] = str(jsonText(ent[k]))
		}
		got = append(got, strings.Join(parts, "|"))
	}
	wantKeys := keysOf(page, c.key...)
	switch {
	case c.keyOrder:
		if !slices.Equal(got, wantKeys) {
			t.Errorf("keys %v\nwant %v", first(got), first(wantKeys))
		}
	case c.top < 0 || len(want) <= c.top:
		if !slices.Equal(sortedCopy(got), sortedCopy(wantKeys)) {
			t.Errorf("keys %v\nwant %v", first(got), first(wantKeys))
		}
	}
}

func first(s []string) []string {
	if len(s) > 8 {
		return append(s[:8:8], fmt.Sprintf("… (%d)", len(s)))
	}
	return s
}

// replayNextLinks: server-driven paging (D6 shape): pages of at most 2,000 rows with an
// absolute next link that keeps $select/$count/$filter; following them to the end
// returns every matching row exactly once.
func replayNextLinks(t *testing.T, e *engine, g *gateway) {
	all := e.rows(t, "Order Lines", "OrderNo", "LineNo")
	var want []row
	for _, r := range all {
		if r["Quantity"] != nil && *r["Quantity"] != "1" {
			want = append(want, r)
		}
	}
	for _, c := range []struct {
		name  string
		opts  [][2]string
		total int
	}{
		{"no $top", [][2]string{{"$count", "true"}, {"$select", "OrderNo,LineNo"}, {"$filter", "Quantity ne 1"}}, len(want)},
		{"$top above the page", [][2]string{{"$count", "true"}, {"$select", "OrderNo,LineNo"}, {"$filter", "Quantity ne 1"}, {"$top", "2500"}}, min(2500, len(want))},
	} {
		for _, space := range []string{"+", "%20"} {
			t.Run(c.name+" "+space, func(t *testing.T) {
				u := g.url + "Order_Lines?" + buildQuery(c.opts, space)
				var got []string
				pages := 0
				for u != "" {
					pages++
					if pages > 10 {
						t.Fatal("too many pages")
					}
					res := do(t, http.MethodGet, u, nil)
					if res.status != http.StatusOK {
						t.Fatalf("%s: %d %s", u, res.status, res.body)
					}
					m := res.json(t)
					if n, ok := m["@odata.count"].(json.Number); !ok || n.String() != fmt.Sprint(len(want)) {
						t.Errorf("page %d: @odata.count %v, want %d", pages, m["@odata.count"], len(want))
					}
					vals := m["value"].([]any)
					if len(vals) > 2000 {
						t.Errorf("page of %d rows", len(vals))
					}
					for _, v := range vals {
						ent := v.(map[string]any)
						got = append(got, str(jsonText(ent["OrderNo"]))+"|"+str(jsonText(ent["LineNo"])))
					}
					next, _ := m["@odata.nextLink"].(string)
					if next != "" {
						nu, err := url.Parse(next)
						if err != nil || !nu.IsAbs() || !strings.HasPrefix(next, g.url) {
							t.Fatalf("next link %q is not absolute under %s", next, g.url)
						}
						q := nu.Query()
						for _, o := range c.opts {
							if q.Get(o[0]) != o[1] {
								t.Errorf("next link lost %s=%s: %s", o[0], o[1], next)
							}
						}
						if q.Get("$skiptoken") == "" {
							t.Errorf("next link without $skiptoken: %s", next)
						}
					}
					u = next
				}
				wantKeys := keysOf(want, "OrderNo", "LineNo")[:c.total]
				if !slices.Equal(got, wantKeys) {
					t.Errorf("%d rows over %d pages, want %d in key order", len(got), pages, len(wantKeys))
				}
				if pages < 2 {
					t.Errorf("%d page(s); expected next links", pages)
				}
			})
		}
	}
}

// replayRoots: D10 service roots and I1 Validate and Sync ($metadata), bare and with
// OData-MaxVersion 4.01.
func replayRoots(t *testing.T, g *gateway) {
	for _, u := range []string{g.url, strings.TrimSuffix(g.url, "/")} {
		res := do(t, http.MethodGet, u, nil)
		if res.status != http.StatusOK || res.header.Get("OData-Version") != "4.0" {
			t.Fatalf("%s: %d %s", u, res.status, res.header.Get("OData-Version"))
		}
		m := res.json(t)
		vals, _ := m["value"].([]any)
		if len(vals) < 10 {
			t.Errorf("service document lists %d entity sets", len(vals))
		}
	}
	for _, c := range []struct{ max, want string }{{"", "4.0"}, {"4.0", "4.0"}, {"4.01", "4.01"}} {
		res := do(t, http.MethodGet, g.url+"$metadata", nil, "OData-MaxVersion", c.max)
		if res.status != http.StatusOK || res.header.Get("OData-Version") != c.want {
			t.Errorf("$metadata with max %q: %d, OData-Version %q", c.max, res.status, res.header.Get("OData-Version"))
		}
		if !strings.Contains(string(res.body), `Version="`+c.want+`"`) || !strings.Contains(string(res.body), `<Key>`) {
			t.Errorf("$metadata with max %q does not declare Version %s: %.200s", c.max, c.want, res.body)
		}
	}
}
