package replay

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Salesforce Connect's OData 2.0 adapter against the 2.0 root (server/odatav2), in
// AtomPub (the adapter's default) and JSON verbose: D2, D3 with the custom search
// option, list-view pages with $inlinecount, $top=301 across next links, the write
// flows (POST, MERGE, PUT, X-HTTP-Method, DELETE) and CSRF; checked with direct SQL.

func v2URL(g *gateway) string { return g.url + "v2/" }

// v2Rows is a 2.0 collection page decoded to text values (nil for null).
type v2Rows struct {
	rows  []row
	count *string
	next  string
}

var jsonDateRE = regexp.MustCompile(`^/Date\((-?\d+)\)/$`)

func decodeV2(t *testing.T, res *response, atom bool) v2Rows {
	t.Helper()
	if res.status != http.StatusOK {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	if v := res.header.Get("DataServiceVersion"); v != "1.0" && v != "2.0" {
		t.Fatalf("DataServiceVersion %q", v)
	}
	var out v2Rows
	if !atom {
		var doc struct {
			D struct {
				Results []map[string]any `json:"results"`
				Count   *string          `json:"__count"`
				Next    string           `json:"__next"`
			} `json:"d"`
		}
		dec := json.NewDecoder(strings.NewReader(string(res.body)))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil || doc.D.Results == nil {
			t.Fatalf("not JSON verbose (%v): %.300s", err, res.body)
		}
		for _, r := range doc.D.Results {
			x := row{}
			for k, v := range r {
				if k != "__metadata" {
					x[k] = jsonText(v)
				}
			}
			out.rows = append(out.rows, x)
		}
		out.count, out.next = doc.D.Count, doc.D.Next
		return out
	}
	var feed struct {
		Count *string `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata count"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Entries []struct {
			Content struct {
				Props struct {
					Items []struct {
						XMLName xml.Name
						Null    string `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata null,attr"`
						Text    string `xml:",chardata"`
					} `xml:",any"`
				} `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata properties"`
			} `xml:"http://www.w3.org/2005/Atom content"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	if err := xml.Unmarshal(res.body, &feed); err != nil {
		t.Fatalf("not an Atom feed (%v): %.300s", err, res.body)
	}
	for _, en := range feed.Entries {
		x := row{}
		for _, it := range en.Content.Props.Items {
			if it.Null == "true" {
				x[it.XMLName.Local] = nil
			} else {
				s := it.Text
				x[it.XMLName.Local] = &s
			}
		}
		out.rows = append(out.rows, x)
	}
	out.count = feed.Count
	for _, l := range feed.Links {
		if l.Rel == "next" {
			out.next = l.Href
		}
	}
	return out
}

func v2Accept(atom bool) []string {
	if atom {
		return []string{"Accept", "application/atom+xml,application/xml"}
	}
	return []string{"Accept", "application/json"}
}

func formatName(atom bool) string {
	if atom {
		return "atom"
	}
	return "json"
}

func TestReplayV2(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			g := start(t, e, nil, "-search-option", "doSearch", "-max-page-size", "100")
			t.Run("reads", func(t *testing.T) { replayV2Reads(t, e, g) })
			t.Run("writes", func(t *testing.T) { replayV2Writes(t, e) })
			if e.name == "sqlite" {
				t.Run("csrf", func(t *testing.T) { replayV2CSRF(t, e) })
			}
		})
	}
}

func replayV2Reads(t *testing.T, e *engine, g *gateway) {
	customers := e.rows(t, "customers", "CustomerCode")
	filter := func(rs []row, f func(row) bool) []row {
		var out []row
		for _, r := range rs {
			if f(r) {
				out = append(out, r)
			}
		}
		return out
	}
	acme := func(r row) bool { return contains(r, "CompanyName", "Acme") || contains(r, "Phone", "Acme") }
	sel3 := []string{"CompanyName", "Phone", "CustomerCode"}
	cases := []struct {
		id   string
		opts [][2]string
		want []row
	}{
		{"D2 substringof + $inlinecount", [][2]string{{"$select", "CompanyName,Phone,CustomerCode"}, {"$inlinecount", "allpages"},
			{"$filter", "substringof('Acme',CompanyName) eq true or substringof('Acme',Phone) eq true"}, {"$top", "25"}}, filter(customers, acme)},
		{"D3 doSearch", [][2]string{{"$select", "CompanyName,Phone,CustomerCode"}, {"$inlinecount", "allpages"},
			{"doSearch", "Acme"}, {"$top", "25"}}, filter(customers, searchAll(customerText, "acme"))},
	}
	for _, c := range cases {
		if len(c.want) == 0 {
			t.Fatalf("%s: the demo has no matching row; the case would prove nothing", c.id)
		}
		for _, atom := range []bool{true, false} {
			for _, space := range []string{"+", "%20"} {
				u := v2URL(g) + "customers?" + buildQuery(c.opts, space)
				t.Run(c.id+" "+formatName(atom)+" "+space, func(t *testing.T) {
					got := decodeV2(t, do(t, http.MethodGet, u, nil, v2Accept(atom)...), atom)
					if got.count == nil || *got.count != fmt.Sprint(len(c.want)) {
						t.Errorf("count %v, want %d", got.count, len(c.want))
					}
					want := c.want[:min(25, len(c.want))]
					if len(got.rows) != len(want) {
						t.Fatalf("%d rows, want %d", len(got.rows), len(want))
					}
					for i, w := range want {
						for _, p := range sel3 {
							if str(got.rows[i][p]) != str(w[p]) {
								t.Errorf("row %d %s = %s, want %s", i, p, str(got.rows[i][p]), str(w[p]))
							}
						}
						if len(got.rows[i]) != len(sel3) {
							t.Errorf("row %d has %d properties, want %d ($select)", i, len(got.rows[i]), len(sel3))
						}
					}
				})
			}
		}
	}

	// The search option works on the 4.0 root too.
	t.Run("D3 doSearch on the 4.0 root", func(t *testing.T) {
		res := do(t, http.MethodGet, g.url+"customers?$select=CustomerCode&$count=true&doSearch=Acme&$top=25", nil)
		body := res.json(t)
		want := filter(customers, searchAll(customerText, "acme"))
		if res.status != 200 || fmt.Sprint(body["@odata.count"]) != fmt.Sprint(len(want)) {
			t.Fatalf("%d: count %v, want %d", res.status, body["@odata.count"], len(want))
		}
		vals, _ := body["value"].([]any)
		for i, v := range vals {
			if code := v.(map[string]any)["CustomerCode"]; code != str(want[i]["CustomerCode"]) {
				t.Errorf("row %d: %v, want %s", i, code, str(want[i]["CustomerCode"]))
			}
		}
	})

	// A list view: $top=301 over a 100-row page size, followed through next links
	// that keep $inlinecount, $select and the format.
	orders := e.rows(t, "orders", "OrderNo")
	for _, atom := range []bool{true, false} {
		t.Run("D6 $top=301 across next links "+formatName(atom), func(t *testing.T) {
			u := v2URL(g) + "orders?$inlinecount=allpages&$select=CustomerCode,OrderNo&$top=301"
			if !atom {
				u += "&$format=json"
			}
			var all []row
			pages := 0
			for u != "" {
				var hdr []string
				if atom {
					hdr = v2Accept(true)
				}
				p := decodeV2(t, do(t, http.MethodGet, u, nil, hdr...), atom)
				pages++
				if p.count == nil || *p.count != fmt.Sprint(len(orders)) {
					t.Fatalf("page %d count %v, want %d", pages, p.count, len(orders))
				}
				all = append(all, p.rows...)
				if p.next != "" && (!strings.HasPrefix(p.next, v2URL(g)) || !strings.Contains(p.next, "$skiptoken=")) {
					t.Fatalf("next link %q", p.next)
				}
				u = p.next
			}
			if pages != 4 || len(all) != 301 {
				t.Fatalf("%d pages, %d rows; want 4 pages, 301 rows", pages, len(all))
			}
			for i, r := range all {
				if str(r["OrderNo"]) != str(orders[i]["OrderNo"]) || str(r["CustomerCode"]) != str(orders[i]["CustomerCode"]) {
					t.Fatalf("row %d: %s/%s, want %s/%s", i, str(r["OrderNo"]), str(r["CustomerCode"]), str(orders[i]["OrderNo"]), str(orders[i]["CustomerCode"]))
				}
			}
		})
	}

	// A 1.0 client cannot take $inlinecount: a 2.0 error in the format it asked for.
	res := do(t, http.MethodGet, v2URL(g)+"customers?$inlinecount=allpages", nil, "MaxDataServiceVersion", "1.0", "Accept", "application/json")
	var er struct {
		Error struct {
			Code    string `json:"code"`
			Message struct {
				Lang  string `json:"lang"`
				Value string `json:"value"`
			} `json:"message"`
		} `json:"error"`
	}
	if res.status != http.StatusBadRequest || json.Unmarshal(res.body, &er) != nil || er.Error.Message.Lang != "en-US" || er.Error.Code == "" {
		t.Errorf("MaxDataServiceVersion 1.0 + $inlinecount: %d %s", res.status, res.body)
	}
	res = do(t, http.MethodGet, v2URL(g)+"customers('NOPE!')", nil)
	var xe struct {
		XMLName xml.Name `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata error"`
		Code    string   `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata code"`
		Message string   `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata message"`
	}
	if res.status != http.StatusNotFound || xml.Unmarshal(res.body, &xe) != nil || xe.Code != "EntityNotFound" || res.header.Get("DataServiceVersion") == "" {
		t.Errorf("missing key on the 2.0 root: %d %s", res.status, res.body)
	}
}

var v2OrderLoc = regexp.MustCompile(`/v2/orders\((\d+)L?\)$`)

func replayV2Writes(t *testing.T, e *engine) {
	g := start(t, e, nil, "-writable", "orders")
	cur := str(e.scalar(t, "SELECT MIN("+e.q("CurrencyCode")+") FROM "+e.q("currencies")))
	col := func(c, id string) string {
		return str(e.scalar(t, "SELECT "+e.q(c)+" FROM "+e.q("orders")+" WHERE "+e.q("OrderNo")+" = ?", id))
	}
	// POST, JSON verbose: Int64 and Decimal as strings, dates as \/Date(ms)\/ and ISO.
	body := fmt.Sprintf(`{"d":{"__metadata":{"type":"odatagw.orders"},"CustomerCode":"ALFKI","OrderDate":"\/Date(1709164800000)\/",`+
		`"RequiredDate":"2024-03-10T00:00:00","Freight":"12.50","ShipName":"V2 ship","Year":"2024","CurrencyCode":%q}}`, cur)
	res := do(t, http.MethodPost, v2URL(g)+"orders", strings.NewReader(body), "Content-Type", "application/json", "Accept", "application/json")
	expectV2(t, "POST JSON verbose", res, http.StatusCreated)
	m := v2OrderLoc.FindStringSubmatch(res.header.Get("Location"))
	if m == nil {
		t.Fatalf("Location %q", res.header.Get("Location"))
	}
	id := m[1]
	var created struct {
		D map[string]any `json:"d"`
	}
	if err := json.Unmarshal(res.body, &created); err != nil || fmt.Sprint(created.D["OrderNo"]) != id || created.D["ShipName"] != "V2 ship" ||
		created.D["OrderDate"] != "/Date(1709164800000)/" {
		t.Errorf("201 body: %s", res.body)
	}
	if md, _ := created.D["__metadata"].(map[string]any); md == nil || md["uri"] != res.header.Get("Location") {
		t.Errorf("__metadata: %v", created.D["__metadata"])
	}
	if got := col("ShipName", id); got != "V2 ship" {
		t.Errorf("stored ShipName %q", got)
	}
	if got := col("OrderDate", id); !strings.HasPrefix(got, "2024-02-29") {
		t.Errorf("stored OrderDate %q", got)
	}
	entity := res.header.Get("Location")

	// MERGE: partial.
	res = do(t, "MERGE", entity, strings.NewReader(`{"ShipCity":"V2 City"}`), "Content-Type", "application/json")
	expectV2(t, "MERGE", res, http.StatusNoContent)
	if col("ShipCity", id) != "V2 City" || col("ShipName", id) != "V2 ship" {
		t.Errorf("after MERGE: %s / %s", col("ShipCity", id), col("ShipName", id))
	}
	// PUT the entity read back in JSON verbose (with its __metadata), one value changed.
	full := do(t, http.MethodGet, entity+"?$format=json", nil)
	var doc map[string]map[string]any
	if err := json.Unmarshal(full.body, &doc); err != nil {
		t.Fatalf("GET entity: %s", full.body)
	}
	doc["d"]["ShipName"] = "V2 put"
	b, _ := json.Marshal(doc)
	res = do(t, http.MethodPut, entity, strings.NewReader(string(b)), "Content-Type", "application/json")
	expectV2(t, "PUT", res, http.StatusNoContent)
	if col("ShipName", id) != "V2 put" || col("ShipCity", id) != "V2 City" || !strings.HasPrefix(col("Freight", id), "12.5") {
		t.Errorf("after PUT: %s %s %s", col("ShipName", id), col("ShipCity", id), col("Freight", id))
	}
	// POST + X-HTTP-Method: MERGE with an Atom entry.
	atom := `<?xml version="1.0" encoding="utf-8"?><entry xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">` +
		`<content type="application/xml"><m:properties><d:ShipCountry>Atomland</d:ShipCountry><d:Comment m:null="true"/><d:RequiredDate m:type="Edm.DateTime">2024-04-01T00:00:00</d:RequiredDate></m:properties></content></entry>`
	res = do(t, http.MethodPost, entity, strings.NewReader(atom), "Content-Type", "application/atom+xml", "X-HTTP-Method", "MERGE")
	expectV2(t, "POST + X-HTTP-Method: MERGE (Atom)", res, http.StatusNoContent)
	if col("ShipCountry", id) != "Atomland" || col("Comment", id) != "<null>" || !strings.HasPrefix(col("RequiredDate", id), "2024-04-01") {
		t.Errorf("after Atom MERGE: %s %s %s", col("ShipCountry", id), col("Comment", id), col("RequiredDate", id))
	}
	// A value of the wrong type: 400 in the 2.0 shape, nothing stored.
	res = do(t, "MERGE", entity, strings.NewReader(`{"Freight":"lots"}`), "Content-Type", "application/json", "Accept", "application/json")
	if res.status != http.StatusBadRequest || !strings.Contains(string(res.body), `"lang":"en-US"`) {
		t.Errorf("bad value: %d %s", res.status, res.body)
	}
	// POST an Atom entry → 201 Atom entry.
	newAtom := strings.Replace(atom, `<d:ShipCountry>Atomland</d:ShipCountry><d:Comment m:null="true"/>`,
		`<d:CustomerCode>ALFKI</d:CustomerCode><d:OrderDate m:type="Edm.DateTime">2024-05-01T00:00:00</d:OrderDate><d:Freight m:type="Edm.Decimal">3.25</d:Freight>`+
			`<d:Year m:type="Edm.Int64">2024</d:Year><d:ShipName>Atom ship</d:ShipName><d:CurrencyCode>`+cur+`</d:CurrencyCode>`, 1)
	res = do(t, http.MethodPost, v2URL(g)+"orders", strings.NewReader(newAtom), "Content-Type", "application/atom+xml")
	expectV2(t, "POST Atom", res, http.StatusCreated)
	m2 := v2OrderLoc.FindStringSubmatch(res.header.Get("Location"))
	var entry struct {
		ID string `xml:"http://www.w3.org/2005/Atom id"`
	}
	if m2 == nil || xml.Unmarshal(res.body, &entry) != nil || entry.ID != res.header.Get("Location") {
		t.Fatalf("Atom 201: %s %s", res.header.Get("Location"), res.body)
	}
	created2 := res.header.Get("Location")
	if col("ShipName", m2[1]) != "Atom ship" || !strings.HasPrefix(col("Freight", m2[1]), "3.25") {
		t.Errorf("stored Atom POST: %s %s", col("ShipName", m2[1]), col("Freight", m2[1]))
	}
	// DELETE, tunnelled and direct.
	res = do(t, http.MethodPost, entity, nil, "X-HTTP-Method", "DELETE")
	expectV2(t, "POST + X-HTTP-Method: DELETE", res, http.StatusNoContent)
	res = do(t, http.MethodDelete, created2, nil)
	expectV2(t, "DELETE", res, http.StatusNoContent)
	n := str(e.scalar(t, "SELECT COUNT(*) FROM "+e.q("orders")+" WHERE "+e.q("OrderNo")+" IN (?, ?)", id, m2[1]))
	if n != "0" {
		t.Errorf("%s rows left after DELETE", n)
	}
}

func replayV2CSRF(t *testing.T, e *engine) {
	g := start(t, e, nil, "-writable", "orders", "-csrf", "-csrf-secret", csrfSecret, "-basic-auth", "alice:alice-password")
	alice := basic("alice", "alice-password")
	res := do(t, http.MethodGet, v2URL(g), nil, "Authorization", alice, "X-CSRF-Token", "Fetch")
	token := res.header.Get("X-CSRF-Token")
	if res.status != http.StatusOK || token == "" {
		t.Fatalf("fetch on the 2.0 root: %d %q", res.status, token)
	}
	if res := do(t, http.MethodGet, v2URL(g), nil); res.status != http.StatusUnauthorized || !strings.Contains(string(res.body), "<m:error") {
		t.Errorf("no credentials on the 2.0 root: %d %s", res.status, res.body)
	}
	merge := func(tok string) *response {
		return do(t, "MERGE", v2URL(g)+"orders(10248L)", strings.NewReader(`{"Comment":"v2 csrf"}`),
			"Content-Type", "application/json", "Authorization", alice, "X-CSRF-Token", tok)
	}
	if res := merge(""); res.status != http.StatusForbidden || res.header.Get("X-CSRF-Token") != "Required" {
		t.Errorf("MERGE without token: %d %s", res.status, res.body)
	}
	expectV2(t, "MERGE with token", merge(token), http.StatusNoContent)
	if got := str(e.scalar(t, `SELECT "Comment" FROM orders WHERE "OrderNo" = 10248`)); got != "v2 csrf" {
		t.Errorf("Comment %q", got)
	}
}

// expectV2 checks a status and the 2.0 version header (never OData-Version).
func expectV2(t *testing.T, what string, res *response, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, res.status, status, res.body)
	}
	if v := res.header.Get("DataServiceVersion"); v != "1.0" && v != "2.0" || res.header.Get("OData-Version") != "" {
		t.Errorf("%s: DataServiceVersion %q, OData-Version %q", what, v, res.header.Get("OData-Version"))
	}
}

// TestV2BasePath: -v2-base-path moves the 2.0 root (next links and entry URLs follow)
// and "off" removes it; the 4.0 root is the same either way.
func TestV2BasePath(t *testing.T) {
	e := engines(t)[0] // the edge does not depend on the database
	off := start(t, e, nil, "-v2-base-path", "off")
	if res := do(t, http.MethodGet, off.url+"v2/$metadata", nil); res.status < 400 || res.header.Get("DataServiceVersion") != "" || res.header.Get("OData-Version") == "" {
		t.Errorf("-v2-base-path off: %d %s", res.status, res.body)
	}
	if res := do(t, http.MethodGet, off.url+"customers?$top=1", nil); res.status != 200 {
		t.Errorf("4.0 root with the 2.0 root off: %d", res.status)
	}
	moved := start(t, e, nil, "-v2-base-path", "/sap/opu/v2", "-max-page-size", "2")
	root := strings.TrimSuffix(moved.url, "odata/") + "sap/opu/v2/"
	res := do(t, http.MethodGet, root+"customers?$format=json&$top=3", nil)
	p := decodeV2(t, res, false)
	if len(p.rows) != 2 || !strings.HasPrefix(p.next, root+"customers?") || !strings.Contains(string(res.body), `"uri":"`+root+`customers(`) {
		t.Errorf("moved root: %s", res.body)
	}
	if res := do(t, http.MethodGet, moved.url+"v2/$metadata", nil); res.status < 400 || res.header.Get("DataServiceVersion") != "" {
		t.Errorf("the default 2.0 root still answers after -v2-base-path moved it: %d", res.status)
	}
}
