package app

import (
	"context"
	"io"
	"log/slog"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/config"
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
	return salesforceObjects(svc.Catalog), nil
}

// salesforceObjects maps the catalog to external objects: one field per column, and
// an External Lookup for each single-column foreign key to a single-column key (the
// parent's External ID), named after the to-many end (the related list).
func salesforceObjects(cat *catalog.Catalog) []salesforce.Object {
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
			if n := lookups[c]; n != nil {
				f.LookupTo, f.RelationshipName = n.To.SetName, n.Partner.Name
			}
			o.Fields = append(o.Fields, f)
		}
		out = append(out, o)
	}
	return out
}
