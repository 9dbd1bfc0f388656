package gateway

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/demo"
	"github.com/odatagw/odatagw/plan"
)

const testRoot = "http://gw.test/odata/"

// newDemo creates the demo database in a temp SQLite file and a Service over it.
func newDemo(t testing.TB, tune Tuning) (*Service, *sqlx.DB) {
	opts := catalog.Options{Tables: map[string]catalog.TableOptions{}}
	for v, k := range demo.ViewKeys {
		opts.Tables[v] = catalog.TableOptions{Key: k}
	}
	fill := func(ctx context.Context, db *sqlx.DB) error { return demo.Create(ctx, db.DB, "sqlite") }
	return newSQLite(t, fill, opts, plan.Limits{}, 10*time.Second, tune)
}

// newSQLite creates a temp SQLite file, fills it, and returns a Service over it.
func newSQLite(t testing.TB, fill func(context.Context, *sqlx.DB) error, opts catalog.Options,
	lim plan.Limits, timeout time.Duration, tune Tuning) (*Service, *sqlx.DB) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ad := sqlite.New()
	db, err := ad.Connect(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := fill(ctx, db); err != nil {
		t.Fatal(err)
	}
	cat, err := ad.Introspect(ctx, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{DB: db, Dialect: ad.Dialect(), Catalog: cat, Limits: lim, QueryTimeout: timeout,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Tuning: tune})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, db
}

// get reads a URL below the service root ("customers?$top=1") and returns the
// response with its whole body (a stream is drained).
func get(t testing.TB, s *Service, url string, mod ...func(*Request)) (*Response, string, error) {
	t.Helper()
	path, query, _ := strings.Cut(url, "?")
	r := Request{Path: path, RawQuery: query, Root: testRoot}
	for _, m := range mod {
		m(&r)
	}
	res, err := s.Read(context.Background(), r)
	if err != nil {
		return nil, "", err
	}
	if res.Stream != nil {
		var sb strings.Builder
		if err := res.Stream(&sb); err != nil {
			t.Fatalf("stream %s: %v", url, err)
		}
		return res, sb.String(), nil
	}
	return res, string(res.Body), nil
}

func mustGet(t testing.TB, s *Service, url string, mod ...func(*Request)) (*Response, string) {
	t.Helper()
	res, body, err := get(t, s, url, mod...)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res, body
}
