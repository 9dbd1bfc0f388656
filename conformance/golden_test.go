package conformance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/demo"
	"github.com/odatagw/odatagw/internal/golden"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// TestGoldenSQL renders every conformance case in every dialect against the demo
// schema (introspected from SQLite) and compares with testdata/golden/<dialect>.golden.
// SQL Server and Oracle have no server in CI: this is their coverage of every case.
// go test ./conformance -run GoldenSQL -update rewrites the files.
func TestGoldenSQL(t *testing.T) {
	cat := demoCatalog(t)
	for _, e := range adapters.Engines() { // every registered engine has a golden file
		d := e.New(nil).Dialect()
		f := &golden.File{Header: []string{d.Name() + ": the SQL of every conformance case (go test ./conformance -run GoldenSQL -update rewrites it)"}}
		for _, c := range cases {
			if c.onlyOn != "" {
				continue
			}
			renderCase(t, cat, d, c, f.Add(c.set+"?"+c.q))
		}
		golden.Check(t, filepath.Join("testdata", "golden", d.Name()+".golden"), f)
	}
}

// renderCase records one case: SQL and args (and the $count statement), its refusal
// by the dialect, or its OData error.
func renderCase(t *testing.T, cat *catalog.Catalog, d sqlgen.Dialect, c qcase, g *golden.Case) {
	req, err := odata.ParseURL(c.set, c.q)
	var q *plan.Query
	if err == nil {
		q, err = plan.Build(req, cat, plan.Limits{MaxPageSize: 2000})
	}
	if err != nil {
		e, ok := odata.AsError(err)
		if !ok {
			t.Errorf("%s?%s: non-OData error %v", c.set, c.q, err)
			e = &odata.Error{Message: err.Error()}
		}
		g.Error(e.Status, e.Code, e.Message, e.Target)
		return
	}
	render := sqlgen.Select
	if q.Kind == plan.Count {
		render = sqlgen.Count
	}
	text, args, err := render(q, d)
	if err != nil {
		if !errors.Is(err, sqlgen.ErrUnsupported) {
			t.Errorf("%s?%s on %s: %v", c.set, c.q, d.Name(), err)
		}
		g.Add("unsupported", err.Error())
		return
	}
	if n := sqlgen.CountPlaceholders(d, text); n != len(args) {
		t.Errorf("%s?%s on %s: %d placeholders, %d args", c.set, c.q, d.Name(), n, len(args))
	}
	g.SQL(text, args)
	if q.WithCount {
		ct, cargs, err := sqlgen.Count(q, d)
		if err == nil {
			g.Add("count", ct)
			g.Add("count-args", fmt.Sprint(len(cargs)))
		}
	}
}

// demoCatalog introspects the demo database in a temporary SQLite file.
func demoCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ctx := context.Background()
	if err := demo.Create(ctx, raw, "sqlite"); err != nil {
		t.Fatal(err)
	}
	opts := catalog.Options{Tables: map[string]catalog.TableOptions{}}
	for view, key := range demo.ViewKeys {
		opts.Tables[view] = catalog.TableOptions{Key: key}
	}
	cat, err := sqlite.New().Introspect(ctx, sqlx.NewDb(raw, "sqlite"), opts)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
