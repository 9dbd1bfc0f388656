package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
	"github.com/odatagw/odatagw/server"
)

// configureAdapter hands the adapter the settings it needs before Connect.
func configureAdapter(ad adapters.Adapter, cfg *config.Config) {
	if st, ok := ad.(adapters.StatementTimeout); ok {
		st.SetStatementTimeout(cfg.QueryTimeout)
	}
}

// opsFor is the Service's operational settings from cfg, the adapter's optional
// capabilities and the metrics registry (nil: none).
func opsFor(ad adapters.Adapter, cfg *config.Config, m *metrics.Registry) gateway.Ops {
	o := gateway.Ops{SlowQuery: cfg.SlowQuery, Admission: gateway.NewAdmission(cfg.DBMaxOpen, cfg.DBWaitTimeout)}
	if fc, ok := ad.(adapters.FailureClassifier); ok {
		o.ClassifyFailure = fc.ClassifyFailure
	}
	if m != nil { // a nil *Registry in the interface would not be a nil Metrics
		o.Metrics = m
	}
	return o
}

// serverOps are the HTTP edge's operational options.
func (g *Gateway) serverOps(cfg *config.Config) server.Ops {
	return server.Ops{
		Metrics:                   g.Metrics,
		MetricsRoute:              g.Metrics != nil && cfg.MetricsListen == "",
		Ready:                     g.ready,
		Reload:                    g.Reload,
		AdminToken:                cfg.AdminToken,
		MaxBodyBytes:              cfg.MaxBodyBytes,
		MaxBatchRequests:          cfg.MaxBatchRequests,
		MaxConcurrent:             cfg.MaxConcurrent,
		MaxConcurrentPerPrincipal: cfg.MaxConcurrentPerPrincipal,
	}
}

// ready reports whether the schema is loaded and the database answers a ping.
func (g *Gateway) ready(ctx context.Context) error {
	svc := g.Live.Load()
	if svc == nil || svc.Catalog == nil {
		return errors.New("schema not loaded")
	}
	if err := svc.DB.PingContext(ctx); err != nil {
		return fmt.Errorf("database ping: %w", err)
	}
	return nil
}

// Reload re-reads the schema over the existing pool and swaps the Service atomically;
// requests in flight finish on the old one. On failure the old schema stays.
func (g *Gateway) Reload(ctx context.Context) error {
	g.reloadMu.Lock()
	defer g.reloadMu.Unlock()
	start := time.Now()
	old := g.Live.Load()
	if old == nil {
		return errNotLoaded
	}
	ad := g.adapter // the connected one: what it learnt at Connect stays known
	cat, err := ad.Introspect(ctx, old.DB, sourceOptions(g.cfg))
	if err != nil {
		err = adapters.Redact(err, g.cfg.DSN)
		g.log.Error("schema reload failed", "error", err.Error())
		return fmt.Errorf("read the schema: %w", err)
	}
	if _, err := checkLookups(cat, g.cfg.Tables); err != nil {
		g.log.Error("schema reload failed", "error", err.Error())
		return err
	}
	// The running Service's configuration with the new catalog: same pool, admission,
	// limits, classifiers and metrics; a fresh cache and URL memo for the new schema.
	conf := old.Config
	conf.Catalog = cat
	svc, err := gateway.New(conf)
	if err != nil {
		g.log.Error("schema reload failed", "error", err.Error())
		return err
	}
	g.Live.Swap(svc)
	// The old Service's cache and prepared statements go once its in-flight requests
	// (streams included) are surely done.
	time.AfterFunc(3*time.Minute, old.Close)
	g.log.Info("schema reloaded", "entity_sets", len(cat.Tables), "was", len(old.Catalog.Tables),
		"ms", time.Since(start).Milliseconds())
	return nil
}

// startMetrics serves /metrics on its own address when -metrics-listen is set.
func (g *Gateway) startMetrics(cfg *config.Config) error {
	if g.Metrics == nil || cfg.MetricsListen == "" {
		return nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsListen)
	if err != nil {
		return fmt.Errorf("-metrics-listen: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", g.Metrics.Handler())
	g.metricsSrv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	g.MetricsAddr = ln.Addr().String()
	go func() {
		if err := g.metricsSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			g.log.Error("metrics listener stopped", "error", err.Error())
		}
	}()
	g.log.Info("metrics listening", "url", "http://"+g.MetricsAddr+"/metrics")
	return nil
}

func newMetrics(cfg *config.Config) *metrics.Registry {
	if cfg.MetricsListen == "off" {
		return nil
	}
	r := metrics.New()
	r.LogLinesDropped(logLinesDropped)
	return r
}

// logStart notes the operational settings worth knowing at start-up.
func logStart(log *slog.Logger, cfg *config.Config, ad adapters.Adapter) {
	_, serverTimeout := ad.(adapters.StatementTimeout)
	log.Info("operations",
		"query_timeout", cfg.QueryTimeout.String(),
		"server_side_timeout", serverTimeout,
		"db_wait_timeout", cfg.DBWaitTimeout.String(),
		"max_concurrent", cfg.MaxConcurrent,
		"max_concurrent_per_principal", cfg.MaxConcurrentPerPrincipal,
		"admin_reload", cfg.AdminToken != "",
		"tls", cfg.TLSCert != "")
}
