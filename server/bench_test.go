package server

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/odatagw/odatagw/console"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
)

// BenchmarkCachedListView runs the Salesforce list-view request through the whole
// fiber app (middleware, auth off, limiter, metrics, access log at info discarded) on a
// cache hit, without a network: what the gateway adds over a fixed-bytes handler.
func BenchmarkCachedListView(b *testing.B) {
	benchCachedListView(b, Ops{Metrics: metrics.New(), MaxConcurrent: 256})
}

// BenchmarkCachedListViewConsoleRing is the same with the operator console's request
// ring recording every request (as app wires it): compare with BenchmarkCachedListView.
func BenchmarkCachedListViewConsoleRing(b *testing.B) {
	benchCachedListView(b, Ops{Metrics: metrics.New(), MaxConcurrent: 256, Requests: console.NewRing(0)})
}

func benchCachedListView(b *testing.B, ops Ops) {
	svc := newDemoService(b, gateway.Tuning{CacheTTL: time.Hour})
	app := New(svc, Options{BasePath: "/odata", Log: slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})), // as bench/load.sh runs it
		Ops: ops})
	h := app.Handler()
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI(listView)
	ctx.Request.Header.SetHost("127.0.0.1:8080")
	// Warm the cache: its Set is asynchronous, so wait (bounded) for the first hit.
	for i := 0; ; i++ {
		ctx.Response.Reset()
		h(&ctx)
		if ctx.Response.StatusCode() != 200 {
			b.Fatalf("status %d: %s", ctx.Response.StatusCode(), ctx.Response.Body())
		}
		if string(ctx.Response.Header.Peek("X-Cache")) == "hit" {
			break
		}
		if i == 100 {
			b.Fatal("no cache hit after 100 requests")
		}
		time.Sleep(time.Millisecond)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ctx.Response.Reset()
		h(&ctx)
	}
	if got := string(ctx.Response.Header.Peek("X-Cache")); got != "hit" {
		b.Fatalf("X-Cache %q", got)
	}
}
