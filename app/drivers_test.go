package app

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/config"
)

// TestResolveDriver: -driver names come from the adapters registry: an alias becomes
// the engine's name, an unknown name is a configuration error (exit 2) listing the
// registered ones, and -help ends with them.
func TestResolveDriver(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	code, out := runCapture(ctx, "-driver", "db2", "-dsn", "x")
	want := `-driver "db2" is not one of ` + strings.Join(adapters.Names(), ", ")
	if code != 2 || !strings.Contains(out, want) {
		t.Errorf("unknown driver: exit %d, output %q; want 2 and %q", code, out, want)
	}
	code, out = runCapture(ctx, "-help")
	if code != 0 || !strings.Contains(out, "Database drivers (-driver): sqlite, ") || !strings.Contains(out, "postgres (postgresql, pgx)") {
		t.Errorf("-help: exit %d, output ends %q", code, out[max(0, len(out)-200):])
	}
	for _, e := range adapters.Engines() {
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			cfg := loadConfig(t, "-driver", name, "-dsn", "x")
			if err := resolveDriver(cfg); err != nil || cfg.Driver != e.Name {
				t.Errorf("-driver %s: resolved to %q, %v; want %s", name, cfg.Driver, err, e.Name)
			}
		}
	}
}

// countingAdapter counts the Introspect calls of the adapter it wraps.
type countingAdapter struct {
	adapters.Adapter
	introspections int
}

func (c *countingAdapter) Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error) {
	c.introspections++
	return c.Adapter.Introspect(ctx, db, opts)
}

// TestReloadReusesAdapter: a schema reload introspects with the adapter Start
// connected, not a fresh one (which would have to learn the server again: MySQL's
// flavor).
func TestReloadReusesAdapter(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, flags...)
	counting := &countingAdapter{Adapter: g.adapter}
	g.adapter = counting
	for i := 0; i < 2; i++ {
		if err := g.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if counting.introspections != 2 {
		t.Errorf("the connected adapter introspected %d times in 2 reloads", counting.introspections)
	}
	if g.Live.Load() == g.Service {
		t.Error("Reload did not swap the service")
	}
}

func loadConfig(t *testing.T, args ...string) *config.Config {
	t.Helper()
	cfg, err := config.Load(args, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
