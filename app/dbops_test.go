package app

import (
	"context"
	"database/sql"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// slowSource is a database with a test-only view slowv whose one row takes 10 s (SLEEP
// / pg_sleep), the gateway flags that serve it with -query-timeout 1s, and running()
// that counts the view's statements on the server's process list.
type slowSource struct {
	flags   []string
	running func() int
}

func mysqlSlowSource(t *testing.T) *slowSource {
	admin, name, dsn := mysqlScratch(t, "odatagw_ci_ops_cancel", "the MySQL/MariaDB cancellation tests")
	if _, err := admin.Exec("CREATE VIEW " + name + ".slowv AS SELECT 1 AS id, SLEEP(10) AS s"); err != nil {
		t.Fatal(err)
	}
	return &slowSource{
		flags: []string{"-driver", "mysql", "-dsn", dsn, "-config", viewKeyConfig(t)},
		running: func() int {
			var n int
			if err := admin.QueryRow(`SELECT COUNT(*) FROM information_schema.PROCESSLIST
				WHERE INFO LIKE '%slowv%' AND ID <> CONNECTION_ID()`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		},
	}
}

func postgresSlowSource(t *testing.T) *slowSource {
	dsn := os.Getenv("ODATAGW_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("set ODATAGW_TEST_POSTGRES_DSN to run the PostgreSQL cancellation tests")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	const schema = "odatagw_ops_cancel"
	for _, q := range []string{"DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema,
		"CREATE VIEW " + schema + ".slowv AS SELECT 1 AS id, (SELECT 1 FROM pg_sleep(10)) AS s"} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE") })
	return &slowSource{
		flags: []string{"-driver", "postgres", "-dsn", dsn, "-schemas", schema, "-config", viewKeyConfig(t)},
		running: func() int {
			var n int
			if err := admin.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity
				WHERE state = 'active' AND query LIKE '%slowv%' AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		},
	}
}

func viewKeyConfig(t *testing.T) string {
	f := filepath.Join(t.TempDir(), "odatagw.yaml")
	if err := os.WriteFile(f, []byte("tables:\n  slowv: {key: [id]}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// goneWithin polls the process list until the view's statement is gone.
func goneWithin(t *testing.T, src *slowSource, since time.Time, limit time.Duration) time.Duration {
	t.Helper()
	for {
		if src.running() == 0 {
			return time.Since(since)
		}
		if time.Since(since) > limit+3*time.Second {
			t.Fatalf("the statement still runs on the server %v after the request", time.Since(since))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestDeadlineCancelsOnServer: past -query-timeout the client gets 504 and the
// statement is gone from the server's process list.
func TestDeadlineCancelsOnServer(t *testing.T) {
	for name, open := range map[string]func(*testing.T) *slowSource{"mysql": mysqlSlowSource, "postgres": postgresSlowSource} {
		t.Run(name, func(t *testing.T) {
			src := open(t)
			g, _ := startGateway(t, append(src.flags, "-query-timeout", "1s")...)
			start := time.Now()
			code, _, body, err := get(t, nil, g.URL+"slowv")
			answered := time.Since(start)
			if err != nil || code != 504 || !strings.Contains(body, "QueryTimeout") {
				t.Fatalf("slowv: %d %s %v", code, body, err)
			}
			if answered > 1600*time.Millisecond {
				t.Errorf("504 after %v, want ≈1s", answered)
			}
			gone := goneWithin(t, src, start, 2*time.Second)
			t.Logf("504 after %v; statement gone from the server %v after the request started", answered.Round(time.Millisecond), gone.Round(time.Millisecond))
			if gone > 2*time.Second {
				t.Errorf("statement gone only after %v, want within 2s", gone)
			}
			if v := metricSum(metricsText(t, g), "odatagw_db_errors_total", `kind="timeout"`); v != 1 {
				t.Errorf("db_errors{timeout} = %v", v)
			}
		})
	}
}

// TestDisconnectBoundedByDeadline: a client that hangs up mid-request (fasthttp does
// not report it) leaves no statement running past the deadline plus a second.
func TestDisconnectBoundedByDeadline(t *testing.T) {
	for name, open := range map[string]func(*testing.T) *slowSource{"mysql": mysqlSlowSource, "postgres": postgresSlowSource} {
		t.Run(name, func(t *testing.T) {
			src := open(t)
			g, _ := startGateway(t, append(src.flags, "-query-timeout", "1s")...)
			c, err := net.Dial("tcp", g.Addr)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			if _, err := c.Write([]byte("GET /odata/slowv HTTP/1.1\r\nHost: test\r\n\r\n")); err != nil {
				t.Fatal(err)
			}
			for src.running() == 0 {
				if time.Since(start) > time.Second {
					t.Fatal("the statement never appeared in the process list")
				}
				time.Sleep(20 * time.Millisecond)
			}
			c.Close()
			gone := goneWithin(t, src, start, 2*time.Second)
			t.Logf("client hung up; statement gone %v after the request started", gone.Round(time.Millisecond))
			if gone > 2*time.Second {
				t.Errorf("statement ran %v, want at most deadline (1s) + 1s", gone)
			}
		})
	}
}

// waitPing waits until db answers a ping.
func waitPing(db *sql.DB, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}
