package metrics

import (
	"database/sql"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// scrape returns the exposition text the handler serves.
func scrape(t *testing.T, r *Registry) string {
	t.Helper()
	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("/metrics status %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// has fails unless the exposition holds the exact sample line.
func has(t *testing.T, text, line string) {
	t.Helper()
	for _, l := range strings.Split(text, "\n") {
		if l == line {
			return
		}
	}
	t.Errorf("missing sample %q", line)
}

func TestZeroSeriesExistFromTheStart(t *testing.T) {
	text := scrape(t, New())
	for _, kind := range []string{"timeout", "unavailable", "busy", "other"} {
		has(t, text, `odatagw_db_errors_total{kind="`+kind+`"} 0`)
	}
	has(t, text, `odatagw_cache_lookups_total{result="hit"} 0`)
	has(t, text, `odatagw_cache_lookups_total{result="miss"} 0`)
	has(t, text, `odatagw_http_requests_in_flight 0`)
	if !strings.Contains(text, "go_goroutines") || !strings.Contains(text, "process_") {
		t.Error("the Go runtime and process collectors are not registered")
	}
	if strings.Contains(text, "odatagw_db_pool_") {
		t.Error("pool metrics appear before a pool is set")
	}
}

func TestObserveRequest(t *testing.T) {
	r := New()
	r.ObserveRequest(Request{EntitySet: "Customers", Method: "GET", Status: 200, Duration: 30 * time.Millisecond,
		Bytes: 1200, Rows: 12, Parse: time.Millisecond, Plan: time.Millisecond, DB: 20 * time.Millisecond, Encode: 2 * time.Millisecond})
	r.ObserveRequest(Request{EntitySet: "Customers", Method: "GET", Status: 200, Duration: time.Millisecond, Bytes: 800, Rows: 3})
	r.ObserveRequest(Request{Method: "GET", Status: 404, Duration: time.Millisecond})
	text := scrape(t, r)
	has(t, text, `odatagw_http_requests_total{entity_set="Customers",method="GET",status="200"} 2`)
	has(t, text, `odatagw_http_requests_total{entity_set="-",method="GET",status="404"} 1`)
	has(t, text, `odatagw_rows_served_total{entity_set="Customers"} 15`)
	has(t, text, `odatagw_response_bytes_total{entity_set="Customers"} 2000`)
	has(t, text, `odatagw_http_request_duration_seconds_count{method="GET"} 3`)
	// Stages are observed only for requests that report them (the first one).
	for _, st := range []string{"parse", "plan", "db", "encode"} {
		has(t, text, `odatagw_stage_duration_seconds_count{stage="`+st+`"} 1`)
	}
	has(t, text, `odatagw_stage_duration_seconds_sum{stage="db"} 0.02`)
	if strings.Contains(text, `odatagw_rows_served_total{entity_set="-"}`) {
		t.Error("a request without rows created a rows series")
	}
}

func TestCountersAndGauges(t *testing.T) {
	r := New()
	r.InFlight(3)
	r.InFlight(-1)
	r.Rejected("global")
	r.Rejected("principal")
	r.Rejected("principal")
	r.DBError("timeout")
	r.Reload(true)
	r.Reload(false)
	r.Reload(false)
	r.CacheLookup("Orders", true)
	r.CacheLookup("Orders", false)
	r.CacheLookup("Customers", true)
	r.CacheEvicted(2, 4096)
	r.CacheBytes(123456)
	text := scrape(t, r)
	has(t, text, `odatagw_http_requests_in_flight 2`)
	has(t, text, `odatagw_requests_rejected_total{reason="global"} 1`)
	has(t, text, `odatagw_requests_rejected_total{reason="principal"} 2`)
	has(t, text, `odatagw_db_errors_total{kind="timeout"} 1`)
	has(t, text, `odatagw_db_errors_total{kind="other"} 0`)
	has(t, text, `odatagw_schema_reloads_total{result="ok"} 1`)
	has(t, text, `odatagw_schema_reloads_total{result="error"} 2`)
	has(t, text, `odatagw_cache_lookups_total{result="hit"} 2`)
	has(t, text, `odatagw_cache_lookups_total{result="miss"} 1`)
	has(t, text, `odatagw_cache_evictions_total 2`)
	has(t, text, `odatagw_cache_evicted_bytes_total 4096`)
	has(t, text, `odatagw_cache_bytes 123456`)
	if strings.Contains(text, `entity_set="Orders"`) {
		t.Error("cache lookups must not be labelled by entity set")
	}
}

func TestPoolCollectorReadsStatsAtScrape(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "pool.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(4)
	r := New()
	r.SetPool(db)
	conn, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	text := scrape(t, r)
	has(t, text, `odatagw_db_pool_max_open 4`)
	has(t, text, `odatagw_db_pool_connections{state="in_use"} 1`)
	has(t, text, `odatagw_db_pool_connections{state="idle"} 0`)
	conn.Close()
	text = scrape(t, r)
	has(t, text, `odatagw_db_pool_connections{state="in_use"} 0`)
	has(t, text, `odatagw_db_pool_connections{state="idle"} 1`)
	has(t, text, `odatagw_db_pool_closed_total{reason="max_lifetime"} 0`)
}
