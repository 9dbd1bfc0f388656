package conformance

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/demo"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

var update = flag.Bool("update", false, "rewrite testdata/golden")

// TestGoldenSQL renders every conformance case in every dialect against the demo
// schema (introspected from SQLite) and compares with testdata/golden/<dialect>.sql.
// SQL Server and Oracle have no server in CI: this is their coverage of every case.
// go test ./conformance -run GoldenSQL -update rewrites the files.
func TestGoldenSQL(t *testing.T) {
	cat := demoCatalog(t)
	for _, e := range adapters.Engines() { // every registered engine has a golden file
		d := e.New(nil).Dialect()
		var sb strings.Builder
		n := 0
		for i, c := range cases {
			if c.onlyOn != "" {
				continue
			}
			n++
			fmt.Fprintf(&sb, "-- %03d %s?%s\n", i, c.set, c.q)
			sb.WriteString(renderCase(t, cat, d, c))
			sb.WriteString("\n")
		}
		path := filepath.Join("testdata", "golden", d.Name()+".sql")
		if *update {
			if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./conformance -run GoldenSQL -update writes it)", err)
		}
		if string(want) != sb.String() {
			t.Errorf("%s: the SQL of %d cases differs from %s (go test ./conformance -run GoldenSQL -update rewrites it):\n%s",
				d.Name(), n, path, firstDiff(string(want), sb.String()))
		}
	}
}

// renderCase renders one case as SQL + args, "unsupported: …" or its OData error.
func renderCase(t *testing.T, cat *catalog.Catalog, d sqlgen.Dialect, c qcase) string {
	req, err := odata.ParseURL(c.set, c.q)
	var q *plan.Query
	if err == nil {
		q, err = plan.Build(req, cat, plan.Limits{MaxPageSize: 2000})
	}
	if err != nil {
		e, ok := odata.AsError(err)
		if !ok {
			t.Errorf("%s?%s: non-OData error %v", c.set, c.q, err)
			return "error: " + err.Error() + "\n"
		}
		return fmt.Sprintf("error %d %s: %s\n", e.Status, e.Code, e.Message)
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
		return "unsupported: " + err.Error() + "\n"
	}
	if n := sqlgen.CountPlaceholders(d, text); n != len(args) {
		t.Errorf("%s?%s on %s: %d placeholders, %d args", c.set, c.q, d.Name(), n, len(args))
	}
	var sb strings.Builder
	sb.WriteString(text)
	sb.WriteString("\n")
	for i, a := range args {
		fmt.Fprintf(&sb, "  %d: %T %v\n", i+1, a, a)
	}
	if q.WithCount {
		ct, cargs, err := sqlgen.Count(q, d)
		if err == nil {
			fmt.Fprintf(&sb, "count: %s\n  %d args\n", ct, len(cargs))
		}
	}
	return sb.String()
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d\n  want %s\n  got  %s", i+1, a, b)
		}
	}
	return ""
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
