package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// forNorthwindRel runs fn on every engine with Northwind loaded (skipped when the
// scripts are absent), with the relationship helpers over that engine.
func forNorthwindRel(t *testing.T, fn func(t *testing.T, e *env, r *relEnv)) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(northwindDir(), "northwind.sqlite.sql")); err != nil {
		t.Skipf("Northwind scripts not found in %s: %v", northwindDir(), err)
	}
	forEngines(t, "northwind", func(t *testing.T, e *env) { fn(t, e, &relEnv{e: e}) })
}

// TestRelationsNorthwind checks navigation (paths, any/all, to-one paths, $count of a
// collection) and $expand against SQL joins written by hand on the same database, on
// every engine whose DSN is set (SQLite always).
func TestRelationsNorthwind(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		for _, c := range relFilterCases {
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
		t.Run("count_path", func(t *testing.T) {
			res := r.get(t, "Customers('ALFKI')/Orders/$count")
			want := r.sqlIDs(t, "SELECT COUNT(*) FROM {Orders} WHERE {CustomerID} = 'ALFKI'")
			if strings.TrimSpace(string(res)) != want[0] {
				t.Errorf("got %s, want %s", res, want[0])
			}
		})
		t.Run("to_one_path", func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(r.get(t, "Orders(10248)/Customer"), &m); err != nil {
				t.Fatal(err)
			}
			want := r.sqlIDs(t, "SELECT c.{CompanyName} FROM {Customers} c JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE o.{OrderID} = 10248")
			if fmt.Sprint(m["CompanyName"]) != want[0] {
				t.Errorf("got %v, want %s", m["CompanyName"], want[0])
			}
		})
		t.Run("expand_to_many", func(t *testing.T) {
			got := r.expandMany(t, "Customers?$select=CustomerID&$orderby=CustomerID&$expand=Orders($select=OrderID;$filter=Freight gt 20;$orderby=Freight desc;$top=3;$count=true)", "CustomerID", "Orders", "OrderID")
			rows := r.sqlRows(t, "SELECT c.{CustomerID}, o.{OrderID} FROM {Customers} c LEFT JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} AND o.{Freight} > 20 ORDER BY c.{CustomerID}, o.{Freight} DESC, o.{OrderID}")
			want := map[string]string{}
			counts := map[string]int{}
			for _, row := range rows {
				if row[1] == "<nil>" {
					want[row[0]] += ""
					continue
				}
				counts[row[0]]++
				if counts[row[0]] <= 3 {
					want[row[0]] += row[1] + ","
				}
			}
			for k, n := range counts {
				want[k] += fmt.Sprintf("#%d", n)
			}
			for k := range want {
				if counts[k] == 0 {
					want[k] += "#0"
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
		t.Run("expand_nested", func(t *testing.T) {
			body := r.get(t, "Orders?$select=OrderID&$filter=OrderID lt 10260&$expand=Customer($select=Country),Order_Details($select=ProductID;$expand=Product($select=ProductName))")
			var page struct {
				Value []struct {
					OrderID  json.Number
					Customer *struct{ Country string }
					Details  []struct {
						ProductID json.Number
						Product   struct{ ProductName string }
					} `json:"Order_Details"`
				} `json:"value"`
			}
			dec := json.NewDecoder(strings.NewReader(string(body)))
			dec.UseNumber()
			if err := dec.Decode(&page); err != nil {
				t.Fatalf("%v\n%s", err, body)
			}
			got := map[string]string{}
			for _, o := range page.Value {
				s := "<nil>"
				if o.Customer != nil {
					s = o.Customer.Country
				}
				for _, d := range o.Details {
					s += "|" + d.ProductID.String() + ":" + d.Product.ProductName
				}
				got[o.OrderID.String()] = s
			}
			want := map[string]string{}
			for _, row := range r.sqlRows(t, "SELECT o.{OrderID}, c.{Country} FROM {Orders} o LEFT JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} WHERE o.{OrderID} < 10260") {
				want[row[0]] = row[1]
			}
			for _, row := range r.sqlRows(t, "SELECT d.{OrderID}, d.{ProductID}, p.{ProductName} FROM {Order Details} d JOIN {Products} p ON p.{ProductID} = d.{ProductID} WHERE d.{OrderID} < 10260 ORDER BY d.{OrderID}, d.{ProductID}") {
				want[row[0]] += "|" + row[1] + ":" + row[2]
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
		t.Run("expand_self", func(t *testing.T) {
			got := r.expandMany(t, "Employees?$select=EmployeeID&$expand=Employees($select=EmployeeID)", "EmployeeID", "Employees", "EmployeeID")
			want := map[string]string{}
			for _, row := range r.sqlRows(t, "SELECT m.{EmployeeID}, e.{EmployeeID} FROM {Employees} m LEFT JOIN {Employees} e ON e.{ReportsTo} = m.{EmployeeID} ORDER BY m.{EmployeeID}, e.{EmployeeID}") {
				if row[1] != "<nil>" {
					want[row[0]] += row[1] + ","
				} else {
					want[row[0]] += ""
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
		t.Run("errors", func(t *testing.T) {
			for _, u := range []string{"Customers?$expand=Nope", "Customers?$filter=Orders eq 1", "Orders?$filter=Customer eq 'x'",
				"Orders?$expand=Customer($top=1)", "Customers?$expand=Orders($filter=Nope eq 1)"} {
				res := e.mustGet(t, u)
				if res.status < 400 || res.status >= 500 && res.status != 501 {
					t.Errorf("%s: want a 4xx/501, got %s", u, res)
				}
			}
		})
	})
}

type relCase struct{ name, url, prop, sql string }

var relFilterCases = []relCase{
	{"any", "Customers?$filter=Orders/any(o:o/Freight gt 500)&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c WHERE c.{CustomerID} IN (SELECT o.{CustomerID} FROM {Orders} o WHERE o.{Freight} > 500) ORDER BY 1"},
	{"any_empty", "Customers?$filter=not Orders/any()&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c LEFT JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE o.{OrderID} IS NULL ORDER BY 1"},
	{"all", "Customers?$filter=Orders/all(o:o/Freight gt 10)&$select=CustomerID", "CustomerID",
		"SELECT c.{CustomerID} FROM {Customers} c LEFT JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} AND (o.{Freight} IS NULL OR o.{Freight} <= 10) GROUP BY c.{CustomerID} HAVING COUNT(o.{OrderID}) = 0 ORDER BY 1"},
	{"nested_any", "Customers?$filter=Orders/any(o:o/Order_Details/any(d:d/Quantity ge 100))&$select=CustomerID", "CustomerID",
		"SELECT DISTINCT o.{CustomerID} FROM {Orders} o JOIN {Order Details} d ON d.{OrderID} = o.{OrderID} WHERE d.{Quantity} >= 100 ORDER BY 1"},
	{"to_one", "Orders?$filter=Customer/Country eq 'Germany'&$select=OrderID", "OrderID",
		"SELECT o.{OrderID} FROM {Orders} o JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} WHERE c.{Country} = 'Germany' ORDER BY 1"},
	{"to_one_two_steps", "Order_Details?$filter=Order/Customer/City eq 'Berlin'&$select=OrderID,ProductID", "ProductID",
		"SELECT d.{ProductID} FROM {Order Details} d JOIN {Orders} o ON o.{OrderID} = d.{OrderID} JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} WHERE c.{City} = 'Berlin' ORDER BY d.{OrderID}, d.{ProductID}"},
	{"to_one_ne", "Products?$filter=Category/CategoryName ne 'Beverages'&$select=ProductID", "ProductID",
		"SELECT p.{ProductID} FROM {Products} p LEFT JOIN {Categories} c ON c.{CategoryID} = p.{CategoryID} WHERE c.{CategoryName} IS NULL OR c.{CategoryName} <> 'Beverages' ORDER BY 1"},
	{"self", "Employees?$filter=Employee/LastName eq 'Fuller'&$select=EmployeeID", "EmployeeID",
		"SELECT e.{EmployeeID} FROM {Employees} e JOIN {Employees} m ON m.{EmployeeID} = e.{ReportsTo} WHERE m.{LastName} = 'Fuller' ORDER BY 1"},
	{"count", "Customers?$filter=Orders/$count gt 20&$select=CustomerID", "CustomerID",
		"SELECT {CustomerID} FROM {Orders} GROUP BY {CustomerID} HAVING COUNT(*) > 20 ORDER BY 1"},
	{"orderby_to_one", "Orders?$orderby=Customer/CompanyName desc,OrderID&$top=40&$select=OrderID", "OrderID",
		"SELECT o.{OrderID} FROM {Orders} o LEFT JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} ORDER BY c.{CompanyName} DESC, o.{OrderID} LIMIT 40"},
	{"nav_path", "Customers('ALFKI')/Orders?$select=OrderID&$filter=Freight gt 30", "OrderID",
		"SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' AND {Freight} > 30 ORDER BY 1"},
}

type relEnv struct {
	e  *env
	gw *gateway // the 2.0 cases' gateway when not e.gw (v2rel_test.go)
}

// sqlText replaces {Name} with the engine's quoted identifier.
func (r *relEnv) sqlText(s string) string {
	var sb strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			sb.WriteString(s)
			return sb.String()
		}
		j := strings.IndexByte(s[i:], '}') + i
		sb.WriteString(s[:i] + r.e.quote(s[i+1:j]))
		s = s[j+1:]
	}
}

func (r *relEnv) sqlRows(t *testing.T, q string) [][]string {
	t.Helper()
	rows, err := r.e.src.db.Query(r.sqlText(q))
	if err != nil {
		t.Fatalf("%s: %v", r.sqlText(q), err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			row[i] = strings.TrimRight(fmt.Sprint(v), " ")
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func (r *relEnv) sqlIDs(t *testing.T, q string) []string {
	var out []string
	for _, row := range r.sqlRows(t, q) {
		out = append(out, row[0])
	}
	return out
}

// mustGet is GET <root>u (u already encoded), failing the test on a transport error.
func (e *env) mustGet(t *testing.T, u string) *response {
	t.Helper()
	res, err := e.gw.get(e.gw.url + u)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// encodeURL percent-encodes the query options of u, written readably
// ("Orders?$filter=Freight gt 5"), as a client sends them; the path stays as it is.
func encodeURL(u string) string {
	path, query, _ := strings.Cut(u, "?")
	if query == "" {
		return path
	}
	v := url.Values{}
	for _, p := range strings.Split(query, "&") {
		k, val, _ := strings.Cut(p, "=")
		v.Add(k, val)
	}
	return path + "?" + strings.ReplaceAll(v.Encode(), "+", "%20")
}

func (r *relEnv) get(t *testing.T, u string) []byte {
	t.Helper()
	res := r.e.mustGet(t, encodeURL(u))
	if res.status != 200 {
		t.Fatalf("%s", res)
	}
	return res.body
}

// ids returns prop of every entity of a collection response (following next links).
func (r *relEnv) ids(t *testing.T, u, prop string) []string {
	t.Helper()
	var out []string
	var page struct {
		Value []map[string]any `json:"value"`
	}
	dec := json.NewDecoder(strings.NewReader(string(r.get(t, u))))
	dec.UseNumber()
	if err := dec.Decode(&page); err != nil {
		t.Fatal(err)
	}
	for _, v := range page.Value {
		out = append(out, fmt.Sprint(v[prop]))
	}
	return out
}

// expandMany flattens an expanded collection: parent id → "child,child,…#count" (the
// count part only when the response has one).
func (r *relEnv) expandMany(t *testing.T, u, parentProp, nav, childProp string) map[string]string {
	t.Helper()
	var page struct {
		Value []map[string]any `json:"value"`
	}
	dec := json.NewDecoder(strings.NewReader(string(r.get(t, u))))
	dec.UseNumber()
	if err := dec.Decode(&page); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range page.Value {
		s := ""
		kids, ok := v[nav].([]any)
		if !ok {
			t.Fatalf("%s: %s is not an array in %v", u, nav, v)
		}
		for _, k := range kids {
			s += fmt.Sprint(k.(map[string]any)[childProp]) + ","
		}
		if n, ok := v[nav+"@odata.count"]; ok {
			s += "#" + fmt.Sprint(n)
		}
		out[fmt.Sprint(v[parentProp])] = s
	}
	return out
}

// relationsSchema has a composite foreign key and a self-reference, in SQL every
// engine runs.
var relationsSchema = []string{
	"CREATE TABLE rel_line (o INTEGER NOT NULL, n INTEGER NOT NULL, item VARCHAR(20), PRIMARY KEY (o, n))",
	"CREATE TABLE rel_note (id INTEGER NOT NULL PRIMARY KEY, o INTEGER, n INTEGER, txt VARCHAR(20), FOREIGN KEY (o, n) REFERENCES rel_line (o, n))",
	"CREATE TABLE rel_node (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER, name VARCHAR(20), FOREIGN KEY (parent_id) REFERENCES rel_node (id))",
	"INSERT INTO rel_line VALUES (1, 1, 'a'), (1, 2, 'b'), (2, 1, 'c'), (2, 2, NULL)",
	"INSERT INTO rel_note VALUES (100, 1, 1, 'x'), (101, 1, 1, 'y'), (102, 1, 2, 'z'), (103, NULL, NULL, 'w'), (104, 2, 1, 'x')",
	"INSERT INTO rel_node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a11')",
}

func loadRelations(ctx context.Context, src *source) error {
	for _, s := range relationsSchema {
		if _, err := src.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// TestRelationsCompositeAndSelf runs navigation and $expand over a composite foreign
// key and a self-reference on every engine, against SQL joins.
func TestRelationsCompositeAndSelf(t *testing.T) {
	forEngines(t, "relations", func(t *testing.T, e *env) {
		r := &relEnv{e: e}
		nav := func(set, to string, many bool) string {
			body := r.get(t, "$metadata")
			// The navigation names are derived; read them from $metadata.
			s := string(body)
			i := strings.Index(s, `<EntityType Name="`+set+`">`)
			j := strings.Index(s[i:], "</EntityType>") + i
			typ := `Type="odatagw.` + to + `"`
			if many {
				typ = `Type="Collection(odatagw.` + to + `)"`
			}
			k := strings.Index(s[i:j], typ)
			if k < 0 {
				t.Fatalf("%s has no navigation to %s in $metadata", set, to)
			}
			l := strings.LastIndex(s[i:i+k], `<NavigationProperty Name="`)
			name := s[i+l+len(`<NavigationProperty Name="`):]
			return name[:strings.IndexByte(name, '"')]
		}
		notes, line := nav("rel_line", "rel_note", true), nav("rel_note", "rel_line", false)
		kids, parent := nav("rel_node", "rel_node", true), nav("rel_node", "rel_node", false)
		for _, c := range []relCase{
			{"composite_any", "rel_line?$filter=" + notes + "/any(x:x/txt eq 'x')&$select=o,n", "n",
				"SELECT l.{n} FROM {rel_line} l WHERE EXISTS (SELECT 1 FROM {rel_note} x WHERE x.{o} = l.{o} AND x.{n} = l.{n} AND x.{txt} = 'x') ORDER BY l.{o}, l.{n}"},
			{"composite_to_one", "rel_note?$filter=" + line + "/item eq 'a'&$select=id", "id",
				"SELECT x.{id} FROM {rel_note} x JOIN {rel_line} l ON l.{o} = x.{o} AND l.{n} = x.{n} WHERE l.{item} = 'a' ORDER BY 1"},
			{"composite_to_one_null", "rel_note?$filter=" + line + "/item eq null&$select=id", "id",
				"SELECT x.{id} FROM {rel_note} x LEFT JOIN {rel_line} l ON l.{o} = x.{o} AND l.{n} = x.{n} WHERE l.{item} IS NULL ORDER BY 1"},
			{"composite_path", "rel_line(o=1,n=1)/" + notes + "?$select=id", "id",
				"SELECT {id} FROM {rel_note} WHERE {o} = 1 AND {n} = 1 ORDER BY 1"},
			{"self_two_steps", "rel_node?$filter=" + parent + "/" + parent + "/name eq 'root'&$select=id", "id",
				"SELECT c.{id} FROM {rel_node} c JOIN {rel_node} p ON p.{id} = c.{parent_id} JOIN {rel_node} g ON g.{id} = p.{parent_id} WHERE g.{name} = 'root' ORDER BY 1"},
			{"self_all", "rel_node?$filter=" + kids + "/all(k:startswith(k/name,'a'))&$select=id", "id",
				"SELECT p.{id} FROM {rel_node} p WHERE NOT EXISTS (SELECT 1 FROM {rel_node} k WHERE k.{parent_id} = p.{id} AND (k.{name} IS NULL OR k.{name} NOT LIKE 'a%')) ORDER BY 1"},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, want := r.ids(t, c.url, c.prop), r.sqlIDs(t, c.sql)
				if len(want) == 0 {
					t.Fatalf("the SQL returns no rows: the case proves nothing")
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s\n got  %v\n want %v", c.url, got, want)
				}
			})
		}
		t.Run("composite_expand", func(t *testing.T) {
			got := r.expandMany(t, "rel_line?$select=n&$filter=o eq 1&$expand="+notes+"($select=id)", "n", notes, "id")
			want := map[string]string{}
			for _, row := range r.sqlRows(t, "SELECT l.{n}, x.{id} FROM {rel_line} l LEFT JOIN {rel_note} x ON x.{o} = l.{o} AND x.{n} = l.{n} WHERE l.{o} = 1 ORDER BY l.{n}, x.{id}") {
				if row[1] == "<nil>" {
					want[row[0]] += ""
				} else {
					want[row[0]] += row[1] + ","
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
		t.Run("self_expand_nested", func(t *testing.T) {
			body := string(r.get(t, "rel_node(1)?$select=id&$expand="+kids+"($select=id;$orderby=id desc;$expand="+kids+"($select=name))"))
			want := map[string]string{}
			for _, row := range r.sqlRows(t, "SELECT c.{id}, g.{name} FROM {rel_node} c LEFT JOIN {rel_node} g ON g.{parent_id} = c.{id} WHERE c.{parent_id} = 1 ORDER BY c.{id} DESC, g.{id}") {
				if row[1] == "<nil>" {
					want[row[0]] += ""
				} else {
					want[row[0]] += row[1] + ","
				}
			}
			var ent map[string]any
			if err := json.Unmarshal([]byte(body), &ent); err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			var order []string
			for _, c := range ent[kids].([]any) {
				cm := c.(map[string]any)
				id := fmt.Sprint(cm["id"])
				order = append(order, id)
				s := ""
				for _, g := range cm[kids].([]any) {
					s += fmt.Sprint(g.(map[string]any)["name"]) + ","
				}
				got[id] = s
			}
			if !reflect.DeepEqual(got, want) || len(order) != 2 || order[0] != "3" {
				t.Errorf("got %v (order %v)\nwant %v\n%s", got, order, want, body)
			}
		})
	})
}
