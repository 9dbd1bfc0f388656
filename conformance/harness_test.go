package conformance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/odatagw/odatagw/app"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/demo"
)

// pgSessionTZ is the default time zone of the scratch PostgreSQL databases: not UTC,
// and not a whole hour, so that a gateway depending on the session time zone (EXTRACT
// on timestamptz, timestamp vs timestamptz comparisons) gives itself away.
const pgSessionTZ = "Asia/Kolkata"

const (
	envMySQL    = "ODATAGW_TEST_MYSQL_DSN"
	envPostgres = "ODATAGW_TEST_POSTGRES_DSN"
	pageSize    = 20 // -max-page-size of the paging gateway
)

var engineNames = []string{"sqlite", "mysql", "postgres"}

// engineEnvVar is the variable that enables an engine ("" for SQLite, always on).
func engineEnvVar(engine string) string {
	switch engine {
	case "mysql":
		return envMySQL
	case "postgres":
		return envPostgres
	}
	return ""
}

// ---- environments ----------------------------------------------------------------

// env is one database (demo or Northwind) on one engine, served by two gateways.
type env struct {
	engine string // sqlite, mysql, postgres
	kind   string // demo, northwind
	src    *source
	gw     *gateway // default -max-page-size (2000)
	gw20   *gateway // -max-page-size 20
	meta   *metadata
	sets   map[string]*setInfo // by entity-set name

	mu    sync.Mutex
	rows  map[string][]*row
	ranks map[string]map[string]int // "set\x00prop" → key → rank
}

type gateway struct {
	g    *app.Gateway
	url  string // service root, ending in '/'
	logs *logCapture
	page int64
}

var (
	envMu    sync.Mutex
	envs     = map[string]*envSlot{}
	cleanups []func()
)

type envSlot struct {
	once sync.Once
	e    *env
	err  error
	skip string
}

// TestMain runs the tests, then stops every gateway and drops every scratch database.
func TestMain(m *testing.M) {
	code := m.Run()
	envMu.Lock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	envMu.Unlock()
	os.Exit(code)
}

func addCleanup(f func()) {
	envMu.Lock()
	cleanups = append(cleanups, f)
	envMu.Unlock()
}

// engines runs fn as one subtest per engine (TestX/sqlite, TestX/mysql,
// TestX/postgres) on the demo database, skipping engines whose DSN is not set.
func engines(t *testing.T, fn func(t *testing.T, e *env)) {
	forEngines(t, "demo", fn)
}

func forEngines(t *testing.T, kind string, fn func(t *testing.T, e *env)) {
	for _, name := range engineNames {
		t.Run(name, func(t *testing.T) {
			e := getEnv(t, name, kind)
			fn(t, e)
		})
	}
}

func getEnv(t *testing.T, engine, kind string) *env {
	t.Helper()
	envMu.Lock()
	slot := envs[engine+"/"+kind]
	if slot == nil {
		slot = &envSlot{}
		envs[engine+"/"+kind] = slot
	}
	envMu.Unlock()
	slot.once.Do(func() {
		if v := engineEnvVar(engine); v != "" && os.Getenv(v) == "" {
			slot.skip = fmt.Sprintf("%s tests skipped: set %s to a DSN whose user can create databases named odatagw_ci_%%", engine, v)
			return
		}
		start := time.Now()
		slot.e, slot.err = newEnv(engine, kind)
		if errors.Is(slot.err, errNoScratch) {
			slot.skip = fmt.Sprintf("%s %s: %v", engine, kind, slot.err)
			return
		}
		if slot.err == nil {
			t.Logf("%s %s environment ready in %s", engine, kind, time.Since(start).Round(time.Millisecond))
		}
	})
	if slot.skip != "" {
		t.Skip(slot.skip)
	}
	if slot.err != nil {
		t.Fatalf("%s %s environment: %v", engine, kind, slot.err)
	}
	return slot.e
}

func newEnv(engine, kind string) (*env, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	src, err := newScratch(ctx, engine, kind)
	if err != nil {
		return nil, err
	}
	e := &env{engine: engine, kind: kind, src: src, rows: map[string][]*row{}, ranks: map[string]map[string]int{}}
	var cfgFile string
	switch kind {
	case "demo":
		if err := demo.Create(ctx, src.db, src.flavor()); err != nil {
			return nil, fmt.Errorf("demo.Create: %w", err)
		}
		cfgFile, err = viewKeyConfig()
		if err != nil {
			return nil, err
		}
	case "northwind":
		if err := loadNorthwind(ctx, src); err != nil {
			return nil, err
		}
	case "relations":
		if err := loadRelations(ctx, src); err != nil { // relations_test.go
			return nil, err
		}
	}
	if e.gw, err = startGateway(engine, src.gwDSN, 0, cfgFile); err != nil {
		return nil, err
	}
	if e.gw20, err = startGateway(engine, src.gwDSN, pageSize, cfgFile); err != nil {
		return nil, err
	}
	if err := e.loadMetadata(); err != nil {
		return nil, err
	}
	return e, nil
}

// viewKeyConfig writes the YAML config that gives the demo views their keys.
func viewKeyConfig() (string, error) {
	dir, err := os.MkdirTemp("", "odatagw-conf-cfg-")
	if err != nil {
		return "", err
	}
	addCleanup(func() { os.RemoveAll(dir) })
	var b strings.Builder
	b.WriteString("tables:\n")
	names := make([]string, 0, len(demo.ViewKeys))
	for v := range demo.ViewKeys {
		names = append(names, v)
	}
	slices.Sort(names)
	for _, v := range names {
		fmt.Fprintf(&b, "  %s: {key: [%s]}\n", v, strings.Join(demo.ViewKeys[v], ", "))
	}
	path := filepath.Join(dir, "odatagw.yaml")
	return path, os.WriteFile(path, []byte(b.String()), 0o600)
}

// ---- scratch databases -----------------------------------------------------------

// source is a scratch database: a direct connection for the oracle and the DSN the
// gateway gets.
type source struct {
	engine string
	db     *sql.DB // direct connection (MySQL: parseTime=true&loc=UTC)
	gwDSN  string  // for the gateway's -dsn
	dbName string
}

func (s *source) flavor() string { return s.engine }

func newScratch(ctx context.Context, engine, kind string) (*source, error) {
	suffix := "conf"
	switch kind {
	case "northwind":
		suffix = "nw"
	case "relations":
		suffix = "rel"
	}
	name := fmt.Sprintf("odatagw_ci_%s_%d", suffix, os.Getpid())
	switch engine {
	case "sqlite":
		dir, err := os.MkdirTemp("", "odatagw-conf-")
		if err != nil {
			return nil, err
		}
		addCleanup(func() { os.RemoveAll(dir) })
		path := filepath.Join(dir, kind+".db")
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
		if err != nil {
			return nil, err
		}
		addCleanup(func() { db.Close() })
		return &source{engine: engine, db: db, gwDSN: path, dbName: path}, nil
	case "mysql":
		return mysqlScratch(ctx, os.Getenv(envMySQL), name, kind)
	case "postgres":
		return postgresScratch(ctx, os.Getenv(envPostgres), name, kind)
	}
	return nil, fmt.Errorf("unknown engine %s", engine)
}

func mysqlScratch(ctx context.Context, dsn, name, kind string) (*source, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", envMySQL, err)
	}
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, err
	}
	scratch := cfg.Clone()
	scratch.DBName = name
	_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS `"+name+"`")
	fallback := false
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4"); err != nil {
		if kind != "demo" {
			admin.Close()
			return nil, fmt.Errorf("%w %s: %v", errNoScratch, name, err)
		}
		// No right to create databases: use the DSN's own database.
		fmt.Fprintf(os.Stderr, "conformance: cannot create database %s (%v); using %s\n", name, err, cfg.DBName)
		scratch.DBName = cfg.DBName
		fallback = true
	}
	oc := scratch.Clone()
	oc.ParseTime = true
	oc.Loc = time.UTC
	db, err := sql.Open("mysql", oc.FormatDSN())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	src := &source{engine: "mysql", db: db, gwDSN: scratch.FormatDSN(), dbName: scratch.DBName}
	if fallback {
		if kind == "demo" {
			if err := demo.Drop(ctx, db, "mysql"); err != nil {
				return nil, err
			}
		}
		addCleanup(func() {
			if kind == "demo" {
				_ = demo.Drop(context.Background(), db, "mysql")
			}
			db.Close()
			admin.Close()
		})
		return src, nil
	}
	addCleanup(func() {
		db.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS `" + name + "`"); err != nil {
			fmt.Fprintf(os.Stderr, "conformance: drop database %s: %v\n", name, err)
		}
		admin.Close()
	})
	return src, nil
}

func postgresScratch(ctx context.Context, dsn, name, kind string) (*source, error) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	u, perr := url.Parse(dsn)
	fallback := perr != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql")
	if !fallback {
		_, _ = admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
		if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
			fmt.Fprintf(os.Stderr, "conformance: cannot create database %s (%v); using the DSN's database\n", name, err)
			fallback = true
		} else if _, err := admin.ExecContext(ctx, `ALTER DATABASE "`+name+`" SET timezone TO '`+pgSessionTZ+`'`); err != nil {
			return nil, err
		}
	}
	if fallback && kind != "demo" {
		admin.Close()
		return nil, fmt.Errorf("%w %s (the DSN must be a postgres:// URL whose role has CREATEDB)", errNoScratch, name)
	}
	if fallback {
		src := &source{engine: "postgres", db: admin, gwDSN: dsn, dbName: ""}
		if kind == "demo" {
			if err := demo.Drop(ctx, admin, "postgres"); err != nil {
				return nil, err
			}
		}
		addCleanup(func() {
			if kind == "demo" {
				_ = demo.Drop(context.Background(), admin, "postgres")
			}
			admin.Close()
		})
		return src, nil
	}
	su := *u
	su.Path = "/" + name
	db, err := sql.Open("pgx", su.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	addCleanup(func() {
		db.Close()
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`); err != nil {
			fmt.Fprintf(os.Stderr, "conformance: drop database %s: %v\n", name, err)
		}
		admin.Close()
	})
	return &source{engine: "postgres", db: db, gwDSN: su.String(), dbName: name}, nil
}

// ---- gateways ----------------------------------------------------------------------

func startGateway(engine, dsn string, page int64, cfgFile string, extra ...string) (*gateway, error) {
	args := []string{"-driver", engine, "-dsn", dsn, "-listen", "127.0.0.1:0", "-log-level", "debug"}
	args = append(args, extra...)
	if page > 0 {
		args = append(args, "-max-page-size", fmt.Sprint(page))
	}
	if cfgFile != "" {
		args = append(args, "-config", cfgFile)
	}
	cfg, err := config.Load(args, func(string) string { return "" }, io.Discard)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	logs := &logCapture{}
	g, err := app.Start(context.Background(), cfg, slog.New(logs))
	if err != nil {
		return nil, fmt.Errorf("start the gateway: %w", err)
	}
	addCleanup(func() { _ = g.Stop() })
	return &gateway{g: g, url: g.URL, logs: logs, page: cfg.MaxPageSize}, nil
}

// logCapture is a slog.Handler that keeps the gateway's recent log lines, so a
// failing case can show the SQL the gateway ran.
type logCapture struct {
	mu    sync.Mutex
	lines []string
	base  int // lines dropped from the front
}

func (c *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (c *logCapture) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *logCapture) WithGroup(string) slog.Handler            { return c }
func (c *logCapture) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String())
	b.WriteByte(' ')
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		if r.Message == "request" && a.Key != "status" && a.Key != "path" {
			return true
		}
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	c.mu.Lock()
	c.lines = append(c.lines, b.String())
	if len(c.lines) > 4000 {
		c.lines = c.lines[2000:]
		c.base += 2000
	}
	c.mu.Unlock()
	return nil
}

func (c *logCapture) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base + len(c.lines)
}

func (c *logCapture) since(m int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := m - c.base
	if i < 0 {
		i = 0
	}
	if i > len(c.lines) {
		i = len(c.lines)
	}
	var out []string
	for _, l := range c.lines[i:] {
		out = append(out, "    | "+short2(l, 2000))
	}
	return strings.Join(out, "\n")
}

func short2(s string, n int) string {
	if len(s) > n {
		return s[:n] + fmt.Sprintf("… (%d bytes)", len(s))
	}
	return s
}

// ---- HTTP --------------------------------------------------------------------------

var client = &http.Client{Timeout: 60 * time.Second}

type response struct {
	url    string
	status int
	header http.Header
	body   []byte
	log    string // gateway log lines written while serving it
}

// get sends GET to an absolute URL.
func (g *gateway) get(u string) (*response, error) {
	m := g.logs.mark()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	// The access log line is written after the body; wait for it briefly.
	deadline := time.Now().Add(200 * time.Millisecond)
	for time.Now().Before(deadline) && !strings.Contains(g.logs.since(m), " request ") {
		time.Sleep(time.Millisecond)
	}
	return &response{url: u, status: res.StatusCode, header: res.Header, body: body, log: g.logs.since(m)}, nil
}

// send sends method to the absolute URL u, with body as JSON when it is not empty,
// failing the test on a transport error.
func (g *gateway) send(t *testing.T, method, u, body string) *response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &response{url: u, status: res.StatusCode, header: res.Header, body: b}
}

// rawGet sends a request line verbatim (for URLs net/http would refuse to build).
func (g *gateway) rawGet(pathAndQuery string) (*response, error) {
	u, err := url.Parse(g.url)
	if err != nil {
		return nil, err
	}
	m := g.logs.mark()
	req := &http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: u.Scheme, Host: u.Host, Opaque: pathAndQuery}, Header: http.Header{}, Host: u.Host}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return &response{url: pathAndQuery, status: res.StatusCode, header: res.Header, body: body, log: g.logs.since(m)}, nil
}

func (r *response) String() string {
	return fmt.Sprintf("GET %s → %d\n    body: %s\n%s", r.url, r.status, short2(string(r.body), 1500), r.log)
}

// errNoScratch means no scratch database could be created where the test needs one.
var errNoScratch = errors.New("cannot create a scratch database")
