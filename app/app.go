// Package app wires odatagw together: settings (config) → database adapter →
// catalog → gateway → HTTP server, plus the embedded demo database. cmd/odatagw's main
// only calls Run.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/demo"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/server"
)

// Run runs the gateway until ctx is done. It returns the process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "odatagw:", err)
		return 2
	}
	log := newLogger(cfg, stderr)
	slog.SetDefault(log)
	if err := run(ctx, cfg, log, stdout); err != nil {
		log.Error("odatagw stopped", "error", err.Error())
		fmt.Fprintln(stderr, "odatagw:", err)
		return 1
	}
	return 0
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.LogFormat
	if format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// Open connects to the configured database (or creates the demo) and introspects it.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*gateway.Service, func(), error) {
	driver, dsn := cfg.Driver, cfg.DSN
	cleanup := func() {}
	opts := catalogOptions(cfg)
	if cfg.Demo() {
		dir, err := os.MkdirTemp("", "odatagw-demo-")
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		driver, dsn = "sqlite", filepath.Join(dir, "demo.db")
		// An empty file is a new SQLite database; the adapter opens existing files only.
		if err := os.WriteFile(dsn, nil, 0o600); err != nil {
			cleanup()
			return nil, nil, err
		}
		for view, key := range demo.ViewKeys {
			if t, ok := opts.Tables[view]; !ok || len(t.Key) == 0 {
				t.Key = key
				opts.Tables[view] = t
			}
		}
	}
	ad, err := adapters.Open(driver)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	connectCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := ad.Connect(connectCtx, dsn)
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("connect to %s: %w", driver, redact(err, dsn))
	}
	closeAll := func() { db.Close(); cleanup() }
	db.SetMaxOpenConns(cfg.DBMaxOpen)
	db.SetMaxIdleConns(cfg.DBMaxIdle)
	db.SetConnMaxLifetime(cfg.DBConnMaxLife)
	if cfg.Demo() {
		start := time.Now()
		if err := demo.Create(connectCtx, db.DB, "sqlite"); err != nil {
			closeAll()
			return nil, nil, fmt.Errorf("create the demo database: %w", err)
		}
		log.Info("demo database created", "path", dsn, "ms", time.Since(start).Milliseconds())
	}
	cat, err := ad.Introspect(connectCtx, db, opts)
	if err != nil {
		closeAll()
		return nil, nil, fmt.Errorf("read the schema: %w", redact(err, dsn))
	}
	for _, h := range cat.Hidden {
		log.Warn("table not served", "table", h.Name, "reason", h.Reason)
	}
	lim := plan.Limits{MaxPageSize: cfg.MaxPageSize, MaxNodes: cfg.MaxFilterNodes, NullAsBlank: cfg.NullAsBlank}
	svc, err := gateway.New(db, ad.Dialect(), cat, lim, cfg.QueryTimeout, log)
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	tune := tuning(cfg)
	if driver == "sqlite" {
		// Embedded: no network round trip to save; BenchmarkCountShapes measured the
		// separate COUNT faster at every size (README "Cache and performance").
		tune.WindowCountMax = -1
	}
	if err := svc.Tune(tune); err != nil {
		closeAll()
		return nil, nil, err
	}
	closeDB := closeAll
	closeAll = func() { svc.Close(); closeDB() }
	return svc, closeAll, nil
}

// tuning maps the cache and page settings to the gateway's.
func tuning(cfg *config.Config) gateway.Tuning {
	t := gateway.Tuning{CacheTTL: cfg.CacheTTL, CacheMaxBytes: cfg.CacheMaxBytes, MaxPageBytes: cfg.MaxPageBytes,
		TableTTL: map[string]time.Duration{}}
	for name, tc := range cfg.Tables {
		if tc.CacheTTL != nil {
			t.TableTTL[name] = *tc.CacheTTL
		}
	}
	return t
}

func catalogOptions(cfg *config.Config) catalog.Options {
	o := catalog.Options{Schemas: cfg.Schemas, Writable: cfg.Writable, Tables: map[string]catalog.TableOptions{}}
	for name, t := range cfg.Tables {
		o.Tables[name] = catalog.TableOptions{Name: t.Name, Key: t.Key, Hidden: t.Hidden, Columns: t.Columns,
			Searchable: t.Searchable, Writable: t.Writable}
	}
	return o
}

// redact removes the DSN (which may hold a password) from an error message.
func redact(err error, dsn string) error {
	if dsn == "" || !strings.Contains(err.Error(), dsn) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), dsn, "<dsn>"))
}

func run(ctx context.Context, cfg *config.Config, log *slog.Logger, stdout io.Writer) error {
	if cfg.CheckConfig {
		svc, closeAll, err := Open(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer closeAll()
		fmt.Fprintf(stdout, "configuration OK: %d entity sets\n", len(svc.Catalog.Tables))
		for _, t := range svc.Catalog.Tables {
			fmt.Fprintf(stdout, "  %-30s table %s (key %s)\n", t.SetName, t.Name, keyList(t))
		}
		for _, h := range svc.Catalog.Hidden {
			fmt.Fprintf(stdout, "  not served: %s: %s\n", h.Name, h.Reason)
		}
		return nil
	}
	g, err := Start(ctx, cfg, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "odatagw serves %d entity sets at %s\n", len(g.Service.Catalog.Tables), g.URL)
	if len(g.Service.Catalog.Tables) > 0 {
		t := g.Service.Catalog.Tables[0]
		fmt.Fprintf(stdout, "try:\n  curl '%s$metadata'\n  curl '%s%s?$top=3&$count=true'\n", g.URL, g.URL, t.SetName)
	}
	select {
	case err := <-g.done:
		g.closeAll()
		return err
	case <-ctx.Done():
	}
	return g.Stop()
}

// Gateway is a running gateway.
type Gateway struct {
	URL     string // service root, e.g. http://127.0.0.1:8080/odata/
	Addr    string // listening address
	Service *gateway.Service

	app      interface{ ShutdownWithTimeout(time.Duration) error }
	done     chan error
	closeAll func()
	log      *slog.Logger
}

// Start opens the source, checks the listening policy and serves HTTP in the
// background. Stop shuts it down.
func Start(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Gateway, error) {
	if !cfg.Loopback() && !cfg.AllowAnonymous {
		return nil, fmt.Errorf("refusing to listen on %s without authentication: listen on a loopback address, or pass -allow-anonymous if the network in front of the gateway authenticates callers", cfg.Listen)
	}
	svc, closeAll, err := Open(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	app := server.New(svc, server.Options{BasePath: cfg.BasePath, PublicURL: cfg.PublicURL, Log: log})
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		closeAll()
		return nil, err
	}
	g := &Gateway{Addr: ln.Addr().String(), Service: svc, app: app, done: make(chan error, 1), closeAll: closeAll, log: log}
	g.URL = "http://" + g.Addr + cfg.BasePath + "/"
	log.Info("odatagw listening", "url", g.URL, "entity_sets", len(svc.Catalog.Tables))
	go func() { g.done <- app.Listener(ln) }()
	return g, nil
}

// Stop stops accepting connections, lets in-flight requests finish (bounded) and
// closes the database pool.
func (g *Gateway) Stop() error {
	g.log.Info("shutting down")
	err := g.app.ShutdownWithTimeout(10 * time.Second)
	g.closeAll()
	return err
}

func keyList(t *catalog.Table) string {
	names := make([]string, len(t.Key))
	for i, k := range t.Key {
		names[i] = k.Prop
	}
	return strings.Join(names, ",")
}
