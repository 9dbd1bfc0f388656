package conformance

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestExpandStarLevels checks `$expand=*`, `*($levels=N|max)` and `Nav($levels=N)` on
// the self-referencing rel_node table: the expected trees are built from the table's
// rows as SQL returns them, on every engine.
func TestExpandStarLevels(t *testing.T) {
	forEngines(t, "relations", func(t *testing.T, e *env) {
		r := &relEnv{e: e}
		meta := string(r.get(t, "$metadata"))
		kids, parent := navName(t, meta, "rel_node", "Collection(odatagw.rel_node)"), navName(t, meta, "rel_node", "odatagw.rel_node")
		nodes := map[string][2]string{} // id → parent_id, name
		var ids []string
		for _, row := range r.sqlRows(t, "SELECT {id}, {parent_id}, {name} FROM {rel_node}") {
			nodes[row[0]] = [2]string{row[1], row[2]}
			ids = append(ids, row[0])
		}
		sortNumeric(ids)
		// tree is the expected entity id expanded levels deep through the given navs.
		var tree func(id string, levels int, toOne, toMany bool, props []string) map[string]any
		tree = func(id string, levels int, toOne, toMany bool, props []string) map[string]any {
			all := map[string]any{"id": id, "parent_id": nodes[id][0], "name": nodes[id][1]}
			m := map[string]any{}
			for _, p := range props {
				m[p] = all[p]
			}
			if levels == 0 {
				return m
			}
			if toOne {
				m[parent] = nil
				if p := nodes[id][0]; p != "<nil>" {
					m[parent] = tree(p, levels-1, toOne, toMany, props)
				}
			}
			if toMany {
				list := []any{}
				for _, k := range ids {
					if nodes[k][0] == id {
						list = append(list, tree(k, levels-1, toOne, toMany, props))
					}
				}
				m[kids] = list
			}
			return m
		}
		allProps := []string{"id", "parent_id", "name"}
		for _, c := range []struct {
			name, url     string
			root          string // "" for the whole collection
			levels        int
			toOne, toMany bool
			props         []string
			unselected    []string // left out of the top entity by its $select
		}{
			{"star", "rel_node(4)?$expand=*", "4", 1, true, true, allProps, nil},
			{"star_levels_2", "rel_node(4)?$expand=*($levels=2)", "4", 2, true, true, allProps, nil},
			{"star_levels_max", "rel_node?$expand=*($levels=max)", "", 3, true, true, allProps, nil}, // -max-expand-depth 3
			{"star_levels_select", "rel_node(2)?$select=name&$expand=*($levels=2)", "2", 2, true, true, allProps, []string{"id", "parent_id"}},
			{"many_levels_max", "rel_node(1)?$select=id&$expand=" + kids + "($levels=max;$select=id,name)", "1", 3, false, true, []string{"id", "name"}, []string{"name"}},
			{"one_levels_2", "rel_node?$select=id,name&$expand=" + parent + "($select=id,name;$levels=2)", "", 2, true, false, []string{"id", "name"}, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				var got any
				dec := json.NewDecoder(strings.NewReader(string(r.get(t, c.url))))
				dec.UseNumber()
				if err := dec.Decode(&got); err != nil {
					t.Fatal(err)
				}
				var want any
				if c.root == "" {
					list := []any{}
					for _, id := range ids {
						list = append(list, tree(id, c.levels, c.toOne, c.toMany, c.props))
					}
					want = list
					got = got.(map[string]any)["value"]
				} else {
					want = tree(c.root, c.levels, c.toOne, c.toMany, c.props)
					for _, p := range c.unselected { // the top entity's own $select
						delete(want.(map[string]any), p)
					}
				}
				if g, w := canonJSON(got), canonJSON(want); g != w {
					t.Errorf("%s\n got  %s\n want %s", c.url, g, w)
				}
			})
		}
		t.Run("star_and_named", func(t *testing.T) {
			// A named item keeps its options whichever side of * it is written on.
			want := tree("4", 1, true, false, allProps)
			var list []any
			for _, k := range ids {
				if nodes[k][0] == "4" {
					list = append(list, map[string]any{"name": nodes[k][1]})
				}
			}
			want[kids] = list
			for _, u := range []string{"rel_node(4)?$expand=*," + kids + "($select=name)", "rel_node(4)?$expand=" + kids + "($select=name),*"} {
				var got any
				dec := json.NewDecoder(strings.NewReader(string(r.get(t, u))))
				dec.UseNumber()
				if err := dec.Decode(&got); err != nil {
					t.Fatal(err)
				}
				if g, w := canonJSON(got), canonJSON(want); g != w {
					t.Errorf("%s\n got  %s\n want %s", u, g, w)
				}
			}
		})
		t.Run("errors", func(t *testing.T) {
			for _, tc := range []struct {
				url    string
				status int
			}{
				{"rel_node?$expand=*($select=id)", 400},
				{"rel_node?$expand=*($levels=2;$top=1)", 400},
				{"rel_node?$expand=*($levels=4)", 400}, // deeper than -max-expand-depth
				{"rel_node?$expand=*($levels=0)", 400},
				{"rel_note?$expand=*($levels=2)", 200},
				{"rel_line?$expand=" + navName(t, meta, "rel_line", "Collection(odatagw.rel_note)") + "($levels=2)", 400}, // not its own type
				{"rel_node?$expand=*/$ref", 501},
			} {
				res, err := e.gw.get(e.gw.url + strings.ReplaceAll(strings.ReplaceAll(tc.url, "$", "%24"), " ", "%20"))
				if err != nil {
					t.Fatal(err)
				}
				if res.status != tc.status {
					t.Errorf("%s: want %d, got %s", tc.url, tc.status, res)
				}
				if tc.status >= 400 && !strings.Contains(string(res.body), `"error"`) {
					t.Errorf("%s: not an OData error: %s", tc.url, res.body)
				}
			}
		})
	})
}

// TestExpandStarNorthwind: `$expand=*` on Orders expands every navigation property
// $metadata declares for Order, each equal to the SQL join; `*($levels=2)` reaches the
// customer's other orders.
func TestExpandStarNorthwind(t *testing.T) {
	forNorthwindRel(t, func(t *testing.T, e *env, r *relEnv) {
		meta := string(r.get(t, "$metadata"))
		orderType := typeOf(t, meta, "Orders")
		var page struct {
			Value []map[string]any `json:"value"`
		}
		dec := json.NewDecoder(strings.NewReader(string(r.get(t, "Orders?$select=OrderID&$filter=OrderID lt 10255&$expand=*"))))
		dec.UseNumber()
		if err := dec.Decode(&page); err != nil {
			t.Fatal(err)
		}
		if len(page.Value) == 0 {
			t.Fatal("no orders")
		}
		declared := navNames(t, meta, orderType)
		joins := map[string]struct{ prop, sql string }{
			"Customer":      {"CustomerID", "SELECT o.{OrderID}, c.{CustomerID} FROM {Orders} o LEFT JOIN {Customers} c ON c.{CustomerID} = o.{CustomerID} WHERE o.{OrderID} < 10255 ORDER BY 1"},
			"Employee":      {"EmployeeID", "SELECT o.{OrderID}, m.{EmployeeID} FROM {Orders} o LEFT JOIN {Employees} m ON m.{EmployeeID} = o.{EmployeeID} WHERE o.{OrderID} < 10255 ORDER BY 1"},
			"Shipper":       {"ShipperID", "SELECT o.{OrderID}, s.{ShipperID} FROM {Orders} o LEFT JOIN {Shippers} s ON s.{ShipperID} = o.{ShipVia} WHERE o.{OrderID} < 10255 ORDER BY 1"},
			"Order_Details": {"ProductID", "SELECT o.{OrderID}, d.{ProductID} FROM {Orders} o LEFT JOIN {Order Details} d ON d.{OrderID} = o.{OrderID} WHERE o.{OrderID} < 10255 ORDER BY 1, 2"},
		}
		sort.Strings(declared)
		var known []string
		for n := range joins {
			known = append(known, n)
		}
		sort.Strings(known)
		if !reflect.DeepEqual(declared, known) {
			t.Fatalf("Order declares navigation properties %v; this test knows the joins of %v", declared, known)
		}
		for _, nav := range declared {
			j := joins[nav]
			want := map[string]string{}
			for _, row := range r.sqlRows(t, j.sql) {
				if row[1] != "<nil>" {
					want[row[0]] += row[1] + ","
				} else {
					want[row[0]] += ""
				}
			}
			got := map[string]string{}
			for _, o := range page.Value {
				id := fmt.Sprint(o["OrderID"])
				v, ok := o[nav]
				if !ok {
					t.Errorf("order %s: %s not expanded", id, nav)
					continue
				}
				got[id] += ""
				switch x := v.(type) {
				case map[string]any:
					got[id] += fmt.Sprint(x[j.prop]) + ","
				case []any:
					for _, k := range x {
						got[id] += fmt.Sprint(k.(map[string]any)[j.prop]) + ","
					}
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s\n got  %v\n want %v", nav, got, want)
			}
		}
		t.Run("levels_2", func(t *testing.T) {
			var ent map[string]any
			dec := json.NewDecoder(strings.NewReader(string(r.get(t, "Orders(10248)?$select=OrderID&$expand=*($levels=2)"))))
			dec.UseNumber()
			if err := dec.Decode(&ent); err != nil {
				t.Fatal(err)
			}
			cust, ok := ent["Customer"].(map[string]any)
			if !ok {
				t.Fatalf("no Customer: %v", ent)
			}
			var got []string
			for _, o := range cust["Orders"].([]any) {
				got = append(got, fmt.Sprint(o.(map[string]any)["OrderID"]))
			}
			want := r.sqlIDs(t, "SELECT o2.{OrderID} FROM {Orders} o JOIN {Orders} o2 ON o2.{CustomerID} = o.{CustomerID} WHERE o.{OrderID} = 10248 ORDER BY 1")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Customer/Orders: got %v, want %v", got, want)
			}
			if _, deeper := cust["Orders"].([]any)[0].(map[string]any)["Customer"]; deeper {
				t.Error("level 3 expanded with $levels=2")
			}
		})
		t.Run("next_link_keeps_levels", func(t *testing.T) {
			// -max-page-size 20: SAVEA's orders are cut; the next link carries what is
			// left of *($levels=2), so the rest arrives with its own expansions.
			get := func(u string) map[string]any {
				res, err := e.gw20.get(u)
				if err != nil || res.status != 200 {
					t.Fatalf("%s: %v %v", u, err, res)
				}
				var m map[string]any
				dec := json.NewDecoder(strings.NewReader(string(res.body)))
				dec.UseNumber()
				if err := dec.Decode(&m); err != nil {
					t.Fatal(err)
				}
				return m
			}
			ent := get(e.gw20.url + "Customers('SAVEA')?$select=CustomerID&$expand=*(%24levels=2)")
			var got []string
			for _, o := range ent["Orders"].([]any) {
				got = append(got, fmt.Sprint(o.(map[string]any)["OrderID"]))
			}
			next, _ := ent["Orders@odata.nextLink"].(string)
			if next == "" || !strings.Contains(next, "expand") {
				t.Fatalf("no next link with the remaining expansion: %q", next)
			}
			rest := get(next)
			for _, o := range rest["value"].([]any) {
				om := o.(map[string]any)
				got = append(got, fmt.Sprint(om["OrderID"]))
				if _, ok := om["Customer"].(map[string]any); !ok {
					t.Errorf("order %v from the next link: Customer not expanded", om["OrderID"])
				}
			}
			want := r.sqlIDs(t, "SELECT {OrderID} FROM {Orders} WHERE {CustomerID} = 'SAVEA' ORDER BY 1")
			if len(want) <= 20 || !reflect.DeepEqual(got, want) {
				t.Errorf("got %v\nwant %v (more than 20)", got, want)
			}
		})
	})
}

// navNames lists the navigation properties of an entity type in $metadata.
func navNames(t *testing.T, meta, typ string) []string {
	t.Helper()
	i := strings.Index(meta, `<EntityType Name="`+typ+`">`)
	if i < 0 {
		t.Fatalf("no entity type %s in $metadata", typ)
	}
	body := meta[i : i+strings.Index(meta[i:], "</EntityType>")]
	var out []string
	for _, part := range strings.Split(body, `<NavigationProperty Name="`)[1:] {
		out = append(out, part[:strings.IndexByte(part, '"')])
	}
	return out
}

// navName is the navigation property of typ whose Type is target.
func navName(t *testing.T, meta, typ, target string) string {
	t.Helper()
	i := strings.Index(meta, `<EntityType Name="`+typ+`">`)
	if i < 0 {
		t.Fatalf("no entity type %s in $metadata", typ)
	}
	body := meta[i : i+strings.Index(meta[i:], "</EntityType>")]
	for _, part := range strings.Split(body, `<NavigationProperty Name="`)[1:] {
		if strings.Contains(part[:strings.IndexByte(part, '>')], `Type="`+target+`"`) {
			return part[:strings.IndexByte(part, '"')]
		}
	}
	t.Fatalf("%s has no navigation property of type %s", typ, target)
	return ""
}

func sortNumeric(ids []string) {
	sort.Slice(ids, func(i, j int) bool {
		a, _ := strconv.Atoi(ids[i])
		b, _ := strconv.Atoi(ids[j])
		return a < b
	})
}

// canonJSON renders a decoded response or an expected tree comparably: keys sorted,
// annotations dropped, scalars as text (null as <nil>, as the SQL rows give it).
func canonJSON(v any) string {
	switch x := v.(type) {
	case map[string]any:
		var keys []string
		for k := range x {
			if !strings.Contains(k, "@") {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ":" + canonJSON(x[k])
		}
		return "{" + strings.Join(parts, " ") + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = canonJSON(e)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case nil:
		return "<nil>"
	default:
		return strings.TrimRight(fmt.Sprint(x), " ")
	}
}

// typeOf is the entity type of an entity set in $metadata.
func typeOf(t *testing.T, meta, set string) string {
	t.Helper()
	i := strings.Index(meta, `<EntitySet Name="`+set+`" EntityType="`)
	if i < 0 {
		t.Fatalf("no entity set %s in $metadata", set)
	}
	rest := meta[i+len(`<EntitySet Name="`+set+`" EntityType="`):]
	rest = rest[:strings.IndexByte(rest, '"')]
	return rest[strings.LastIndexByte(rest, '.')+1:]
}
