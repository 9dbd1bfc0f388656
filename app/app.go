// Package app wires odatagw together: settings (config) → database adapter →
// catalog → gateway → HTTP server, plus the embedded demo database. cmd/odatagw's main
// only calls Run.
package app

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/auth"
	"github.com/odatagw/odatagw/cache"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/console"
	"github.com/odatagw/odatagw/demo"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/server"
)

// Run runs the gateway until ctx is done. It returns the process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "salesforce" {
		return runSalesforce(args[1:], getenv, stdout, stderr)
	}
	cfg, err := config.Load(args, getenv, stderr)
	if err == nil {
		err = resolveDriver(cfg)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, driversHelp())
			return 0
		}
		fmt.Fprintln(stderr, "odatagw:", err)
		return 2
	}
	sink := newAsyncLog(stderr, asyncLogBytes) // requests never wait for a log write (logbuf.go)
	logSink.Store(sink)
	log := newLogger(cfg, sink)
	slog.SetDefault(log)
	err = run(ctx, cfg, log, stdout)
	if err != nil {
		log.Error("odatagw stopped", "error", err.Error())
	}
	sink.Close()
	if err != nil {
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
		tty := w
		if a, ok := w.(*asyncLog); ok {
			tty = a.w
		}
		if f, ok := tty.(*os.File); ok {
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
	svc, _, closeAll, err := open(ctx, cfg, log, nil, nil)
	return svc, closeAll, err
}

// open is Open that also returns the connected adapter, which schema reloads reuse
// (what it learnt at Connect, such as MySQL's flavor, stays known), with the metrics
// the Service reports to (nil: none) and the shared cache generations (nil: in memory).
func open(ctx context.Context, cfg *config.Config, log *slog.Logger, m *metrics.Registry, gens cache.Generations) (*gateway.Service, adapters.Adapter, func(), error) {
	ad, err := newAdapter(cfg, log)
	if err != nil {
		return nil, nil, nil, err
	}
	svc, closeAll, err := load(ctx, cfg, log, m, ad, gens)
	if err != nil {
		return nil, nil, nil, err
	}
	return svc, ad, closeAll, nil
}

// newAdapter is the configured engine's adapter, set up but not connected.
func newAdapter(cfg *config.Config, log *slog.Logger) (adapters.Adapter, error) {
	driver := cfg.Driver
	if cfg.Demo() {
		driver = "sqlite"
	}
	engine, err := adapters.Lookup(driver)
	if err != nil {
		return nil, err
	}
	ad := engine.New(log)
	configureAdapter(ad, cfg) // server-side statement timeout (ops.go)
	return ad, nil
}

// load connects ad (or creates the demo), introspects and builds the Service. It is
// one start-up attempt: Start repeats it while the database is unreachable.
func load(ctx context.Context, cfg *config.Config, log *slog.Logger, m *metrics.Registry, ad adapters.Adapter, gens cache.Generations) (*gateway.Service, func(), error) {
	driver, dsn := cfg.Driver, cfg.DSN
	cleanup := func() {}
	opts := sourceOptions(cfg)
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
	}
	connectCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := ad.Connect(connectCtx, dsn)
	if err != nil {
		cleanup()
		return nil, nil, fmt.Errorf("connect to %s: %w", driver, adapters.Redact(err, dsn))
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
		return nil, nil, fmt.Errorf("read the schema: %w", adapters.Redact(err, dsn))
	}
	if _, err := checkLookups(cat, cfg.Tables); err != nil { // tables.<t>.salesforce (salesforce_objects.go)
		closeAll()
		return nil, nil, err
	}
	for _, h := range cat.Hidden { // tables hidden for a missing key were warned about by the adapter
		log.Debug("table not served", "table", h.Name, "reason", h.Reason)
	}
	feed, err := changeFeed(ctx, cfg, db, dsn, ad, cat, log) // -track-changes (changes.go)
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	// The one configuration of the Service; a schema reload reuses it (Gateway.Reload).
	svc, err := gateway.New(gateway.Config{
		DB:      db,
		Dialect: ad.Dialect(),
		Catalog: cat,
		Limits: plan.Limits{MaxPageSize: cfg.MaxPageSize, MaxNodes: cfg.MaxFilterNodes, NullAsBlank: cfg.NullAsBlank,
			MaxDepth: cfg.MaxFilterDepth, MaxExpandDepth: cfg.MaxExpandDepth, TokenSecret: tokenSecret(cfg)},
		QueryTimeout: cfg.QueryTimeout,
		Log:          log,
		Classify:     adapters.Classifier(ad),
		Ops:          opsFor(ad, cfg, m),
		Tuning:       tuningFor(cfg, ad, gens),
		Changes:      feed,
	})
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	logStart(log, cfg, ad)
	closeDB := closeAll
	closeAll = func() { svc.Close(); closeDB() }
	return svc, closeAll, nil
}

// tuningFor is tuning plus what the adapter knows about the count shapes.
func tuningFor(cfg *config.Config, ad adapters.Adapter, gens cache.Generations) gateway.Tuning {
	t := tuning(cfg)
	t.Generations = gens
	if cs, ok := ad.(adapters.CountShaper); ok && cs.SeparateCount() {
		t.WindowCountMax = -1 // the one-round-trip COUNT(*) OVER () never pays off there
	}
	return t
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

// sourceOptions are the catalog options: the configured tables, plus the demo's view
// keys when serving the demo.
func sourceOptions(cfg *config.Config) catalog.Options {
	opts := catalogOptions(cfg)
	if cfg.Demo() {
		for view, key := range demo.ViewKeys {
			if t, ok := opts.Tables[view]; !ok || len(t.Key) == 0 {
				t.Key = key
				opts.Tables[view] = t
			}
		}
	}
	return opts
}

func catalogOptions(cfg *config.Config) catalog.Options {
	o := catalog.Options{Schemas: cfg.Schemas, Writable: cfg.Writable, Tables: map[string]catalog.TableOptions{}}
	for name, t := range cfg.Tables {
		o.Tables[name] = catalog.TableOptions{Name: t.Name, Key: t.Key, Hidden: t.Hidden, Columns: t.Columns,
			Searchable: t.Searchable, Writable: t.Writable, ETag: t.ETag, Navigations: t.Navigations}
	}
	return o
}

// resolveDriver replaces a -driver alias by the engine's name and refuses a name no
// engine has. The names come from the adapters registry: config, which must not import
// the adapters (and through them every SQL driver), checks only that -driver and -dsn
// come together.
func resolveDriver(cfg *config.Config) error {
	if cfg.Driver == "" {
		return nil
	}
	e, err := adapters.Lookup(cfg.Driver)
	if err != nil {
		return fmt.Errorf("-driver %q is not one of %s", cfg.Driver, strings.Join(adapters.Names(), ", "))
	}
	cfg.Driver = e.Name
	return nil
}

// driversHelp ends -help: the -driver values, aliases in parentheses.
func driversHelp() string {
	var names []string
	for _, e := range adapters.Engines() {
		n := e.Name
		if len(e.Aliases) > 0 {
			n += " (" + strings.Join(e.Aliases, ", ") + ")"
		}
		names = append(names, n)
	}
	return "Database drivers (-driver): " + strings.Join(names, ", ")
}

func run(ctx context.Context, cfg *config.Config, log *slog.Logger, stdout io.Writer) error {
	if cfg.CheckConfig {
		if err := checkRedisURL(cfg); err != nil {
			return err
		}
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
	hup := make(chan os.Signal, 1) // SIGHUP reloads the schema
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	if g.Service == nil {
		fmt.Fprintf(stdout, "odatagw listens at %s; the database is unreachable: OData requests answer 503 until it answers\n", g.URL)
	} else {
		fmt.Fprintf(stdout, "odatagw serves %d entity sets at %s\n", len(g.Service.Catalog.Tables), g.URL)
	}
	if g.Service != nil && len(g.Service.Catalog.Tables) > 0 {
		t := g.Service.Catalog.Tables[0]
		fmt.Fprintf(stdout, "try:\n  curl '%s$metadata'\n  curl '%s%s?$top=3&$count=true'\n", g.URL, g.URL, t.SetName)
	}
	fmt.Fprintf(stdout, "operator console: %s/console/\n", strings.TrimSuffix(strings.TrimSuffix(g.URL, "/"), cfg.BasePath))
	for {
		select {
		case err := <-g.done:
			g.closeAll()
			return err
		case <-hup:
			log.Info("SIGHUP: reloading the schema")
			rctx, cancel := context.WithTimeout(ctx, time.Minute)
			err := g.Reload(rctx)
			cancel()
			if g.Metrics != nil {
				g.Metrics.Reload(err == nil)
			}
		case <-ctx.Done():
			return g.Stop()
		}
	}
}

// Gateway is a running gateway.
type Gateway struct {
	URL  string // service root, e.g. http://127.0.0.1:8080/odata/
	Addr string // listening address
	// Service is the service at start (nil when the database was unreachable then);
	// after a background load or a schema reload Live.Load() is current.
	Service *gateway.Service
	// Live holds the current service; reloads swap it.
	Live *gateway.Live
	// Metrics is the Prometheus registry (nil with -metrics-listen off).
	Metrics *metrics.Registry
	// MetricsAddr is the address of the separate metrics listener, if any.
	MetricsAddr string

	app        interface{ ShutdownWithTimeout(time.Duration) error }
	srcMu      sync.Mutex // guards closeSvc and srcClosed (startup.go)
	closeSvc   func()     // closes the loaded Service and its pool; nil until loaded
	srcClosed  bool
	loader     *loader // the background start-up retry, if the first attempt failed
	done       chan error
	closeAll   func()
	log        *slog.Logger
	cfg        *config.Config
	adapter    adapters.Adapter // connected at Start; reloads reuse it
	reloadMu   sync.Mutex
	metricsSrv *http.Server
	console    *console.Console
	// cancelRequests cancels the context of every request (see Start).
	cancelRequests context.CancelCauseFunc
}

// Start checks the listening policy, serves HTTP in the background and loads the
// source. When the database cannot be reached it still listens (startup.go): OData
// requests answer 503 until a background retry loads the schema. Stop shuts it down.
func Start(ctx context.Context, cfg *config.Config, log *slog.Logger) (*Gateway, error) {
	if !cfg.Loopback() && !cfg.AllowAnonymous && !cfg.AuthConfigured() {
		return nil, fmt.Errorf("refusing to listen on %s without authentication: configure -basic-auth, -api-keys or -jwt-jwks-url, listen on a loopback address, or pass -allow-anonymous if the network in front of the gateway authenticates callers", cfg.Listen)
	}
	edge, err := edgeOptions(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	reg := newMetrics(cfg)
	slow, svcLog := console.NewSlowLog(log) // the console keeps the slow-query lines
	gens, closeGens, err := startRedis(cfg, log, reg)
	if err != nil {
		return nil, err
	}
	ad, err := newAdapter(cfg, svcLog)
	if err != nil {
		closeGens()
		return nil, err
	}
	// The demo never waits for a database: it is created (or fails) before listening.
	var svc *gateway.Service
	var closeSvc func()
	if cfg.Demo() {
		if svc, closeSvc, err = load(ctx, cfg, svcLog, reg, ad, gens); err != nil {
			closeGens()
			return nil, err
		}
	}
	// The requests' context: the server hands it to every read and write, and Stop
	// cancels it when the graceful-shutdown window ends, which stops the queries still
	// running (503 ShuttingDown).
	base, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	g := &Gateway{Live: gateway.NewLive(nil), Metrics: reg, done: make(chan error, 1),
		log: log, cfg: cfg, adapter: ad, cancelRequests: cancel}
	if svc != nil {
		g.install(svc, closeSvc)
	}
	edge.Ops = g.serverOps(cfg)
	g.console = g.newConsole(cfg, slow)
	edge.Ops.Console, edge.Ops.Requests = g.consoleGuard(g.console.Handler()), g.console.Ring()
	closeAll := func() { g.console.Close(); g.closeSource(); closeGens() }
	g.closeAll = closeAll
	edge.Context = base
	edge.V2, edge.V2Path = v2Edge(g.Live, cfg) // the OData 2.0 root (app/v2.go)
	edge.SearchOption = cfg.SearchOption
	app := server.New(g.Live, edge)
	g.app = app
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		closeAll()
		return nil, err
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		tc, err := tlsConfig(cfg.TLSCert, cfg.TLSKey, log)
		if err != nil {
			ln.Close()
			closeAll()
			return nil, err
		}
		ln, scheme = tls.NewListener(ln, tc), "https"
	}
	if err := g.startMetrics(cfg); err != nil {
		ln.Close()
		closeAll()
		return nil, err
	}
	g.Addr = ln.Addr().String()
	g.URL = scheme + "://" + g.Addr + cfg.BasePath + "/"
	go func() { g.done <- app.Listener(ln) }()
	if svc == nil { // the first attempt, while /live already answers
		if svc, closeSvc, err = load(ctx, cfg, svcLog, reg, ad, gens); err == nil {
			g.install(svc, closeSvc)
		} else {
			svc = nil
			g.keepLoading(ctx, svcLog, reg, gens, err)
		}
	}
	g.Service = svc
	g.watchChanges(cfg) // cache invalidation from the change feed (changes.go); a late load watches in startup.go
	sets := 0
	if svc != nil {
		sets = len(svc.Catalog.Tables)
	}
	log.Info("odatagw listening", "url", g.URL, "entity_sets", sets, "schema_loaded", svc != nil)
	return g, nil
}

// Stop stops accepting connections, lets in-flight requests finish (bounded) and
// closes the database pool.
func (g *Gateway) Stop() error {
	timeout := g.cfg.ShutdownTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	g.log.Info("shutting down", "timeout", timeout.String())
	err := g.app.ShutdownWithTimeout(timeout)
	// Requests still running past the window: cancel their queries before the pool
	// closes under them.
	g.cancelRequests(gateway.ErrShutdown)
	if g.metricsSrv != nil {
		g.metricsSrv.Close()
	}
	g.closeAll()
	g.log.Info("stopped")
	return err
}

// edgeOptions builds the HTTP edge's settings: authentication and CSRF.
func edgeOptions(ctx context.Context, cfg *config.Config, log *slog.Logger) (server.Options, error) {
	o := server.Options{BasePath: cfg.BasePath, PublicURL: cfg.PublicURL, Log: log}
	if cfg.AuthConfigured() {
		ao := auth.Options{Basic: cfg.BasicAuth, APIKeyHeader: cfg.APIKeyHeader, APIKeys: cfg.APIKeys}
		if cfg.JWT() {
			ao.JWT = &auth.JWTOptions{JWKSURL: cfg.JWTJWKSURL, JWKSFile: cfg.JWTJWKSFile, Issuer: cfg.JWTIssuer,
				Audience: cfg.JWTAudience, Algorithms: cfg.JWTAlgorithms}
		}
		a, err := auth.New(ctx, ao)
		if err != nil {
			return o, err
		}
		o.Auth = a
		log.Info("authentication on", "basic_users", len(cfg.BasicAuth), "api_keys", len(cfg.APIKeys), "jwt", cfg.JWT())
	}
	if cfg.CSRF {
		x, err := auth.NewCSRF(cfg.CSRFHeader, cfg.CSRFSecret, cfg.CSRFTTL)
		if err != nil {
			return o, err
		}
		o.CSRF = x
		log.Info("CSRF protection on", "header", cfg.CSRFHeader, "shared_secret", cfg.CSRFSecret != "")
	}
	return o, nil
}

func keyList(t *catalog.Table) string {
	names := make([]string, len(t.Key))
	for i, k := range t.Key {
		names[i] = k.Prop
	}
	return strings.Join(names, ",")
}
