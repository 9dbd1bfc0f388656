package conformance

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestNavigationMisses checks the answers of navigation paths that find no row,
// against SQL on the same database: a to-one navigation whose foreign key is null is
// 204 No Content (OData 4.0 Protocol §11.2.6), a collection of an existing parent
// without children is an empty list (and $count 0), and any navigation from a parent
// that does not exist is 404 EntityNotFound, with or without $expand.
func TestNavigationMisses(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		status := e.mustGet
		notFound := func(t *testing.T, u string) {
			t.Helper()
			res := status(t, u)
			if res.status != 404 || !strings.Contains(string(res.body), `"EntityNotFound"`) {
				t.Errorf("%s: want 404 EntityNotFound, got %s", u, res)
			}
		}
		// Employees without a manager: ReportsTo is null.
		roots := r.sqlIDs(t, "SELECT {EmployeeID} FROM {Employees} WHERE {ReportsTo} IS NULL ORDER BY 1")
		if len(roots) == 0 {
			t.Fatal("no employee without a manager: the case proves nothing")
		}
		managed := r.sqlIDs(t, "SELECT {EmployeeID} FROM {Employees} WHERE {ReportsTo} IS NOT NULL ORDER BY 1")
		// Customers without orders.
		lonely := r.sqlIDs(t, "SELECT c.{CustomerID} FROM {Customers} c LEFT JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE o.{OrderID} IS NULL ORDER BY 1")
		if len(lonely) == 0 {
			t.Fatal("no customer without orders: the case proves nothing")
		}
		if n := r.sqlIDs(t, "SELECT COUNT(*) FROM {Customers} WHERE {CustomerID} = 'NOPE'"); n[0] != "0" {
			t.Fatal("a customer 'NOPE' exists: the case proves nothing")
		}
		if n := r.sqlIDs(t, "SELECT COUNT(*) FROM {Employees} WHERE {EmployeeID} = 999999"); n[0] != "0" {
			t.Fatal("an employee 999999 exists: the case proves nothing")
		}

		t.Run("to_one_null_fk_204", func(t *testing.T) {
			for _, id := range roots {
				for _, u := range []string{"Employees(" + id + ")/Employee", "Employees(" + id + ")/Employee?$select=LastName", "Employees(" + id + ")/Employee?$expand=Employees"} {
					if res := status(t, u); res.status != 204 || len(res.body) != 0 {
						t.Errorf("%s: want 204 without a body, got %s", u, res)
					}
				}
			}
		})
		t.Run("to_one_present_200", func(t *testing.T) {
			id := managed[0]
			want := r.sqlIDs(t, "SELECT m.{LastName} FROM {Employees} e JOIN {Employees} m ON m.{EmployeeID} = e.{ReportsTo} WHERE e.{EmployeeID} = "+id)
			var m map[string]any
			if err := json.Unmarshal(r.get(t, "Employees("+id+")/Employee"), &m); err != nil {
				t.Fatal(err)
			}
			if m["LastName"] != want[0] {
				t.Errorf("got %v, want %s", m["LastName"], want[0])
			}
		})
		t.Run("to_one_missing_parent_404", func(t *testing.T) {
			notFound(t, "Employees(999999)/Employee")
			notFound(t, "Orders(999999)/Customer")
			notFound(t, "Orders(999999)/Customer?$expand=Orders")
		})
		t.Run("collection_missing_parent_404", func(t *testing.T) {
			notFound(t, "Customers('NOPE')/Orders")
			notFound(t, "Customers('NOPE')/Orders?$count=true&$top=5")
			notFound(t, "Customers('NOPE')/Orders?$expand=Customer")
			notFound(t, "Customers('NOPE')/Orders/$count")
			notFound(t, "Employees(999999)/Employees")
		})
		t.Run("collection_no_children_empty", func(t *testing.T) {
			for _, id := range lonely {
				for _, u := range []string{"Customers('" + id + "')/Orders", "Customers('" + id + "')/Orders?$expand=Customer"} {
					var page struct {
						Value []any `json:"value"`
					}
					if err := json.Unmarshal(r.get(t, u), &page); err != nil {
						t.Fatal(err)
					}
					if page.Value == nil || len(page.Value) != 0 {
						t.Errorf("%s: want an empty list, got %v", u, page.Value)
					}
				}
				if got := strings.TrimSpace(string(r.get(t, "Customers('"+id+"')/Orders/$count"))); got != "0" {
					t.Errorf("Customers('%s')/Orders/$count = %s, want 0", id, got)
				}
			}
		})
		t.Run("collection_with_children", func(t *testing.T) {
			got := r.ids(t, "Customers('ALFKI')/Orders?$select=OrderID", "OrderID")
			want := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")
			if strings.Join(got, ",") != strings.Join(want, ",") || len(want) == 0 {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	})
}

// TestKeyedNavigation checks Set(key)/Nav(key) against SQL on the same database: the
// related entity when it belongs to the parent, 404 EntityNotFound when it does not or
// the parent does not exist, a 4xx for a key on a to-one or a primitive property, and
// 405 for writes through the path (writes address the entity set directly).
func TestKeyedNavigation(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		send := func(t *testing.T, method, u string) (int, string) {
			t.Helper()
			res := e.gw.send(t, method, e.gw.url+u, `{"Freight":1}`)
			return res.status, string(res.body)
		}
		expect := func(t *testing.T, u string, status int, code string) {
			t.Helper()
			if got, body := send(t, http.MethodGet, u); got != status || !strings.Contains(body, `"`+code+`"`) {
				t.Errorf("%s: want %d %s, got %d %s", u, status, code, got, body)
			}
		}
		mine := r.sqlRows(t, "SELECT {OrderID}, {Freight} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")
		other := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} <> 'ALFKI' ORDER BY 1")
		if len(mine) == 0 || len(other) == 0 {
			t.Fatal("no orders of ALFKI or of others: the case proves nothing")
		}
		t.Run("belongs", func(t *testing.T) {
			for _, row := range mine {
				var m map[string]any
				if err := json.Unmarshal(r.get(t, "Customers('ALFKI')/Orders("+row[0]+")"), &m); err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(m["OrderID"]) != row[0] || m["CustomerID"] != "ALFKI" || !sameNumber(m["Freight"], row[1]) {
					t.Errorf("Orders(%s): got %v, want Freight %s", row[0], m, row[1])
				}
			}
		})
		t.Run("select_expand", func(t *testing.T) {
			var m struct {
				OrderID  json.Number
				Customer map[string]any
			}
			if err := json.Unmarshal(r.get(t, "Customers('ALFKI')/Orders("+mine[0][0]+")?$select=OrderID&$expand=Customer($select=CustomerID)"), &m); err != nil {
				t.Fatal(err)
			}
			if m.OrderID.String() != mine[0][0] || m.Customer["CustomerID"] != "ALFKI" {
				t.Errorf("got %+v", m)
			}
		})
		t.Run("composite", func(t *testing.T) {
			d := r.sqlRows(t, "SELECT {OrderID}, {ProductID}, {Quantity} FROM {Order Details} WHERE {OrderID} = 10248 ORDER BY 2")
			if len(d) == 0 {
				t.Fatal("order 10248 has no details")
			}
			var m map[string]any
			if err := json.Unmarshal(r.get(t, "Orders(10248)/Order_Details(OrderID=10248,ProductID="+d[0][1]+")"), &m); err != nil {
				t.Fatal(err)
			}
			if !sameNumber(m["Quantity"], d[0][2]) {
				t.Errorf("got %v, want Quantity %s", m, d[0][2])
			}
			expect(t, "Orders(10249)/Order_Details(OrderID=10248,ProductID="+d[0][1]+")", 404, "EntityNotFound")
		})
		t.Run("not_related_404", func(t *testing.T) {
			expect(t, "Customers('ALFKI')/Orders("+other[0]+")", 404, "EntityNotFound")
			expect(t, "Customers('NOPE')/Orders("+mine[0][0]+")", 404, "EntityNotFound")
			expect(t, "Customers('ALFKI')/Orders(999999)", 404, "EntityNotFound")
		})
		t.Run("bad_keys", func(t *testing.T) {
			expect(t, "Orders(10248)/Customer('ALFKI')", 400, "InvalidKey")
			expect(t, "Orders(10248)/Freight(1)", 400, "InvalidPath")
			expect(t, "Orders(10248)/Nope(1)", 404, "PropertyNotFound")
			expect(t, "Customers('ALFKI')/Orders('x')", 400, "InvalidKey")
			expect(t, "Customers('ALFKI')/Orders(1)/Freight/x", 501, "UnsupportedPath")
		})
		t.Run("writes_405", func(t *testing.T) {
			for _, m := range []string{http.MethodPatch, http.MethodDelete, http.MethodPut} {
				if got, body := send(t, m, "Customers('ALFKI')/Orders("+mine[0][0]+")"); got != 405 {
					t.Errorf("%s: want 405, got %d %s", m, got, body)
				}
			}
			want := mine[0][1]
			if got := r.sqlRows(t, "SELECT {Freight} FROM {Orders} WHERE {OrderID} = "+mine[0][0]); got[0][0] != want {
				t.Errorf("Freight changed to %s", got[0][0])
			}
		})
	})
}

// sameNumber compares a JSON number (or numeric string) with a SQL value's text.
func sameNumber(v any, sqlText string) bool {
	a, err1 := strconv.ParseFloat(fmt.Sprint(v), 64)
	b, err2 := strconv.ParseFloat(sqlText, 64)
	return err1 == nil && err2 == nil && a == b
}

// TestExpandPaths checks $expand paths of several segments (Orders/Customer, the OData
// 2.0 form) against the nested form they stand for, byte for byte, and their values
// against a SQL join on the same database.
func TestExpandPaths(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		for _, c := range [][2]string{
			{"Customers?$top=5&$select=CustomerID&$expand=Orders/Customer($select=City)",
				"Customers?$top=5&$select=CustomerID&$expand=Orders($expand=Customer($select=City))"},
			{"Customers?$top=5&$select=CustomerID&$expand=Orders($select=OrderID),Orders/Order_Details($top=2)",
				"Customers?$top=5&$select=CustomerID&$expand=Orders($select=OrderID;$expand=Order_Details($top=2))"},
			{"Customers?$top=5&$select=CustomerID&$expand=Orders/Employee,Orders($select=OrderID;$top=2)",
				"Customers?$top=5&$select=CustomerID&$expand=Orders($select=OrderID;$top=2;$expand=Employee)"},
			{"Order_Details?$top=5&$expand=Order/Customer/Orders($select=OrderID;$top=1),Order/Employee",
				"Order_Details?$top=5&$expand=Order($expand=Customer($expand=Orders($select=OrderID;$top=1)),Employee)"},
		} {
			got, want := string(r.get(t, c[0])), string(r.get(t, c[1]))
			if got != want {
				t.Errorf("%s\n got  %s\n want %s (%s)", c[0], got, want, c[1])
			}
		}
		t.Run("values", func(t *testing.T) {
			var page struct {
				Value []struct {
					ProductID json.Number
					Order     struct{ Customer struct{ City string } }
				}
			}
			if err := json.Unmarshal(r.get(t, "Order_Details?$filter=OrderID eq 10248&$select=ProductID&$expand=Order/Customer($select=City)"), &page); err != nil {
				t.Fatal(err)
			}
			rows := r.sqlRows(t, "SELECT d.{ProductID}, c.{City} FROM {Order Details} d JOIN {Orders} o ON o.{OrderID} = d.{OrderID} JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} WHERE d.{OrderID} = 10248 ORDER BY 1")
			if len(rows) == 0 || len(rows) != len(page.Value) {
				t.Fatalf("got %d rows, SQL %d", len(page.Value), len(rows))
			}
			for i, v := range page.Value {
				if v.ProductID.String() != rows[i][0] || v.Order.Customer.City != rows[i][1] {
					t.Errorf("row %d: got %s %q, want %v", i, v.ProductID, v.Order.Customer.City, rows[i])
				}
			}
		})
		t.Run("next_link", func(t *testing.T) {
			// a cut expanded collection's next link carries the folded nested $expand
			n := r.sqlIDs(t, "SELECT COUNT(*) FROM {Orders} WHERE {CustomerID} = 'SAVEA'")
			res, err := e.gw20.get(e.gw20.url + "Customers('SAVEA')?$select=CustomerID&$expand=Orders/Customer($select=City)")
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := json.Unmarshal(res.body, &m); err != nil || res.status != 200 {
				t.Fatalf("%s %v", res, err)
			}
			next, _ := m["Orders@odata.nextLink"].(string)
			if cnt, _ := strconv.Atoi(n[0]); cnt <= 20 || next == "" {
				t.Fatalf("SAVEA has %s orders; next link %q", n[0], next)
			}
			res, err = e.gw20.get(next)
			if err != nil {
				t.Fatal(err)
			}
			var page struct {
				Value []struct{ Customer struct{ City string } }
			}
			if err := json.Unmarshal(res.body, &page); err != nil || res.status != 200 {
				t.Fatalf("%s %v", res, err)
			}
			city := r.sqlIDs(t, "SELECT {City} FROM {Customers} WHERE {CustomerID} = 'SAVEA'")
			for _, v := range page.Value {
				if v.Customer.City != city[0] {
					t.Errorf("next page: Customer.City %q, want %q (%s)", v.Customer.City, city[0], next)
				}
			}
			if len(page.Value) == 0 {
				t.Errorf("next page empty: %s", next)
			}
		})
		t.Run("errors", func(t *testing.T) {
			for _, u := range []string{"Customers?$expand=Orders/Nope", "Customers?$expand=Orders/Freight", "Customers?$expand=Orders,Orders",
				"Customers?$expand=Orders/Customer/Orders/Customer"} {
				res := e.mustGet(t, u)
				if res.status != 400 {
					t.Errorf("%s: want 400, got %s", u, res)
				}
			}
		})
	})
}
