package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/odatagw/odatagw/config"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// startGateway starts a gateway with the given flags on a free loopback port and
// stops it after the test. The log is captured at debug level.
func startGateway(t *testing.T, args ...string) (*Gateway, *syncBuf) {
	t.Helper()
	args = append([]string{"-listen", "127.0.0.1:0", "-log-level", "debug"}, args...)
	cfg, err := config.Load(args, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuf{}
	g, err := Start(context.Background(), cfg, newLogger(cfg, logs))
	if err != nil {
		t.Fatalf("start: %v\n%s", err, logs)
	}
	var once sync.Once
	t.Cleanup(func() { once.Do(func() { g.Stop() }) })
	return g, logs
}

// sqliteSource creates a SQLite database with a table t (50 rows), a view slow that
// takes about a second to compute and a view slower that takes far longer, and a
// config file giving the views a key. It returns the flags that serve it.
func sqliteSource(t *testing.T) (flags []string, db *sql.DB) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "ops.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	stmts := []string{
		`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)`,
		`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 50) INSERT INTO t SELECT x, 'row ' || x FROM c`,
		`CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 2500000) SELECT max(x) AS id FROM c`,
		`CREATE VIEW slower AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 200000000) SELECT max(x) AS id FROM c`,
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "odatagw.yaml")
	if err := os.WriteFile(conf, []byte("tables:\n  slow: {key: [id]}\n  slower: {key: [id]}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"-driver", "sqlite", "-dsn", path, "-config", conf}, db
}

func get(t *testing.T, client *http.Client, url string, hdr ...string) (int, http.Header, string, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b), err
}

func metricsText(t *testing.T, g *Gateway) string {
	t.Helper()
	host := "http://" + g.Addr
	if g.MetricsAddr != "" {
		host = "http://" + g.MetricsAddr
	}
	_, _, body, err := get(t, nil, host+"/metrics")
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// metricSum adds the values of every sample of name whose line contains all filters.
func metricSum(text, name string, filters ...string) float64 {
	var sum float64
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		ok := true
		for _, f := range filters {
			ok = ok && strings.Contains(line, f)
		}
		if !ok {
			continue
		}
		var v float64
		fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &v)
		sum += v
	}
	return sum
}

func TestHealthAndMetricsEndToEnd(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, logs := startGateway(t, flags...)
	for _, p := range []string{"/live", "/ready"} {
		if code, _, body, err := get(t, nil, "http://"+g.Addr+p); err != nil || code != 200 {
			t.Errorf("%s: %d %s %v", p, code, body, err)
		}
	}
	for range 5 {
		if code, _, _, _ := get(t, nil, g.URL+"t?$top=10"); code != 200 {
			t.Fatalf("read: %d", code)
		}
	}
	m := metricsText(t, g)
	if v := metricSum(m, "odatagw_http_requests_total", `entity_set="t"`, `status="200"`); v != 5 {
		t.Errorf("requests{t,200} = %v, want 5", v)
	}
	if v := metricSum(m, "odatagw_rows_served_total", `entity_set="t"`); v != 50 {
		t.Errorf("rows_served{t} = %v, want 50", v)
	}
	if v := metricSum(m, "odatagw_db_pool_max_open"); v != 16 {
		t.Errorf("db_pool_max_open = %v, want 16", v)
	}
	if v := metricSum(m, "odatagw_response_bytes_total", `entity_set="t"`); v < 500 {
		t.Errorf("response_bytes{t} = %v", v)
	}
	if !strings.Contains(logs.String(), `"msg":"sql"`) {
		t.Error("no debug SQL line in the log")
	}

	// -metrics-listen moves /metrics off the main listener.
	g2, _ := startGateway(t, append(flags, "-metrics-listen", "127.0.0.1:0")...)
	if code, _, _, _ := get(t, nil, "http://"+g2.Addr+"/metrics"); code != 404 {
		t.Errorf("/metrics on the main listener with -metrics-listen: %d", code)
	}
	if !strings.Contains(metricsText(t, g2), "odatagw_http_requests_total") {
		t.Error("no metrics on -metrics-listen")
	}
}

// TestSlowQueryLogged checks the warn-level slow-query line with its SQL and duration.
func TestSlowQueryLogged(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, logs := startGateway(t, append(flags, "-slow-query", "100ms", "-log-level", "info")...)
	if code, _, body, _ := get(t, nil, g.URL+"slow"); code != 200 {
		t.Fatalf("slow: %d %s", code, body)
	}
	var line string
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, `"msg":"slow query"`) {
			line = l
		}
	}
	if !strings.Contains(line, `"level":"WARN"`) || !strings.Contains(line, `FROM \"slow\"`) || !strings.Contains(line, `"ms":`) {
		t.Errorf("slow-query line: %q", line)
	}
	if strings.Contains(logs.String(), `"msg":"sql"`) {
		t.Error("fast SQL logged at info level")
	}
}

// TestDeadlineSQLite: a query past -query-timeout answers 504 promptly.
func TestDeadlineSQLite(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-query-timeout", "500ms")...)
	start := time.Now()
	code, _, body, err := get(t, nil, g.URL+"slower")
	if err != nil || code != 504 || !strings.Contains(body, "QueryTimeout") {
		t.Fatalf("slower: %d %s %v", code, body, err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("504 after %v, want about 500ms", d)
	}
	if v := metricSum(metricsText(t, g), "odatagw_db_errors_total", `kind="timeout"`); v != 1 {
		t.Errorf("db_errors{timeout} = %v", v)
	}
}

// TestMaxPageSizeIsTheTopCeiling documents the decision not to add -max-top: $top
// above -max-page-size is not an error; the page holds max-page-size rows and a next
// link continues it.
func TestMaxPageSizeIsTheTopCeiling(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-max-page-size", "10")...)
	_, _, body, _ := get(t, nil, g.URL+"t?$top=40")
	var page struct {
		Value []json.RawMessage `json:"value"`
		Next  string            `json:"@odata.nextLink"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err, body)
	}
	if len(page.Value) != 10 || page.Next == "" {
		t.Errorf("$top=40 with -max-page-size 10: %d rows, next link %q", len(page.Value), page.Next)
	}
}

func TestReloadKeepsInFlightRequests(t *testing.T) {
	flags, db := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-admin-token", "tok3n")...)
	if code, _, _, _ := get(t, nil, g.URL+"added"); code != 404 {
		t.Fatalf("added before reload: %d", code)
	}
	if _, err := db.Exec(`CREATE TABLE added (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO added VALUES (1, 'x')`); err != nil {
		t.Fatal(err)
	}
	// A slow request in flight on the old schema.
	inflight := make(chan int, 1)
	go func() { code, _, _, _ := get(t, nil, g.URL+"slow"); inflight <- code }()
	time.Sleep(100 * time.Millisecond)
	old := g.Live.Load()
	post := func(tok string) int {
		req, _ := http.NewRequest("POST", "http://"+g.Addr+"/admin/reload", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if c := post("wrong"); c != 401 {
		t.Errorf("reload with a wrong token: %d", c)
	}
	if c := post("tok3n"); c != 200 {
		t.Fatalf("reload: %d", c)
	}
	if g.Live.Load() == old {
		t.Error("the service was not swapped")
	}
	if code, _, body, _ := get(t, nil, g.URL+"added"); code != 200 || !strings.Contains(body, `"x"`) {
		t.Errorf("added after reload: %d %s", code, body)
	}
	if code := <-inflight; code != 200 {
		t.Errorf("request in flight during the reload: %d", code)
	}
	if v := metricSum(metricsText(t, g), "odatagw_schema_reloads_total", `result="ok"`); v != 1 {
		t.Errorf("schema_reloads{ok} = %v", v)
	}
}

// TestSIGHUPReloads runs the real Run loop and sends the process SIGHUP.
func TestSIGHUPReloads(t *testing.T) {
	flags, db := sqliteSource(t)
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &syncBuf{}, &syncBuf{}
	done := make(chan int)
	go func() {
		done <- Run(ctx, append(flags, "-listen", "127.0.0.1:0"), func(string) string { return "" }, stdout, stderr)
	}()
	defer func() { cancel(); <-done }()
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, rest, ok := strings.Cut(stdout.String(), " at "); ok {
			url = strings.TrimSpace(strings.SplitN(rest, "\n", 2)[0])
		}
	}
	if url == "" {
		t.Fatalf("gateway did not start: %s", stderr)
	}
	if _, err := db.Exec(`CREATE TABLE hup (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if code, _, _, _ := get(t, nil, url+"hup"); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("entity set hup not served 3s after SIGHUP:\n%s", stderr)
		}
	}
}

// TestShutdownFinishesInFlight: Stop lets a running request finish, then refuses new
// connections and closes the pool.
func TestShutdownFinishesInFlight(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, logs := startGateway(t, append(flags, "-shutdown-timeout", "5s")...)
	type result struct {
		code int
		err  error
	}
	inflight := make(chan result, 1)
	go func() {
		code, _, _, err := get(t, &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}, g.URL+"slow")
		inflight <- result{code, err}
	}()
	time.Sleep(150 * time.Millisecond)
	start := time.Now()
	if err := g.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	r := <-inflight
	if r.err != nil || r.code != 200 {
		t.Errorf("in-flight request during shutdown: %d %v", r.code, r.err)
	}
	t.Logf("shutdown took %v", time.Since(start))
	if c, err := net.DialTimeout("tcp", g.Addr, time.Second); err == nil {
		c.Close()
		t.Error("new connections are still accepted after Stop")
	}
	if err := g.Live.Load().DB.Ping(); err == nil {
		t.Error("the pool is still open after Stop")
	}
	if !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Error("no 'stopped' log line")
	}
}

// TestSaturation: 200 concurrent connections for 3 s against a small pool: every
// answer is 200, 429 or 503, none hangs past its deadline, memory stays bounded, and
// /metrics adds up afterwards.
func TestSaturation(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-max-concurrent", "64", "-db-max-open", "4", "-db-wait-timeout", "200ms",
		"-query-timeout", "10s", "-log-level", "warn")...)
	const clients = 200
	run := 3 * time.Second
	var total, ok, limited, busy, other, slowest atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(run)
	var peakHeap atomic.Uint64
	go func() {
		var ms runtime.MemStats
		for time.Now().Before(stop) {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peakHeap.Load() {
				peakHeap.Store(ms.HeapInuse)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxConnsPerHost: 1}}
			defer client.CloseIdleConnections()
			for n := 0; time.Now().Before(stop); n++ {
				path := "t?$top=20"
				if (i+n)%10 == 0 {
					path = "slow"
				}
				t0 := time.Now()
				code, hdr, _, err := get(t, client, g.URL+path)
				d := time.Since(t0).Milliseconds()
				for {
					s := slowest.Load()
					if d <= s || slowest.CompareAndSwap(s, d) {
						break
					}
				}
				total.Add(1)
				switch {
				case err != nil:
					other.Add(1)
					t.Errorf("request error: %v", err)
				case code == 200:
					ok.Add(1)
				case code == 429 || code == 503:
					if hdr.Get("Retry-After") == "" {
						t.Errorf("%d without Retry-After", code)
					}
					if code == 429 {
						limited.Add(1)
					} else {
						busy.Add(1)
					}
					time.Sleep(20 * time.Millisecond)
				default:
					other.Add(1)
					t.Errorf("status %d under load", code)
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d requests in %v from %d connections: %d × 200, %d × 429, %d × 503, %d other; slowest %d ms; peak heap in use %.1f MB",
		total.Load(), run, clients, ok.Load(), limited.Load(), busy.Load(), other.Load(), slowest.Load(), float64(peakHeap.Load())/(1<<20))
	if ok.Load() == 0 {
		t.Error("no request succeeded")
	}
	if slowest.Load() > 10000 {
		t.Errorf("a request took %d ms, past every deadline", slowest.Load())
	}
	if peakHeap.Load() > 512<<20 {
		t.Errorf("heap in use peaked at %d MB", peakHeap.Load()>>20)
	}
	m := metricsText(t, g)
	served := metricSum(m, "odatagw_http_requests_total", `method="GET"`, `entity_set="t"`) +
		metricSum(m, "odatagw_http_requests_total", `method="GET"`, `entity_set="slow"`) +
		metricSum(m, "odatagw_http_requests_total", `method="GET"`, `entity_set="-"`, `status="429"`)
	if int64(served) != total.Load() {
		t.Errorf("metrics count %v OData requests, the clients made %d", served, total.Load())
	}
	if v := metricSum(m, "odatagw_http_requests_in_flight"); v != 0 {
		t.Errorf("in flight after the run: %v", v)
	}
	t.Logf("metrics: rejected %v, db busy %v, pool wait count %v, rows served %v",
		metricSum(m, "odatagw_requests_rejected_total"), metricSum(m, "odatagw_db_errors_total", `kind="busy"`),
		metricSum(m, "odatagw_db_pool_wait_total"), metricSum(m, "odatagw_rows_served_total"))
	_ = slog.Default
}

// TestReloadKeepsTuning: the Service a reload builds keeps the configured cache and
// page settings (it once came back with the cache off and default byte caps).
func TestReloadKeepsTuning(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-cache-ttl", "1m", "-max-page-bytes", "4096")...)
	if err := g.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	sets := g.Live.Load().Model().EntitySets
	if len(sets) == 0 {
		t.Fatal("no entity sets after the reload")
	}
	list := g.URL + sets[0].Name + "?$top=1"
	var cache string
	for i := 0; i < 50 && cache != "hit"; i++ { // the cache's Set is asynchronous
		code, hdr, body, err := get(t, nil, list)
		if err != nil || code != 200 {
			t.Fatalf("GET %s after reload: %d %v %s", list, code, err, body)
		}
		cache = hdr.Get("X-Cache")
		time.Sleep(10 * time.Millisecond)
	}
	if cache != "hit" {
		t.Errorf("X-Cache after the reload = %q: the reloaded service lost -cache-ttl", cache)
	}
	// -max-page-bytes 4096 still caps pages: a page of every row stops early.
	code, _, body, _ := get(t, nil, g.URL+sets[0].Name)
	if code != 200 || len(body) > 4096 {
		t.Errorf("page after reload: %d, %d bytes (cap 4096)", code, len(body))
	}
}

// TestFilterDepthFlag: -max-filter-depth reaches the parser (400 past it).
func TestFilterDepthFlag(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-max-filter-depth", "3")...)
	sets := g.Live.Load().Model().EntitySets
	nested := func(depth int) string {
		return strings.Repeat("(", depth) + "1%20eq%201" + strings.Repeat(")", depth)
	}
	if code, _, body, _ := get(t, nil, g.URL+sets[0].Name+"?$filter="+nested(2)); code != 200 {
		t.Errorf("depth 2 under a limit of 3: %d %s", code, body)
	}
	if code, _, body, _ := get(t, nil, g.URL+sets[0].Name+"?$filter="+nested(6)); code != 400 || !strings.Contains(body, "nested") {
		t.Errorf("depth 6 over a limit of 3: %d %s", code, body)
	}
}
