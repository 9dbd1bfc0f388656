package gateway

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/cache"
	"github.com/odatagw/odatagw/odata/jsonfmt"
	"github.com/odatagw/odatagw/plan"
)

// Tuning holds the performance settings of a Service (Config.Tuning). The zero value
// means: no result cache, pages bounded by DefaultMaxPageBytes, statement reuse on.
type Tuning struct {
	// CacheTTL is how long a page stays cached; 0 disables the cache.
	CacheTTL time.Duration
	// TableTTL overrides CacheTTL per database table name (0 disables it for that
	// table).
	TableTTL map[string]time.Duration
	// CacheMaxBytes bounds the cached payload bytes (DefaultCacheMaxBytes when 0).
	CacheMaxBytes int64
	// MaxEntryBytes is the largest page that is buffered and cached; larger pages are
	// streamed and never cached (DefaultMaxEntryBytes when 0).
	MaxEntryBytes int64
	// MaxPageBytes is the byte cap of one response: a collection page stops early
	// (with a next link) before passing it, a single row above it is an error
	// (DefaultMaxPageBytes when 0).
	MaxPageBytes int64
	// Stmts is the number of prepared statements kept per pool, keyed by SQL text
	// (DefaultStmts when 0; < 0 turns reuse off).
	Stmts int
	// WindowCountMax is the largest filtered-set size for which $count rides on the
	// page query as COUNT(*) OVER () (DefaultWindowCountMax when 0; < 0 never). The
	// default is the measured crossover over loopback TCP (MySQL ~240 rows,
	// PostgreSQL ~350); an embedded SQLite has no round trip to save and is faster
	// with the separate count at every size, so app sets -1 for it.
	WindowCountMax int64
	// Generations are the per-entity-set generation counters (in memory when nil).
	Generations cache.Generations
}

// Defaults of Tuning; see README "Cache and performance" for the measurements.
const (
	DefaultCacheMaxBytes  = 256 << 20
	DefaultMaxEntryBytes  = 1 << 20
	DefaultMaxPageBytes   = 7 << 20
	DefaultStmts          = 256
	DefaultWindowCountMax = 250
)

// withDefaults fills the zero fields of t with their defaults.
func (t Tuning) withDefaults() Tuning {
	if t.CacheMaxBytes <= 0 {
		t.CacheMaxBytes = DefaultCacheMaxBytes
	}
	if t.MaxEntryBytes <= 0 {
		t.MaxEntryBytes = DefaultMaxEntryBytes
	}
	if t.MaxPageBytes <= 0 {
		t.MaxPageBytes = DefaultMaxPageBytes
	}
	if t.Stmts == 0 {
		t.Stmts = DefaultStmts
	}
	if t.WindowCountMax == 0 {
		t.WindowCountMax = DefaultWindowCountMax
	}
	return t
}

// startCache creates the result cache when a TTL asks for one.
func (s *Service) startCache() error {
	t := s.Tuning
	enabled := t.CacheTTL > 0
	for _, ttl := range t.TableTTL {
		enabled = enabled || ttl > 0
	}
	if !enabled {
		return nil
	}
	c, err := cache.NewObserved[*cachedPage](t.CacheMaxBytes, t.CacheMaxBytes/(8<<10),
		func(bytes int64) { s.MetricsOrNop().CacheEvicted(1, bytes) })
	if err != nil {
		return err
	}
	s.cache = c
	return nil
}

// Close releases the cache and the prepared statements (not the pool).
func (s *Service) Close() {
	if s.cache != nil {
		s.cache.Close()
	}
	s.stmts.closeAll()
}

// invalidate makes every cached page of the entity set unreachable: its generation is
// part of the cache key. Writes call it before they return, so the next read misses
// and sees the write. OnWrite, when set, is told too.
func (s *Service) invalidate(set string) {
	s.gens.Bump(set)
	if s.OnWrite != nil {
		s.OnWrite(set)
	}
}

// cachedPage is an immutable cached answer.
type cachedPage struct {
	status      int
	contentType string
	etag        string
	rows        int64
	body        []byte
}

// ttl is the cache lifetime of pages of table t; <= 0 means not cached.
func (s *Service) ttl(x *read) time.Duration {
	if s.cache == nil {
		return 0
	}
	if ttl, ok := s.Tuning.TableTTL[x.q.Table.Name]; ok {
		return ttl
	}
	return s.Tuning.CacheTTL
}

// key is the cache key of a read: the entity set's generation, the principal, the
// service root and metadata option (both shape the payload's URLs), and the bound
// query's canonical form, so that equivalent URLs share an entry. Fields are
// length-prefixed so that no value can imitate another field.
//
// ok false: the generation cannot be proven current (the shared tier is down or has
// not confirmed it), so the read neither serves nor stores a cached page.
func (s *Service) key(x *read) (key string, ok bool) {
	suffix := s.keySuffix(x)
	deps := strings.Join(plan.Sets(x.q), "\x00") // every set the read touches (navigation, $expand)
	s.remember(x.r, deps, suffix)
	return s.genKey(deps, suffix)
}

// genKey prefixes a key suffix with the current generations of the entity sets the
// page depends on (NUL-separated names), so a write to any of them invalidates it.
// ok false: one of them cannot be proven current (see key).
func (s *Service) genKey(sets, suffix string) (string, bool) {
	var nb [20]byte // FormatUint would allocate for the large shared generations
	if !strings.Contains(sets, "\x00") {
		gen, ok := s.gens.Get(sets)
		if !ok {
			return "", false
		}
		return string(strconv.AppendUint(nb[:0], gen, 10)) + "/" + suffix, true
	}
	var sb strings.Builder
	for i, set := range strings.Split(sets, "\x00") {
		gen, ok := s.gens.Get(set)
		if !ok {
			return "", false
		}
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.Write(strconv.AppendUint(nb[:0], gen, 10))
	}
	return sb.String() + "/" + suffix, true
}

// keySuffix is the key without the generation.
func (s *Service) keySuffix(x *read) string {
	var sb strings.Builder
	field := func(v string) {
		sb.WriteString(strconv.Itoa(len(v)))
		sb.WriteByte(':')
		sb.WriteString(v)
	}
	sb.Grow(128 + len(x.r.Root) + len(x.r.Principal))
	field(x.q.Table.SetName)
	field(x.r.Principal)
	field(x.r.Root)
	field(strconv.FormatBool(metadataNone(x.req, x.r)))
	field(x.q.String()) // includes $top, $skip and $skiptoken, which shape the next link
	return sb.String()
}

// The URL memo maps a request exactly as received (path, raw query and everything
// else the key depends on) to its entity set and key suffix, so a repeated identical
// URL — a list view opened by many users — finds its cached page without being parsed
// and planned again. The mapping depends only on the catalog, which a Service never
// changes (a schema reload builds a new Service, with a new memo); the generation is
// still read on every lookup, so a write is seen at once. The memo stops growing at
// maxMemo entries.
const maxMemo = 10000

type memoEntry struct{ set, suffix string }

func rawKey(r Request) string {
	// Version is part of it: a 4.01 request reads `select=` as $select, a 4.0 one not.
	return r.Path + "\x00" + r.RawQuery + "\x00" + r.Root + "\x00" + r.Principal + "\x00" + r.Metadata + "\x00" + r.Version
}

func (s *Service) remember(r Request, set, suffix string) {
	if s.memoN.Load() >= maxMemo {
		return
	}
	if _, loaded := s.memo.LoadOrStore(rawKey(r), memoEntry{set, suffix}); !loaded {
		s.memoN.Add(1)
	}
}

// memoHit serves a cache hit for a URL seen before, or returns nil.
func (s *Service) memoHit(r Request) *Response {
	if s.cache == nil || r.NoCache {
		return nil
	}
	m, ok := s.memo.Load(rawKey(r))
	if !ok {
		return nil
	}
	e := m.(memoEntry)
	key, ok := s.genKey(e.set, e.suffix)
	if !ok {
		return nil
	}
	p, age, ok := s.cache.Get(key)
	if !ok {
		return nil // the full path counts the miss
	}
	set, _, _ := strings.Cut(e.set, "\x00")
	s.MetricsOrNop().CacheLookup(set, true)
	return &Response{Status: p.status, ContentType: p.contentType, ETag: p.etag, Rows: p.rows, Body: p.body,
		Cache: "hit", Age: age}
}

// flightResult is what a coalesced fetch hands to its callers. owner is the token of
// the caller whose function ran: only it may consume a streamed response. ownerLeft
// says the fetch failed because the owner's own context ended.
type flightResult struct {
	owner     *int
	res       *Response
	ownerLeft bool
}

// cached is the cache decorator around fetch: a hit is served from memory; identical
// concurrent misses share one database round trip; complete pages under the entry
// limit are stored as immutable copies. The shared fetch runs under its first caller's
// context (in the server, the same for every request: cancelled at shutdown); if that
// caller leaves early, the others run their own fetch rather than inherit its end.
func (s *Service) cached(ctx context.Context, x *read, fetch func(context.Context) (*Response, error)) (*Response, error) {
	ttl := s.ttl(x)
	if ttl <= 0 {
		res, err := fetch(ctx)
		if err == nil {
			res.Cache = "bypass"
		}
		return res, err
	}
	key, proven := s.key(x)
	if !proven {
		// No provably current generation: straight to the database, no coalescing
		// (a fetch started before a write elsewhere must not answer a read after it),
		// nothing stored.
		res, err := fetch(ctx)
		if err == nil {
			res.Cache = "bypass"
		}
		return res, err
	}
	if x.r.NoCache {
		res, err := fetch(ctx)
		if err != nil {
			return nil, err
		}
		s.store(key, res, ttl)
		res.Cache = "bypass"
		return res, nil
	}
	p, age, ok := s.cache.Get(key)
	s.MetricsOrNop().CacheLookup(x.q.Table.SetName, ok)
	if ok {
		return &Response{Status: p.status, ContentType: p.contentType, ETag: p.etag, Rows: p.rows, Body: p.body,
			Cache: "hit", Age: age, Timings: x.t}, nil
	}
	tok := new(int)
	ch := s.flight.DoChan(key, func() (any, error) {
		res, err := fetch(ctx)
		if err != nil {
			return &flightResult{owner: tok, ownerLeft: ctx.Err() != nil}, err
		}
		s.store(key, res, ttl)
		return &flightResult{owner: tok, res: res}, nil
	})
	if s.hooks.joined != nil {
		s.hooks.joined()
	}
	select {
	case r := <-ch:
		f := r.Val.(*flightResult)
		if f.owner != tok && ctx.Err() == nil && (f.ownerLeft || f.res != nil && f.res.Stream != nil) {
			// The owner left before its fetch ended, or its page streams (a stream
			// belongs to the caller whose query produced it): run our own.
			res, err := fetch(ctx)
			if err == nil {
				res.Cache = "miss"
			}
			return res, err
		}
		if r.Err != nil {
			return nil, r.Err
		}
		// Every caller gets its own Response; the Body is shared read-only.
		out := *f.res
		out.Cache = "miss"
		if f.owner != tok {
			out.Timings.Parse, out.Timings.Plan = x.t.Parse, x.t.Plan
		}
		return &out, nil
	case <-ctx.Done():
		go func() { // a joined query goes on for its owner; release ours if it streams
			if r := <-ch; r.Err == nil {
				if f := r.Val.(*flightResult); f.owner == tok {
					f.res.Close()
				}
			}
		}()
		return nil, dbError(ctx, context.Cause(ctx))
	}
}

// store caches a complete, successful buffered page. Streamed pages and errors never
// reach here or are skipped.
func (s *Service) store(key string, res *Response, ttl time.Duration) {
	if res.Stream != nil || res.Status != http.StatusOK || int64(len(res.Body)) > s.Tuning.MaxEntryBytes {
		return
	}
	// res.Body is the gateway's own exact-size copy (never a transport buffer); it is
	// shared read-only from now on.
	s.cache.Set(key, &cachedPage{status: res.Status, contentType: res.ContentType, etag: res.ETag, rows: res.Rows, body: res.Body},
		int64(len(res.Body)+len(key))+64, ttl)
	s.MetricsOrNop().CacheBytes(s.cache.UsedBytes()) // Set is asynchronous: this lags by the pending sets
}

// staticDoc is a document rendered once with its entity tag.
type staticDoc struct {
	body []byte
	etag string
}

const maxServiceRoots = 64

// serviceDoc renders the service document once per service root (it holds absolute
// URLs) and serves it from memory.
func (s *Service) serviceDoc(r Request) (*Response, error) {
	if d, ok := s.svcDocs.Load(r.Root); ok {
		doc := d.(*staticDoc)
		return static(r, jsonType, doc.body, doc.etag), nil
	}
	body, err := jsonfmt.ServiceDocument(r.Root, s.model)
	if err != nil {
		return nil, err
	}
	doc := &staticDoc{body: body, etag: etag(body)}
	if s.svcDocsN.Add(1) <= maxServiceRoots {
		s.svcDocs.Store(strings.Clone(r.Root), doc)
	}
	return static(r, jsonType, doc.body, doc.etag), nil
}

// static answers with a document rendered once, or 304 when If-None-Match matches.
func static(r Request, contentType string, body []byte, tag string) *Response {
	if etagMatch(r.IfNoneMatch, tag) {
		return &Response{Status: http.StatusNotModified, ETag: tag}
	}
	return &Response{Status: http.StatusOK, ContentType: contentType, Body: body, ETag: tag}
}

func etag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// etagMatch implements If-None-Match's weak comparison: "*" or any listed tag equal
// to tag, ignoring W/ prefixes.
func etagMatch(header, tag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}
