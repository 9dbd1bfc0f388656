// Package console is the operator console at <host>/console/: what the gateway
// serves (entity sets, hidden tables), how it is doing (the /metrics counters, the
// last requests, slow queries) and how to connect Salesforce (settings, a checklist,
// the Metadata API package), plus a schema reload.
//
// It is a consumer: it reads the live service's catalog and model, the metrics
// registry and the salesforce generator, and keeps only a bounded request ring, a
// bounded slow-query list and an hour of bounded counter samples in memory. It never
// shows a secret, a row value or a bound argument: URLs are masked when rendered
// (mask.go) and the slow-query list holds SQL text only. It must not import server or
// app, and nothing but server (which records requests and mounts it) and app (which
// builds it) imports it. Pages are server-rendered html/template with embedded CSS,
// no script, under a strict Content-Security-Policy.
package console

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
	"github.com/odatagw/odatagw/salesforce"
)

// Prefix is where the console lives, outside the OData root.
const Prefix = "/console/"

// Options configure the console. Live is required; the rest may be zero.
type Options struct {
	Live    *gateway.Live
	Metrics *metrics.Registry // nil: the overview says metrics are off (-metrics-listen off)
	// Open serves the console without a token: app sets it only when the gateway
	// listens on loopback with no authentication and no admin token (the demo).
	Open bool
	// AdminToken unlocks the console (login form or bearer header) when not Open.
	AdminToken string
	TLS        bool // the listener is HTTPS: the session cookie is Secure

	Version       string // the gateway's build version
	Driver        string
	ServerVersion func(ctx context.Context) (string, error) // optional; must not reveal hosts or credentials
	Ready         func(ctx context.Context) error           // the /ready check
	Reload        func(ctx context.Context) error           // the schema reload (nil: no action)

	BasePath     string // the OData root, "/odata"
	PublicURL    string // -public-url, "" when not set
	MaxPageSize  int64
	MaxPageBytes int64
	SlowQuery    time.Duration
	// Salesforce is the External Data Source the `salesforce` command would describe
	// for this configuration; the console fills in the URL.
	Salesforce salesforce.Settings

	// Features are optional subsystems shown on the overview (change feed, Redis):
	// each reports its own state. Those not listed show "not configured".
	Features []Feature
	// RedisAddr is -redis-url's host:port/db for the overview (never the URL: it may
	// carry a password); the Redis state itself comes from odatagw_redis_up.
	RedisAddr string
	Log       *slog.Logger
}

// Feature is a subsystem the overview reports on; it fills the slot of the same Name.
type Feature struct {
	Name   string // e.g. "Change feed", "Redis"
	Status func(ctx context.Context) FeatureStatus
}

// FeatureStatus is one line of the overview's health list.
type FeatureStatus struct {
	State  string // "ok", "warn", "bad" or "off"
	Value  string // e.g. "lag 2.1 s", "connected"
	Detail string
}

// knownFeatures are the slots the overview always shows.
var knownFeatures = []string{"Change feed", "Redis"}

// Console is the console's state: the rings it keeps and its HTTP handler.
type Console struct {
	o       Options
	ring    *Ring
	slow    *slowLog
	hist    history
	started time.Time
	key     []byte // per-process secret of sessions and CSRF tokens
	pages   map[string]*template.Template
	static  http.Handler
	mux     *http.ServeMux

	schemaMu     sync.Mutex
	schemaSvc    *gateway.Service
	schemaLoaded time.Time
	lastReload   atomic.Pointer[reloadResult]

	verMu sync.Mutex
	ver   string
	verAt time.Time

	stop     chan struct{}
	stopOnce sync.Once
}

type reloadResult struct {
	At       time.Time
	OK       bool
	Sets     int
	Was      int
	Duration time.Duration
}

// SampleInterval is how often the overview's charts take a sample; an hour of them
// is kept.
const SampleInterval = 10 * time.Second

const historySamples = int(time.Hour/SampleInterval) + 1

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// NewSlowLog returns the slow-query list and a logger that feeds it; give the logger
// to the gateway's Service (app.Open) and the list to New.
func NewSlowLog(log *slog.Logger) (*SlowLog, *slog.Logger) {
	l := &SlowLog{}
	return l, slog.New(&slowHandler{next: log.Handler(), log: &l.l})
}

// SlowLog is the console's bounded list of slow queries.
type SlowLog struct{ l slowLog }

// New builds the console. slow may be nil (no slow-query list). Close stops its
// sampler.
func New(o Options, slow *SlowLog) *Console {
	if o.Log == nil {
		o.Log = slog.Default()
	}
	c := &Console{o: o, ring: NewRing(DefaultRingSize), started: time.Now(), stop: make(chan struct{})}
	c.hist.max = historySamples
	if slow != nil {
		c.slow = &slow.l
	} else {
		c.slow = &slowLog{}
	}
	c.key = newKey()
	c.pages = parsePages()
	sub, _ := fs.Sub(assetFS, "assets")
	c.static = http.StripPrefix(Prefix+"assets/", http.FileServerFS(sub))
	c.noteSchema(time.Now())
	c.routes()
	if o.Metrics != nil {
		c.sample()
		go c.sampler()
	}
	return c
}

// Ring is where the HTTP edge records finished requests.
func (c *Console) Ring() *Ring { return c.ring }

// Handler serves everything under Prefix.
func (c *Console) Handler() http.Handler { return c.mux }

// Close stops the sampler.
func (c *Console) Close() { c.stopOnce.Do(func() { close(c.stop) }) }

func (c *Console) sampler() {
	t := time.NewTicker(SampleInterval)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			c.sample()
			c.noteSchema(time.Now())
		}
	}
}

func (c *Console) sample() {
	s, err := gather(c.o.Metrics.Gatherer(), time.Now())
	if err != nil {
		c.o.Log.Warn("console: reading metrics", "error", err.Error())
		return
	}
	c.hist.add(s)
}

// noteSchema notices a new Service (a reload by SIGHUP or /admin/reload) and
// remembers when it was first seen; the console's own reload notes it exactly.
func (c *Console) noteSchema(now time.Time) {
	svc := c.o.Live.Load()
	c.schemaMu.Lock()
	if svc != c.schemaSvc {
		c.schemaSvc, c.schemaLoaded = svc, now
	}
	c.schemaMu.Unlock()
}

func (c *Console) schemaTime() time.Time {
	c.schemaMu.Lock()
	defer c.schemaMu.Unlock()
	return c.schemaLoaded
}

func (c *Console) routes() {
	m := http.NewServeMux()
	m.Handle("GET "+Prefix+"assets/", c.static)
	m.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
	})
	m.HandleFunc("POST "+Prefix+"login", c.login)
	m.HandleFunc("GET "+Prefix+"login", c.loginPage)
	m.Handle("GET "+Prefix+"{$}", c.guard(c.overview))
	m.Handle("GET "+Prefix+"sets", c.guard(c.sets))
	m.Handle("GET "+Prefix+"requests", c.guard(c.requests))
	m.Handle("GET "+Prefix+"salesforce", c.guard(c.salesforcePage))
	m.Handle("GET "+Prefix+"salesforce/package.zip", c.guard(c.packageZip))
	m.Handle("GET "+Prefix+"actions", c.guard(c.actions))
	m.Handle("POST "+Prefix+"actions/reload", c.guard(c.reload))
	m.Handle("POST "+Prefix+"logout", c.guard(c.logout))
	m.HandleFunc(Prefix, func(w http.ResponseWriter, r *http.Request) {
		c.notFound(w, r)
	})
	c.mux = http.NewServeMux()
	c.mux.Handle("/", secureHeaders(m))
}

// secureHeaders sets the headers every console response carries: a strict CSP (no
// script at all, styles and images from the console only), no framing, no caching,
// no referrer (URLs could carry what the operator typed).
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
