package conformance

import (
	"encoding/xml"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// Relationships on the OData 2.0 root: associations in $metadata against the 4.0
// navigation properties, $expand (to-one, to-many, nested, a self-reference) and
// navigation paths in Atom and JSON verbose, each compared with SQL joins on the same
// database (Northwind; SQLite always, MariaDB/PostgreSQL with their DSN variables).

// TestV2RelationsNorthwind: the 2.0 root's relationships on Northwind equal SQL joins.
func TestV2RelationsNorthwind(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		t.Run("metadata", func(t *testing.T) { r.v2CheckMetadata(t) })
		for _, atom := range []bool{false, true} {
			format := map[bool]string{false: "json", true: "atom"}[atom]
			t.Run("expand_to_many_"+format, func(t *testing.T) {
				got := map[string]string{}
				for _, c := range r.v2Read(t, "Customers?$orderby=CustomerID&$select=CustomerID,Orders/OrderID&$expand=Orders", atom) {
					s := ""
					for _, o := range c.many(t, "Orders") {
						s += o.props["OrderID"] + ","
					}
					got[c.props["CustomerID"]] = s
				}
				want := map[string]string{}
				for _, row := range r.sqlRows(t, "SELECT c.{CustomerID}, o.{OrderID} FROM {Customers} c LEFT JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} ORDER BY c.{CustomerID}, o.{OrderID}") {
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
			t.Run("expand_to_one_self_"+format, func(t *testing.T) {
				got := map[string]string{}
				for _, em := range r.v2Read(t, "Employees?$select=EmployeeID,Employee/LastName&$expand=Employee", atom) {
					s := "<nil>"
					if m := em.one(t, "Employee"); m != nil {
						s = m.props["LastName"]
					}
					got[em.props["EmployeeID"]] = s
				}
				want := map[string]string{}
				for _, row := range r.sqlRows(t, "SELECT e.{EmployeeID}, m.{LastName} FROM {Employees} e LEFT JOIN {Employees} m ON m.{EmployeeID} = e.{ReportsTo}") {
					want[row[0]] = row[1]
				}
				if !reflect.DeepEqual(got, want) || !strings.Contains(fmt.Sprint(want), "<nil>") {
					t.Errorf("got  %v\nwant %v (with a null manager)", got, want)
				}
			})
			t.Run("expand_nested_"+format, func(t *testing.T) {
				got := map[string]string{}
				for _, o := range r.v2Read(t, "Orders?$filter=OrderID lt 10260&$select=OrderID,Customer/Country,Order_Details/ProductID,Order_Details/Product/ProductName&$expand=Customer,Order_Details/Product", atom) {
					s := "<nil>"
					if c := o.one(t, "Customer"); c != nil {
						s = c.props["Country"]
					}
					for _, d := range o.many(t, "Order_Details") {
						s += "|" + d.props["ProductID"] + ":" + d.one(t, "Product").props["ProductName"]
					}
					got[o.props["OrderID"]] = s
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
			t.Run("expand_cut_"+format, func(t *testing.T) {
				// On the gateway with -max-page-size 20 an expanded collection is cut at
				// 20 with a next link on its navigation path; following it gives the rest.
				want := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'SAVEA' ORDER BY 1")
				if len(want) <= pageSize || len(want) > 2*pageSize {
					t.Fatalf("SAVEA has %d orders; the case needs between %d and %d", len(want), pageSize+1, 2*pageSize)
				}
				r20 := &relEnv{e: e, gw: e.gw20}
				c := r20.v2Read(t, "Customers('SAVEA')?$select=CustomerID,Orders/OrderID&$expand=Orders", atom)[0]
				var got []string
				for _, o := range c.many(t, "Orders") {
					got = append(got, o.props["OrderID"])
				}
				next := c.navs["Orders"].next
				if len(got) != pageSize || next != e.gw20.v2Root()+"Customers('SAVEA')/Orders?$skip=20" {
					t.Fatalf("%d inline orders, next %q", len(got), next)
				}
				for _, o := range r20.v2Read(t, next, atom) {
					got = append(got, o.props["OrderID"])
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got  %v\nwant %v", got, want)
				}
			})
			t.Run("paths_"+format, func(t *testing.T) {
				want := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'ALFKI' ORDER BY 1")
				ids := func(nodes []*v2Node) []string {
					var out []string
					for _, n := range nodes {
						out = append(out, n.props["OrderID"])
					}
					return out
				}
				if got := ids(r.v2Read(t, "Customers('ALFKI')/Orders?$select=OrderID", atom)); !reflect.DeepEqual(got, want) {
					t.Errorf("Customers('ALFKI')/Orders: %v, want %v", got, want)
				}
				// The entry's deferred link leads to the same orders.
				cust := r.v2Read(t, "Customers('ALFKI')", atom)[0]
				link := cust.navs["Orders"]
				if link == nil || link.deferred != e.gw.v2Root()+"Customers('ALFKI')/Orders" {
					t.Fatalf("deferred Orders link %+v", link)
				}
				if got := ids(r.v2Read(t, link.deferred, atom)); !reflect.DeepEqual(got, want) {
					t.Errorf("deferred link: %v, want %v", got, want)
				}
				res := r.v2Raw(t, "Customers('ALFKI')/Orders/$count", atom)
				if res.status != 200 || strings.TrimSpace(string(res.body)) != fmt.Sprint(len(want)) {
					t.Errorf("$count: %s, want %d", res, len(want))
				}
				name := r.sqlIDs(t, "SELECT c.{CompanyName} FROM {Customers} c JOIN {Orders} o ON o.{CustomerID} = c.{CustomerID} WHERE o.{OrderID} = 10248")
				if got := r.v2Read(t, "Orders(10248)/Customer", atom)[0].props["CompanyName"]; got != name[0] {
					t.Errorf("Orders(10248)/Customer: %q, want %q", got, name[0])
				}
				if res := r.v2Raw(t, "Customers('ALFKI')/Nope", atom); res.status != 404 && res.status != 400 {
					t.Errorf("unknown navigation: %s", res)
				}
				if res := r.v2Raw(t, "Customers?$expand=Nope", atom); res.status != 400 {
					t.Errorf("unknown $expand: %s", res)
				}
			})
		}
	})
}

// v2CheckMetadata compares the 2.0 associations with the 4.0 navigation properties:
// the same names on every type, each naming an association whose ends have the two
// types, with an association set over the two entity sets.
func (r *relEnv) v2CheckMetadata(t *testing.T) {
	var m4 struct {
		Types []struct {
			Name string `xml:"Name,attr"`
			Navs []struct {
				Name string `xml:"Name,attr"`
				Type string `xml:"Type,attr"`
			} `xml:"NavigationProperty"`
		} `xml:"DataServices>Schema>EntityType"`
	}
	if err := xml.Unmarshal(r.get(t, "$metadata"), &m4); err != nil {
		t.Fatal(err)
	}
	res := r.v2Raw(t, "$metadata", true)
	var m2 struct {
		Schema struct {
			Namespace string `xml:"Namespace,attr"`
			Types     []struct {
				Name string `xml:"Name,attr"`
				Navs []struct {
					Name string `xml:"Name,attr"`
					Rel  string `xml:"Relationship,attr"`
					From string `xml:"FromRole,attr"`
					To   string `xml:"ToRole,attr"`
				} `xml:"NavigationProperty"`
			} `xml:"EntityType"`
			Assocs []struct {
				Name string `xml:"Name,attr"`
				Ends []struct {
					Type string `xml:"Type,attr"`
					Role string `xml:"Role,attr"`
					Mult string `xml:"Multiplicity,attr"`
				} `xml:"End"`
			} `xml:"Association"`
			Sets []struct {
				Assoc string `xml:"Association,attr"`
				Ends  []struct {
					Set  string `xml:"EntitySet,attr"`
					Role string `xml:"Role,attr"`
				} `xml:"End"`
			} `xml:"EntityContainer>AssociationSet"`
		} `xml:"DataServices>Schema"`
	}
	if err := xml.Unmarshal(res.body, &m2); err != nil {
		t.Fatalf("%v\n%s", err, res.body)
	}
	ns := m2.Schema.Namespace + "."
	want := map[string]string{} // Type.Nav → target type
	for _, ty := range m4.Types {
		for _, n := range ty.Navs {
			want[ty.Name+"."+n.Name] = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(n.Type, "Collection("), ns), ")")
		}
	}
	if len(want) == 0 {
		t.Fatal("the 4.0 $metadata has no navigation properties: the case proves nothing")
	}
	roles := map[string]map[string]string{} // association → role → type
	mults := map[string]string{}
	for _, a := range m2.Schema.Assocs {
		roles[a.Name] = map[string]string{}
		for _, e := range a.Ends {
			roles[a.Name][e.Role] = strings.TrimPrefix(e.Type, ns)
			mults[a.Name] += e.Mult + " "
		}
	}
	sets := map[string]int{}
	for _, s := range m2.Schema.Sets {
		sets[strings.TrimPrefix(s.Assoc, ns)] = len(s.Ends)
	}
	got := map[string]string{}
	for _, ty := range m2.Schema.Types {
		for _, n := range ty.Navs {
			a := strings.TrimPrefix(n.Rel, ns)
			if roles[a][n.From] != ty.Name {
				t.Errorf("%s.%s: FromRole %s is not an end of type %s in %s", ty.Name, n.Name, n.From, ty.Name, a)
			}
			if sets[a] != 2 {
				t.Errorf("%s.%s: association %s has no association set with two ends", ty.Name, n.Name, a)
			}
			if m := mults[a]; m != "1 * " && m != "0..1 * " {
				t.Errorf("%s: multiplicities %q", a, m)
			}
			got[ty.Name+"."+n.Name] = roles[a][n.To]
		}
	}
	if !reflect.DeepEqual(got, want) {
		keys := func(m map[string]string) []string {
			var out []string
			for k, v := range m {
				out = append(out, k+"→"+v)
			}
			sort.Strings(out)
			return out
		}
		t.Errorf("2.0 navigation properties\n got  %v\n want %v", keys(got), keys(want))
	}
}

// TestV2RelationsComposite: a composite foreign key on the 2.0 root (expand both
// ways, a null key, the navigation path with a two-part key) against SQL joins.
func TestV2RelationsComposite(t *testing.T) {
	forEngines(t, "relations", func(t *testing.T, e *env) {
		r := &relEnv{e: e}
		var m4 struct {
			Types []struct {
				Name string `xml:"Name,attr"`
				Navs []struct {
					Name string `xml:"Name,attr"`
				} `xml:"NavigationProperty"`
			} `xml:"DataServices>Schema>EntityType"`
		}
		if err := xml.Unmarshal(r.get(t, "$metadata"), &m4); err != nil {
			t.Fatal(err)
		}
		nav := map[string]string{}
		for _, ty := range m4.Types {
			if (ty.Name == "rel_line" || ty.Name == "rel_note") && len(ty.Navs) == 1 {
				nav[ty.Name] = ty.Navs[0].Name
			}
		}
		notes, line := nav["rel_line"], nav["rel_note"]
		if notes == "" || line == "" {
			t.Fatalf("navigations of rel_line/rel_note not found: %v", m4.Types)
		}
		for _, atom := range []bool{false, true} {
			got := map[string]string{}
			for _, l := range r.v2Read(t, "rel_line?$select=o,n,"+notes+"/id&$expand="+notes, atom) {
				s := ""
				for _, x := range l.many(t, notes) {
					s += x.props["id"] + ","
				}
				got[l.props["o"]+"/"+l.props["n"]] = s
			}
			want := map[string]string{}
			for _, row := range r.sqlRows(t, "SELECT l.{o}, l.{n}, x.{id} FROM {rel_line} l LEFT JOIN {rel_note} x ON x.{o} = l.{o} AND x.{n} = l.{n} ORDER BY l.{o}, l.{n}, x.{id}") {
				k := row[0] + "/" + row[1]
				if row[2] == "<nil>" {
					want[k] += ""
				} else {
					want[k] += row[2] + ","
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("atom=%v expand %s\n got  %v\n want %v", atom, notes, got, want)
			}
			got = map[string]string{}
			for _, x := range r.v2Read(t, "rel_note?$expand="+line, atom) {
				s := "<nil>"
				if l := x.one(t, line); l != nil {
					s = l.props["item"]
				}
				got[x.props["id"]] = s
			}
			want = map[string]string{}
			for _, row := range r.sqlRows(t, "SELECT x.{id}, l.{item} FROM {rel_note} x LEFT JOIN {rel_line} l ON l.{o} = x.{o} AND l.{n} = x.{n}") {
				want[row[0]] = row[1]
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("atom=%v expand %s\n got  %v\n want %v", atom, line, got, want)
			}
			var ids []string
			for _, x := range r.v2Read(t, "rel_line(o=1,n=1)/"+notes, atom) {
				ids = append(ids, x.props["id"])
			}
			if w := r.sqlIDs(t, "SELECT {id} FROM {rel_note} WHERE {o} = 1 AND {n} = 1 ORDER BY 1"); !reflect.DeepEqual(ids, w) {
				t.Errorf("atom=%v path: %v, want %v", atom, ids, w)
			}
		}
	})
}
