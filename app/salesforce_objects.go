package app

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/salesforce"
)

// catalogObjects connects to the configured database, reads its schema and returns
// the external objects of every served entity set (`odatagw salesforce -objects`).
func catalogObjects(cfg *config.Config) ([]salesforce.Object, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	svc, closeAll, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	defer closeAll()
	defer svc.Close()
	return salesforceObjects(svc.Catalog, cfg.Tables)
}

// salesforceObjects maps the catalog to external objects: one field per column, and
// an External Lookup for each single-column foreign key to a single-column key (the
// parent's External ID), named after the to-many end (the related list). The lookups
// configured in tables.<t>.salesforce.lookups come on top and win over a foreign key
// of the same column: Indirect Lookups to standard or custom objects, and External
// Lookups where the database declares no foreign key (checkLookups validates them).
func salesforceObjects(cat *catalog.Catalog, tables map[string]config.Table) ([]salesforce.Object, error) {
	configured, err := checkLookups(cat, tables)
	if err != nil {
		return nil, err
	}
	var out []salesforce.Object
	for _, t := range cat.Tables {
		lookups := map[*catalog.Column]*catalog.Nav{}
		for _, n := range t.Navs {
			if !n.Many && len(n.FromCols) == 1 && len(n.To.Key) == 1 && n.ToCols[0] == n.To.Key[0] {
				if _, dup := lookups[n.FromCols[0]]; !dup {
					lookups[n.FromCols[0]] = n
				}
			}
		}
		o := salesforce.Object{Set: t.SetName}
		for _, c := range t.Columns {
			f := salesforce.Field{Name: c.Prop, Type: string(c.Type), Length: c.MaxLength, Precision: c.Precision,
				Scale: c.Scale, Required: !c.Nullable && !c.AutoIncrement && !c.Generated && !c.HasDefault}
			if l, ok := configured[c]; ok {
				f.LookupTo, f.RelationshipName, f.RelationshipLabel = l.External, cmp.Or(l.Relationship, t.SetName), l.Label
				if l.Indirect != nil {
					f.IndirectTo, f.IndirectField = l.Indirect.Object, l.Indirect.Field
				}
			} else if n := lookups[c]; n != nil {
				f.LookupTo, f.RelationshipName = n.To.SetName, n.Partner.Name
			}
			o.Fields = append(o.Fields, f)
		}
		out = append(out, o)
	}
	return out, nil
}

// checkLookups resolves tables.<t>.salesforce.lookups against the schema: the table is
// served, the column exists and is published (not binary), an external parent is a
// served entity set with a single-column key. It runs at start-up too (load), so a
// wrong lookup is a configuration error before anyone generates a package.
func checkLookups(cat *catalog.Catalog, tables map[string]config.Table) (map[*catalog.Column]config.Lookup, error) {
	out := map[*catalog.Column]config.Lookup{}
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sf := tables[name].Salesforce
		if sf == nil || len(sf.Lookups) == 0 {
			continue
		}
		var t *catalog.Table
		for _, ct := range cat.Tables {
			if ct.Name == name {
				t = ct
			}
		}
		if t == nil {
			return nil, fmt.Errorf("config: tables.%s.salesforce.lookups: table %q is not served (hidden, without a key, or not in the database)", name, name)
		}
		for i, l := range sf.Lookups {
			at := fmt.Sprintf("config: tables.%s.salesforce.lookups[%d]", name, i)
			c := t.ColumnByName(l.Column)
			if c == nil {
				return nil, fmt.Errorf("%s: table %q has no column %q (or its type is not published)", at, name, l.Column)
			}
			if c.Type == edm.Binary {
				return nil, fmt.Errorf("%s: column %q is binary; external objects have no field for it", at, l.Column)
			}
			if l.External != "" {
				p := cat.Set(l.External)
				if p == nil {
					sets := make([]string, 0, len(cat.Tables))
					for _, ct := range cat.Tables {
						sets = append(sets, ct.SetName)
					}
					return nil, fmt.Errorf("%s: external %q is not a served entity set (served: %s)", at, l.External, strings.Join(sets, ", "))
				}
				if len(p.Key) != 1 {
					return nil, fmt.Errorf("%s: %s has a composite key; an External Lookup matches one External ID column", at, p.SetName)
				}
			}
			out[c] = l
		}
	}
	return out, nil
}
