package conformance

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestNavigationProperty checks a primitive property after a single-valued
// navigation (Orders(x)/Customer/CompanyName, Customers('c')/Orders(x)/ShipName, each
// with /$value) against SQL joins on the same database: the value, the 204 of a
// to-one navigation without a related entity, the 404 of a missing parent or of an
// entity that does not belong to it, and the errors of paths that name no property.
func TestNavigationProperty(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		get := e.mustGet
		want := func(t *testing.T, u string, status int, code string) {
			t.Helper()
			res := get(t, u)
			if res.status != status || code != "" && !strings.Contains(string(res.body), `"`+code+`"`) || code == "" && len(res.body) != 0 {
				t.Errorf("%s: want %d %s, got %s", u, status, code, res)
			}
		}
		// value checks the property form and the raw form of u against the SQL value.
		value := func(t *testing.T, u, sqlValue string) {
			t.Helper()
			var m map[string]any
			if err := json.Unmarshal(r.get(t, u), &m); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimRight(fmt.Sprint(m["value"]), " "); got != sqlValue {
				t.Errorf("%s = %q, want %q", u, got, sqlValue)
			}
			ctx, _ := m["@odata.context"].(string)
			if path, _, _ := strings.Cut(u, "?"); !strings.HasSuffix(ctx, "$metadata#"+path) {
				t.Errorf("%s: @odata.context %q does not end with $metadata#%s", u, ctx, path)
			}
			if got := strings.TrimRight(string(r.get(t, u+"/$value")), " "); got != sqlValue {
				t.Errorf("%s/$value = %q, want %q", u, got, sqlValue)
			}
		}

		t.Run("to_one", func(t *testing.T) {
			rows := r.sqlRows(t, "SELECT o.{OrderID}, c.{CompanyName}, c.{City} FROM {Orders} o JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} ORDER BY o.{OrderID} LIMIT 5")
			if len(rows) == 0 {
				t.Fatal("no order with a customer: the case proves nothing")
			}
			for _, row := range rows {
				value(t, "Orders("+row[0]+")/Customer/CompanyName", row[1])
				value(t, "Orders("+row[0]+")/Customer/City", row[2])
			}
		})
		t.Run("to_one_null_property", func(t *testing.T) {
			ids := r.sqlIDs(t, "SELECT o.{OrderID} FROM {Orders} o JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} WHERE c.{Region} IS NULL ORDER BY 1 LIMIT 2")
			if len(ids) == 0 {
				t.Fatal("no order of a customer without a region: the case proves nothing")
			}
			for _, id := range ids {
				// As Customers('x')/Region does for a null: 204, and 404 NullValue for $value.
				want(t, "Orders("+id+")/Customer/Region", 204, "")
				want(t, "Orders("+id+")/Customer/Region/$value", 404, "NullValue")
			}
		})
		t.Run("to_one_without_related_204", func(t *testing.T) {
			roots := r.sqlIDs(t, "SELECT {EmployeeID} FROM {Employees} WHERE {ReportsTo} IS NULL ORDER BY 1")
			if len(roots) == 0 {
				t.Fatal("no employee without a manager: the case proves nothing")
			}
			for _, id := range roots {
				want(t, "Employees("+id+")/Employee/LastName", 204, "")
				want(t, "Employees("+id+")/Employee/LastName/$value", 204, "")
			}
			managed := r.sqlRows(t, "SELECT e.{EmployeeID}, m.{LastName} FROM {Employees} e JOIN {Employees} m ON m.{EmployeeID} = e.{ReportsTo} ORDER BY 1")
			for _, row := range managed {
				value(t, "Employees("+row[0]+")/Employee/LastName", row[1])
			}
		})
		t.Run("keyed_to_many", func(t *testing.T) {
			rows := r.sqlRows(t, "SELECT {OrderID}, {ShipName}, {ShipCity} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")
			if len(rows) == 0 {
				t.Fatal("ALFKI has no orders: the case proves nothing")
			}
			for _, row := range rows {
				value(t, "Customers('ALFKI')/Orders("+row[0]+")/ShipName", row[1])
				value(t, "Customers('ALFKI')/Orders("+row[0]+")/ShipCity", row[2])
			}
			other := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} <> 'ALFKI' ORDER BY 1 LIMIT 1")
			want(t, "Customers('ALFKI')/Orders("+other[0]+")/ShipName", 404, "EntityNotFound")
			want(t, "Customers('ALFKI')/Orders("+other[0]+")/ShipName/$value", 404, "EntityNotFound")
		})
		t.Run("missing_parent_404", func(t *testing.T) {
			if n := r.sqlIDs(t, "SELECT COUNT(*) FROM {Orders} WHERE {OrderID} = 999999"); n[0] != "0" {
				t.Fatal("an order 999999 exists: the case proves nothing")
			}
			want(t, "Orders(999999)/Customer/CompanyName", 404, "EntityNotFound")
			want(t, "Orders(999999)/Customer/CompanyName/$value", 404, "EntityNotFound")
			want(t, "Customers('NOPE')/Orders(10248)/ShipName", 404, "EntityNotFound")
		})
		t.Run("errors", func(t *testing.T) {
			want(t, "Orders(10248)/Customer/Nope", 404, "PropertyNotFound")
			want(t, "Orders(10248)/Nope/CompanyName", 404, "PropertyNotFound")
			want(t, "Orders(10248)/ShipName/Length", 400, "InvalidPath")
			want(t, "Customers('ALFKI')/Orders/ShipName", 400, "InvalidPath")
			want(t, "Orders(10248)/Customer/Orders(10248)", 501, "UnsupportedPath")
			want(t, "Orders(10248)/Customer/CompanyName/$count", 400, "InvalidPath")
		})
		t.Run("writes_405", func(t *testing.T) {
			before := r.sqlRows(t, "SELECT c.{CompanyName} FROM {Customers} c JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE o.{OrderID} = 10248")
			for _, m := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete} {
				res := e.gw.send(t, m, e.gw.url+"Orders(10248)/Customer/CompanyName", `{"value":"x"}`)
				if res.status != 405 || !strings.Contains(string(res.body), `"MethodNotAllowed"`) {
					t.Errorf("%s: want 405 MethodNotAllowed, got %d %s", m, res.status, res.body)
				}
			}
			if after := r.sqlRows(t, "SELECT c.{CompanyName} FROM {Customers} c JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE o.{OrderID} = 10248"); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("CompanyName changed from %v to %v", before, after)
			}
		})
	})
}

// TestEntityReferences checks $ref reads (OData 4.0 JSON Format §13) against SQL on
// the same database: the @odata.id of every entity of a set, a navigation and a keyed
// navigation, with $filter/$orderby/$top/$skip/$count applied, the single reference of
// an entity and of a to-one navigation, and the misses and errors.
func TestEntityReferences(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		root := e.gw.url
		prefix := func(set string, ids []string) []string {
			out := make([]string, len(ids))
			for i, id := range ids {
				out[i] = root + set + "(" + id + ")"
			}
			return out
		}
		refs := func(t *testing.T, u string) ([]string, map[string]any) {
			t.Helper()
			var m map[string]any
			if err := json.Unmarshal(r.get(t, u), &m); err != nil {
				t.Fatal(err)
			}
			if ctx := fmt.Sprint(m["@odata.context"]); ctx != root+"$metadata#Collection($ref)" {
				t.Errorf("%s: @odata.context %q", u, ctx)
			}
			list, ok := m["value"].([]any)
			if !ok {
				t.Fatalf("%s: no value array in %v", u, m)
			}
			var ids []string
			for _, v := range list {
				o := v.(map[string]any)
				if len(o) != 1 {
					t.Errorf("%s: a reference has other members than @odata.id: %v", u, o)
				}
				ids = append(ids, fmt.Sprint(o["@odata.id"]))
			}
			return ids, m
		}
		single := func(t *testing.T, u, want string) {
			t.Helper()
			var m map[string]any
			if err := json.Unmarshal(r.get(t, u), &m); err != nil {
				t.Fatal(err)
			}
			if ctx := fmt.Sprint(m["@odata.context"]); ctx != root+"$metadata#$ref" {
				t.Errorf("%s: @odata.context %q", u, ctx)
			}
			if got := fmt.Sprint(m["@odata.id"]); got != want || len(m) != 2 {
				t.Errorf("%s = %v, want @odata.id %s", u, m, want)
			}
		}
		same := func(t *testing.T, u string, got, want []string) {
			t.Helper()
			if len(want) == 0 {
				t.Fatalf("%s: the SQL returns no rows: the case proves nothing", u)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s\n got  %v\n want %v", u, got, want)
			}
		}
		status := func(t *testing.T, method, u string, code int, errCode string) {
			t.Helper()
			res := e.gw.send(t, method, root+u, "")
			b := res.body
			if res.status != code || errCode != "" && !strings.Contains(string(b), `"`+errCode+`"`) || errCode == "" && len(b) != 0 {
				t.Errorf("%s %s: want %d %s, got %d %s", method, u, code, errCode, res.status, b)
			}
		}

		t.Run("nav_collection", func(t *testing.T) {
			u := "Customers('ALFKI')/Orders/$ref"
			got, _ := refs(t, u)
			same(t, u, got, prefix("Orders", r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")))
		})
		t.Run("nav_collection_options", func(t *testing.T) {
			u := "Customers('ALFKI')/Orders/$ref?$filter=Freight gt 10&$orderby=Freight desc&$top=2&$skip=1&$count=true"
			got, m := refs(t, u)
			same(t, u, got, prefix("Orders", r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' AND {Freight} > 10 ORDER BY {Freight} DESC, {OrderID} LIMIT 2 OFFSET 1")))
			n := r.sqlIDs(t, "SELECT COUNT(*) FROM {Orders} WHERE {CustomerID} = 'ALFKI' AND {Freight} > 10")
			if fmt.Sprint(m["@odata.count"]) != n[0] {
				t.Errorf("%s: @odata.count %v, want %s", u, m["@odata.count"], n[0])
			}
		})
		t.Run("set", func(t *testing.T) {
			u := "Orders/$ref?$filter=ShipCountry eq 'France'&$orderby=OrderID&$top=7"
			got, _ := refs(t, u)
			same(t, u, got, prefix("Orders", r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {ShipCountry} = 'France' ORDER BY 1 LIMIT 7")))
		})
		t.Run("composite_key", func(t *testing.T) {
			u := "Order_Details/$ref?$filter=OrderID eq 10248"
			got, _ := refs(t, u)
			var want []string
			for _, id := range r.sqlIDs(t, "SELECT {ProductID} FROM {Order Details} WHERE {OrderID} = 10248 ORDER BY 1") {
				want = append(want, root+"Order_Details(OrderID=10248,ProductID="+id+")")
			}
			same(t, u, got, want)
		})
		t.Run("single", func(t *testing.T) {
			cust := r.sqlIDs(t, "SELECT {CustomerID} FROM {Orders} WHERE {OrderID} = 10248")
			single(t, "Orders(10248)/Customer/$ref", root+"Customers('"+cust[0]+"')")
			single(t, "Orders(10248)/$ref", root+"Orders(10248)")
			mine := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1 LIMIT 1")
			single(t, "Customers('ALFKI')/Orders("+mine[0]+")/$ref", root+"Orders("+mine[0]+")")
			boss := r.sqlRows(t, "SELECT {EmployeeID}, {ReportsTo} FROM {Employees} WHERE {ReportsTo} IS NOT NULL ORDER BY 1 LIMIT 1")
			single(t, "Employees("+boss[0][0]+")/Employee/$ref", root+"Employees("+boss[0][1]+")")
		})
		t.Run("misses", func(t *testing.T) {
			roots := r.sqlIDs(t, "SELECT {EmployeeID} FROM {Employees} WHERE {ReportsTo} IS NULL ORDER BY 1")
			status(t, "GET", "Employees("+roots[0]+")/Employee/$ref", 204, "")
			status(t, "GET", "Orders(999999)/Customer/$ref", 404, "EntityNotFound")
			status(t, "GET", "Orders(999999)/$ref", 404, "EntityNotFound")
			status(t, "GET", "Customers('NOPE')/Orders/$ref", 404, "EntityNotFound")
		})
		t.Run("errors", func(t *testing.T) {
			status(t, "GET", "Customers('ALFKI')/CompanyName/$ref", 400, "InvalidPath")
			status(t, "GET", "Customers('ALFKI')/Nope/$ref", 404, "PropertyNotFound")
			status(t, "GET", "Orders/$ref?$select=OrderID", 400, "InvalidQueryOption")
			status(t, "GET", "Orders/$ref?$expand=Customer", 400, "InvalidQueryOption")
			status(t, "GET", "Orders/$ref/x", 400, "InvalidPath")
		})
		t.Run("writes_405", func(t *testing.T) {
			mine := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")
			status(t, http.MethodDelete, "Customers('ALFKI')/Orders("+mine[0]+")/$ref", 405, "MethodNotAllowed")
			status(t, http.MethodDelete, "Orders("+mine[0]+")/$ref", 405, "MethodNotAllowed")
			status(t, http.MethodPost, "Customers('ALFKI')/Orders/$ref", 405, "MethodNotAllowed")
			status(t, http.MethodPut, "Orders("+mine[0]+")/Customer/$ref", 405, "MethodNotAllowed")
			after := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")
			if strings.Join(after, ",") != strings.Join(mine, ",") {
				t.Errorf("ALFKI's orders changed from %v to %v", mine, after)
			}
		})
	})
}

// TestV2NavigationProperty checks a property after a navigation on the OData 2.0 root
// (JSON verbose, XML and $value) against SQL joins on the same database.
func TestV2NavigationProperty(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		get := func(t *testing.T, u string, atom bool) *response {
			t.Helper()
			res, err := e.gw.v2Get(e.gw.v2Root()+u, atom)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		check := func(t *testing.T, u, prop, want string) {
			t.Helper()
			res := get(t, u, false)
			var m struct {
				D map[string]any `json:"d"`
			}
			if res.status != 200 || json.Unmarshal(res.body, &m) != nil || len(m.D) != 1 || strings.TrimRight(fmt.Sprint(m.D[prop]), " ") != want {
				t.Errorf("%s (JSON): want {\"d\":{%q:%q}}, got %s", u, prop, want, res)
			}
			res = get(t, u, true)
			if res.status != 200 || !strings.Contains(string(res.body), "<d:"+prop+" ") || !strings.Contains(string(res.body), ">"+want+"</d:"+prop+">") {
				t.Errorf("%s (XML): want <d:%s>%s</d:%s>, got %s", u, prop, want, prop, res)
			}
			res = get(t, u+"/$value", false)
			if res.status != 200 || strings.TrimRight(string(res.body), " ") != want {
				t.Errorf("%s/$value: want %q, got %s", u, want, res)
			}
		}
		rows := r.sqlRows(t, "SELECT o.{OrderID}, c.{CompanyName} FROM {Orders} o JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} ORDER BY o.{OrderID} LIMIT 3")
		for _, row := range rows {
			check(t, "Orders("+row[0]+")/Customer/CompanyName", "CompanyName", row[1])
		}
		mine := r.sqlRows(t, "SELECT {OrderID}, {ShipCity} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1 LIMIT 2")
		for _, row := range mine {
			check(t, "Customers('ALFKI')/Orders("+row[0]+")/ShipCity", "ShipCity", row[1])
		}
		if len(rows) == 0 || len(mine) == 0 {
			t.Fatal("no rows: the case proves nothing")
		}
		roots := r.sqlIDs(t, "SELECT {EmployeeID} FROM {Employees} WHERE {ReportsTo} IS NULL ORDER BY 1")
		if res := get(t, "Employees("+roots[0]+")/Employee/LastName", false); res.status != 204 {
			t.Errorf("to-one without a related entity: want 204, got %s", res)
		}
		if res := get(t, "Orders(999999)/Customer/CompanyName", false); res.status != 404 {
			t.Errorf("missing parent: want 404, got %s", res)
		}
		if res := get(t, "Orders(10248)/Customer/Nope", false); res.status != 404 {
			t.Errorf("unknown property: want 404, got %s", res)
		}
		if res := get(t, "Orders/$ref", false); res.status != 400 {
			t.Errorf("$ref on the 2.0 root: want 400, got %s", res)
		}
	})
}

// TestV2Links checks $links on the OData 2.0 root (the 2.0 form of $ref) against SQL on
// the same database, in JSON verbose and XML.
func TestV2Links(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		root := e.gw.v2Root()
		get := func(t *testing.T, u string, atom bool) *response {
			t.Helper()
			res, err := e.gw.v2Get(root+strings.ReplaceAll(u, " ", "%20"), atom)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		// uri is the entity's 2.0 URI as its own entry gives it (__metadata.uri), so the
		// key literal is the 2.0 one of the engine's type (10248 or 10248L).
		uri := func(t *testing.T, set, id string) string {
			t.Helper()
			var m struct {
				D struct {
					Meta struct {
						URI string `json:"uri"`
					} `json:"__metadata"`
				} `json:"d"`
			}
			res := get(t, set+"("+id+")", false)
			if res.status != 200 || json.Unmarshal(res.body, &m) != nil || !strings.HasPrefix(m.D.Meta.URI, root+set+"(") {
				t.Fatalf("%s(%s): %s", set, id, res)
			}
			return m.D.Meta.URI
		}
		uris := func(set string, ids []string) []string {
			out := make([]string, len(ids))
			for i, id := range ids {
				out[i] = uri(t, set, id)
			}
			return out
		}
		many := func(t *testing.T, u string, want []string, count string) {
			t.Helper()
			if len(want) == 0 {
				t.Fatalf("%s: the SQL returns no rows: the case proves nothing", u)
			}
			res := get(t, u, false)
			var m struct {
				D struct {
					Results []map[string]string `json:"results"`
					Count   string              `json:"__count"`
				} `json:"d"`
			}
			if res.status != 200 || json.Unmarshal(res.body, &m) != nil {
				t.Fatalf("%s (JSON): %s", u, res)
			}
			var got []string
			for _, x := range m.D.Results {
				got = append(got, x["uri"])
			}
			if strings.Join(got, " ") != strings.Join(want, " ") || m.D.Count != count {
				t.Errorf("%s (JSON)\n got  %v count %q\n want %v count %q", u, got, m.D.Count, want, count)
			}
			res = get(t, u, true)
			var x struct {
				URI   []string `xml:"uri"`
				Count string   `xml:"count"`
			}
			if res.status != 200 || xml.Unmarshal(res.body, &x) != nil {
				t.Fatalf("%s (XML): %s", u, res)
			}
			if strings.Join(x.URI, " ") != strings.Join(want, " ") || x.Count != count || !strings.Contains(string(res.body), "<links xmlns=") {
				t.Errorf("%s (XML)\n got  %v count %q\n want %v count %q\n%s", u, x.URI, x.Count, want, count, res.body)
			}
		}
		one := func(t *testing.T, u, want string) {
			t.Helper()
			res := get(t, u, false)
			var m struct {
				D map[string]string `json:"d"`
			}
			if res.status != 200 || json.Unmarshal(res.body, &m) != nil || m.D["uri"] != want || len(m.D) != 1 {
				t.Errorf("%s (JSON): want uri %s, got %s", u, want, res)
			}
			res = get(t, u, true)
			var x struct {
				Text string `xml:",chardata"`
			}
			if res.status != 200 || xml.Unmarshal(res.body, &x) != nil || x.Text != want {
				t.Errorf("%s (XML): want <uri>%s</uri>, got %s", u, want, res)
			}
		}
		many(t, "Customers('ALFKI')/$links/Orders", uris("Orders", r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")), "")
		n := r.sqlIDs(t, "SELECT COUNT(*) FROM {Orders} WHERE {CustomerID} = 'ALFKI' AND {Freight} > 10")
		many(t, "Customers('ALFKI')/$links/Orders?$filter=Freight gt 10&$orderby=Freight desc&$top=2&$skip=1&$inlinecount=allpages",
			uris("Orders", r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' AND {Freight} > 10 ORDER BY {Freight} DESC, {OrderID} LIMIT 2 OFFSET 1")), n[0])
		cust := r.sqlIDs(t, "SELECT {CustomerID} FROM {Orders} WHERE {OrderID} = 10248")
		one(t, "Orders(10248)/$links/Customer", uri(t, "Customers", "'"+cust[0]+"'"))
		mine := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1 LIMIT 1")
		one(t, "Customers('ALFKI')/$links/Orders("+mine[0]+")", uri(t, "Orders", mine[0]))
		roots := r.sqlIDs(t, "SELECT {EmployeeID} FROM {Employees} WHERE {ReportsTo} IS NULL ORDER BY 1")
		for _, c := range []struct {
			u      string
			status int
		}{
			{"Employees(" + roots[0] + ")/$links/Employee", 204},
			{"Orders(999999)/$links/Customer", 404},
			{"Customers('NOPE')/$links/Orders", 404},
			{"Customers('ALFKI')/$links/CompanyName", 404},
			{"Customers('ALFKI')/$links", 400},
			{"Customers('ALFKI')/$links/Orders/x", 400},
			{"Customers('ALFKI')/$links/Orders?$select=OrderID", 400},
		} {
			if res := get(t, c.u, false); res.status != c.status {
				t.Errorf("%s: want %d, got %s", c.u, c.status, res)
			}
		}
		for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
			res := e.gw.send(t, m, root+"Customers('ALFKI')/$links/Orders("+mine[0]+")", `{"uri":"x"}`)
			if res.status != 405 {
				t.Errorf("%s $links: want 405, got %d %s", m, res.status, res.body)
			}
		}
		if after := r.sqlIDs(t, "SELECT {CustomerID} FROM {Orders} WHERE {OrderID} = "+mine[0]); after[0] != "ALFKI" {
			t.Errorf("order %s now belongs to %s", mine[0], after[0])
		}
	})
}
