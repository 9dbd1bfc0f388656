package conformance

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// Relationships on the OData 2.0 root: associations in $metadata against the 4.0
// navigation properties, $expand (to-one, to-many, nested, a self-reference) and
// navigation paths in Atom and JSON verbose, each compared with SQL joins on the same
// database (Northwind; SQLite always, MariaDB/PostgreSQL with their DSN variables).

// v2Node is an entry of either 2.0 format: its properties as text ("<nil>" for null)
// and its navigations.
type v2Node struct {
	uri   string
	props map[string]string
	navs  map[string]*v2Nav
}

// v2Nav is a navigation of an entry: a deferred link, an inline entry (nil entry and
// null true for a to-one without a target) or an inline feed.
type v2Nav struct {
	deferred string
	next     string // an inline feed's next link
	entry    *v2Node
	feed     []*v2Node
	many     bool
	null     bool
}

// v2Read GETs a 2.0 URL (path?query, values unencoded) in Atom or JSON verbose and
// returns its entries (one for an entry document).
func (r *relEnv) v2Read(t *testing.T, u string, atom bool) []*v2Node {
	t.Helper()
	res := r.v2Raw(t, u, atom)
	if res.status != 200 {
		t.Fatalf("%s", res)
	}
	if res.header.Get("OData-Version") != "" || res.header.Get("DataServiceVersion") == "" {
		t.Fatalf("%s: not a 2.0 answer: %v", u, res.header)
	}
	if atom {
		nodes, err := atomNodes(res.body)
		if err != nil {
			t.Fatalf("%s: %v\n%s", u, err, res.body)
		}
		return nodes
	}
	nodes, err := verboseNodes(res.body)
	if err != nil {
		t.Fatalf("%s: %v\n%s", u, err, res.body)
	}
	return nodes
}

func (r *relEnv) v2Raw(t *testing.T, u string, atom bool) *response {
	t.Helper()
	gw := r.e.gw
	if r.gw != nil {
		gw = r.gw
	}
	path, query, _ := strings.Cut(u, "?")
	full := u
	if !strings.HasPrefix(u, "http") {
		full = gw.v2Root() + path
		if query != "" {
			v := url.Values{}
			for _, p := range strings.Split(query, "&") {
				k, val, _ := strings.Cut(p, "=")
				v.Add(k, val)
			}
			full += "?" + strings.ReplaceAll(v.Encode(), "+", "%20")
		}
	}
	res, err := gw.v2Get(full, atom)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func verboseNodes(body []byte) ([]*v2Node, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc struct {
		D map[string]any `json:"d"`
	}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if res, ok := doc.D["results"].([]any); ok {
		return verboseList(res)
	}
	n, err := verboseNode(doc.D)
	return []*v2Node{n}, err
}

func verboseList(list []any) ([]*v2Node, error) {
	var out []*v2Node
	for _, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("results holds %T", x)
		}
		n, err := verboseNode(m)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func verboseNode(m map[string]any) (*v2Node, error) {
	md, ok := m["__metadata"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("entry without __metadata: %v", m)
	}
	n := &v2Node{uri: fmt.Sprint(md["uri"]), props: map[string]string{}, navs: map[string]*v2Nav{}}
	for k, v := range m {
		if k == "__metadata" {
			continue
		}
		obj, isObj := v.(map[string]any)
		switch {
		case isObj && obj["__deferred"] != nil:
			d, _ := obj["__deferred"].(map[string]any)
			n.navs[k] = &v2Nav{deferred: fmt.Sprint(d["uri"])}
		case isObj && obj["results"] != nil:
			list, ok := obj["results"].([]any)
			if !ok {
				return nil, fmt.Errorf("%s: results is %T", k, obj["results"])
			}
			feed, err := verboseList(list)
			if err != nil {
				return nil, err
			}
			next, _ := obj["__next"].(string)
			n.navs[k] = &v2Nav{feed: feed, many: true, next: next}
		case isObj && obj["__metadata"] != nil:
			e, err := verboseNode(obj)
			if err != nil {
				return nil, err
			}
			n.navs[k] = &v2Nav{entry: e}
		case isObj:
			return nil, fmt.Errorf("%s: unexpected object %v", k, obj)
		default:
			n.props[k] = fmt.Sprint(v) // a null to-one is "<nil>" here; see prop
		}
	}
	return n, nil
}

type xAtomFeed struct {
	Entries []xAtomEntry `xml:"http://www.w3.org/2005/Atom entry"`
	Links   []xAtomLink  `xml:"http://www.w3.org/2005/Atom link"`
}

type xAtomEntry struct {
	ID    string      `xml:"http://www.w3.org/2005/Atom id"`
	Links []xAtomLink `xml:"http://www.w3.org/2005/Atom link"`
	Props struct {
		P struct {
			Any []struct {
				XMLName xml.Name
				Null    string `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata null,attr"`
				Text    string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata properties"`
	} `xml:"http://www.w3.org/2005/Atom content"`
}

type xAtomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr"`
	Title  string `xml:"title,attr"`
	Href   string `xml:"href,attr"`
	Inline *struct {
		Feed  *xAtomFeed  `xml:"http://www.w3.org/2005/Atom feed"`
		Entry *xAtomEntry `xml:"http://www.w3.org/2005/Atom entry"`
	} `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata inline"`
}

const v2Related = "http://schemas.microsoft.com/ado/2007/08/dataservices/related/"

func atomNodes(body []byte) ([]*v2Node, error) {
	var root struct {
		XMLName xml.Name
		Base    string `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	}
	if err := xml.Unmarshal(body, &root); err != nil {
		return nil, err
	}
	if root.XMLName.Local == "entry" {
		var e xAtomEntry
		if err := xml.Unmarshal(body, &e); err != nil {
			return nil, err
		}
		n, err := atomNode(root.Base, &e)
		return []*v2Node{n}, err
	}
	var f xAtomFeed
	if err := xml.Unmarshal(body, &f); err != nil {
		return nil, err
	}
	return atomList(root.Base, f.Entries)
}

func atomList(base string, es []xAtomEntry) ([]*v2Node, error) {
	var out []*v2Node
	for i := range es {
		n, err := atomNode(base, &es[i])
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func atomNode(base string, e *xAtomEntry) (*v2Node, error) {
	n := &v2Node{uri: e.ID, props: map[string]string{}, navs: map[string]*v2Nav{}}
	for _, p := range e.Props.P.Any {
		if p.XMLName.Space != v2NsD {
			return nil, fmt.Errorf("property %v outside the data-services namespace", p.XMLName)
		}
		if p.Null == "true" {
			n.props[p.XMLName.Local] = "<nil>"
		} else {
			n.props[p.XMLName.Local] = p.Text
		}
	}
	for _, l := range e.Links {
		name, ok := strings.CutPrefix(l.Rel, v2Related)
		if !ok {
			continue
		}
		if l.Title != name || !strings.HasPrefix(l.Type, "application/atom+xml;type=") {
			return nil, fmt.Errorf("navigation link %s: title %q, type %q", name, l.Title, l.Type)
		}
		nv := &v2Nav{many: strings.HasSuffix(l.Type, "type=feed")}
		switch {
		case l.Inline == nil:
			nv.deferred = base + l.Href
		case nv.many:
			if l.Inline.Feed == nil {
				return nil, fmt.Errorf("%s: m:inline without a feed", name)
			}
			feed, err := atomList(base, l.Inline.Feed.Entries)
			if err != nil {
				return nil, err
			}
			nv.feed = feed
			for _, fl := range l.Inline.Feed.Links {
				if fl.Rel == "next" {
					nv.next = fl.Href
				}
			}
		case l.Inline.Entry != nil:
			en, err := atomNode(base, l.Inline.Entry)
			if err != nil {
				return nil, err
			}
			nv.entry = en
		default:
			nv.null = true
		}
		n.navs[name] = nv
	}
	return n, nil
}

// one returns the inline entry of a to-one navigation ("" props when null; JSON
// verbose writes a null to-one as a null value).
func (n *v2Node) one(t *testing.T, nav string) *v2Node {
	t.Helper()
	if v := n.navs[nav]; v != nil {
		if v.entry == nil && !v.null {
			t.Fatalf("%s: %s is not inline: %+v", n.uri, nav, v)
		}
		return v.entry
	}
	if n.props[nav] == "<nil>" {
		return nil
	}
	t.Fatalf("%s: no navigation %s", n.uri, nav)
	return nil
}

func (n *v2Node) many(t *testing.T, nav string) []*v2Node {
	t.Helper()
	v := n.navs[nav]
	if v == nil || !v.many || v.deferred != "" {
		t.Fatalf("%s: %s is not an inline feed: %+v", n.uri, nav, v)
	}
	return v.feed
}

// TestV2RelationsNorthwind: the 2.0 root's relationships on Northwind equal SQL joins.
func TestV2RelationsNorthwind(t *testing.T) {
	if _, err := os.Stat(filepath.Join(northwindDir(), "northwind.sqlite.sql")); err != nil {
		t.Skipf("Northwind scripts not found in %s: %v", northwindDir(), err)
	}
	forEngines(t, "northwind", func(t *testing.T, e *env) {
		r := &relEnv{e: e}
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
