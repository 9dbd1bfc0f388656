package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNavigationProperty checks a primitive property after a single-valued
// navigation (Orders(x)/Customer/CompanyName, Customers('c')/Orders(x)/ShipName, each
// with /$value) against SQL joins on the same database: the value, the 204 of a
// to-one navigation without a related entity, the 404 of a missing parent or of an
// entity that does not belong to it, and the errors of paths that name no property.
func TestNavigationProperty(t *testing.T) {
	if _, err := os.Stat(filepath.Join(northwindDir(), "northwind.sqlite.sql")); err != nil {
		t.Skipf("Northwind scripts not found in %s: %v", northwindDir(), err)
	}
	forEngines(t, "northwind", func(t *testing.T, e *env) {
		r := &relEnv{e: e}
		get := func(t *testing.T, u string) *response {
			t.Helper()
			res, err := e.gw.get(e.gw.url + u)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
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
				req, err := http.NewRequest(m, e.gw.url+"Orders(10248)/Customer/CompanyName", strings.NewReader(`{"value":"x"}`))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != 405 || !strings.Contains(string(b), `"MethodNotAllowed"`) {
					t.Errorf("%s: want 405 MethodNotAllowed, got %d %s", m, res.StatusCode, b)
				}
			}
			if after := r.sqlRows(t, "SELECT c.{CompanyName} FROM {Customers} c JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE o.{OrderID} = 10248"); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("CompanyName changed from %v to %v", before, after)
			}
		})
	})
}
