package conformance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNavigationMisses checks the answers of navigation paths that find no row,
// against SQL on the same database: a to-one navigation whose foreign key is null is
// 204 No Content (OData 4.0 Protocol §11.2.6), a collection of an existing parent
// without children is an empty list (and $count 0), and any navigation from a parent
// that does not exist is 404 EntityNotFound, with or without $expand.
func TestNavigationMisses(t *testing.T) {
	if _, err := os.Stat(filepath.Join(northwindDir(), "northwind.sqlite.sql")); err != nil {
		t.Skipf("Northwind scripts not found in %s: %v", northwindDir(), err)
	}
	forEngines(t, "northwind", func(t *testing.T, e *env) {
		r := &relEnv{e: e}
		status := func(t *testing.T, u string) *response {
			t.Helper()
			res, err := e.gw.get(e.gw.url + u)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
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
