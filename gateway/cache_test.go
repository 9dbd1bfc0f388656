package gateway

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/odatagw/odatagw/odata"
)

const alfki = "customers?$select=CustomerCode,CompanyName&$filter=CustomerCode%20eq%20'ALFKI'"

// update changes ALFKI's CompanyName directly in the database, behind the gateway.
func update(t *testing.T, s *Service, name string) {
	t.Helper()
	if _, err := s.DB.Exec(`UPDATE customers SET CompanyName = ? WHERE CustomerCode = 'ALFKI'`, name); err != nil {
		t.Fatal(err)
	}
}

func expect(t *testing.T, s *Service, url, cacheState, contains string, mod ...func(*Request)) {
	t.Helper()
	res, body := mustGet(t, s, url, mod...)
	if res.Cache != cacheState {
		t.Errorf("GET %s: X-Cache %q, want %q", url, res.Cache, cacheState)
	}
	if !strings.Contains(body, contains) {
		t.Errorf("GET %s: body %s does not contain %q", url, body, contains)
	}
}

func TestCacheHitAndEquivalentURLs(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Minute})
	expect(t, s, alfki, "miss", "Alfreds")
	s.cache.Wait()
	expect(t, s, alfki, "hit", "Alfreds")
	// The same query spelled differently shares the entry (canonical key).
	expect(t, s, "customers?$filter=(CustomerCode%20eq%20'ALFKI')&$select=CustomerCode,%20CompanyName&foo=bar", "hit", "Alfreds")
	// A different query does not.
	expect(t, s, "customers?$select=CompanyName,CustomerCode&$filter=CustomerCode%20eq%20'ALFKI'", "miss", "Alfreds")
}

func TestCacheTTLExpiredNeverServed(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: 5 * time.Second})
	now := time.Now()
	var mu sync.Mutex
	s.cache.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	expect(t, s, alfki, "miss", "Alfreds")
	s.cache.Wait()
	update(t, s, "Changed Behind The Gateway")
	mu.Lock()
	now = now.Add(4 * time.Second)
	mu.Unlock()
	expect(t, s, alfki, "hit", "Alfreds") // within the TTL the old page is fine
	mu.Lock()
	now = now.Add(time.Second) // exactly the TTL: expired
	mu.Unlock()
	expect(t, s, alfki, "miss", "Changed Behind The Gateway")
}

func TestWriteVisibleInNextRead(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour})
	expect(t, s, alfki, "miss", "Alfreds")
	s.cache.Wait()
	expect(t, s, alfki, "hit", "Alfreds")
	// A write through the gateway updates the database, then invalidates the set
	// before it returns.
	update(t, s, "Written Through The Gateway")
	s.invalidate("customers")
	expect(t, s, alfki, "miss", "Written Through The Gateway")
	// Other sets keep their entries.
	expect(t, s, "orders(10248)", "miss", "10248")
	s.cache.Wait()
	s.invalidate("customers")
	expect(t, s, "orders(10248)", "hit", "10248")
}

func TestConcurrentMissesQueryOnce(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour})
	const callers = 50
	var queries, joined atomic.Int64
	all := make(chan struct{})
	s.hooks.joined = func() {
		if joined.Add(1) == callers {
			close(all)
		}
	}
	s.hooks.query = func(string) {
		queries.Add(1)
		<-all // the query runs only once every caller has joined the flight
	}
	var wg sync.WaitGroup
	bodies := make([]string, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, bodies[i] = mustGet(t, s, alfki)
		}()
	}
	wg.Wait()
	if n := queries.Load(); n != 1 {
		t.Errorf("%d callers ran %d queries, want 1", callers, n)
	}
	for _, b := range bodies {
		if b != bodies[0] || !strings.Contains(b, "Alfreds") {
			t.Fatalf("callers got different bodies: %s vs %s", b, bodies[0])
		}
	}
}

func TestNoCacheBypassesAndRefreshes(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour})
	noCache := func(r *Request) { r.NoCache = true }
	expect(t, s, alfki, "miss", "Alfreds")
	s.cache.Wait()
	update(t, s, "Fresh Name")
	expect(t, s, alfki, "hit", "Alfreds")
	expect(t, s, alfki, "bypass", "Fresh Name", noCache)
	s.cache.Wait()
	expect(t, s, alfki, "hit", "Fresh Name") // the bypass refreshed the entry
}

func TestErrorsNotCached(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour})
	url := "customers('NEWCO')"
	_, _, err := get(t, s, url)
	if e, ok := odata.AsError(err); !ok || e.Status != http.StatusNotFound {
		t.Fatalf("got %v, want 404", err)
	}
	s.cache.Wait()
	for _, q := range []string{
		`CREATE TEMP TABLE newco AS SELECT * FROM customers WHERE CustomerCode = 'ALFKI'`,
		`UPDATE newco SET CustomerCode = 'NEWCO', CompanyName = 'New Co'`,
		`INSERT INTO customers SELECT * FROM newco`,
	} {
		if _, err := s.DB.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	expect(t, s, url, "miss", "New Co")

	// A failing database call is not cached either.
	s.hooks.query = func(string) { s.DB.Exec(`ALTER TABLE customers RENAME TO customers_gone`) }
	if _, _, err := get(t, s, "customers?$top=1&$select=City"); err == nil {
		t.Fatal("query on a renamed table succeeded")
	}
	s.hooks.query = nil
	if _, err := s.DB.Exec(`ALTER TABLE customers_gone RENAME TO customers`); err != nil {
		t.Fatal(err)
	}
	s.cache.Wait()
	expect(t, s, "customers?$top=1&$select=City", "miss", `"City"`)
}

func TestPrincipalsNeverShareEntries(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour})
	as := func(p string) func(*Request) { return func(r *Request) { r.Principal = p } }
	expect(t, s, alfki, "miss", "Alfreds", as("alice"))
	s.cache.Wait()
	expect(t, s, alfki, "hit", "Alfreds", as("alice"))
	update(t, s, "Seen By Bob")
	expect(t, s, alfki, "miss", "Seen By Bob", as("bob"))
	expect(t, s, alfki, "miss", "Seen By Bob") // anonymous is a principal of its own
	s.cache.Wait()
	expect(t, s, alfki, "hit", "Alfreds", as("alice"))
	// A principal cannot imitate another key field.
	expect(t, s, alfki, "miss", "Seen By Bob", as("alice|"))
}

func TestPerTableTTL(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour, TableTTL: map[string]time.Duration{"customers": 0}})
	expect(t, s, alfki, "bypass", "Alfreds")
	s.cache.Wait()
	expect(t, s, alfki, "bypass", "Alfreds")
	expect(t, s, "orders(10248)", "miss", "10248")
}

func TestMetadataAndServiceDocumentETags(t *testing.T) {
	s, _ := newDemo(t, Tuning{})
	for _, url := range []string{"$metadata", ""} {
		res, body := mustGet(t, s, url)
		if res.ETag == "" || len(body) == 0 {
			t.Fatalf("%q: no ETag or body", url)
		}
		res2, _ := mustGet(t, s, url, func(r *Request) { r.IfNoneMatch = `"x", W/` + res.ETag })
		if res2.Status != http.StatusNotModified || res2.Body != nil {
			t.Errorf("%q: If-None-Match gave %d", url, res2.Status)
		}
		res3, _ := mustGet(t, s, url, func(r *Request) { r.IfNoneMatch = `"other"` })
		if res3.Status != http.StatusOK {
			t.Errorf("%q: non-matching If-None-Match gave %d", url, res3.Status)
		}
	}
}

// metricsRecorder counts cache events.
type metricsRecorder struct {
	mu              sync.Mutex
	hits, misses    int
	byteReports     int
	evicted, evictB int64
}

func (m *metricsRecorder) CacheLookup(set string, hit bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if hit {
		m.hits++
	} else {
		m.misses++
	}
}
func (m *metricsRecorder) CacheEvicted(n int, b int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.evicted += int64(n)
	m.evictB += b
}
func (m *metricsRecorder) CacheBytes(int64) { m.mu.Lock(); m.byteReports++; m.mu.Unlock() }

func TestCacheReportsMetrics(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Minute})
	rec := &metricsRecorder{}
	s.Metrics = rec
	expect(t, s, "customers?$top=2", "miss", "")
	s.cache.Wait()
	expect(t, s, "customers?$top=2", "hit", "")
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.hits != 1 || rec.misses != 1 || rec.byteReports == 0 {
		t.Errorf("metrics: %d hits, %d misses, %d byte reports; want 1, 1, >0", rec.hits, rec.misses, rec.byteReports)
	}
}

func TestMemoHitSeesWritesAndKeepsURLsApart(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Minute})
	expect(t, s, alfki, "miss", "Alfreds")
	s.cache.Wait()
	if s.memoHit(Request{Path: "customers", RawQuery: strings.SplitN(alfki, "?", 2)[1], Root: testRoot}) == nil {
		t.Fatal("a URL seen before is not served from the memo")
	}
	// A write bumps the generation: the memoized URL must miss and see the new value.
	update(t, s, "Renamed GmbH")
	s.invalidate("customers")
	expect(t, s, alfki, "miss", "Renamed GmbH")
	// Another principal never shares the memoized entry.
	expect(t, s, alfki, "miss", "Renamed GmbH", func(r *Request) { r.Principal = "basic:bob" })
}

// TestMetadataNoneFromAccept: odata.metadata=none asked in the Accept header (the
// server passes it as Request.Metadata) drops context URLs and says so in the
// Content-Type; $format in the query wins over the header.
func TestMetadataNoneFromAccept(t *testing.T) {
	s, _ := newDemo(t, Tuning{})
	none := func(r *Request) { r.Metadata = "none" }
	res, body := mustGet(t, s, "customers?$top=1", none)
	if strings.Contains(body, "@odata.context") || !strings.Contains(res.ContentType, "odata.metadata=none") {
		t.Errorf("Accept none: %s %s", res.ContentType, body)
	}
	res, body = mustGet(t, s, "customers?$top=1&$format=application/json;odata.metadata=minimal", none)
	if !strings.Contains(body, "@odata.context") || !strings.Contains(res.ContentType, "odata.metadata=minimal") {
		t.Errorf("$format minimal over Accept none: %s %s", res.ContentType, body)
	}
	res, body = mustGet(t, s, "customers?$top=1")
	if !strings.Contains(body, "@odata.context") || !strings.Contains(res.ContentType, "odata.metadata=minimal") {
		t.Errorf("default: %s %s", res.ContentType, body)
	}
}

// TestCoalescedFetchOutlivesItsOwner: the shared fetch of identical misses runs under
// its first caller's context. When that caller leaves (here: the server shutting down
// under it) it gets 503 ShuttingDown, and a caller that joined the flight runs its own
// query instead of inheriting the owner's end.
func TestCoalescedFetchOutlivesItsOwner(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour})
	var joined, queries atomic.Int64
	both, started, release := make(chan struct{}), make(chan struct{}), make(chan struct{})
	s.hooks.joined = func() {
		if joined.Add(1) == 2 {
			close(both)
		}
	}
	s.hooks.query = func(string) {
		if queries.Add(1) == 1 {
			close(started)
			<-release // the owner's query waits until the owner has left
		}
	}
	path, query, _ := strings.Cut(alfki, "?")
	read := func(ctx context.Context) (*Response, error) {
		return s.Read(ctx, Request{Path: path, RawQuery: query, Root: testRoot})
	}
	ownerCtx, leave := context.WithCancelCause(context.Background())
	ownerErr := make(chan error, 1)
	go func() { _, err := read(ownerCtx); ownerErr <- err }()
	<-started // the owner's fetch is in its query
	type result struct {
		res *Response
		err error
	}
	joiner := make(chan result, 1)
	go func() { res, err := read(context.Background()); joiner <- result{res, err} }()
	<-both
	leave(ErrShutdown)
	err := <-ownerErr
	if e, ok := odata.AsError(err); !ok || e.Status != http.StatusServiceUnavailable || e.Code != "ShuttingDown" {
		t.Errorf("owner: %v, want 503 ShuttingDown", err)
	}
	close(release)
	r := <-joiner
	if r.err != nil || !strings.Contains(string(r.res.Body), "Alfreds") {
		t.Fatalf("joiner: %v, want the page", r.err)
	}
	if n := queries.Load(); n != 2 {
		t.Errorf("%d queries, want 2 (the owner's, abandoned, and the joiner's own)", n)
	}
}
