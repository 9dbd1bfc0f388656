package app

import (
	"context"
	"log/slog"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/changes"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/gateway"
)

// changeFeed builds the change tracker of -track-changes column: one source per table
// with tables.<t>.changed-at. nil when tracking is off (a nil interface, never a typed
// nil). A changed-at column the catalog does not have is logged and the table left
// untracked; config already refused a mode without any.
func changeFeed(cfg *config.Config, db *sqlx.DB, ad adapters.Adapter, cat *catalog.Catalog, log *slog.Logger) gateway.ChangeFeed {
	t := newTracker(cfg, db, ad, cat, log)
	if t == nil {
		return nil
	}
	return t
}

func newTracker(cfg *config.Config, db *sqlx.DB, ad adapters.Adapter, cat *catalog.Catalog, log *slog.Logger) *changes.Tracker {
	if cfg.TrackChanges != "column" {
		return nil
	}
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
	if len(sources) == 0 {
		return nil
	}
	if cfg.ChangeSecret == "" {
		log.Warn("change tracking: no -change-secret; delta tokens will not survive a restart nor work on another replica")
	}
	tr := changes.New([]byte(cfg.ChangeSecret), sources, log)
	log.Info("change tracking on", "mode", cfg.TrackChanges, "sets", tr.Sets())
	return tr
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
	tr, ok := g.Service.Changes.(*changes.Tracker)
	if !ok || tr == nil {
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tr.Watch(ctx, cfg.ChangePoll, func(set string) { g.Live.Load().Invalidate(set) })
	}()
	prev := g.closeAll
	g.closeAll = func() { stop(); <-done; prev() }
}
