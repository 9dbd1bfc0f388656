package console

import (
	"math"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Snapshot is the state of the gateway's Prometheus counters at one moment: the same
// numbers /metrics shows, summed over their labels. The console keeps no counters of
// its own.
type Snapshot struct {
	At          time.Time
	Requests    float64 // odatagw_http_requests_total
	OData       float64 // the same for a published entity set or $metadata (entity_set != "-")
	Errors5xx   float64 // the same with status 5xx
	Errors4xx   float64
	Rows        float64 // odatagw_rows_served_total
	Bytes       float64 // odatagw_response_bytes_total
	CacheHits   float64 // odatagw_cache_lookups_total{result="hit"}
	CacheMisses float64
	CacheBytes  float64 // odatagw_cache_bytes
	InFlight    float64
	PoolInUse   float64 // odatagw_db_pool_connections{state="in_use"}
	PoolIdle    float64
	PoolMax     float64 // odatagw_db_pool_max_open
	PoolWaits   float64
	Rejected    float64
	DBErrors    map[string]float64 // kind → count
	Reloads     map[string]float64 // ok/error → count
	// Change feed (-track-changes) and Redis (-redis-url): Has* is false when the
	// gateway does not register the metric (the feature is off).
	HasChangeFeed bool
	ChangeLag     float64 // odatagw_change_feed_lag_seconds
	ChangeEvents  float64 // odatagw_change_events_read_total
	Deltas        float64 // odatagw_delta_requests_total
	HasRedis      bool
	RedisUp       float64 // odatagw_redis_up
	// Latency is the request-duration histogram merged over methods: cumulative
	// counts per upper bound (seconds), +Inf last.
	Latency []bucket
}

type bucket struct {
	le    float64
	count float64
}

// gather reads a Snapshot from g.
func gather(g prometheus.Gatherer, now time.Time) (Snapshot, error) {
	s := Snapshot{At: now, DBErrors: map[string]float64{}, Reloads: map[string]float64{}}
	fams, err := g.Gather()
	if err != nil {
		return s, err
	}
	lat := map[float64]float64{}
	for _, f := range fams {
		for _, m := range f.GetMetric() {
			v := value(m)
			switch f.GetName() {
			case "odatagw_http_requests_total":
				s.Requests += v
				if label(m, "entity_set") != "-" {
					s.OData += v
				}
				if st, _ := strconv.Atoi(label(m, "status")); st >= 500 {
					s.Errors5xx += v
				} else if st >= 400 {
					s.Errors4xx += v
				}
			case "odatagw_rows_served_total":
				s.Rows += v
			case "odatagw_response_bytes_total":
				s.Bytes += v
			case "odatagw_cache_lookups_total":
				if label(m, "result") == "hit" {
					s.CacheHits += v
				} else {
					s.CacheMisses += v
				}
			case "odatagw_cache_bytes":
				s.CacheBytes = v
			case "odatagw_http_requests_in_flight":
				s.InFlight = v
			case "odatagw_db_pool_connections":
				if label(m, "state") == "in_use" {
					s.PoolInUse = v
				} else {
					s.PoolIdle = v
				}
			case "odatagw_db_pool_max_open":
				s.PoolMax = v
			case "odatagw_db_pool_wait_total":
				s.PoolWaits = v
			case "odatagw_requests_rejected_total":
				s.Rejected += v
			case "odatagw_db_errors_total":
				s.DBErrors[label(m, "kind")] += v
			case "odatagw_schema_reloads_total":
				s.Reloads[label(m, "result")] += v
			case "odatagw_change_feed_lag_seconds":
				s.HasChangeFeed, s.ChangeLag = true, v
			case "odatagw_change_events_read_total":
				s.ChangeEvents = v
			case "odatagw_delta_requests_total":
				s.Deltas = v
			case "odatagw_redis_up":
				s.HasRedis, s.RedisUp = true, v
			case "odatagw_http_request_duration_seconds":
				h := m.GetHistogram()
				for _, b := range h.GetBucket() {
					lat[b.GetUpperBound()] += float64(b.GetCumulativeCount())
				}
				lat[math.Inf(1)] += float64(h.GetSampleCount())
			}
		}
	}
	for le, c := range lat {
		s.Latency = append(s.Latency, bucket{le, c})
	}
	sort.Slice(s.Latency, func(i, j int) bool { return s.Latency[i].le < s.Latency[j].le })
	return s, nil
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Untyped != nil:
		return m.Untyped.GetValue()
	}
	return 0
}

func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// window is what happened between two snapshots.
type window struct {
	Seconds   float64
	Requests  float64
	Errors5xx float64
	Hits      float64
	Misses    float64
	Latency   []bucket // deltas, cumulative
}

func between(old, cur Snapshot) window {
	w := window{Seconds: cur.At.Sub(old.At).Seconds(), Requests: cur.Requests - old.Requests,
		Errors5xx: cur.Errors5xx - old.Errors5xx, Hits: cur.CacheHits - old.CacheHits, Misses: cur.CacheMisses - old.CacheMisses}
	prev := map[float64]float64{}
	for _, b := range old.Latency {
		prev[b.le] = b.count
	}
	for _, b := range cur.Latency {
		w.Latency = append(w.Latency, bucket{b.le, b.count - prev[b.le]})
	}
	return w
}

// rate is requests per second, or NaN for an empty window.
func (w window) rate() float64 {
	if w.Seconds <= 0 {
		return math.NaN()
	}
	return w.Requests / w.Seconds
}

func (w window) errorRatio() float64 {
	if w.Requests <= 0 {
		return math.NaN()
	}
	return w.Errors5xx / w.Requests
}

func (w window) hitRatio() float64 {
	if w.Hits+w.Misses <= 0 {
		return math.NaN()
	}
	return w.Hits / (w.Hits + w.Misses)
}

// quantile estimates the q-quantile in seconds the way Prometheus's
// histogram_quantile does: linear within the bucket holding the rank. NaN without
// observations.
func quantile(q float64, bs []bucket) float64 {
	if len(bs) == 0 {
		return math.NaN()
	}
	total := bs[len(bs)-1].count
	if total <= 0 {
		return math.NaN()
	}
	rank := q * total
	lowerLe, lowerCount := 0.0, 0.0
	for i, b := range bs {
		if b.count >= rank {
			if math.IsInf(b.le, 1) {
				if i == 0 {
					return math.NaN()
				}
				return bs[i-1].le // beyond the last finite bound: report that bound
			}
			if b.count == lowerCount {
				return b.le
			}
			return lowerLe + (b.le-lowerLe)*(rank-lowerCount)/(b.count-lowerCount)
		}
		lowerLe, lowerCount = b.le, b.count
	}
	return math.NaN()
}

// history keeps one snapshot per interval for the last hour: a fixed-size ring.
type history struct {
	mu      sync.Mutex
	samples []Snapshot // oldest first, at most max
	max     int
}

func (h *history) add(s Snapshot) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.samples) == h.max {
		copy(h.samples, h.samples[1:])
		h.samples = h.samples[:h.max-1]
	}
	h.samples = append(h.samples, s)
}

func (h *history) all() []Snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Snapshot(nil), h.samples...)
}

// since returns the oldest sample at most d before now, or the oldest held.
func (h *history) since(now time.Time, d time.Duration) (Snapshot, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.samples {
		if now.Sub(s.At) <= d {
			return s, true
		}
	}
	if len(h.samples) > 0 {
		return h.samples[0], true
	}
	return Snapshot{}, false
}
