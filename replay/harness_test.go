package replay

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/app"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/demo"
)

// engine is one database holding a fresh copy of the demo, with a direct connection
// for computing expected results.
type engine struct {
	name   string // sqlite, mysql, postgres
	driver string
	dsn    string
	db     *sqlx.DB
}

// q quotes an identifier for direct SQL.
func (e *engine) q(name string) string {
	if e.name == "mysql" {
		return "`" + name + "`"
	}
	return `"` + name + `"`
}

// scratchName is the per-run database name (the CI user may create odatagw_ci_*).
func scratchName() string { return fmt.Sprintf("odatagw_ci_replay_%d", os.Getpid()) }

// engines returns SQLite always, MySQL and PostgreSQL when their DSN variables are set.
func engines(t *testing.T) []*engine {
	t.Helper()
	ctx := context.Background()
	var out []*engine

	path := filepath.Join(t.TempDir(), "demo.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out = append(out, open(t, ctx, "sqlite", path, demo.FlavorSQLite))

	if dsn := os.Getenv("ODATAGW_TEST_MYSQL_DSN"); dsn != "" {
		admin := connect(t, ctx, "mysql", dsn)
		name := scratchName()
		mustExec(t, admin, "DROP DATABASE IF EXISTS `"+name+"`")
		mustExec(t, admin, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4")
		t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS `" + name + "`"); admin.Close() })
		out = append(out, open(t, ctx, "mysql", mysqlDSN(dsn, name), demo.FlavorMySQL))
	} else {
		t.Log("MySQL/MariaDB replay skipped: set ODATAGW_TEST_MYSQL_DSN (e.g. user:pass@tcp(127.0.0.1:3306)/db) to run it")
	}
	if dsn := os.Getenv("ODATAGW_TEST_POSTGRES_DSN"); dsn != "" {
		admin := connect(t, ctx, "postgres", dsn)
		name := scratchName()
		mustExec(t, admin, `DROP DATABASE IF EXISTS "`+name+`"`)
		mustExec(t, admin, `CREATE DATABASE "`+name+`"`)
		t.Cleanup(func() { admin.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`); admin.Close() })
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		out = append(out, open(t, ctx, "postgres", u.String(), demo.FlavorPostgres))
	} else {
		t.Log("PostgreSQL replay skipped: set ODATAGW_TEST_POSTGRES_DSN (e.g. postgres://user:pass@127.0.0.1:5432/db?sslmode=disable) to run it")
	}
	return out
}

func mysqlDSN(dsn, db string) string {
	slash := strings.LastIndex(dsn, "/")
	rest := ""
	if i := strings.IndexByte(dsn[slash:], '?'); i >= 0 {
		rest = dsn[slash+i:]
	}
	return dsn[:slash+1] + db + rest
}

func connect(t *testing.T, ctx context.Context, driver, dsn string) *sqlx.DB {
	t.Helper()
	ad, err := adapters.Open(driver)
	if err != nil {
		t.Fatal(err)
	}
	db, err := ad.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect %s: %v", driver, err)
	}
	return db
}

func open(t *testing.T, ctx context.Context, driver, dsn, flavor string) *engine {
	t.Helper()
	db := connect(t, ctx, driver, dsn)
	t.Cleanup(func() { db.Close() })
	if err := demo.Create(ctx, db.DB, flavor); err != nil {
		t.Fatalf("demo on %s: %v", driver, err)
	}
	return &engine{name: driver, driver: driver, dsn: dsn, db: db}
}

func mustExec(t *testing.T, db *sqlx.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// logBuffer collects the gateway's log lines (to check principals and the absence
// of secrets).
type logBuffer struct {
	mu sync.Mutex
	sb strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sb.String()
}

// gateway is a running gateway over an engine.
type gateway struct {
	url string // service root, ending in '/'
	log *logBuffer
}

// start runs app.Start on 127.0.0.1:0 with the engine's database and extra flags;
// tables configures per-table options (the demo views get their keys).
func start(t *testing.T, e *engine, tables map[string]config.Table, args ...string) *gateway {
	t.Helper()
	args = append([]string{"-listen", "127.0.0.1:0", "-driver", e.driver, "-dsn", e.dsn, "-log-level", "debug"}, args...)
	cfg, err := config.Load(args, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tables = map[string]config.Table{}
	for v, key := range demo.ViewKeys {
		cfg.Tables[v] = config.Table{Key: key}
	}
	for name, tb := range tables {
		cfg.Tables[name] = tb
	}
	lb := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	g, err := app.Start(ctx, cfg, log)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Stop(); cancel() })
	return &gateway{url: g.URL, log: lb}
}

// response is a decoded HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r *response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(string(r.body)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("body is not JSON (%v): %.300s", err, r.body)
	}
	return m
}

var client = &http.Client{Timeout: 60 * time.Second}

// do sends one request; header is name/value pairs.
func do(t *testing.T, method, u string, body io.Reader, header ...string) *response {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: b}
}

// row is one database row as text (nil for NULL).
type row map[string]*string

// rows reads a whole table with direct SQL, ordered by its key columns.
func (e *engine) rows(t *testing.T, table string, key ...string) []row {
	t.Helper()
	order := make([]string, len(key))
	for i, k := range key {
		order[i] = e.q(k)
	}
	query := "SELECT * FROM " + e.q(table)
	if len(order) > 0 {
		query += " ORDER BY " + strings.Join(order, ", ")
	}
	rs, err := e.db.Queryx(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		m := map[string]any{}
		if err := rs.MapScan(m); err != nil {
			t.Fatal(err)
		}
		r := row{}
		for k, v := range m {
			r[k] = text(v)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// text renders a driver value as comparable text.
func text(v any) *string {
	var s string
	switch x := v.(type) {
	case nil:
		return nil
	case []byte:
		s = string(x)
	case string:
		s = x
	case int64:
		s = strconv.FormatInt(x, 10)
	case time.Time:
		s = x.UTC().Format(time.RFC3339)
	case bool:
		if x {
			s = "1"
		} else {
			s = "0"
		}
	default:
		s = fmt.Sprint(x)
	}
	return &s
}

// jsonText renders a JSON value from a gateway payload as comparable text.
func jsonText(v any) *string {
	var s string
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		s = x
	case json.Number:
		s = x.String()
	default:
		s = fmt.Sprint(x)
	}
	return &s
}

// scalar runs a one-value query.
func (e *engine) scalar(t *testing.T, query string, args ...any) *string {
	t.Helper()
	var v any
	if err := e.db.QueryRowx(e.db.Rebind(query), args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return text(v)
}

func keysOf(rows []row, key ...string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		parts := make([]string, len(key))
		for j, k := range key {
			if r[k] != nil {
				parts[j] = *r[k]
			}
		}
		out[i] = strings.Join(parts, "|")
	}
	return out
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}

func str(p *string) string {
	if p == nil {
		return "<null>"
	}
	return *p
}
