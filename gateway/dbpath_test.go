package gateway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
)

// Tests of the one database path (Service.db): writes take admission slots, are
// logged like reads, and a write past its deadline is a 504 on every engine.

// syncLog is a concurrency-safe log buffer.
type syncLog struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

// writableSQLite is a SQLite file with a writable table t(id, name) of three rows, and
// a Service over it built from cfg (DB, Dialect and Catalog filled in).
func writableSQLite(t *testing.T, cfg Config, dsnSuffix string) (*Service, *sqlx.DB, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ad, err := adapters.Open("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	db, err := ad.Connect(ctx, path+dsnSuffix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)`,
		`INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := ad.Introspect(ctx, db, catalog.Options{Writable: []string{"*"}})
	if err != nil {
		t.Fatal(err)
	}
	cfg.DB, cfg.Dialect, cfg.Catalog, cfg.Classify = db, ad.Dialect(), cat, adapters.Classifier(ad)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, db, path
}

func patch(s *Service, ctx context.Context, path, body string) (*Response, error) {
	return s.Write(ctx, Request{Method: http.MethodPatch, Path: path, Body: []byte(body), Root: testRoot})
}

func status(err error) int {
	if e, ok := odata.AsError(err); ok {
		return e.Status
	}
	return 0
}

// TestWriteLoggedLikeRead: every statement of a write (the transaction's BEGIN and
// COMMIT included) reaches the SQL log, and past SlowQuery the slow-query log, with
// its argument count and never its values.
func TestWriteLoggedLikeRead(t *testing.T) {
	logs := &syncLog{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, _, _ := writableSQLite(t, Config{Log: log, Ops: Ops{SlowQuery: time.Nanosecond}}, "")
	if _, err := patch(s, context.Background(), "t(2)", `{"name":"secret value"}`); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{`"query":"BEGIN"`, `"query":"UPDATE`, `"query":"COMMIT"`, `"msg":"slow query"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret value") {
		t.Errorf("the log carries a bound value:\n%s", out)
	}
}

// TestWriteTakesAdmission: a write waits for a database slot like a read; with every
// slot held it fails with 503 DatabaseBusy instead of queueing without bound.
func TestWriteTakesAdmission(t *testing.T) {
	adm := NewAdmission(1, 50*time.Millisecond)
	s, _, _ := writableSQLite(t, Config{Ops: Ops{Admission: adm}}, "")
	hold, release := context.WithCancel(context.Background())
	if err := adm.admit(hold); err != nil { // the only slot, held
		t.Fatal(err)
	}
	_, err := patch(s, context.Background(), "t(1)", `{"name":"uno"}`)
	if e, ok := odata.AsError(err); !ok || e.Status != http.StatusServiceUnavailable || e.Code != "DatabaseBusy" {
		t.Fatalf("write with no free slot: %v, want 503 DatabaseBusy", err)
	}
	release()
	// The slot is given back once its context ends; the write then goes through and
	// gives its own slot back when it returns.
	for i := 0; i < 2; i++ {
		if _, err := patch(s, context.Background(), "t(1)", fmt.Sprintf(`{"name":"uno %d"}`, i)); err != nil {
			t.Fatalf("write %d after the slot was freed: %v", i, err)
		}
	}
}

// TestWritePastDeadlineSQLite: another connection holds an exclusive lock; the write
// waits in SQLite's busy handler, its context passes QueryTimeout, and the client
// gets 504, not 500. The row is unchanged afterwards.
func TestWritePastDeadlineSQLite(t *testing.T) {
	s, _, path := writableSQLite(t, Config{QueryTimeout: 300 * time.Millisecond}, "?_pragma=busy_timeout(2000)")
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	_, err = patch(s, context.Background(), "t(1)", `{"name":"blocked"}`)
	if e, ok := odata.AsError(err); !ok || e.Status != http.StatusGatewayTimeout || e.Code != "QueryTimeout" {
		t.Errorf("write behind a held lock: %v, want 504 QueryTimeout", err)
	}
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := other.QueryRow("SELECT name FROM t WHERE id = 1").Scan(&name); err != nil || name != "one" {
		t.Errorf("row after the timed-out write: %q %v, want one", name, err)
	}
}

// lockedEngine is a scratch database on a live MariaDB/MySQL or PostgreSQL holding
// table t (1 'one', 2 'two'): s is a Service whose connections carry a short
// server-side statement limit, holder a second session without it.
type lockedEngine struct {
	s      *Service
	holder *sqlx.DB
}

// eachLockedEngine runs fn on MariaDB/MySQL and PostgreSQL (with their DSN variables;
// skipped without) in a scratch database named after prefix and the pid.
func eachLockedEngine(t *testing.T, prefix string, fn func(t *testing.T, ctx context.Context, e lockedEngine)) {
	for _, env := range []struct{ driver, dsn, quote, param string }{
		{"mysql", os.Getenv("ODATAGW_TEST_MYSQL_DSN"), "`", "max_statement_time=0.3"},
		{"postgres", os.Getenv("ODATAGW_TEST_POSTGRES_DSN"), `"`, "statement_timeout=300"},
	} {
		t.Run(env.driver, func(t *testing.T) {
			if env.dsn == "" {
				t.Skipf("set ODATAGW_TEST_%s_DSN", strings.ToUpper(env.driver))
			}
			ctx := context.Background()
			ad, _, dsn := scratchDB(t, env.driver, env.dsn, env.quote, prefix)
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			db, err := ad.Connect(ctx, dsn+sep+env.param)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for _, stmt := range []string{
				`CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)`,
				`INSERT INTO t VALUES (1, 'one'), (2, 'two')`,
			} {
				if _, err := db.Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
			cat, err := ad.Introspect(ctx, db, catalog.Options{Writable: []string{"*"}})
			if err != nil {
				t.Fatal(err)
			}
			o := Ops{}
			if fc, ok := ad.(adapters.FailureClassifier); ok {
				o.ClassifyFailure = fc.ClassifyFailure
			}
			s, err := New(Config{DB: db, Dialect: ad.Dialect(), Catalog: cat, QueryTimeout: time.Minute,
				Classify: adapters.Classifier(ad), Ops: o, Limits: plan.Limits{}})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			holder, err := ad.Connect(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer holder.Close()
			fn(t, ctx, lockedEngine{s: s, holder: holder})
		})
	}
}

// TestWriteServerTimeout: on MariaDB/MySQL and PostgreSQL (with their DSN variables) a
// row lock held by another session makes the gateway's UPDATE wait until the server's
// own statement limit (set in the DSN, far below QueryTimeout) cancels it. The driver
// error goes through the one database path, whose failure classification makes it a
// 504 QueryTimeout, not a 500; the row keeps its value.
func TestWriteServerTimeout(t *testing.T) {
	eachLockedEngine(t, "odatagw_ci_dbpath", func(t *testing.T, ctx context.Context, e lockedEngine) {
		s, holder := e.s, e.holder
		// The lock holder: a second session of the scratch database (without the
		// statement limit) that updated row 1 and has not committed.
		tx, err := holder.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(holder.Rebind(`UPDATE t SET name = ? WHERE id = 1`), "held"); err != nil {
			t.Fatal(err)
		}
		_, err = patch(s, ctx, "t(1)", `{"name":"blocked"}`)
		if e, ok := odata.AsError(err); !ok || e.Status != http.StatusGatewayTimeout || e.Code != "QueryTimeout" {
			t.Errorf("write behind a row lock: %v (cause %v), want 504 QueryTimeout", err, errors.Unwrap(err))
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := holder.QueryRow(`SELECT name FROM t WHERE id = 1`).Scan(&got); err != nil || got != "one" {
			t.Errorf("row 1 after the timed-out write: %q %v, want one", got, err)
		}
		// The same path still serves a write that does not wait.
		if _, err := patch(s, ctx, "t(2)", `{"name":"deux"}`); err != nil {
			t.Errorf("write without a lock: %v", err)
		}
	})
}

// TestDepthLimitPerService: two services in one process keep their own nesting
// limits (they used to share the parser's process-wide odata.MaxDepth), in the URL and
// in parameter alias values.
func TestDepthLimitPerService(t *testing.T) {
	shallow, _ := newSQLite(t, fillT, catalog.Options{}, plan.Limits{MaxDepth: 3}, 10*time.Second, Tuning{})
	deep, _ := newSQLite(t, fillT, catalog.Options{}, plan.Limits{MaxDepth: 8}, 10*time.Second, Tuning{})
	nested := func(depth int) string {
		return strings.Repeat("(", depth) + "id%20eq%201" + strings.Repeat(")", depth)
	}
	for _, c := range []struct {
		s     *Service
		depth int
		want  int // 0: 200
	}{
		{shallow, 3, 0}, {shallow, 4, 400}, {deep, 4, 0}, {deep, 8, 0}, {deep, 9, 400},
	} {
		for _, url := range []string{"t?$filter=" + nested(c.depth), "t?$filter=@a&@a=" + nested(c.depth)} {
			_, _, err := get(t, c.s, url)
			if got := status(err); got != c.want {
				t.Errorf("limit %d, %s: status %d (%v), want %d", c.s.Limits.MaxDepth, url, got, err, c.want)
			}
		}
	}
}

func fillT(ctx context.Context, db *sqlx.DB) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)`)
	return err
}
