// Package gateway runs the read pipeline: parse (odata) → plan → cache/singleflight →
// render (sqlgen) → query under a deadline → encode (odata/jsonfmt), and the write
// pipeline. Service.Read reads top to bottom as the whole product on one screen. One
// Config value builds a Service; every database call, read or write, takes one path
// (Service.db: admission, log, failure kinds). It knows nothing of HTTP frameworks:
// it takes a Request and returns a Response.
package gateway

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/sync/singleflight"

	"github.com/odatagw/odatagw/cache"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/odata/jsonfmt"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Config is everything that shapes a Service, in one value: New takes it, and a
// schema reload builds the next Service from the running one's Config with the new
// catalog (nothing is copied between Services field by field). The zero value of
// each optional field means the default.
type Config struct {
	DB      *sqlx.DB
	Dialect sqlgen.Dialect
	Catalog *catalog.Catalog
	// Limits bound every plan; Limits.MaxDepth also bounds the URL parser.
	Limits plan.Limits
	// QueryTimeout is the deadline of each database call (DefaultQueryTimeout when 0).
	QueryTimeout time.Duration
	// Log receives the SQL debug and slow-query lines (nil: discarded).
	Log *slog.Logger
	// Classify tells constraint and data errors apart (the adapter's ErrorClassifier);
	// nil classifies nothing (every failed write is a 500).
	Classify func(error) sqlgen.Violation
	// OnWrite, when set, is called with the entity set's name after every committed
	// write (cache invalidation).
	OnWrite func(set string)
	// Changes, when set, is the change feed of tracked sets: Prefer:
	// odata.track-changes and $deltatoken links (delta.go).
	Changes ChangeFeed
	// Now is the clock of updated-at ETag columns (time.Now when nil).
	Now func() time.Time
	Ops // admission, slow-query log, failure kinds, metrics (ops.go)
	// Tuning is the cache, page and statement settings (cache.go).
	Tuning Tuning
}

// DefaultQueryTimeout is the deadline of a database call when Config.QueryTimeout is 0.
const DefaultQueryTimeout = 30 * time.Second

// Service serves one source. Its Config is fixed by New: read it, never assign it.
type Service struct {
	Config

	parse    odata.ParseOptions
	model    *edm.Model
	metadata []byte
	metaETag string
	// metadata401 is the same model declared as 4.01, for clients whose
	// OData-MaxVersion allows it.
	metadata401 []byte
	metaETag401 string
	svcDocs     sync.Map // root → *staticDoc, the service document per service root
	svcDocsN    atomic.Int32
	props       map[*catalog.Column]*edm.Property

	cache     *cache.Cache[*cachedPage]
	memo      sync.Map // rawKey → memoEntry (cache.go)
	memoN     atomic.Int64
	gens      cache.Generations
	flight    singleflight.Group
	stmts     *stmtCache
	estimates countEstimates

	// hooks observe the pipeline in tests; nil in production.
	hooks struct {
		query  func(sql string) // before each statement runs
		joined func()           // after a read joined (or started) a coalesced fetch
		row    func()           // after each page row is scanned
	}
}

// Namespace is the EDM namespace of the published schema.
const Namespace = "odatagw"

// New prepares a service from cfg: it builds the EDM model, renders $metadata once and
// sets up the result cache and statement reuse that cfg.Tuning asks for.
func New(cfg Config) (*Service, error) {
	if cfg.QueryTimeout <= 0 {
		cfg.QueryTimeout = DefaultQueryTimeout
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Tuning = cfg.Tuning.withDefaults()
	if cfg.Limits.Seekable == nil {
		cfg.Limits.Seekable = sqlgen.SeekableFunc(cfg.Dialect)
	}
	s := &Service{Config: cfg, parse: odata.ParseOptions{MaxDepth: cfg.Limits.MaxDepth},
		props: map[*catalog.Column]*edm.Property{}, gens: cfg.Tuning.Generations}
	if s.gens == nil {
		s.gens = &cache.LocalGenerations{}
	}
	if r, ok := cfg.Dialect.(sqlgen.TimeRanger); ok && s.Limits.Times == nil {
		min, max := r.TimeRange()
		s.Limits.Times = &plan.TimeRange{Min: min, Max: max} // dates beyond it are decided in the plan
	}
	s.model = cfg.Catalog.Model(Namespace)
	if err := s.model.Validate(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := edm.WriteCSDL(&buf, s.model); err != nil {
		return nil, err
	}
	s.metadata = buf.Bytes()
	// The same model declared as 4.01, for clients whose OData-MaxVersion allows it.
	m401 := *s.model
	m401.Version = "4.01"
	var buf401 bytes.Buffer
	if err := edm.WriteCSDL(&buf401, &m401); err != nil {
		return nil, err
	}
	s.metadata401 = buf401.Bytes()
	s.metaETag401 = etag(s.metadata401)
	s.metaETag = etag(s.metadata)
	for _, t := range cfg.Catalog.Tables {
		for _, c := range t.Columns {
			s.props[c] = c.Property()
		}
	}
	if err := s.startCache(); err != nil {
		return nil, err
	}
	s.stmts = newStmtCache(cfg.DB, cfg.Tuning.Stmts)
	return s, nil
}

// Model returns the published EDM model.
func (s *Service) Model() *edm.Model { return s.model }

// Request is one read or write: the resource path below the service root and the raw
// query string, both as received (still percent-encoded).
type Request struct {
	Path     string
	RawQuery string
	// Root is the absolute service-root URL, ending in '/'.
	Root string
	// Metadata is the odata.metadata level the Accept header asked for ("none",
	// "minimal" or ""); $format in the query wins over it.
	Metadata string
	// Principal is the authenticated caller ("basic:alice", "jwt:<sub>",
	// "apikey:<name>"), "" when anonymous: part of cache keys, and logged.
	Principal string
	// Version is the OData version the response speaks: "4.0" or "4.01" (from the
	// request's OData-MaxVersion). "" means 4.0.
	Version string

	// Writes only.
	Method  string // POST, PATCH, MERGE, PUT or DELETE, after X-HTTP-Method tunnelling
	Body    []byte // the decompressed request body
	IfMatch string // If-Match header
	Prefer  string // Prefer header (writes: return=…; reads: odata.track-changes)
	// NoCache is `Cache-Control: no-cache`: the read skips the cache (and the
	// coalescing of identical in-flight reads) and refreshes the cached entry.
	NoCache bool
	// IfNoneMatch is the If-None-Match header, honoured for $metadata and the
	// service document.
	IfNoneMatch string
	// Accept is the Accept header, for edges that choose a payload format by it
	// (the OData 2.0 edge: Atom or JSON verbose). The 4.0 pipeline ignores it.
	Accept string
}

// Response is an answer: either a complete Body, or a Stream for a large page.
type Response struct {
	Status      int
	ContentType string
	// Body is the complete payload. It may be shared with the cache and other
	// callers: never modify it (copy it into the transport's own buffer).
	Body []byte
	// Stream, when not nil, writes the payload (Body is then nil). The query already
	// ran and its first rows were encoded, so errors that can still become an error
	// response have been returned by Read; an error from Stream happens after bytes
	// were sent and can only truncate the body (log it and close). The caller must
	// call Stream exactly once, or Close. It does not depend on the caller's context.
	Stream func(w io.Writer) error
	// ETag, when not empty, is the payload's entity tag.
	ETag string
	// Cache is "hit", "miss" or "bypass" for cacheable reads, "" otherwise; Age is the
	// cached entry's age on a hit.
	Cache   string
	Age     time.Duration
	Timings Timings
	// Header holds extra response headers (Location, ETag of an entity,
	// Preference-Applied, …).
	Header http.Header
	// Rows is the number of entities or values in Body (for logs and metrics); a
	// Stream reports its rows when it ends.
	Rows int64

	release func()
}

// Close releases a Stream that will not be called. It is safe to call more than once
// and after Stream.
func (r *Response) Close() {
	if r.release != nil {
		r.release()
		r.release = nil
	}
}

// Timings are the durations of the pipeline's stages, for Server-Timing. For a
// streamed page they cover the work done before the first byte.
type Timings struct {
	Parse, Plan, DB, Encode time.Duration
}

const (
	jsonType     = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	jsonTypeNone = "application/json;odata.metadata=none;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	xmlType      = "application/xml;charset=utf-8"
	textType     = "text/plain;charset=utf-8"
)

// Read answers a GET: service document, $metadata, collections, entities, counts and
// properties. It is the whole read pipeline, top to bottom: parse → plan →
// cache/singleflight → render SQL → query → encode. ctx is the caller's: it cancels the
// read until the Response is handed over (a streamed page then runs under the query's
// own deadline).
func (s *Service) Read(ctx context.Context, r Request) (*Response, error) {
	if s.Changes != nil { // a delta link (delta.go)
		if tok, ok := queryOption(r.RawQuery, "$deltatoken"); ok {
			return s.delta(ctx, r, tok)
		}
	}
	tracking := s.Changes != nil && wantsTracking(r.Prefer)
	if tracking {
		r.NoCache = true // the last page carries a fresh delta link
	} else if res := s.memoHit(r); res != nil {
		return res, nil // a URL seen before whose page is still cached: no parse, no plan
	}
	x := &read{r: r}
	clock := startClock()

	opts := s.parse
	opts.Version401 = r.Version == "4.01" // 4.01 reads `select=`, `FILTER=` as system options
	req, err := odata.ParseURL(r.Path, r.RawQuery, opts)
	clock.stage(&x.t.Parse)
	if err != nil {
		return nil, err
	}
	if res, err := s.document(req.Path.Kind, r); res != nil || err != nil {
		return res, err // the service document and $metadata are rendered once
	}

	x.req = req
	x.q, err = plan.Build(req, s.Catalog, s.Limits)
	clock.stage(&x.t.Plan)
	if err != nil {
		return nil, err
	}

	if tracking && x.q.Kind == plan.Collection && !x.q.Ref && s.Changes.Tracked(x.q.Table.SetName) { // a $ref read ignores the preference: delta pages carry entities
		return s.track(ctx, x, func() (*Response, error) { return s.fetch(ctx, x) })
	}
	return s.fetch(ctx, x)
}

// fetch is the read's page: a cache hit, or render → query → encode.
func (s *Service) fetch(ctx context.Context, x *read) (*Response, error) {
	// A cache hit ends here; identical concurrent misses share one fetch (cache.go).
	return s.cached(ctx, x, func(caller context.Context) (res *Response, err error) {
		ctx, cancel, d := s.queryContext(caller) // the query's own deadline
		defer func() {
			if res == nil || res.Stream == nil {
				cancel() // a Stream cancels at its end
			}
			res, err = d.handOver(res, err)
		}()
		clock := startClock()
		if len(x.q.Expand) > 0 {
			return s.readExpanded(ctx, x, &clock) // expand.go
		}

		// $count of a page: COUNT(*) OVER () on the page query, or its own COUNT(*)
		// first, which gives its slot back before the page query takes one (count.go).
		x.window = s.windowCount(x.q)
		if x.q.Kind == plan.Collection && x.q.WithCount && !x.window {
			if x.count, err = s.count(ctx, x.q); err != nil {
				return nil, err
			}
			clock.stage(&x.t.DB)
		}

		text, args, err := s.render(x)
		clock.stage(&x.t.Plan)
		if err != nil {
			return nil, s.readError(ctx, err)
		}

		rows, err := s.query(ctx, text, args)
		clock.stage(&x.t.DB)
		if err != nil {
			return nil, s.readError(ctx, err)
		}

		return s.encode(ctx, cancel, x, rows, &clock) // rows → JSON; a large page streams
	})
}

// document answers the service document and $metadata; nil, nil for other paths.
func (s *Service) document(kind odata.PathKind, r Request) (*Response, error) {
	switch kind {
	case odata.PathServiceDoc:
		return s.serviceDoc(r)
	case odata.PathMetadata:
		if r.Version == "4.01" {
			return static(r, xmlType, s.metadata401, s.metaETag401), nil
		}
		return static(r, xmlType, s.metadata, s.metaETag), nil
	}
	return nil, nil
}

// read is one bound read on its way through the cache to the database.
type read struct {
	r      Request
	req    *odata.Request
	q      *plan.Query
	t      Timings
	window bool   // $count rides on the page query as COUNT(*) OVER ()
	count  *int64 // the separate $count, when not window
}

// clock times the pipeline's stages: each stage call adds the time since the previous
// one to a Timings field.
type clock struct{ last time.Time }

func startClock() clock { return clock{last: time.Now()} }

func (c *clock) stage(d *time.Duration) {
	now := time.Now()
	*d += now.Sub(c.last)
	c.last = now
}

// split is stage for a span of which part, measured on its own, belongs to another
// stage: other gets part, d the rest.
func (c *clock) split(d, other *time.Duration, part time.Duration) {
	now := time.Now()
	if rest := now.Sub(c.last) - part; rest > 0 {
		*d += rest
	}
	*other += part
	c.last = now
}

func (s *Service) opts(req *odata.Request, r Request) jsonfmt.Options {
	return jsonfmt.Options{MetadataNone: metadataNone(req, r)}
}

// jsonType is the Content-Type of a JSON answer to x, naming the metadata level served.
func jsonTypeOf(x *read) string {
	if metadataNone(x.req, x.r) {
		return jsonTypeNone
	}
	return jsonType
}

// metadataNone reports whether the client asked for odata.metadata=none, in $format
// or else in the Accept header.
func metadataNone(req *odata.Request, r Request) bool {
	if req.Query.Metadata != "" {
		return req.Query.Metadata == "none"
	}
	return r.Metadata == "none"
}

func dataError(err error) error {
	return &odata.Error{Status: http.StatusInternalServerError, Code: "DataConversion",
		Message: "a database value could not be converted to its OData type", Err: err}
}

// selected is the $select list of the context URL, nil when every property is selected.
func selected(req *odata.Request, q *plan.Query) []string {
	if len(req.Query.Select) == 0 || len(q.Select) == len(q.Table.Columns) {
		return nil
	}
	names := make([]string, len(q.Select))
	for i, c := range q.Select {
		names[i] = c.Prop
	}
	return names
}

// keySegment prints the request's key predicate for a context URL.
func keySegment(req *odata.Request) string { return keyParts(req.Path.Key) }

// keyParts renders a key predicate as written in a URL: (1) or (A=1,B=2).
func keyParts(key []odata.KeyPart) string {
	parts := make([]string, len(key))
	for i, k := range key {
		v := odata.Format(k.Value)
		if k.Name != "" {
			v = k.Name + "=" + v
		}
		parts[i] = v
	}
	return "(" + strings.Join(parts, ",") + ")"
}

// NextLinkURL is r's URL on set with its query options kept and $skiptoken (in any
// case, '$' written or as %24) replaced by token, which must be URL-safe. The 2.0
// edge builds its next links with it too.
func NextLinkURL(r Request, set string, token string) string {
	var sb strings.Builder
	sb.WriteString(r.Root)
	sb.WriteString(set)
	sb.WriteByte('?')
	for _, p := range strings.Split(r.RawQuery, "&") {
		if p == "" {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if n := strings.ToLower(strings.ReplaceAll(name, "%24", "$")); n == "$skiptoken" {
			continue
		}
		sb.WriteString(p)
		sb.WriteByte('&')
	}
	sb.WriteString("$skiptoken=")
	sb.WriteString(token)
	return sb.String()
}
