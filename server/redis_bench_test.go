package server

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/odatagw/odatagw/cache/redisgen"
	"github.com/odatagw/odatagw/cache/redisgen/redistest"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
)

// BenchmarkCacheHitRedisRatio measures what -redis-url costs a cache hit: the list
// view through the whole fiber app on a hit, with the generations in memory ("local")
// and shared through Redis ("redis"; the hit reads the local, subscription-confirmed
// copy of the generation, no Redis round trip). The two run interleaved in batches of
// 64 hits (alternating which goes first), so that both see the same machine load; it
// reports each one's ns per hit and their throughput ratio (redis/local; 1 means no
// cost, the target is ≥ 0.9). Needs ODATAGW_TEST_REDIS_URL.
func BenchmarkCacheHitRedisRatio(b *testing.B) {
	url := redistest.SharedURL(b)
	g, err := redisgen.New(redisgen.Options{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	local := hitHandler(b, gateway.Tuning{CacheTTL: time.Hour})
	shared := hitHandler(b, gateway.Tuning{CacheTTL: time.Hour, Generations: g})
	newCtx := func() *fasthttp.RequestCtx {
		var ctx fasthttp.RequestCtx
		ctx.Request.SetRequestURI(listView)
		ctx.Request.Header.SetHost("127.0.0.1:8080")
		return &ctx
	}
	lc, sc := newCtx(), newCtx()
	var tLocal, tShared time.Duration
	misses := 0
	const batch = 64
	b.ResetTimer()
	runLocal := func() time.Duration {
		start := time.Now()
		for range batch {
			lc.Response.Reset()
			local(lc)
		}
		return time.Since(start)
	}
	runShared := func() time.Duration {
		start := time.Now()
		for range batch {
			sc.Response.Reset()
			shared(sc)
			if string(sc.Response.Header.Peek("X-Cache")) != "hit" {
				misses++
			}
		}
		return time.Since(start)
	}
	for done := 0; done < b.N; done += batch {
		if done/batch%2 == 0 { // alternate which goes first
			tLocal += runLocal()
			tShared += runShared()
		} else {
			tShared += runShared()
			tLocal += runLocal()
		}
	}
	n := float64((b.N + batch - 1) / batch * batch)
	b.ReportMetric(float64(tLocal.Nanoseconds())/n, "ns/hit-local")
	b.ReportMetric(float64(tShared.Nanoseconds())/n, "ns/hit-redis")
	b.ReportMetric(float64(tLocal)/float64(tShared), "redis/local-throughput")
	b.ReportMetric(float64(misses)/n, "redis-misses/op")
}

// hitHandler is the app's handler over the demo with tune, warmed until the list view
// is a cache hit (bounded).
func hitHandler(b *testing.B, tune gateway.Tuning) fasthttp.RequestHandler {
	svc := newDemoService(b, tune)
	app := New(svc, Options{BasePath: "/odata", Log: slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Ops: Ops{Metrics: metrics.New(), MaxConcurrent: 256}})
	h := app.Handler()
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI(listView)
	ctx.Request.Header.SetHost("127.0.0.1:8080")
	for i := 0; ; i++ {
		ctx.Response.Reset()
		h(&ctx)
		if ctx.Response.StatusCode() != 200 {
			b.Fatalf("status %d: %s", ctx.Response.StatusCode(), ctx.Response.Body())
		}
		if string(ctx.Response.Header.Peek("X-Cache")) == "hit" {
			return h
		}
		if i == 2000 {
			b.Fatal("no cache hit after 2000 requests")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
