package catalog

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
)

// DefaultMaxStringLength caps MaxLength for unbounded text: Salesforce's Long Text Area
// holds at most 131,072 characters.
const DefaultMaxStringLength = 131072

// EDMName maps a database identifier to an OData/Salesforce-safe name: characters
// outside [A-Za-z0-9_] become '_', runs of '_' collapse, leading '_' and trailing '_'
// are dropped, and a leading digit gets an "N" prefix. It returns "" when nothing usable
// remains (callers substitute a positional name). `Order Details` → `Order_Details`.
func EDMName(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	lastUnderscore := true // drops leading underscores
	for _, r := range s {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		if ok {
			sb.WriteRune(r)
			lastUnderscore = false
			continue
		}
		if !lastUnderscore {
			sb.WriteByte('_')
			lastUnderscore = true
		}
	}
	out := strings.TrimRight(sb.String(), "_")
	if out != "" && out[0] >= '0' && out[0] <= '9' {
		out = "N" + out
	}
	return out
}

// uniqueNames assigns each wanted name a unique one, in the given order: the first
// keeps it, later ones get _2, _3, … (skipping names already taken). Callers pass a
// deterministic order so the mapping is stable across restarts.
func uniqueNames(wanted []string, fallback func(i int) string) []string {
	taken := make(map[string]bool, len(wanted))
	out := make([]string, len(wanted))
	// Names set explicitly or unique already are claimed first, in order.
	for i, w := range wanted {
		if w == "" {
			w = fallback(i)
			wanted[i] = w
		}
	}
	for i, w := range wanted {
		name := w
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = w + "_" + strconv.Itoa(n)
		}
		taken[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// New finishes a catalog from introspected tables: it applies the per-table options,
// resolves keys, hides tables without one (reporting why through warn), assigns EDM
// names and indexes the result. Tables are processed in (schema, name) order so that
// collision suffixes are stable.
func New(tables []*Table, opts Options, warn func(msg string, args ...any)) (*Catalog, error) {
	if warn == nil {
		warn = func(string, ...any) {}
	}
	maxLen := opts.MaxStringLength
	if maxLen <= 0 {
		maxLen = DefaultMaxStringLength
	}
	sort.SliceStable(tables, func(i, j int) bool {
		if tables[i].Schema != tables[j].Schema {
			return tables[i].Schema < tables[j].Schema
		}
		return tables[i].Name < tables[j].Name
	})
	for name := range opts.Tables {
		found := false
		for _, t := range tables {
			if t.Name == name {
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("config: table %q is not in the database", name)
		}
	}
	c := &Catalog{bySet: map[string]*Table{}}
	var served []*Table
	for _, t := range tables {
		to := opts.Tables[t.Name]
		if to.Hidden {
			c.Hidden = append(c.Hidden, HiddenTable{t.Schema, t.Name, "hidden by configuration"})
			continue
		}
		for col, prop := range to.Columns {
			cc := t.ColumnByName(col)
			if cc == nil {
				return nil, fmt.Errorf("config: table %q has no column %q", t.Name, col)
			}
			cc.Prop = prop
		}
		keyNames := t.PrimaryKey
		if len(to.Key) > 0 {
			keyNames = to.Key
		}
		t.Key = nil
		missing := ""
		for _, k := range keyNames {
			col := t.ColumnByName(k)
			if col == nil {
				missing = k
				break
			}
			t.Key = append(t.Key, col)
		}
		if missing != "" {
			if len(to.Key) > 0 {
				return nil, fmt.Errorf("config: key column %q of table %q does not exist or has an unsupported type", missing, t.Name)
			}
			reason := fmt.Sprintf("primary key column %q has a type the service cannot publish", missing)
			c.Hidden = append(c.Hidden, HiddenTable{t.Schema, t.Name, reason})
			warn("table hidden", "table", t.Name, "reason", reason)
			continue
		}
		if len(t.Key) == 0 {
			kind := "table"
			if t.IsView {
				kind = "view"
			}
			reason := fmt.Sprintf("%s has no primary key; configure one with tables.%s.key in the config file", kind, t.Name)
			c.Hidden = append(c.Hidden, HiddenTable{t.Schema, t.Name, reason})
			warn("table hidden: no key", "table", t.Name, "how", fmt.Sprintf("tables: {%q: {key: [column, ...]}} in the -config file", t.Name))
			continue
		}
		if bad := unkeyable(t.Key); bad != nil {
			reason := fmt.Sprintf("key column %q has type %s, which OData does not allow in a key; configure another key with tables.%s.key", bad.Name, bad.Type, t.Name)
			if len(to.Key) > 0 {
				return nil, fmt.Errorf("config: %s", reason)
			}
			c.Hidden = append(c.Hidden, HiddenTable{t.Schema, t.Name, reason})
			warn("table hidden", "table", t.Name, "reason", reason)
			continue
		}
		for _, k := range t.Key {
			k.Nullable = false
		}
		for _, col := range t.Columns {
			if col.Type == edm.String && (col.MaxLength <= 0 || col.MaxLength > maxLen) {
				col.MaxLength = maxLen
			}
		}
		// Column names.
		wanted := make([]string, len(t.Columns))
		for i, col := range t.Columns {
			if col.Prop != "" {
				wanted[i] = col.Prop
			} else {
				wanted[i] = EDMName(col.Name)
			}
		}
		props := uniqueNames(wanted, func(i int) string { return "Column" + strconv.Itoa(i+1) })
		for i, col := range t.Columns {
			col.Prop = props[i]
		}
		// Searchable columns.
		t.Searchable = nil
		if len(to.Searchable) > 0 {
			for _, s := range to.Searchable {
				col := t.ColumnByName(s)
				if col == nil || col.Type != edm.String {
					return nil, fmt.Errorf("config: searchable column %q of table %q is not a string column", s, t.Name)
				}
				t.Searchable = append(t.Searchable, col)
			}
		} else {
			for _, col := range t.Columns {
				if col.Type == edm.String {
					t.Searchable = append(t.Searchable, col)
				}
			}
		}
		if to.ETag != "" {
			t.ETag = t.ColumnByName(to.ETag)
			if t.ETag == nil {
				return nil, fmt.Errorf("config: etag column %q of table %q does not exist", to.ETag, t.Name)
			}
		}
		served = append(served, t)
	}
	wanted := make([]string, len(served))
	for i, t := range served {
		if n := opts.Tables[t.Name].Name; n != "" {
			wanted[i] = n
		} else {
			wanted[i] = EDMName(t.Name)
		}
	}
	sets := uniqueNames(wanted, func(i int) string { return "Table" + strconv.Itoa(i+1) })
	for i, t := range served {
		t.SetName, t.TypeName = sets[i], sets[i]
		t.Writable = writable(opts, t)
		c.bySet[t.SetName] = t
	}
	sort.Slice(served, func(i, j int) bool { return served[i].SetName < served[j].SetName })
	c.Tables = served
	linkNavs(c, opts)
	return c, nil
}

func writable(opts Options, t *Table) bool {
	if w := opts.Tables[t.Name].Writable; w != nil {
		return *w
	}
	for _, s := range opts.Writable {
		if s == "*" || s == t.SetName {
			return !t.IsView
		}
	}
	return false
}

// Model builds the EDM model the service publishes.
func (c *Catalog) Model(namespace string) *edm.Model {
	m := &edm.Model{Namespace: namespace, Container: "Container"}
	for _, t := range c.Tables {
		et := &edm.EntityType{Name: t.TypeName}
		for _, k := range t.Key {
			et.Key = append(et.Key, k.Prop)
		}
		for _, col := range t.Columns {
			et.Properties = append(et.Properties, col.Property())
		}
		es := &edm.EntitySet{Name: t.SetName, EntityType: t.TypeName}
		navModel(namespace, t, et, es)
		m.EntityTypes = append(m.EntityTypes, et)
		m.EntitySets = append(m.EntitySets, es)
	}
	return m
}

// Property returns the EDM property of the column.
func (col *Column) Property() *edm.Property {
	p := &edm.Property{Name: col.Prop, Type: col.Type, Nullable: col.Nullable}
	switch col.Type {
	case edm.String, edm.Binary:
		p.MaxLength = col.MaxLength
	case edm.Decimal:
		p.Precision, p.Scale = col.Precision, col.Scale
		if col.Precision == 0 {
			p.ScaleVariable = true
		}
	}
	return p
}

// unkeyable returns the first key column whose EDM type CSDL does not allow in a key
// (Binary, Single, Double), or nil.
func unkeyable(key []*Column) *Column {
	for _, k := range key {
		switch k.Type {
		case edm.Binary, edm.Single, edm.Double:
			return k
		}
	}
	return nil
}
