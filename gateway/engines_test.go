package gateway

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/demo"
)

// withDB replaces the database name of a MySQL DSN (…/name?opts) or PostgreSQL URL.
func withDB(dsn, name string) string {
	q := ""
	if i := strings.IndexByte(dsn, '?'); i >= 0 {
		dsn, q = dsn[:i], dsn[i:]
	}
	return dsn[:strings.LastIndexByte(dsn, '/')+1] + name + q
}

// TestEngines runs the cache, count shapes and byte-capped paging on MySQL/MariaDB and
// PostgreSQL (with ODATAGW_TEST_<DB>_DSN set), each on a fresh demo database
// odatagw_ci_issue5_<pid>: prepared statements and the window count go through the
// real drivers.
func TestEngines(t *testing.T) {
	for _, env := range []struct{ driver, dsn, quote string }{
		{"mysql", os.Getenv("ODATAGW_TEST_MYSQL_DSN"), "`"},
		{"postgres", os.Getenv("ODATAGW_TEST_POSTGRES_DSN"), `"`},
	} {
		t.Run(env.driver, func(t *testing.T) {
			if env.dsn == "" {
				t.Skipf("set ODATAGW_TEST_%s_DSN", strings.ToUpper(env.driver))
			}
			ctx := context.Background()
			ad, db, _ := scratchDB(t, env.driver, env.dsn, env.quote, "odatagw_ci_issue5")
			if err := demo.Create(ctx, db.DB, env.driver); err != nil {
				t.Fatal(err)
			}
			opts := catalog.Options{Tables: map[string]catalog.TableOptions{}}
			for v, k := range demo.ViewKeys {
				opts.Tables[v] = catalog.TableOptions{Key: k}
			}
			cat, err := ad.Introspect(ctx, db, opts)
			if err != nil {
				t.Fatal(err)
			}
			svc := func(tune Tuning) *Service {
				s, err := New(Config{DB: db, Dialect: ad.Dialect(), Catalog: cat, QueryTimeout: 10 * time.Second,
					Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Tuning: tune})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(s.Close)
				return s
			}
			window, separate := svc(Tuning{WindowCountMax: 1 << 40}), svc(Tuning{WindowCountMax: -1})
			for _, url := range []string{
				listView,
				"orders?$count=true&$filter=Freight%20gt%20100&$top=5&$orderby=Freight%20desc",
				"orders?$count=true&$skip=5000&$top=5",
				"Order_Lines?$count=true&$top=3&$skip=10",
			} {
				mustGet(t, window, url)
				_, a := mustGet(t, window, url)
				_, b := mustGet(t, separate, url)
				if a != b {
					t.Errorf("%s: window and separate count differ:\n%s\n%s", url, a, b)
				}
			}
			capped := svc(Tuning{MaxPageBytes: 8 << 10, CacheTTL: time.Minute})
			all, _ := follow(t, separate, "customers?$orderby=City", "CustomerCode", 0)
			got, pages := follow(t, capped, "customers?$orderby=City", "CustomerCode", 8<<10)
			if pages < 5 || strings.Join(got, ",") != strings.Join(all, ",") {
				t.Errorf("capped: %d pages, %d rows (want %d)", pages, len(got), len(all))
			}
			capped.cache.Wait()
			if res, _ := mustGet(t, capped, "customers?$orderby=City"); res.Cache != "hit" {
				t.Errorf("second read: X-Cache %s", res.Cache)
			}
		})
	}
}

// scratchDB creates a database named prefix_<pid>_<random> on the live engine behind
// dsn (quote is its identifier quote), connects to it, and drops it when tb ends. It
// returns the adapter, the connection and the scratch database's DSN; it skips tb when
// the login may not create databases.
func scratchDB(tb testing.TB, driver, dsn, quote, prefix string) (adapters.Adapter, *sqlx.DB, string) {
	tb.Helper()
	ctx := context.Background()
	ad, err := adapters.Open(driver)
	if err != nil {
		tb.Fatal(err)
	}
	admin, err := ad.Connect(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { admin.Close() })
	name := fmt.Sprintf("%s_%d_%d", prefix, os.Getpid(), rand.IntN(1e6))
	q := quote + name + quote
	if _, err := admin.Exec("CREATE DATABASE " + q); err != nil {
		tb.Skipf("cannot create %s: %v", name, err)
	}
	tb.Cleanup(func() {
		drop := "DROP DATABASE IF EXISTS " + q
		if driver == "postgres" {
			drop += " WITH (FORCE)"
		}
		admin.Exec(drop)
	})
	scratch := withDB(dsn, name)
	db, err := ad.Connect(ctx, scratch)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return ad, db, scratch
}
