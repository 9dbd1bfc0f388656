package app

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/odatagw/odatagw/config"
)

// TestChangeTrackingBinlog follows delta links over a private MariaDB server with the
// binary log on (row format): inserts, updates in and out of the filter and deletes
// made with plain SQL, both removal shapes, paging over 3,000 changes, a restart, cache
// invalidation from the log, and a 410 once the log is purged.
func TestChangeTrackingBinlog(t *testing.T) {
	m := startThrowawayMariaDB(t, "--log-bin="+filepath.Join(t.TempDir(), "binlog"), "--server-id=1", "--binlog-format=ROW")
	admin, err := sql.Open("mysql", m.dsn(""))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{"CREATE DATABASE odatagw_chg", "CREATE TABLE odatagw_chg.items (id INT PRIMARY KEY, name VARCHAR(50), qty INT)",
		"CREATE TABLE odatagw_chg.other (id INT PRIMARY KEY)"} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sql.Open("mysql", m.dsn("odatagw_chg"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := 1; i <= 20; i++ {
		if _, err := db.Exec("INSERT INTO items VALUES (?, ?, ?)", i, fmt.Sprintf("item %d", i), i); err != nil {
			t.Fatal(err)
		}
	}
	flags := []string{"-driver", "mysql", "-dsn", m.dsn("odatagw_chg"), "-track-changes", "log",
		"-change-secret", changeSecret, "-cache-ttl", "60s", "-change-poll", "100ms", "-max-page-size", "1000"}
	logFlow(t, db, "?", flags, func() {
		var file string
		var pos int64
		var x1, x2 sql.NullString
		if _, err := admin.Exec("FLUSH BINARY LOGS"); err != nil {
			t.Fatal(err)
		}
		if err := admin.QueryRow("SHOW MASTER STATUS").Scan(&file, &pos, &x1, &x2); err != nil {
			t.Fatal(err)
		}
		// The server keeps a file a replication connection still reads (a dump thread
		// ends shortly after its reader closes): purge until the first file is gone.
		for i := 0; ; i++ {
			if _, err := admin.Exec("PURGE BINARY LOGS TO '" + file + "'"); err != nil {
				t.Fatal(err)
			}
			var first string
			var size any
			rows, err := admin.Query("SHOW BINARY LOGS")
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			rows.Next()
			dest := []any{&first, &size}
			if len(cols) == 1 {
				dest = dest[:1]
			}
			rows.Scan(dest...)
			rows.Close()
			if first == file {
				break
			}
			if i == 100 {
				t.Fatalf("the server keeps %s after PURGE", first)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}, func() { m.kill(); m.start() })
}

// logFlow is the change-log flow over a served database db holding items (20 rows)
// and other; ph is its bind marker style ("?" or "$"); expire makes the server drop
// the log the first token needs; restartDB, when not nil, restarts the database
// server, after which the feed must find its way back.
func logFlow(t *testing.T, db *sql.DB, ph string, flags []string, expire, restartDB func()) {
	exec := func(q string, args ...any) {
		t.Helper()
		if ph == "$" {
			n := 0
			q = replaceEach(q, "?", func() string { n++; return fmt.Sprintf("$%d", n) })
		}
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	g, _ := startGateway(t, flags...)

	start, status, raw := getPayload(t, g.URL+"items?$top=0&$filter=qty%20lt%20100&$select=name", "Prefer", "odata.track-changes")
	if status != 200 || !strings.HasPrefix(raw, "odata.track-changes|") || start.DeltaLink == "" {
		t.Fatalf("start: %d %s", status, raw)
	}
	empty, status, raw := getPayload(t, start.DeltaLink)
	if status != 200 || len(empty.Value) != 0 || empty.DeltaLink == "" {
		t.Fatalf("empty delta: %d %s", status, raw)
	}

	exec("INSERT INTO items VALUES (100, 'new one', 5)")
	exec("UPDATE items SET name = 'renamed' WHERE id = 3")
	exec("UPDATE items SET qty = 500 WHERE id = 4")
	exec("DELETE FROM items WHERE id = 5")
	exec("INSERT INTO other VALUES (1)") // another table: not in this delta

	d, status, raw := getPayload(t, empty.DeltaLink)
	if status != 200 || d.DeltaLink == "" {
		t.Fatalf("delta: %d %.500s", status, raw)
	}
	wantItems := []string{
		`{"name":"new one","id":100}`,
		`{"name":"renamed","id":3}`,
		`{"@odata.context":"` + g.URL + `$metadata#items/$deletedEntity","id":"` + g.URL + `items(4)","reason":"changed"}`,
		`{"@odata.context":"` + g.URL + `$metadata#items/$deletedEntity","id":"` + g.URL + `items(5)","reason":"deleted"}`,
	}
	if len(d.Value) != len(wantItems) {
		t.Fatalf("delta has %d items, want %d: %s", len(d.Value), len(wantItems), raw)
	}
	for i, w := range wantItems {
		if string(d.Value[i]) != w {
			t.Errorf("item %d = %s, want %s", i, d.Value[i], w)
		}
	}
	var name string
	if err := db.QueryRow("SELECT name FROM items WHERE id = 3").Scan(&name); err != nil || name != "renamed" {
		t.Fatalf("SQL says %q, %v", name, err)
	}
	_, _, raw = getPayload(t, empty.DeltaLink, "OData-MaxVersion", "4.01")
	if !strings.Contains(raw, `{"@removed":{"reason":"deleted"},"@id":"`+g.URL+`items(5)","id":5}`) ||
		!strings.Contains(raw, `{"@removed":{"reason":"changed"},"@id":"`+g.URL+`items(4)","id":4}`) {
		t.Fatalf("4.01 removals: %s", raw)
	}

	// Cache invalidation from the binary log.
	page := g.URL + "items?$filter=id%20eq%207"
	cachedHit(t, page)
	exec("UPDATE items SET name = 'seen by the feed' WHERE id = 7")
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, _, body, _ := get(t, nil, page)
		if strings.Contains(body, "seen by the feed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cached page never invalidated: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	if restartDB != nil {
		restartDB()
		waitPing(db, 30*time.Second)
		exec("UPDATE items SET name = ? WHERE id = ?", "after the database restart", 7)
		deadline := time.Now().Add(60 * time.Second) // the feed's backoff is at most 30 s
		for {
			_, _, body, _ := get(t, nil, page)
			if strings.Contains(body, "after the database restart") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the feed did not come back after the database restart: %s", body)
			}
			time.Sleep(100 * time.Millisecond)
		}
		exec("UPDATE items SET name = ? WHERE id = ?", "seen by the feed", 7)
	}

	// A restart between two deltas.
	g.Stop()
	exec("DELETE FROM items WHERE id = 8")
	g2, _ := startGateway(t, flags...)
	d2, status, raw := getPayload(t, rebase(d.DeltaLink, g2.URL))
	if status != 200 || len(d2.Value) != 2 || !strings.Contains(raw, `"seen by the feed"`) || !strings.Contains(raw, `items(8)","reason":"deleted"`) {
		t.Fatalf("delta after restart: %d %s", status, raw)
	}

	// 3,000 changes in one transaction, over next links.
	tx, _ := db.Begin()
	ins := "INSERT INTO items VALUES (?, ?, ?)"
	if ph == "$" {
		ins = "INSERT INTO items VALUES ($1, $2, $3)"
	}
	for i := 1000; i < 4000; i++ {
		if _, err := tx.Exec(ins, i, fmt.Sprintf("bulk %d", i), i%50); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	seen, pages, _ := walkDelta(t, d2.DeltaLink)
	for id, n := range seen {
		if n != 1 {
			t.Errorf("entity %s delivered %d times", id, n)
		}
	}
	if len(seen) != 3000 || pages < 3 {
		t.Fatalf("bulk: %d distinct entities over %d pages", len(seen), pages)
	}

	// The log no longer reaches back to the first token: 410.
	expire()
	defer func() {
		m := metricsText(t, g2)
		if metricSum(m, "odatagw_delta_tokens_expired_total") != 1 || metricSum(m, "odatagw_change_events_read_total") < 3000 ||
			metricSum(m, "odatagw_delta_requests_total") < 4 {
			t.Errorf("change metrics:\n%s", grepLines(m, "change_|delta_"))
		}
	}()
	if _, status, raw := getPayload(t, rebase(start.DeltaLink, g2.URL)); status != 410 || !strings.Contains(raw, "DeltaTokenExpired") {
		t.Fatalf("purged token: %d %.300s", status, raw)
	}
}

// grepLines keeps the lines of s containing any of the |-separated words.
func grepLines(s, words string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, w := range strings.Split(words, "|") {
			if strings.Contains(l, w) && !strings.HasPrefix(l, "#") {
				out = append(out, l)
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

// TestChangeLogRefusedWithoutSettings: -track-changes log on the shared servers (binary
// log off, wal_level=replica; only read, never changed) fails at start-up naming the
// server setting.
func TestChangeLogRefusedWithoutSettings(t *testing.T) {
	cases := []struct{ env, driver, want string }{
		{"ODATAGW_TEST_MYSQL_DSN", "mysql", "log_bin"},
		{"ODATAGW_TEST_POSTGRES_DSN", "postgres", "wal_level"},
	}
	for _, c := range cases {
		t.Run(c.driver, func(t *testing.T) {
			dsn := os.Getenv(c.env)
			if dsn == "" {
				t.Skipf("set %s", c.env)
			}
			cfg, err := config.Load([]string{"-listen", "127.0.0.1:0", "-driver", c.driver, "-dsn", dsn, "-track-changes", "log"},
				func(string) string { return "" }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			g, err := Start(context.Background(), cfg, slog.New(slog.DiscardHandler))
			if err == nil {
				g.Stop()
				t.Skipf("the shared %s server has its change log on: nothing to refuse", c.driver)
			}
			if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "odatagw_ci:odatagw_ci") {
				t.Fatalf("start-up error %q does not name %s (or shows the password)", err, c.want)
			}
		})
	}
}
