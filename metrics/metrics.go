// Package metrics owns odatagw's Prometheus metrics: one Registry per gateway with the
// request, stage, row, byte, cache, database-error and pool collectors, and the
// handler that serves them in the Prometheus text format. It knows nothing of HTTP
// frameworks, OData or SQL: server reports requests into it, gateway's cache decorator
// reports cache events (it implements gateway.Metrics structurally), and app registers
// the pool. Label values must be bounded: entity-set names that exist, methods, status
// codes, fixed kinds — never raw client input.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const ns = "odatagw"

// Registry holds a gateway's metrics.
type Registry struct {
	reg *prometheus.Registry

	requests   *prometheus.CounterVec   // entity_set, method, status
	duration   *prometheus.HistogramVec // method: to the last byte
	stages     *prometheus.HistogramVec // stage
	rows       *prometheus.CounterVec   // entity_set
	bytes      *prometheus.CounterVec   // entity_set
	inFlight   prometheus.Gauge
	rejected   *prometheus.CounterVec // reason
	dbErrors   *prometheus.CounterVec // kind
	cacheLooks *prometheus.CounterVec // result
	cacheEvict prometheus.Counter
	cacheEvB   prometheus.Counter
	cacheBytes prometheus.Gauge
	reloads    *prometheus.CounterVec // result
	pool       atomic.Pointer[sql.DB]

	// Resolved series of the per-request path: a label lookup hashes every label
	// value, a sync.Map load of a small key does not. Label values are bounded (see the
	// package comment), so are these maps.
	series    sync.Map // reqKey → *reqSeries
	bytesBy   sync.Map // entity set → prometheus.Counter
	rowsBy    sync.Map // entity set → prometheus.Counter
	stageObs  [4]prometheus.Observer
	cacheHit  prometheus.Counter
	cacheMiss prometheus.Counter
}

type reqKey struct {
	set, method string
	status      int
}

type reqSeries struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// New returns a Registry with every odatagw metric plus the Go runtime and process
// collectors.
func New() *Registry {
	r := &Registry{reg: prometheus.NewRegistry()}
	f := func(c prometheus.Collector) { r.reg.MustRegister(c) }
	r.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "http_requests_total",
		Help: "HTTP requests answered, by entity set (\"-\" outside the OData service or for unknown names), method and status."},
		[]string{"entity_set", "method", "status"})
	r.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "http_request_duration_seconds",
		Help:    "Time from the request's arrival to its last response byte (streamed bodies included), by method.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120}},
		[]string{"method"})
	r.stages = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "stage_duration_seconds",
		Help:    "Time spent per pipeline stage of successful reads: parse, plan, db, encode.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
		[]string{"stage"})
	r.rows = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "rows_served_total",
		Help: "Entities (or values) written to clients, by entity set."}, []string{"entity_set"})
	r.bytes = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "response_bytes_total",
		Help: "Response body bytes sent, by entity set."}, []string{"entity_set"})
	r.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "http_requests_in_flight",
		Help: "OData requests being served (streams until their last byte)."})
	r.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "requests_rejected_total",
		Help: "Requests refused by a concurrency limit (429), by reason: global or principal."}, []string{"reason"})
	r.dbErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "db_errors_total",
		Help: "Failed database calls by kind: timeout (504), unavailable (503), busy (no connection in time, 503), other (500)."},
		[]string{"kind"})
	r.cacheLooks = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "cache_lookups_total",
		Help: "Response-cache lookups by result: hit or miss."}, []string{"result"})
	r.cacheEvict = prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "cache_evictions_total",
		Help: "Entries that left the response cache (eviction, expiry, invalidation)."})
	r.cacheEvB = prometheus.NewCounter(prometheus.CounterOpts{Namespace: ns, Name: "cache_evicted_bytes_total",
		Help: "Bytes of the entries that left the response cache."})
	r.cacheBytes = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: ns, Name: "cache_bytes",
		Help: "Bytes held by the response cache."})
	r.reloads = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "schema_reloads_total",
		Help: "Schema reloads (SIGHUP, POST /admin/reload) by result: ok or error."}, []string{"result"})
	for _, c := range []prometheus.Collector{r.requests, r.duration, r.stages, r.rows, r.bytes, r.inFlight, r.rejected,
		r.dbErrors, r.cacheLooks, r.cacheEvict, r.cacheEvB, r.cacheBytes, r.reloads, poolCollector{r}} {
		f(c)
	}
	for _, kind := range []string{"timeout", "unavailable", "busy", "other"} {
		r.dbErrors.WithLabelValues(kind) // present at 0 from the start
	}
	r.cacheHit, r.cacheMiss = r.cacheLooks.WithLabelValues("hit"), r.cacheLooks.WithLabelValues("miss")
	for i, stage := range []string{"parse", "plan", "db", "encode"} {
		r.stageObs[i] = r.stages.WithLabelValues(stage)
	}
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Handler serves the metrics in the Prometheus text (or OpenMetrics) format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{})
}

// Gatherer exposes the registry, for tests and custom exposition.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// Request is one finished HTTP request.
type Request struct {
	EntitySet string // a published entity-set name, or "" (recorded as "-")
	Method    string
	Status    int
	Duration  time.Duration // to the last byte
	Bytes     int64
	Rows      int64
	// Stages are parse, plan, db, encode of a successful read (all zero otherwise).
	Parse, Plan, DB, Encode time.Duration
}

// ObserveRequest records one finished request.
func (r *Registry) ObserveRequest(q Request) {
	set := q.EntitySet
	if set == "" {
		set = "-"
	}
	rs := r.requestSeries(reqKey{set, q.Method, q.Status})
	rs.requests.Inc()
	rs.duration.Observe(q.Duration.Seconds())
	if q.Bytes > 0 {
		r.setCounter(&r.bytesBy, r.bytes, set).Add(float64(q.Bytes))
	}
	if q.Rows > 0 {
		r.setCounter(&r.rowsBy, r.rows, set).Add(float64(q.Rows))
	}
	if q.Parse+q.Plan+q.DB+q.Encode > 0 {
		r.stageObs[0].Observe(q.Parse.Seconds())
		r.stageObs[1].Observe(q.Plan.Seconds())
		r.stageObs[2].Observe(q.DB.Seconds())
		r.stageObs[3].Observe(q.Encode.Seconds())
	}
}

// requestSeries is the resolved request counter and duration histogram of k.
func (r *Registry) requestSeries(k reqKey) *reqSeries {
	if v, ok := r.series.Load(k); ok {
		return v.(*reqSeries)
	}
	rs := &reqSeries{requests: r.requests.WithLabelValues(k.set, k.method, strconv.Itoa(k.status)),
		duration: r.duration.WithLabelValues(k.method)}
	v, _ := r.series.LoadOrStore(k, rs)
	return v.(*reqSeries)
}

// setCounter is vec's series for the entity set, resolved once (and created only
// when first needed, as WithLabelValues would).
func (r *Registry) setCounter(m *sync.Map, vec *prometheus.CounterVec, set string) prometheus.Counter {
	if v, ok := m.Load(set); ok {
		return v.(prometheus.Counter)
	}
	v, _ := m.LoadOrStore(set, vec.WithLabelValues(set))
	return v.(prometheus.Counter)
}

// InFlight adds delta to the in-flight gauge.
func (r *Registry) InFlight(delta int) { r.inFlight.Add(float64(delta)) }

// Rejected counts a request refused by a concurrency limit ("global" or "principal").
func (r *Registry) Rejected(reason string) { r.rejected.WithLabelValues(reason).Inc() }

// DBError counts a failed database call: "timeout", "unavailable", "busy" or "other".
func (r *Registry) DBError(kind string) { r.dbErrors.WithLabelValues(kind).Inc() }

// Reload counts a schema reload.
func (r *Registry) Reload(ok bool) {
	res := "ok"
	if !ok {
		res = "error"
	}
	r.reloads.WithLabelValues(res).Inc()
}

// CacheLookup implements gateway.Metrics. The set is not a label: hit ratios per set
// are rarely worth the series.
func (r *Registry) CacheLookup(set string, hit bool) {
	if hit {
		r.cacheHit.Inc()
	} else {
		r.cacheMiss.Inc()
	}
}

// CacheEvicted implements gateway.Metrics.
func (r *Registry) CacheEvicted(n int, bytes int64) {
	r.cacheEvict.Add(float64(n))
	r.cacheEvB.Add(float64(bytes))
}

// CacheBytes implements gateway.Metrics.
func (r *Registry) CacheBytes(bytes int64) { r.cacheBytes.Set(float64(bytes)) }

// LogLinesDropped exposes odatagw_log_lines_dropped_total, read from dropped at each
// scrape: log lines the asynchronous log buffer dropped because it was full.
func (r *Registry) LogLinesDropped(dropped func() uint64) {
	r.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: ns, Name: "log_lines_dropped_total",
		Help: "Log lines (access log included) dropped because the log buffer was full: the log sink could not keep up."},
		func() float64 { return float64(dropped()) }))
}

// SetPool makes the pool collector read db's statistics at each scrape.
func (r *Registry) SetPool(db *sql.DB) { r.pool.Store(db) }

// poolCollector reads sql.DBStats at scrape time.
type poolCollector struct{ r *Registry }

var (
	poolOpen = prometheus.NewDesc(ns+"_db_pool_connections", "Open database connections by state (in_use, idle).", []string{"state"}, nil)
	poolMax  = prometheus.NewDesc(ns+"_db_pool_max_open", "Most open database connections allowed (0: unlimited).", nil, nil)
	poolWait = prometheus.NewDesc(ns+"_db_pool_wait_total", "Times a query waited for a free connection.", nil, nil)
	poolWDur = prometheus.NewDesc(ns+"_db_pool_wait_seconds_total", "Total time spent waiting for a free connection.", nil, nil)
	poolClsd = prometheus.NewDesc(ns+"_db_pool_closed_total", "Connections closed, by reason (max_idle, max_idle_time, max_lifetime).", []string{"reason"}, nil)
)

func (p poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolOpen
	ch <- poolMax
	ch <- poolWait
	ch <- poolWDur
	ch <- poolClsd
}

func (p poolCollector) Collect(ch chan<- prometheus.Metric) {
	db := p.r.pool.Load()
	if db == nil {
		return
	}
	s := db.Stats()
	ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.InUse), "in_use")
	ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.Idle), "idle")
	ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(s.MaxOpenConnections))
	ch <- prometheus.MustNewConstMetric(poolWait, prometheus.CounterValue, float64(s.WaitCount))
	ch <- prometheus.MustNewConstMetric(poolWDur, prometheus.CounterValue, s.WaitDuration.Seconds())
	ch <- prometheus.MustNewConstMetric(poolClsd, prometheus.CounterValue, float64(s.MaxIdleClosed), "max_idle")
	ch <- prometheus.MustNewConstMetric(poolClsd, prometheus.CounterValue, float64(s.MaxIdleTimeClosed), "max_idle_time")
	ch <- prometheus.MustNewConstMetric(poolClsd, prometheus.CounterValue, float64(s.MaxLifetimeClosed), "max_lifetime")
}

// RedisUp registers odatagw_redis_up, read at scrape time from up (only gateways
// started with -redis-url have it).
func (r *Registry) RedisUp(up func() bool) {
	r.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "redis_up",
		Help: "1 while the Redis subscription that shares cache generations between replicas is healthy, else 0 (cached pages are then not served)."},
		func() float64 {
			if up() {
				return 1
			}
			return 0
		}))
}
