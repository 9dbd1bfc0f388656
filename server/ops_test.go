package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	dto "github.com/prometheus/client_model/go"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/metrics"
)

// fakeReader answers every read after an optional pause.
type fakeReader struct {
	pause   time.Duration
	entered chan struct{}
	err     error
}

func (f *fakeReader) Read(ctx context.Context, r gateway.Request) (*gateway.Response, error) {
	if f.entered != nil {
		f.entered <- struct{}{}
	}
	time.Sleep(f.pause)
	if f.err != nil {
		return nil, f.err
	}
	return &gateway.Response{Status: 200, ContentType: "application/json", Body: []byte(`{"value":[{"a":1},{"a":2}]}`),
		Rows: 2, Timings: gateway.Timings{Parse: time.Millisecond, Plan: time.Millisecond, DB: 5 * time.Millisecond, Encode: time.Millisecond}}, nil
}

func (f *fakeReader) HasEntitySet(name string) bool { return name == "orders" }

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func testApp(t *testing.T, r Reader, ops Ops) (*fiber.App, *syncBuf) {
	t.Helper()
	logs := &syncBuf{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return New(r, Options{BasePath: "/odata", Log: log, Ops: ops}), logs
}

func do(t *testing.T, app *fiber.App, method, target string, body io.Reader, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestHealth(t *testing.T) {
	var fail error
	app, _ := testApp(t, &fakeReader{}, Ops{Ready: func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			t.Error("ready check without a deadline")
		}
		return fail
	}})
	if res, _ := do(t, app, "GET", "/live", nil); res.StatusCode != 200 {
		t.Errorf("/live: %d", res.StatusCode)
	}
	if res, body := do(t, app, "GET", "/ready", nil); res.StatusCode != 200 || !strings.Contains(body, "ready") {
		t.Errorf("/ready: %d %s", res.StatusCode, body)
	}
	fail = errors.New("dial tcp: connection refused")
	res, body := do(t, app, "GET", "/ready", nil)
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || strings.Contains(body, "refused") {
		t.Errorf("/ready while the database is down: %d %q Retry-After=%q", res.StatusCode, body, res.Header.Get("Retry-After"))
	}
	// Health is not under the OData root, and /odata/live is OData's business.
	if res, _ := do(t, app, "GET", "/odata/live", nil); res.StatusCode != 200 {
		t.Errorf("/odata/live went to the OData handler? %d", res.StatusCode)
	}
}

func counter(t *testing.T, reg *metrics.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if v, ok := labels[lp.GetName()]; ok && v != lp.GetValue() {
					continue next
				}
			}
			return value(m)
		}
	}
	return -1
}

func value(m *dto.Metric) float64 {
	switch {
	case m.Counter != nil:
		return m.Counter.GetValue()
	case m.Gauge != nil:
		return m.Gauge.GetValue()
	case m.Histogram != nil:
		return float64(m.Histogram.GetSampleCount())
	}
	return 0
}

func TestMetricsAndAccessLog(t *testing.T) {
	reg := metrics.New()
	app, logs := testApp(t, &fakeReader{}, Ops{Metrics: reg, MetricsRoute: true})
	for range 3 {
		do(t, app, "GET", "/odata/orders?$top=2", nil)
	}
	do(t, app, "GET", "/odata/nosuch%20thing", nil) // unknown names never become labels
	res, body := do(t, app, "GET", "/metrics", nil)
	if res.StatusCode != 200 {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	for _, want := range []string{
		`odatagw_http_requests_total{entity_set="orders",method="GET",status="200"} 3`,
		`odatagw_rows_served_total{entity_set="orders"} 6`,
		`odatagw_stage_duration_seconds_count{stage="db"} 4`,
		`odatagw_db_errors_total{kind="timeout"} 0`,
		`odatagw_cache_lookups_total{result="hit"} 0`,
		`odatagw_http_request_duration_seconds_bucket`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "nosuch") {
		t.Error("an unknown entity-set name became a label")
	}
	line := ""
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, `"msg":"request"`) && strings.Contains(l, "/odata/orders") {
			line = l
		}
	}
	for _, want := range []string{`"request_id":`, `"entity_set":"orders"`, `"rows":2`, `"bytes":`, `"stages_ms":{"parse":1`, `"db":5`, `"status":200`} {
		if !strings.Contains(line, want) {
			t.Errorf("access log line lacks %s: %s", want, line)
		}
	}
}

func TestDatabaseErrorKinds(t *testing.T) {
	reg := metrics.New()
	for _, code := range []string{"QueryTimeout", "DatabaseUnavailable", "DatabaseBusy"} {
		f := &fakeReader{}
		f.err = gatewayError(code)
		app, _ := testApp(t, f, Ops{Metrics: reg})
		res, _ := do(t, app, "GET", "/odata/orders", nil)
		if code != "QueryTimeout" && res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", code)
		}
	}
	for kind, want := range map[string]float64{"timeout": 1, "unavailable": 1, "busy": 1, "other": 0} {
		if got := counter(t, reg, "odatagw_db_errors_total", map[string]string{"kind": kind}); got != want {
			t.Errorf("db_errors_total{kind=%s} = %v, want %v", kind, got, want)
		}
	}
}

func gatewayError(code string) error {
	status := map[string]int{"QueryTimeout": 504, "DatabaseUnavailable": 503, "DatabaseBusy": 503}[code]
	return &odataError{status, code}
}

// TestStreamDone checks that a streamed response is measured to its last byte, holds
// its concurrency slot until then, and is logged once, at the end.
func TestStreamDone(t *testing.T) {
	reg := metrics.New()
	logs := &syncBuf{}
	h := &handler{svc: &fakeReader{}, o: Options{BasePath: "/odata", Log: slog.New(slog.NewJSONHandler(logs, nil)),
		Ops: Ops{Metrics: reg, MaxConcurrent: 1}}}
	h.lim = newLimiter(1, 0)
	app := fiber.New(fiber.Config{ErrorHandler: h.errorHandler, DisableStartupMessage: true})
	app.Use(h.requestID, h.limit)
	app.Get("/odata/orders", func(c *fiber.Ctx) error {
		done := StreamDone(c)
		c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
			w.WriteString(`{"value":[`)
			w.Flush()
			time.Sleep(300 * time.Millisecond)
			w.WriteString(`]}`)
			w.Flush()
			done(12, 7)
		})
		return nil
	})
	ln := newLocalListener(t)
	go app.Listener(ln)
	defer app.Shutdown()
	url := "http://" + ln.Addr().String() + "/odata/orders"
	start := time.Now()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	// While the first stream is running, its slot is taken.
	res2, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != 429 || res2.Header.Get("Retry-After") == "" {
		t.Errorf("second request while streaming: %d, want 429 with Retry-After", res2.StatusCode)
	}
	io.ReadAll(res.Body)
	res.Body.Close()
	elapsed := time.Since(start)
	time.Sleep(50 * time.Millisecond)
	mfs, _ := reg.Gatherer().Gather()
	for _, mf := range mfs {
		if mf.GetName() == "odatagw_http_request_duration_seconds" {
			h := mf.GetMetric()[0].GetHistogram()
			if h.GetSampleSum() < 0.29 || h.GetSampleSum() > elapsed.Seconds()+0.1 {
				t.Errorf("stream duration %.3fs, want ≈0.3s (to the last byte)", h.GetSampleSum())
			}
		}
	}
	if got := counter(t, reg, "odatagw_rows_served_total", map[string]string{"entity_set": "orders"}); got != 7 {
		t.Errorf("rows served = %v, want 7", got)
	}
	if n := strings.Count(logs.String(), `"streamed":true`); n != 1 {
		t.Errorf("%d streamed log lines, want 1:\n%s", n, logs.String())
	}
	// The slot is free again.
	res3, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(res3.Body)
	res3.Body.Close()
	if res3.StatusCode != 200 {
		t.Errorf("after the stream: %d", res3.StatusCode)
	}
}

func TestConcurrencyLimits(t *testing.T) {
	f := &fakeReader{pause: 300 * time.Millisecond, entered: make(chan struct{}, 10)}
	reg := metrics.New()
	app, _ := testApp(t, f, Ops{Metrics: reg, MaxConcurrent: 3, MaxConcurrentPerPrincipal: 2})
	var wg sync.WaitGroup
	statuses := make(chan int, 10)
	get := func() {
		defer wg.Done()
		res, _ := do(t, app, "GET", "/odata/orders", nil)
		statuses <- res.StatusCode
	}
	wg.Add(2)
	go get()
	go get()
	<-f.entered
	<-f.entered
	// A third request from the same (anonymous, same IP) principal is refused.
	res, body := do(t, app, "GET", "/odata/orders", nil)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" || !strings.Contains(body, "TooManyRequests") {
		t.Errorf("third concurrent request: %d %s", res.StatusCode, body)
	}
	// Health checks are not limited.
	if res, _ := do(t, app, "GET", "/live", nil); res.StatusCode != 200 {
		t.Errorf("/live under load: %d", res.StatusCode)
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != 200 {
			t.Errorf("admitted request: %d", s)
		}
	}
	if got := counter(t, reg, "odatagw_requests_rejected_total", map[string]string{"reason": "principal"}); got != 1 {
		t.Errorf("rejected{principal} = %v", got)
	}
	if got := counter(t, reg, "odatagw_http_requests_in_flight", nil); got != 0 {
		t.Errorf("in flight after the run = %v", got)
	}
}

func TestAdminReload(t *testing.T) {
	calls := 0
	reload := func(context.Context) error { calls++; return nil }
	app, _ := testApp(t, &fakeReader{}, Ops{Reload: reload})
	if res, _ := do(t, app, "POST", "/admin/reload", nil); res.StatusCode != 404 {
		t.Errorf("without an admin token the route must not exist: %d", res.StatusCode)
	}
	app, _ = testApp(t, &fakeReader{}, Ops{Reload: reload, AdminToken: "s3cret"})
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer nope"}, {"X-Admin-Token", "s3cre"}} {
		if res, _ := do(t, app, "POST", "/admin/reload", nil, hdr...); res.StatusCode != 401 {
			t.Errorf("%v: %d, want 401", hdr, res.StatusCode)
		}
	}
	if res, _ := do(t, app, "GET", "/admin/reload", nil, "Authorization", "Bearer s3cret"); res.StatusCode == 200 {
		t.Error("GET reloads")
	}
	for _, hdr := range [][]string{{"Authorization", "Bearer s3cret"}, {"X-Admin-Token", "s3cret"}} {
		if res, body := do(t, app, "POST", "/admin/reload", nil, hdr...); res.StatusCode != 200 {
			t.Errorf("%v: %d %s", hdr, res.StatusCode, body)
		}
	}
	if calls != 2 {
		t.Errorf("reload called %d times, want 2", calls)
	}
}

func TestBodyLimit(t *testing.T) {
	app, _ := testApp(t, &fakeReader{}, Ops{MaxBodyBytes: 1000})
	ln := newLocalListener(t)
	go app.Listener(ln)
	defer app.Shutdown()
	res, err := http.Post("http://"+ln.Addr().String()+"/odata/orders", "application/json", strings.NewReader(strings.Repeat("x", 2000)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 413 {
		t.Errorf("oversized body: %d, want 413", res.StatusCode)
	}
}
