package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/odatagw/odatagw/console"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
	"github.com/odatagw/odatagw/odata"
)

// Ops are the operational options of the HTTP edge: health, metrics, admin reload,
// limits. The zero value serves /live and /ready (always ready), no metrics, no admin
// route and no limits beyond fiber's 4 MB body limit.
type Ops struct {
	// Metrics receives every request; nil records nothing.
	Metrics *metrics.Registry
	// MetricsRoute serves Metrics at GET /metrics on this listener (app sets it unless
	// -metrics-listen moves metrics to their own address).
	MetricsRoute bool
	// Ready reports whether the gateway can serve: the database answers and the schema
	// is loaded. GET /ready gives it 1 second. nil means always ready.
	Ready func(ctx context.Context) error
	// Reload re-reads the schema; POST /admin/reload calls it. The route exists only
	// when Reload and AdminToken are both set.
	Reload     func(ctx context.Context) error
	AdminToken string
	// MaxBodyBytes bounds request bodies (413 past it); 0 keeps fiber's 4 MB.
	MaxBodyBytes int
	// MaxBatchRequests bounds the requests of one $batch (413 past it); 0 means
	// batch.DefaultMaxRequests.
	MaxBatchRequests int
	// MaxBatchResponseBytes bounds the response bodies of one $batch together (a read
	// past it answers 500 BatchResponseTooLarge); 0 means DefaultMaxBatchResponseBytes.
	MaxBatchResponseBytes int64
	// MaxConcurrent bounds the OData requests served at once, and
	// MaxConcurrentPerPrincipal those of one principal (the authenticated caller, or
	// the client IP when anonymous); past either the answer is 429 with Retry-After.
	// A streamed response holds its slot until its last byte. 0 means unlimited.
	MaxConcurrent             int
	MaxConcurrentPerPrincipal int
	// Console, when set, serves the operator console under /console/ (it checks its
	// own access), and Requests receives every other finished request for it.
	Console  http.Handler
	Requests *console.Ring
}

// ReadyTimeout is how long GET /ready waits for the database.
const ReadyTimeout = time.Second

// opsRoutes registers the health, metrics and admin routes (outside the OData root,
// never behind OData auth) and the concurrency limiter in front of the OData routes.
func (h *handler) opsRoutes(app *fiber.App) {
	app.Get("/live", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.JSON(fiber.Map{"status": "live"})
	})
	app.Get("/ready", h.ready)
	if h.o.Metrics != nil && h.o.MetricsRoute {
		app.Get("/metrics", adaptor.HTTPHandler(h.o.Metrics.Handler()))
	}
	if h.o.Reload != nil && h.o.AdminToken != "" {
		app.Post("/admin/reload", h.adminReload)
	}
	if h.o.Console != nil {
		con := adaptor.HTTPHandler(h.o.Console)
		app.All("/console", con)
		app.All("/console/*", con)
	}
	h.lim = newLimiter(h.o.MaxConcurrent, h.o.MaxConcurrentPerPrincipal)
}

func (h *handler) ready(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	if h.o.Ready != nil {
		ctx, cancel := context.WithTimeout(context.Background(), ReadyTimeout)
		defer cancel()
		if err := h.o.Ready(ctx); err != nil {
			h.log().Warn("not ready", "request_id", c.Locals("rid"), "cause", err.Error())
			c.Set(fiber.HeaderRetryAfter, "5")
			return c.Status(http.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable"})
		}
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

// adminReload re-reads the schema. It needs the admin token as a bearer token or in
// X-Admin-Token (compared in constant time).
func (h *handler) adminReload(c *fiber.Ctx) error {
	tok := c.Get("X-Admin-Token")
	if a := c.Get(fiber.HeaderAuthorization); tok == "" && len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		tok = a[7:]
	}
	want, got := sha256.Sum256([]byte(h.o.AdminToken)), sha256.Sum256([]byte(tok))
	if tok == "" || subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="odatagw-admin"`)
		return odata.Errorf(http.StatusUnauthorized, "Unauthorized", "", "the admin token is missing or wrong")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	err := h.o.Reload(ctx)
	if h.o.Metrics != nil {
		h.o.Metrics.Reload(err == nil)
	}
	if err != nil {
		return &odata.Error{Status: http.StatusServiceUnavailable, Code: "ReloadFailed",
			Message: "the schema could not be reloaded; the previous schema is still served", Err: err}
	}
	return c.JSON(fiber.Map{"status": "reloaded"})
}

// limiter counts OData requests in flight, globally and per principal.
type limiter struct {
	max, perPrincipal int
	mu                sync.Mutex
	total             int
	by                map[string]int
	// Without a per-principal limit: the requests in flight, and their one release.
	// Each request calls its release once (the exchange's finishOnce, or a defer).
	count         atomic.Int64
	releaseGlobal func()
}

func newLimiter(max, perPrincipal int) *limiter {
	l := &limiter{max: max, perPrincipal: perPrincipal, by: map[string]int{}}
	l.releaseGlobal = func() { l.count.Add(-1) } // made once: acquire hands out the same func
	return l
}

func nop() {}

// acquire takes a slot for principal, or reports which limit refused it. Without a
// per-principal limit it only counts (principal is then ignored), without allocating.
func (l *limiter) acquire(principal string) (release func(), refused string) {
	if l.perPrincipal <= 0 {
		if l.max <= 0 {
			return nop, ""
		}
		if l.count.Add(1) > int64(l.max) {
			l.count.Add(-1)
			return nil, "global"
		}
		return l.releaseGlobal, ""
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.max > 0 && l.total >= l.max {
		return nil, "global"
	}
	if l.perPrincipal > 0 && l.by[principal] >= l.perPrincipal {
		return nil, "principal"
	}
	l.total++
	l.by[principal]++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			l.total--
			if l.by[principal]--; l.by[principal] <= 0 {
				delete(l.by, principal)
			}
			l.mu.Unlock()
		})
	}, ""
}

// limit is the concurrency middleware of the OData routes. It must run after
// authentication so the per-principal limit sees the principal.
func (h *handler) limit(c *fiber.Ctx) error {
	var key string
	if h.lim.perPrincipal > 0 { // the key is needed only for the per-principal limit
		if key = principal(c); key == "" {
			key = "ip:" + c.IP()
		}
	}
	release, refused := h.lim.acquire(key)
	if refused != "" {
		if h.o.Metrics != nil {
			h.o.Metrics.Rejected(refused)
		}
		c.Set(fiber.HeaderRetryAfter, "1")
		what := "the gateway is serving as many requests as it allows"
		if refused == "principal" {
			what = "you have as many requests in flight as allowed"
		}
		return odata.Errorf(http.StatusTooManyRequests, "TooManyRequests", "", "%s; try again shortly", what)
	}
	if ex := exchangeOf(c); ex != nil {
		ex.release = release
		ex.limited = true
		if h.o.Metrics != nil {
			h.o.Metrics.InFlight(1)
		}
	} else {
		defer release()
	}
	return c.Next()
}

// exchange is what the access log and metrics need of one request. It holds copies,
// never fiber buffers, so a stream writer can finish it after the handler returned.
type exchange struct {
	start     time.Time
	rid       string
	method    string
	path      string
	status    int
	set       string
	principal string
	cache     string
	errCode   string
	timings   gateway.Timings
	rows      int64
	query     string // raw query string, copied only for the console's ring
	streaming bool
	// pending counts what a streamed request waits for before finish: the handler's
	// return (end, after capture) and the stream's last byte (StreamDone's function).
	// The writer runs on its own goroutine and may end first; whichever comes second
	// finishes, and the atomic count orders the other's writes before finish's reads.
	pending     atomic.Int32
	streamBytes int64
	limited     bool
	release     func()
	finishOnce  sync.Once
}

const exchangeKey = "odatagw.exchange"

func exchangeOf(c *fiber.Ctx) *exchange {
	ex, _ := c.Locals(exchangeKey).(*exchange)
	return ex
}

// begin starts observing a request.
func (h *handler) begin(c *fiber.Ctx, rid string, start time.Time) *exchange {
	ex := &exchange{start: start, rid: rid, method: methodName(c.Method()),
		path: string(c.Request().URI().PathOriginal())}
	c.Locals(exchangeKey, ex)
	return ex
}

// noteResponse records what a successful read returned.
func noteResponse(c *fiber.Ctx, res *gateway.Response) {
	if ex := exchangeOf(c); ex != nil {
		ex.timings, ex.rows = res.Timings, res.Rows
	}
}

// noteError records the OData error code of a failed request.
func noteError(c *fiber.Ctx, err error) {
	if ex := exchangeOf(c); ex != nil {
		if e, ok := odata.AsError(err); ok {
			ex.errCode = e.Code
		}
	}
}

// end closes a non-streamed request at send; a streamed one is closed by the function
// StreamDone returned.
func (h *handler) end(c *fiber.Ctx, ex *exchange) {
	h.capture(c, ex)
	if ex.streaming {
		if ex.pending.Add(-1) == 0 {
			h.finish(ex, ex.streamBytes)
		}
		return
	}
	h.finish(ex, int64(len(c.Response().Body())))
}

// capture copies what is known at the handler's return out of c.
func (h *handler) capture(c *fiber.Ctx, ex *exchange) {
	ex.status = c.Response().StatusCode()
	ex.principal = principal(c)
	ex.cache = cacheName(c.Response().Header.Peek("X-Cache"))
	ex.set = h.entitySet(ex.path)
	if h.o.Requests != nil {
		ex.query = string(c.Request().URI().QueryString())
	}
}

// StreamDone marks c's response as streamed and returns the function the stream
// writer must call exactly once, after its last byte (or when it stops on an error),
// with the body bytes and rows written. Until then the request stays in flight: its
// concurrency slot is held, and its access-log line and metrics (duration to the last
// byte, bytes, rows) wait. Call StreamDone in the handler, before it returns; the
// returned function does not touch c.
func StreamDone(c *fiber.Ctx) func(bytes, rows int64) {
	ex := exchangeOf(c)
	if ex == nil {
		return func(int64, int64) {}
	}
	ex.streaming = true
	ex.pending.Store(2)
	h, _ := c.Locals(handlerKey).(*handler)
	return func(bytes, rows int64) {
		if rows > 0 {
			ex.rows = rows
		}
		ex.streamBytes = bytes
		if ex.pending.Add(-1) != 0 {
			return // the handler has not returned yet: end finishes
		}
		if h != nil {
			h.finish(ex, bytes)
		} else if ex.release != nil {
			ex.release()
		}
	}
}

const handlerKey = "odatagw.handler"

// finish releases the request's slot, records its metrics and writes its one
// access-log line.
func (h *handler) finish(ex *exchange, bytes int64) {
	ex.finishOnce.Do(func() {
		d := time.Since(ex.start)
		if ex.release != nil {
			ex.release()
		}
		if m := h.o.Metrics; m != nil {
			if ex.limited {
				m.InFlight(-1)
			}
			if kind := dbErrorKind(ex.errCode); kind != "" {
				m.DBError(kind)
			}
			m.ObserveRequest(metrics.Request{EntitySet: ex.set, Method: ex.method, Status: ex.status,
				Duration: d, Bytes: bytes, Rows: ex.rows,
				Parse: ex.timings.Parse, Plan: ex.timings.Plan, DB: ex.timings.DB, Encode: ex.timings.Encode})
		}
		if r := h.o.Requests; r != nil && !strings.HasPrefix(ex.path, "/console") && !probe(ex.path) {
			r.Add(console.Entry{Time: ex.start, Method: ex.method, Path: ex.path, Query: ex.query, Status: ex.status,
				Duration: d, Rows: ex.rows, Bytes: bytes, Cache: ex.cache, EntitySet: ex.set,
				Parse: ex.timings.Parse, Plan: ex.timings.Plan, DB: ex.timings.DB, Encode: ex.timings.Encode})
		}
		level := slog.LevelInfo
		switch {
		case ex.status >= 500:
			level = slog.LevelError
		case probe(ex.path):
			level = slog.LevelDebug
		}
		log := h.log()
		if !log.Enabled(context.Background(), level) {
			return
		}
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		attrs := []slog.Attr{
			slog.String("request_id", ex.rid),
			slog.String("method", ex.method),
			slog.String("path", ex.path),
			slog.Int("status", ex.status),
			slog.Int64("bytes", bytes),
			slog.Int64("rows", ex.rows),
			slog.Float64("ms", ms(d)),
		}
		if ex.set != "" {
			attrs = append(attrs, slog.String("entity_set", ex.set))
		}
		if ex.principal != "" {
			attrs = append(attrs, slog.String("principal", ex.principal))
		}
		if ex.cache != "" {
			attrs = append(attrs, slog.String("cache", ex.cache))
		}
		if t := ex.timings; t != (gateway.Timings{}) {
			attrs = append(attrs, slog.Group("stages_ms", "parse", ms(t.Parse), "plan", ms(t.Plan), "db", ms(t.DB), "encode", ms(t.Encode)))
		}
		if ex.streaming {
			attrs = append(attrs, slog.Bool("streamed", true))
		}
		log.LogAttrs(context.Background(), level, "request", attrs...)
	})
}

// probe reports the health and metrics paths scrapers call all day.
func probe(path string) bool { return path == "/live" || path == "/ready" || path == "/metrics" }

// dbErrorKind maps the gateway's database error codes to the db_errors_total kinds.
func dbErrorKind(code string) string {
	switch code {
	case "QueryTimeout":
		return "timeout"
	case "DatabaseUnavailable":
		return "unavailable"
	case "DatabaseBusy":
		return "busy"
	case "DatabaseError":
		return "other"
	}
	return ""
}

// entitySet names the published entity set a request path addresses, "$metadata",
// or "" — never unvalidated client text, so metric labels stay bounded.
func (h *handler) entitySet(path string) string {
	rest, ok := strings.CutPrefix(path, h.o.BasePath+"/")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "(/?"); i >= 0 {
		rest = rest[:i]
	}
	if rest == "$metadata" {
		return rest
	}
	if known, ok := h.svc.(interface{ HasEntitySet(string) bool }); ok && rest != "" && known.HasEntitySet(rest) {
		return rest
	}
	return ""
}

// methodName is m, a fiber string aliasing a reused buffer, as a string of its own:
// a constant for the methods the routes serve, a copy otherwise.
func methodName(m string) string {
	switch m {
	case fiber.MethodGet:
		return fiber.MethodGet
	case fiber.MethodHead:
		return fiber.MethodHead
	case fiber.MethodPost:
		return fiber.MethodPost
	case fiber.MethodPatch:
		return fiber.MethodPatch
	case fiber.MethodPut:
		return fiber.MethodPut
	case fiber.MethodDelete:
		return fiber.MethodDelete
	case methodMerge:
		return methodMerge
	}
	return strings.Clone(m)
}

// cacheName is the X-Cache header's value as a string, without a copy for the usual
// values.
func cacheName(v []byte) string {
	switch string(v) { // no allocation: the conversion is only compared
	case "":
		return ""
	case "hit":
		return "hit"
	case "miss":
		return "miss"
	}
	return string(v)
}
