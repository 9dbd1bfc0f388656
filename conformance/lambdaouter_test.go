package conformance

import (
	"reflect"
	"strings"
	"testing"
)

// Lambdas that refer to rows outside their variable: $it, names without a prefix
// (relative to $it), an enclosing lambda's variable, and $it under a to-one step.
// Expectations are correlated EXISTS subqueries written by hand.
var lambdaOuterCases = []relCase{
	{"it_prefix", "Customers?$filter=Orders/any(o:o/ShipCity ne $it/City)&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c WHERE EXISTS (SELECT 1 FROM {Orders} o WHERE o.{CustomerID} = c.{CustomerID} AND o.{ShipCity} <> c.{City}) ORDER BY 1"},
	{"unprefixed", "Customers?$filter=Orders/any(o:o/ShipCity ne City)&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c WHERE EXISTS (SELECT 1 FROM {Orders} o WHERE o.{CustomerID} = c.{CustomerID} AND o.{ShipCity} <> c.{City}) ORDER BY 1"},
	{"all_unprefixed", "Customers?$filter=Orders/all(o:o/ShipCountry eq Country)&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c WHERE NOT EXISTS (SELECT 1 FROM {Orders} o WHERE o.{CustomerID} = c.{CustomerID} AND (o.{ShipCountry} IS NULL OR c.{Country} IS NULL OR o.{ShipCountry} <> c.{Country})) ORDER BY 1"},
	{"enclosing_var", "Customers?$filter=Orders/any(o:o/Order_Details/any(d:d/UnitPrice mul d/Quantity gt o/Freight mul 100))&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c WHERE EXISTS (SELECT 1 FROM {Orders} o WHERE o.{CustomerID} = c.{CustomerID} AND EXISTS (SELECT 1 FROM {Order Details} d WHERE d.{OrderID} = o.{OrderID} AND d.{UnitPrice} * d.{Quantity} > o.{Freight} * 100)) ORDER BY 1"},
	{"three_levels", "Customers?$filter=Orders/any(o:o/Order_Details/any(d:d/Quantity ge 100 and o/ShipCountry eq Country and d/Discount gt 0))&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c WHERE EXISTS (SELECT 1 FROM {Orders} o WHERE o.{CustomerID} = c.{CustomerID} AND EXISTS (SELECT 1 FROM {Order Details} d WHERE d.{OrderID} = o.{OrderID} AND d.{Quantity} >= 100 AND o.{ShipCountry} = c.{Country} AND d.{Discount} > 0)) ORDER BY 1"},
	{"to_one_step", "Orders?$filter=Customer/Orders/any(o:o/Freight gt $it/Freight mul 40)&$select=OrderID", "OrderID",
		"SELECT x.{OrderID} FROM {Orders} x WHERE EXISTS (SELECT 1 FROM {Customers} c JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE c.{CustomerID} = x.{CustomerID} AND o.{Freight} > x.{Freight} * 40) ORDER BY 1"},
	{"it_to_one", "Orders?$filter=Order_Details/any(d:d/Product/Supplier/Country eq $it/Customer/Country) and ShipVia eq 1&$select=OrderID", "OrderID",
		"SELECT o.{OrderID} FROM {Orders} o JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} WHERE o.{ShipVia} = 1 AND EXISTS (SELECT 1 FROM {Order Details} d JOIN {Products} p ON p.{ProductID} = d.{ProductID} JOIN {Suppliers} s ON s.{SupplierID} = p.{SupplierID} WHERE d.{OrderID} = o.{OrderID} AND s.{Country} = c.{Country}) ORDER BY 1"},
	{"count_filter", "Customers?$filter=Orders/any(o:o/Order_Details/$count($filter=UnitPrice gt o/Freight and Quantity gt length($it/City)) ge 3)&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c WHERE EXISTS (SELECT 1 FROM {Orders} o WHERE o.{CustomerID} = c.{CustomerID} AND (SELECT COUNT(*) FROM {Order Details} d WHERE d.{OrderID} = o.{OrderID} AND d.{UnitPrice} > o.{Freight} AND d.{Quantity} > LENGTH(c.{City})) >= 3) ORDER BY 1"},
	{"self", "Employees?$filter=Employees/any(s:s/HireDate lt HireDate)&$select=EmployeeID", "EmployeeID",
		"SELECT e.{EmployeeID} FROM {Employees} e WHERE EXISTS (SELECT 1 FROM {Employees} s WHERE s.{ReportsTo} = e.{EmployeeID} AND s.{HireDate} < e.{HireDate}) ORDER BY 1"},
}

func TestLambdaOuterNorthwind(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		for _, c := range lambdaOuterCases {
			t.Run(c.name, func(t *testing.T) {
				got := r.ids(t, c.url, c.prop)
				want := r.sqlIDs(t, c.sql)
				if len(want) == 0 {
					t.Fatalf("the SQL of %s returns no rows: the case proves nothing", c.name)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s\n got  %v\n want %v (%s)", c.url, got, want, c.sql)
				}
			})
		}
		t.Run("expand", func(t *testing.T) {
			// Inside $expand a name without a prefix is the expanded order's.
			got := r.expandMany(t, "Customers?$select=CustomerID&$filter=startswith(CustomerID,'A')&$expand=Orders($select=OrderID;$filter=Order_Details/any(d:d/Quantity gt Freight))", "CustomerID", "Orders", "OrderID")
			rows := r.sqlRows(t, "SELECT c.{CustomerID}, o.{OrderID} FROM {Customers} c LEFT JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} AND EXISTS (SELECT 1 FROM {Order Details} d WHERE d.{OrderID} = o.{OrderID} AND d.{Quantity} > o.{Freight}) WHERE c.{CustomerID} LIKE 'A%' ORDER BY c.{CustomerID}, o.{OrderID}")
			want, n := map[string]string{}, 0
			for _, row := range rows {
				if row[1] == "<nil>" {
					want[row[0]] += ""
					continue
				}
				want[row[0]] += row[1] + ","
				n++
			}
			if n == 0 {
				t.Fatal("the SQL returns no orders: the case proves nothing")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
		t.Run("errors", func(t *testing.T) {
			for _, c := range []struct {
				url    string
				status int
			}{
				{"Customers?$filter=Orders/any(o:o/Nope eq 1)", 400},
				{"Customers?$filter=Orders/any(o:ShipCity eq 'x')", 400}, // an Orders name, not a Customers one
				{"Customers?$filter=Orders/any(o:$it/Nope eq 1)", 400},
				// Inside $count($filter=…) names without a prefix are the counted rows'.
				{"Customers?$filter=Orders/any(o:o/Order_Details/$count($filter=Quantity gt length(City)) ge 3)", 400},
				{"Customers?$filter=Orders/any(o:o/Order_Details/any(d:d/Quantity gt o/Nope))", 400},
				{"Customers?$filter=Orders/any(o:o/Order_Details/any(d:d/Quantity gt x/Freight))", 400},
				{"Orders?$filter=Order_Details/any(d:$it/Customer/Nope eq 'x')", 400},
				{"Orders?$filter=Order_Details/any(d:$it/Customer/Orders/$count gt 1)", 501},
				{"Customers?$expand=Orders($filter=$it/City eq ShipCity)", 501},
			} {
				res, err := e.gw.get(e.gw.url + strings.ReplaceAll(c.url, " ", "%20"))
				if err != nil {
					t.Fatal(err)
				}
				if res.status != c.status {
					t.Errorf("%s: want %d, got %s", c.url, c.status, res)
				}
			}
		})
	})
}
