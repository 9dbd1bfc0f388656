package gateway

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// The Salesforce list-view query (25 rows shown + 1 look-ahead, with the row count).
const listView = "customers?$select=CustomerCode,CompanyName,City,Country&$count=true&$top=26"

func BenchmarkParse(b *testing.B) {
	path, query, _ := strings.Cut(listView, "?")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := odata.ParseURL(path, query); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlanRender(b *testing.B) {
	s, _ := newDemo(b, Tuning{})
	path, query, _ := strings.Cut(listView+"&$filter=Country%20eq%20'Germany'%20and%20contains(CompanyName,'a')&$orderby=City", "?")
	req, err := odata.ParseURL(path, query)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		q, err := plan.Build(req, s.Catalog, s.Limits)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := sqlgen.Select(q, s.Dialect); err != nil {
			b.Fatal(err)
		}
	}
}

func benchRead(b *testing.B, s *Service, url string, mod ...func(*Request)) {
	path, query, _ := strings.Cut(url, "?")
	r := Request{Path: path, RawQuery: query, Root: testRoot}
	for _, m := range mod {
		m(&r)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := s.Read(ctx, r)
		if err != nil {
			b.Fatal(err)
		}
		if res.Stream != nil {
			if err := res.Stream(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCachedRead is a list-view page served from the cache: parse, plan, key, hit.
func BenchmarkCachedRead(b *testing.B) {
	s, _ := newDemo(b, Tuning{CacheTTL: time.Hour})
	mustGet(b, s, listView)
	s.cache.Wait()
	if res, _ := mustGet(b, s, listView); res.Cache != "hit" {
		b.Fatal("not cached")
	}
	benchRead(b, s, listView)
}

// BenchmarkMissSQLite is the list-view page from SQLite every time (cache off).
func BenchmarkMissSQLite(b *testing.B) {
	for _, c := range []struct {
		name  string
		stmts int
	}{{"stmtcache", 0}, {"nostmtcache", -1}} {
		b.Run(c.name, func(b *testing.B) {
			s, _ := newDemo(b, Tuning{Stmts: c.stmts, WindowCountMax: -1}) // as app runs SQLite
			mustGet(b, s, listView)                                        // records the count estimate
			benchRead(b, s, listView)
		})
	}
}

// newBig creates a SQLite database with one table "big" of n rows and a Service over
// it (page size up to 100,000 rows).
func newBig(t testing.TB, n int, tune Tuning) *Service {
	fill := func(ctx context.Context, db *sqlx.DB) error { return FillBig(ctx, db, n) }
	s, _ := newSQLite(t, fill, catalog.Options{}, plan.Limits{MaxPageSize: 100_000}, time.Minute, tune)
	return s
}

// FillBig creates table big (id, code, name, city, country, amount, created) with n
// rows, ~120 bytes of JSON each.
func FillBig(ctx context.Context, db *sqlx.DB, n int) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`CREATE TABLE big (id INTEGER PRIMARY KEY, code VARCHAR(10) NOT NULL, name VARCHAR(40), city VARCHAR(30), country VARCHAR(20), amount DECIMAL(12,2), created DATETIME)`); err != nil {
		return err
	}
	st, err := tx.Prepare(`INSERT INTO big VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	cities := []string{"Berlin", "Madrid", "Torino", "Zürich", "Boston", "Osaka"}
	for i := 1; i <= n; i++ {
		if _, err := st.Exec(i, fmt.Sprintf("C%07d", i), fmt.Sprintf("Company number %d", i), cities[i%len(cities)], "Country", float64(i%100000)/100, "2020-01-02 03:04:05"); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(`CREATE INDEX big_city ON big (city)`); err != nil {
		return err
	}
	return tx.Commit()
}

// BenchmarkCountShapes measures the two ways of answering $count=true&$top=26 as the
// filtered set grows: "window" (COUNT(*) OVER () in the page query, one round trip)
// and "separate" (COUNT(*) then the LIMITed page). The crossover sets
// DefaultWindowCountMax.
func BenchmarkCountShapes(b *testing.B) {
	for _, n := range []int{100, 1000, 5000, 20000, 100000} {
		for _, shape := range []struct {
			name string
			max  int64
		}{{"window", 1 << 40}, {"separate", -1}} {
			b.Run(fmt.Sprintf("rows=%d/%s", n, shape.name), func(b *testing.B) {
				s := newBig(b, n, Tuning{WindowCountMax: shape.max})
				url := "big?$select=code,name,city&$count=true&$top=26&$filter=amount%20ge%200"
				mustGet(b, s, url) // records the estimate
				benchRead(b, s, url)
			})
		}
	}
}

// BenchmarkStream100k streams one 100,000-row page to io.Discard.
func BenchmarkStream100k(b *testing.B) {
	s := newBig(b, 100_000, Tuning{MaxPageBytes: 1 << 40})
	benchRead(b, s, "big?$top=100000")
}

// BenchmarkDirectSQL runs the list-view SQL (separate COUNT, then the page) straight
// on database/sql, without the gateway: with a plain context, and with the
// per-query deadline context the gateway gives every database call. It puts the
// gateway's miss path (BenchmarkMissSQLite) in proportion.
func BenchmarkDirectSQL(b *testing.B) {
	_, db := newDemo(b, Tuning{})
	cst, err := db.Prepare(`SELECT COUNT(*) FROM "customers"`)
	if err != nil {
		b.Fatal(err)
	}
	st, err := db.Prepare(`SELECT "CustomerCode", "CompanyName", "City", "Country" FROM "customers" ORDER BY "CustomerCode" LIMIT ?`)
	if err != nil {
		b.Fatal(err)
	}
	for _, deadline := range []bool{false, true} {
		b.Run(map[bool]string{false: "background", true: "deadline"}[deadline], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ctx, cancel := context.Background(), context.CancelFunc(func() {})
				if deadline {
					ctx, cancel = context.WithTimeout(ctx, time.Minute)
				}
				var n int64
				if err := cst.QueryRowContext(ctx).Scan(&n); err != nil {
					b.Fatal(err)
				}
				rows, err := st.QueryContext(ctx, 26)
				if err != nil {
					b.Fatal(err)
				}
				var v [4]sql.NullString
				for rows.Next() {
					if err := rows.Scan(&v[0], &v[1], &v[2], &v[3]); err != nil {
						b.Fatal(err)
					}
				}
				rows.Close()
				cancel()
			}
		})
	}
}
