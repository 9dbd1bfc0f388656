package gateway

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
)

// fillDigits creates table name with n rows (n a power of ten, ≤ 100,000) using only
// portable SQL: a cross join of digit tables.
func fillDigits(ctx context.Context, db *sqlx.DB, name string, n int) error {
	digits := "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
	var from, expr []string
	for i, p := 0, 1; p < n; i, p = i+1, p*10 {
		from = append(from, fmt.Sprintf("%s d%d", digits, i))
		expr = append(expr, fmt.Sprintf("d%d.d*%d", i, p))
	}
	id := strings.Join(expr, "+") + "+1"
	stmts := []string{
		"DROP TABLE IF EXISTS " + name,
		"CREATE TABLE " + name + " (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, city VARCHAR(30) NOT NULL, amount DECIMAL(12,2) NOT NULL)",
		"INSERT INTO " + name + " (id, name, city, amount) SELECT " + id + ", 'Company name', CASE MOD(" + id + ", 3) WHEN 0 THEN 'Berlin' WHEN 1 THEN 'Madrid' ELSE 'Osaka' END, (" + id + ")/100.0 FROM " + strings.Join(from, ", "),
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// BenchmarkCountShapesNet is BenchmarkCountShapes against MySQL/MariaDB and
// PostgreSQL over loopback TCP (with ODATAGW_TEST_<DB>_DSN set), where the second
// round trip of the separate count costs a network hop. It creates and drops a table
// odatagw_bench_<pid>.
func BenchmarkCountShapesNet(b *testing.B) {
	for _, env := range []struct{ driver, dsn string }{
		{"mysql", os.Getenv("ODATAGW_TEST_MYSQL_DSN")},
		{"postgres", os.Getenv("ODATAGW_TEST_POSTGRES_DSN")},
	} {
		if env.dsn == "" {
			continue
		}
		b.Run(env.driver, func(b *testing.B) {
			ctx := context.Background()
			ad, err := adapters.Open(env.driver)
			if err != nil {
				b.Fatal(err)
			}
			db, err := ad.Connect(ctx, env.dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			table := fmt.Sprintf("odatagw_bench_%d", os.Getpid())
			defer db.Exec("DROP TABLE IF EXISTS " + table)
			for _, n := range []int{100, 1000, 10000, 100000} {
				if err := fillDigits(ctx, db, table, n); err != nil {
					b.Fatal(err)
				}
				cat, err := ad.Introspect(ctx, db, catalog.Options{})
				if err != nil {
					b.Fatal(err)
				}
				for _, shape := range []struct {
					name string
					max  int64
				}{{"window", 1 << 40}, {"separate", -1}} {
					b.Run(fmt.Sprintf("rows=%d/%s", n, shape.name), func(b *testing.B) {
						s, err := New(Config{DB: db, Dialect: ad.Dialect(), Catalog: cat, QueryTimeout: time.Minute,
							Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Tuning: Tuning{WindowCountMax: shape.max}})
						if err != nil {
							b.Fatal(err)
						}
						defer s.Close()
						url := table + "?$select=id,name,city&$count=true&$top=26&$filter=amount%20ge%200"
						mustGet(b, s, url)
						benchRead(b, s, url)
					})
				}
			}
		})
	}
}
