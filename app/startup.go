package app

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/odatagw/odatagw/cache"
	"github.com/odatagw/odatagw/changes"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
)

// Start-up without the database: Start listens at once and tries to connect and read
// the schema. While it cannot, /live answers 200, /ready 503 and every OData request
// 503 DatabaseUnavailable with Retry-After (gateway.Live with no Service); the
// attempts repeat in the background with capped exponential backoff and jitter, one
// log line each, until the schema loads and the same process serves it. The demo and
// -check-config do not wait: they fail at once.

// backoff is the delay policy between start-up attempts.
type backoff struct {
	Base, Max time.Duration
}

// startRetry is the policy Start uses (tests shorten it).
var startRetry = backoff{Base: 500 * time.Millisecond, Max: 30 * time.Second}

// delay is the wait before attempt n+1 after n failed ones (n ≥ 1): the exponential
// step min(Max, Base·2^(n-1)), of which a random half is kept ("equal jitter"), so
// gateways restarted together do not reconnect in lockstep and no wait is near zero.
// randN(k) returns a number in [0, k).
func (b backoff) delay(n int, randN func(int64) int64) time.Duration {
	step := b.Max
	if n >= 1 && n < 62 {
		if s := b.Base << (n - 1); s > 0 && s < b.Max && s>>(n-1) == b.Base {
			step = s
		}
	}
	half := step / 2
	return half + time.Duration(randN(int64(step-half)+1))
}

// loader is the background start-up retry.
type loader struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// install makes svc the served Service, unless the gateway is stopping (then it closes
// svc). It reports whether svc was installed.
func (g *Gateway) install(svc *gateway.Service, closeSvc func()) bool {
	g.srcMu.Lock()
	defer g.srcMu.Unlock()
	if g.srcClosed {
		closeSvc()
		return false
	}
	g.closeSvc = closeSvc
	if g.Metrics != nil {
		g.Metrics.SetPool(svc.DB.DB)
	}
	g.Live.Swap(svc)
	return true
}

// closeSource stops the background loader (if any) and closes the database pool.
func (g *Gateway) closeSource() {
	if l := g.loader; l != nil {
		l.cancel()
		<-l.done
	}
	g.srcMu.Lock()
	defer g.srcMu.Unlock()
	g.srcClosed = true
	if g.closeSvc != nil {
		g.closeSvc()
		g.closeSvc = nil
	}
}

// keepLoading retries load until it succeeds or ctx ends; first is the error of the
// attempt Start made.
func (g *Gateway) keepLoading(ctx context.Context, log *slog.Logger, reg *metrics.Registry, gens cache.Generations, first error) {
	ctx, cancel := context.WithCancel(ctx)
	l := &loader{cancel: cancel, done: make(chan struct{})}
	g.loader = l
	policy := startRetry
	go func() {
		defer close(l.done)
		err := first
		for n := 1; ; n++ {
			wait := policy.delay(n, rand.Int64N)
			g.log.Warn("database unreachable; OData requests answer 503 until the schema loads",
				"attempt", n, "retry_in", wait.Round(time.Millisecond).String(), "error", err.Error())
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			svc, closeSvc, lerr := load(ctx, g.cfg, log, reg, g.adapter, gens)
			if lerr == nil {
				if g.install(svc, closeSvc) {
					g.log.Info("database reachable: schema loaded, serving", "attempts", n+1,
						"entity_sets", len(svc.Catalog.Tables))
					// -track-changes: the invalidation loop runs here, so Stop (which
					// cancels ctx and waits for this goroutine) ends it before the pool.
					if tr, ok := svc.Changes.(*changes.Tracker); ok && tr != nil {
						g.observeChangeFeed(tr)
						tr.Watch(ctx, g.cfg.ChangePoll, func(set string) { g.Live.Load().Invalidate(set) })
					}
				}
				return
			}
			if ctx.Err() != nil {
				return
			}
			err = lerr
		}
	}()
}

// consoleGuard answers 503 on the console while no schema is loaded (its pages read
// the current Service).
func (g *Gateway) consoleGuard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if g.Live.Load() == nil {
			w.Header().Set("Retry-After", "5")
			http.Error(w, "the database is unavailable: the schema is not loaded yet; try again shortly", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// errNotLoaded is what Reload answers before the first schema is loaded.
var errNotLoaded = errors.New("the schema is not loaded yet: the database has not been reachable since start-up")
