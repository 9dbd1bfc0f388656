package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/changes"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
)

// changeFeed builds the change tracker of -track-changes column: one source per table
// with tables.<t>.changed-at. nil when tracking is off (a nil interface, never a typed
// nil). A changed-at column the catalog does not have is logged and the table left
// untracked; config already refused a mode without any.
func changeFeed(ctx context.Context, cfg *config.Config, db *sqlx.DB, dsn string, ad adapters.Adapter, cat *catalog.Catalog, log *slog.Logger) (gateway.ChangeFeed, error) {
	var sources map[string]changes.Source
	switch cfg.TrackChanges {
	case "column":
		sources = columnSources(cfg, db, ad, cat, log)
	case "log":
		var err error
		if sources, err = logSources(ctx, cfg, db, dsn, ad, cat); err != nil {
			return nil, adapters.Redact(err, dsn)
		}
	default:
		return nil, nil
	}
	if len(sources) == 0 {
		return nil, nil
	}
	if cfg.ChangeSecret == "" {
		log.Warn("change tracking: no -change-secret; delta tokens will not survive a restart nor work on another replica")
	}
	tr := changes.New([]byte(cfg.ChangeSecret), sources, log)
	log.Info("change tracking on", "mode", cfg.TrackChanges, "sets", len(sources))
	return tr, nil
}

// logSources tracks every table through the database's change log (views have none).
func logSources(ctx context.Context, cfg *config.Config, db *sqlx.DB, dsn string, ad adapters.Adapter, cat *catalog.Catalog) (map[string]changes.Source, error) {
	cl, ok := ad.(adapters.ChangeLog)
	if !ok {
		return nil, fmt.Errorf("-track-changes log: the -driver %s adapter cannot read its database's change log (MySQL/MariaDB and PostgreSQL only); use -track-changes column", cfg.Driver)
	}
	r, err := cl.OpenChangeLog(ctx, db, dsn, adapters.ChangeLogOptions{Publication: cfg.ChangePublication, Slot: cfg.ChangeSlot, Retention: cfg.ChangeRetention})
	if err != nil {
		return nil, err
	}
	lr := logReader{r}
	sources := map[string]changes.Source{}
	for _, t := range cat.Tables {
		if !t.IsView {
			sources[t.SetName] = &changes.Log{R: lr, Table: t}
		}
	}
	return sources, nil
}

// logReader adapts the adapter's change-log reader to package changes.
type logReader struct{ r adapters.ChangeLogReader }

func (l logReader) Kind() string                                { return l.r.Kind() }
func (l logReader) Current(ctx context.Context) (string, error) { return l.r.Current(ctx) }
func (l logReader) Read(ctx context.Context, pos string, keys map[string][]string, fn func(changes.LogChange) bool) error {
	return l.r.Read(ctx, pos, keys, func(c adapters.RowChange) bool {
		return fn(changes.LogChange{Table: c.Table, Key: c.Key, Deleted: c.Deleted, Pos: c.Pos})
	})
}

// columnSources tracks the tables with tables.<t>.changed-at.
func columnSources(cfg *config.Config, db *sqlx.DB, ad adapters.Adapter, cat *catalog.Catalog, log *slog.Logger) map[string]changes.Source {
	sources := map[string]changes.Source{}
	for name, tc := range cfg.Tables {
		if tc.ChangedAt == "" {
			continue
		}
		t := tableNamed(cat, name)
		if t == nil {
			log.Warn("change tracking: table not served", "table", name)
			continue
		}
		src, err := changes.NewColumn(db, ad.Dialect(), t, tc.ChangedAt)
		if err != nil {
			log.Warn("change tracking: table not tracked", "table", name, "err", err)
			continue
		}
		sources[t.SetName] = src
	}
	return sources
}

// tableNamed finds a configured table (name or schema.name) in the catalog.
func tableNamed(cat *catalog.Catalog, name string) *catalog.Table {
	for _, t := range cat.Tables {
		if t.Name == name || t.Schema+"."+t.Name == name {
			return t
		}
	}
	return nil
}

// watchChanges runs the change feed's invalidation loop until the gateway closes:
// every change of a tracked set bumps its cache generation on the live service
// (gateway.Service.Invalidate → cache.Generations, so a shared Redis Generations
// reaches every replica).
func (g *Gateway) watchChanges(cfg *config.Config) {
	if g.Service == nil { // loaded later by the start-up retry, which watches then (startup.go)
		return
	}
	tr, ok := g.Service.Changes.(*changes.Tracker)
	if !ok || tr == nil {
		return
	}
	g.observeChangeFeed(tr)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tr.Watch(ctx, cfg.ChangePoll, func(set string) { g.Live.Load().Invalidate(set) })
	}()
	prev := g.closeAll
	g.closeAll = func() { stop(); <-done; prev() }
}

// observeChangeFeed exposes the change feed's metrics.
func (g *Gateway) observeChangeFeed(tr *changes.Tracker) {
	if g.Metrics != nil {
		g.Metrics.ObserveChangeFeed(metrics.ChangeFeed{
			Lag:           func() float64 { return tr.Lag().Seconds() },
			Events:        func() float64 { return float64(tr.EventsRead.Load()) },
			Deltas:        func() float64 { return float64(tr.DeltaRequests.Load()) },
			Expired:       func() float64 { return float64(tr.TokensExpired.Load()) },
			Invalidations: func() float64 { return float64(tr.Invalidations.Load()) },
		})
	}
}
