package console

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ---- Overview ----

type health struct {
	Name, State, Value, Detail string
}

type overviewData struct {
	Version, Driver, ServerVersion string
	Started, SchemaLoaded          time.Time
	Sets, Hidden                   int
	MetricsOff                     bool
	Health                         []health
	Now                            Snapshot
	// Windows: rate over the last minute, the rest over the last five.
	Rate, ErrRatio, HitRatio, P50, P99 float64
	HitRatioAll                        float64
	DBErrors                           float64
	Charts                             []chart
	Root                               string
	Window                             string
	RedisAddr                          string
}

func (c *Console) overview(w http.ResponseWriter, r *http.Request, who string) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	svc := c.o.Live.Load()
	d := overviewData{Version: c.o.Version, Driver: c.o.Driver, Started: c.started, SchemaLoaded: c.schemaTime(),
		Sets: len(svc.Catalog.Tables), Hidden: len(svc.Catalog.Hidden), MetricsOff: c.o.Metrics == nil, Root: c.o.BasePath + "/", RedisAddr: c.o.RedisAddr}
	if c.o.PublicURL != "" {
		d.Root = c.o.PublicURL
	}
	if d.Version == "" {
		d.Version = "(devel)"
	}
	d.ServerVersion = c.serverVersion(ctx)
	d.Health = append(d.Health, c.dbHealth(ctx))
	var snap Snapshot
	var snapErr error = errNoMetrics
	if c.o.Metrics != nil {
		snap, snapErr = gather(c.o.Metrics.Gatherer(), time.Now())
	}
	for _, name := range knownFeatures {
		if h, ok := c.counterFeature(name, snap, snapErr); ok {
			d.Health = append(d.Health, h)
			continue
		}
		d.Health = append(d.Health, c.feature(ctx, name))
	}
	for _, f := range c.o.Features {
		if !contains(knownFeatures, f.Name) {
			d.Health = append(d.Health, c.feature(ctx, f.Name))
		}
	}
	if c.o.Metrics != nil {
		now := snap.At
		cur, err := snap, snapErr
		if err == nil {
			d.Now = cur
			start := Snapshot{At: c.started, DBErrors: map[string]float64{}}
			minute, ok1 := c.hist.since(now, time.Minute+SampleInterval/2)
			five, ok5 := c.hist.since(now, 5*time.Minute+SampleInterval/2)
			if !ok1 {
				minute = start
			}
			if !ok5 {
				five = start
			}
			d.Window = "last " + fmtAgo(five.At)
			if five.At.Equal(minute.At) || now.Sub(five.At) < 2*time.Second {
				five = start // too short a window: since start
				d.Window = "since start"
			}
			if now.Sub(minute.At) < 2*time.Second {
				minute = start
			}
			w1, w5 := between(minute, cur), between(five, cur)
			all := between(start, cur)
			d.Rate, d.ErrRatio, d.HitRatio = w1.rate(), w5.errorRatio(), w5.hitRatio()
			d.P50, d.P99 = quantile(0.5, w5.Latency), quantile(0.99, w5.Latency)
			d.HitRatioAll = all.hitRatio()
			for _, v := range cur.DBErrors {
				d.DBErrors += v
			}
			samples := append(c.hist.all(), cur)
			span := now.Sub(samples[0].At).Round(time.Minute)
			span = min(max(span, 5*time.Minute), time.Hour)
			d.Charts = []chart{
				drawChart("Requests per second", seriesOf(samples, window.rate), now, span, fmtRate, 1),
				drawChart("p99 latency", seriesOf(samples, func(w window) float64 { return quantile(0.99, w.Latency) }), now, span, fmtMs, 0.01),
				drawChart("Server errors (5xx)", seriesOf(samples, window.errorRatio), now, span, fmtPct, 0.05),
				drawChart("Cache hit ratio", seriesOf(samples, window.hitRatio), now, span, fmtPct, 1),
			}
			if cur.HasChangeFeed {
				d.Charts = append(d.Charts, drawChart("Change-feed lag", gaugeOf(samples, func(s Snapshot) float64 {
					if !s.HasChangeFeed {
						return math.NaN()
					}
					return s.ChangeLag
				}), now, span, fmtSeconds, 10))
			}
			if cur.HasRedis {
				d.Charts = append(d.Charts, drawChart("Redis up", gaugeOf(samples, func(s Snapshot) float64 {
					if !s.HasRedis {
						return math.NaN()
					}
					return s.RedisUp
				}), now, span, fmtUp, 1))
			}
		} else {
			d.MetricsOff = true
		}
	}
	c.render(w, r, http.StatusOK, "overview", "Overview", d, who)
}

// serverVersion asks the database for its version at most once a minute.
func (c *Console) serverVersion(ctx context.Context) string {
	if c.o.ServerVersion == nil {
		return "version not reported by the adapter"
	}
	c.verMu.Lock()
	defer c.verMu.Unlock()
	if c.ver != "" && time.Since(c.verAt) < time.Minute {
		return c.ver
	}
	v, err := c.o.ServerVersion(ctx)
	if err != nil || v == "" {
		return "version unknown (the database did not answer)"
	}
	c.ver, c.verAt = v, time.Now()
	return v
}

func (c *Console) dbHealth(ctx context.Context) health {
	h := health{Name: "Database", State: "ok", Value: "answers"}
	if c.o.Ready == nil {
		h.Value = "not checked"
		h.State = "off"
		return h
	}
	start := time.Now()
	if err := c.o.Ready(ctx); err != nil {
		// The error text may name the host; the log has it, the page does not.
		c.o.Log.Warn("console: readiness check failed", "error", err.Error())
		return health{Name: "Database", State: "bad", Value: "not ready", Detail: "the database did not answer a ping within 2 s; /ready answers 503 and the gateway's log says why"}
	}
	h.Value = "answers in " + fmtMs(time.Since(start).Seconds())
	return h
}

var errNoMetrics = errors.New("metrics off")

// counterFeature is a known feature's line read from the /metrics counters, when the
// gateway registers them (tracking on, Redis configured) and no Feature overrides it.
func (c *Console) counterFeature(name string, s Snapshot, err error) (health, bool) {
	if err != nil {
		return health{}, false
	}
	for _, f := range c.o.Features {
		if f.Name == name && f.Status != nil {
			return health{}, false
		}
	}
	switch name {
	case "Change feed":
		return changeFeedHealth(s)
	case "Redis":
		return redisHealth(s, c.o.RedisAddr)
	}
	return health{}, false
}

func (c *Console) feature(ctx context.Context, name string) health {
	for _, f := range c.o.Features {
		if f.Name == name && f.Status != nil {
			st := f.Status(ctx)
			return health{Name: name, State: st.State, Value: st.Value, Detail: st.Detail}
		}
	}
	return health{Name: name, State: "off", Value: "not configured"}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type requestView struct {
	Time                    time.Time
	Method, URL, Set, Cache string
	Status                  int
	Ms                      float64
	Rows                    int64
	Parse, Plan, DB, Encode float64
	HasStages               bool
}

type requestsData struct {
	Requests    []requestView
	Total       int
	Slow        []SlowQuery
	SlowOff     bool
	SlowAt      string
	Sets        []string
	Set, Status string
	Statuses    []string
	RingSize    int
}

func (c *Console) requests(w http.ResponseWriter, r *http.Request, who string) {
	cat := c.o.Live.Load().Catalog
	q := r.URL.Query()
	d := requestsData{Set: q.Get("set"), Status: q.Get("status"), Statuses: []string{"2xx", "3xx", "4xx", "5xx"},
		RingSize: len(c.ring.slots), SlowOff: c.o.SlowQuery <= 0, SlowAt: c.o.SlowQuery.String()}
	for _, t := range cat.Tables {
		d.Sets = append(d.Sets, t.SetName)
	}
	if d.Set != "" && cat.Set(d.Set) == nil && d.Set != "$metadata" {
		d.Set = ""
	}
	if !contains(d.Statuses, d.Status) {
		d.Status = ""
	}
	all := c.ring.Recent()
	d.Total = len(all)
	for _, e := range all {
		if d.Set != "" && e.EntitySet != d.Set || d.Status != "" && strconv.Itoa(e.Status/100)+"xx" != d.Status {
			continue
		}
		rv := requestView{Time: e.Time, Method: e.Method, URL: MaskURL(e.Path, e.Query), Set: e.EntitySet, Cache: e.Cache,
			Status: e.Status, Ms: e.Duration.Seconds(), Rows: e.Rows,
			Parse: e.Parse.Seconds(), Plan: e.Plan.Seconds(), DB: e.DB.Seconds(), Encode: e.Encode.Seconds()}
		rv.HasStages = e.Parse+e.Plan+e.DB+e.Encode > 0
		d.Requests = append(d.Requests, rv)
	}
	var table string
	if d.Set != "" {
		if t := cat.Set(d.Set); t != nil {
			table = t.Name
		}
	}
	for _, s := range c.slow.recent() {
		if table != "" && !mentions(s.SQL, table) || d.Status == "5xx" && !s.Failed {
			continue
		}
		d.Slow = append(d.Slow, s)
	}
	c.render(w, r, http.StatusOK, "requests", "Requests", d, who)
}

// mentions reports whether SQL names table as a quoted or bare identifier.
func mentions(sql, table string) bool {
	for _, q := range []string{`"` + table + `"`, "`" + table + "`", "[" + table + "]", " " + table + " "} {
		if strings.Contains(sql, q) {
			return true
		}
	}
	return false
}

// ---- Salesforce ----

type actionsData struct {
	CanReload bool
	Last      *reloadResult
	Sets      int
}

func (c *Console) actions(w http.ResponseWriter, r *http.Request, who string) {
	d := actionsData{CanReload: c.o.Reload != nil, Last: c.lastReload.Load(), Sets: len(c.o.Live.Load().Catalog.Tables)}
	c.render(w, r, http.StatusOK, "actions", "Actions", d, who)
}

func (c *Console) reload(w http.ResponseWriter, r *http.Request, who string) {
	if c.o.Reload == nil {
		c.render(w, r, http.StatusNotFound, "message", "Actions", message{Title: "Reload is not available", Back: Prefix + "actions"}, who)
		return
	}
	was := len(c.o.Live.Load().Catalog.Tables)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	err := c.o.Reload(ctx)
	if c.o.Metrics != nil {
		c.o.Metrics.Reload(err == nil)
	}
	res := &reloadResult{At: time.Now(), OK: err == nil, Was: was, Sets: len(c.o.Live.Load().Catalog.Tables), Duration: time.Since(start)}
	c.lastReload.Store(res)
	if err == nil {
		c.noteSchema(res.At)
	} else {
		c.o.Log.Error("console: schema reload failed", "error", err.Error())
	}
	// Post/redirect/get: a browser refresh must not reload again.
	http.Redirect(w, r, Prefix+"actions", http.StatusSeeOther)
}
