package catalog

import (
	"sort"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
)

// Nav is one end of a relationship the database declares with a foreign key. Every
// foreign key between two served tables gives two: a to-one navigation on the
// referencing table (Orders.Customer) and a to-many one on the referenced table
// (Customers.Orders), each the other's Partner.
type Nav struct {
	Name string
	From *Table // the table the navigation property belongs to
	To   *Table // the table it leads to
	// Many marks a to-many navigation (From is the referenced table).
	Many bool
	// FromCols and ToCols pair up: a row of To is related to a row of From when
	// To.ToCols[i] = From.FromCols[i] for every i.
	FromCols, ToCols []*Column
	// Nullable is true for a to-one navigation whose foreign key has a nullable column.
	Nullable bool
	Partner  *Nav
	// FK is the constraint name as introspected ("" where the database has none, SQLite).
	FK string
}

// Nav returns the navigation property of t with the given name, or nil.
func (t *Table) Nav(name string) *Nav {
	for _, n := range t.Navs {
		if n.Name == name {
			return n
		}
	}
	return nil
}

// linkNavs derives the navigation properties of the served tables from their foreign
// keys. A foreign key is published only when both tables are served and every column
// on both sides is published (a hidden table or column stays hidden). Names are
// deterministic (tables in set-name order, keys in column order) and never collide with
// a property or another navigation of the same type:
//
//   - to-one: the column name without its ID suffix (CustomerID → Customer); when the
//     key has several columns, no ID suffix, or the name is taken, the referenced set's
//     name in the singular (ReportsTo → Employee, ShipVia → Shipper); when the table
//     has several keys to the same table, the column name and that (ShipVia_Shipper).
//   - to-many: the referencing set's name (Customers.Orders); with several keys from
//     the same table, joined with the to-one name (Employees.Orders_Employee).
//
// Remaining clashes get _2, _3, … A name configured with tables.<t>.navigations
// (keyed by the to-one name as derived, or the constraint name) wins.
func linkNavs(c *Catalog, opts Options) {
	find := func(schema, name, from string) *Table {
		for _, t := range c.Tables {
			if t.Name == name && (schema == "" || t.Schema == "" || t.Schema == schema) {
				return t
			}
		}
		return nil
	}
	taken := map[*Table]map[string]bool{}
	claim := func(t *Table, want string) string {
		m := taken[t]
		if m == nil {
			m = map[string]bool{}
			for _, col := range t.Columns {
				m[strings.ToLower(col.Prop)] = true
			}
			taken[t] = m
		}
		name := want
		for n := 2; m[strings.ToLower(name)]; n++ {
			name = want + "_" + strconv.Itoa(n)
		}
		m[strings.ToLower(name)] = true
		return name
	}
	type link struct {
		fk       ForeignKey
		from, to *Table
		fc, tc   []*Column
	}
	var links []link
	for _, t := range c.Tables {
		t.Navs = nil
		fks := append([]ForeignKey(nil), t.ForeignKeys...)
		sort.SliceStable(fks, func(i, j int) bool {
			return strings.Join(fks[i].Columns, ",") < strings.Join(fks[j].Columns, ",")
		})
		for _, fk := range fks {
			to := find(fk.RefSchema, fk.RefTable, t.Schema)
			if to == nil || len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
				continue
			}
			l := link{fk: fk, from: t, to: to}
			ok := true
			for i := range fk.Columns {
				a, b := t.ColumnByName(fk.Columns[i]), to.ColumnByName(fk.RefColumns[i])
				if a == nil || b == nil {
					ok = false
					break
				}
				l.fc, l.tc = append(l.fc, a), append(l.tc, b)
			}
			if ok {
				links = append(links, l)
			}
		}
	}
	// How many keys each table has to each other table, for the naming rules.
	pairs := map[[2]*Table]int{}
	for _, l := range links {
		pairs[[2]*Table{l.from, l.to}]++
	}
	// To-one names are claimed first, so a to-many name never pushes one aside.
	type pending struct {
		many          *Nav
		derived, name string
	}
	var later []pending
	for _, l := range links {
		overrides := opts.Tables[l.from.Name].Navigations
		one := &Nav{From: l.from, To: l.to, FromCols: l.fc, ToCols: l.tc, FK: l.fk.Name}
		many := &Nav{From: l.to, To: l.from, Many: true, FromCols: l.tc, ToCols: l.fc, FK: l.fk.Name}
		one.Partner, many.Partner = many, one
		for _, col := range l.fc {
			if col.Nullable {
				one.Nullable = true
			}
		}
		base := ""
		if len(l.fc) == 1 {
			base = stripID(l.fc[0].Prop)
		}
		single := singular(l.to.SetName)
		switch {
		case pairs[[2]*Table{l.from, l.to}] > 1 && base == "" && len(l.fc) == 1:
			base = l.fc[0].Prop + "_" + single
		case base == "" || l.from.Column(base) != nil:
			base = single
		}
		derived := base
		if n := overrides[derived]; n != "" {
			base = n
		} else if n := overrides[l.fk.Name]; l.fk.Name != "" && n != "" {
			base = n
		}
		one.Name = claim(l.from, base)
		mb := l.from.SetName
		if pairs[[2]*Table{l.from, l.to}] > 1 {
			mb += "_" + derived
		}
		if n := overrides[derived+".partner"]; n != "" {
			mb = n
		}
		l.from.Navs = append(l.from.Navs, one)
		later = append(later, pending{many, derived, mb})
	}
	for _, p := range later {
		p.many.Name = claim(p.many.From, p.name)
		p.many.From.Navs = append(p.many.From.Navs, p.many)
	}
}

// stripID removes an ID suffix (CustomerID, customer_id, CustomerId) and returns ""
// when there is none or nothing is left.
func stripID(s string) string {
	for _, suf := range []string{"_ID", "_Id", "_id", "ID", "Id"} {
		if rest, ok := strings.CutSuffix(s, suf); ok && rest != "" {
			return strings.TrimRight(rest, "_")
		}
	}
	return ""
}

// singular is a set name in a naive singular: Categories → Category, Orders → Order,
// Addresses → Address, Order_Details → Order_Detail; names not ending in s stay.
func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies") && len(s) > 3:
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "sses"), strings.HasSuffix(s, "xes"), strings.HasSuffix(s, "ches"), strings.HasSuffix(s, "shes"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "ss"):
		return s
	case strings.HasSuffix(s, "s") && len(s) > 1:
		return s[:len(s)-1]
	}
	return s
}

// navModel adds t's navigation properties to its EDM type and their bindings to its set.
func navModel(namespace string, t *Table, et *edm.EntityType, es *edm.EntitySet) {
	for _, n := range t.Navs {
		np := &edm.NavigationProperty{Name: n.Name, Type: namespace + "." + n.To.TypeName,
			Collection: n.Many, Nullable: n.Nullable, Partner: n.Partner.Name}
		if !n.Many {
			for i, c := range n.FromCols {
				np.Constraints = append(np.Constraints, edm.ReferentialConstraint{Property: c.Prop, ReferencedProperty: n.ToCols[i].Prop})
			}
		}
		et.NavProps = append(et.NavProps, np)
		es.Bindings = append(es.Bindings, edm.NavigationPropertyBinding{Path: n.Name, Target: n.To.SetName})
	}
}
