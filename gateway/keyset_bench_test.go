package gateway

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
)

// BenchmarkKeysetPaging walks a 1,000,000-row table with -max-page-size 2000 on
// MariaDB/MySQL and PostgreSQL (ODATAGW_TEST_<DB>_DSN; a database of its own, created
// here with a unique name and dropped afterwards) and times the first and the last
// page of the walk, with the offset next links of before (OFFSET 998000 LIMIT 2001)
// and with keyset next links (the seek predicate); it reports the median times and
// the ratios last/first of each kind:
//
//	go test ./gateway -run '^$' -bench KeysetPaging -benchtime 10x
func BenchmarkKeysetPaging(b *testing.B) {
	const rows, page = 1_000_000, 2000
	for _, env := range []struct{ driver, dsn, quote, ddl, fill string }{
		{"mysql", os.Getenv("ODATAGW_TEST_MYSQL_DSN"), "`",
			"CREATE TABLE big (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2) NOT NULL, at DATETIME NOT NULL, grp INT NULL)",
			"INSERT INTO big SELECT seq, CONCAT('name ', seq % 997), (seq % 100000) / 100, '2024-01-01' + INTERVAL seq SECOND, IF(seq % 7 = 0, NULL, seq % 13) FROM seq_1_to_1000000"},
		{"postgres", os.Getenv("ODATAGW_TEST_POSTGRES_DSN"), `"`,
			"CREATE TABLE big (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount NUMERIC(10,2) NOT NULL, at TIMESTAMPTZ NOT NULL, grp INT NULL)",
			"INSERT INTO big SELECT s, 'name ' || (s % 997), (s % 100000) / 100.0, TIMESTAMPTZ '2024-01-01 00:00:00+00' + s * INTERVAL '1 second', CASE WHEN s % 7 = 0 THEN NULL ELSE s % 13 END FROM generate_series(1, 1000000) s"},
	} {
		b.Run(env.driver, func(b *testing.B) {
			if env.dsn == "" {
				b.Skipf("set ODATAGW_TEST_%s_DSN", strings.ToUpper(env.driver))
			}
			ctx := context.Background()
			ad, db, _ := scratchDB(b, env.driver, env.dsn, env.quote, "odatagw_ci_kbench")
			start := time.Now()
			for _, stmt := range []string{env.ddl, env.fill, "ANALYZE TABLE big"} {
				if env.driver == "postgres" && strings.HasPrefix(stmt, "ANALYZE") {
					stmt = "ANALYZE big"
				}
				if _, err := db.ExecContext(ctx, stmt); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: %d rows loaded in %s", env.driver, rows, time.Since(start).Round(time.Millisecond))
			cat, err := ad.Introspect(ctx, db, catalog.Options{})
			if err != nil {
				b.Fatal(err)
			}
			s, err := New(Config{DB: db, Dialect: ad.Dialect(), Catalog: cat, Limits: plan.Limits{MaxPageSize: page},
				QueryTimeout: time.Minute, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()

			// The last page of the walk by keyset links: walk it once.
			start = time.Now()
			url, lastKeyset, pages := "big", "", 0
			for url != "" {
				lastKeyset = url
				_, body := mustGet(b, s, url)
				var c struct {
					Next string `json:"@odata.nextLink"`
				}
				if err := json.Unmarshal([]byte(body), &c); err != nil {
					b.Fatal(err)
				}
				url = strings.TrimPrefix(c.Next, testRoot)
				pages++
			}
			if pages != rows/page+1 && pages != rows/page {
				b.Fatalf("%d pages", pages)
			}
			b.Logf("%s: keyset walk of %d pages in %s", env.driver, pages, time.Since(start).Round(time.Millisecond))
			// The last page by an offset link, as before: what the old $skiptoken
			// (rows delivered) gave, OFFSET 998000 LIMIT 2001.
			req, err := odata.ParseURL("big", "")
			if err != nil {
				b.Fatal(err)
			}
			qq, err := plan.Build(req, s.Catalog, s.Limits)
			if err != nil {
				b.Fatal(err)
			}
			lastOffset := "big?$skiptoken=" + plan.OffsetToken(s.Limits, qq, rows-page)
			if res, _ := mustGet(b, s, lastOffset); res.Rows != page {
				b.Fatalf("offset last page: %d rows", res.Rows)
			}
			if res, _ := mustGet(b, s, "big"); res.Rows != page { // warm, like the others
				b.Fatalf("first page: %d rows", res.Rows)
			}
			if res, _ := mustGet(b, s, lastKeyset); res.Rows != page {
				b.Fatalf("keyset last page: %d rows", res.Rows)
			}
			// The three requests take turns in every iteration, so a load change on the
			// shared machine hits them alike; medians are reported, and the ratios.
			urls := []string{"big", lastOffset, lastKeyset} // page 1 is the same request either way
			times := make([][]float64, len(urls))
			for b.Loop() {
				for i, u := range urls {
					t0 := time.Now()
					if res, _ := mustGet(b, s, u); res.Rows != page {
						b.Fatalf("%s: %d rows", u, res.Rows)
					}
					times[i] = append(times[i], float64(time.Since(t0).Microseconds())/1000)
				}
			}
			first, lastOff, lastKey := median(times[0]), median(times[1]), median(times[2])
			b.ReportMetric(first, "first-ms")
			b.ReportMetric(lastOff, "last-offset-ms")
			b.ReportMetric(lastKey, "last-keyset-ms")
			b.ReportMetric(lastOff/first, "offset-last/first")
			b.ReportMetric(lastKey/first, "keyset-last/first")
		})
	}
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	ys := append([]float64(nil), xs...)
	sort.Float64s(ys)
	return ys[len(ys)/2]
}
