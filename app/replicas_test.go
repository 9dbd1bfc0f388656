package app

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/odatagw/odatagw/cache/redisgen/redistest"
)

// Several replicas on one database sharing invalidation through one Redis (README
// "Running several replicas"): gateways started in this process, each with its own
// pool, cache and Redis connections, exactly as separate processes would have.

// replicaSource creates a MariaDB/MySQL database of its own with a writable table items
// (20 rows, an integer row-version ETag) and returns the flags that serve it.
func replicaSource(t *testing.T) []string {
	t.Helper()
	admin, name, dsn := mysqlScratch(t, "odatagw_rep", "the multi-replica tests (they need a database several gateways share)")
	for _, q := range []string{
		"CREATE TABLE " + name + ".items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, n INT NOT NULL, version INT NOT NULL DEFAULT 1)",
		"INSERT INTO " + name + ".items (name, n) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 20) SELECT CONCAT('item ', x), x FROM c",
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(t.TempDir(), "odatagw.yaml")
	if err := os.WriteFile(conf, []byte("tables:\n  items: {etag: version}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"-driver", "mysql", "-dsn", dsn, "-config", conf, "-writable", "*", "-cache-ttl", "10m"}
}

// startReplicas starts n gateways on flags sharing redisURL and waits until each one's
// Redis subscription is healthy.
func startReplicas(t *testing.T, n int, redisURL string, flags ...string) ([]*Gateway, []*syncBuf) {
	t.Helper()
	var gs []*Gateway
	var logs []*syncBuf
	for range n {
		g, l := startGateway(t, append(append([]string{}, flags...), "-redis-url", redisURL)...)
		gs, logs = append(gs, g), append(logs, l)
	}
	for _, g := range gs {
		waitRedisUp(t, g, 1)
	}
	return gs, logs
}

// waitRedisUp polls /metrics until odatagw_redis_up is want (bounded: 10 s, the time
// the README promises for sharing to resume).
func waitRedisUp(t *testing.T, g *Gateway, want float64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		text := metricsText(t, g)
		if strings.Contains(text, "odatagw_redis_up ") && metricSum(text, "odatagw_redis_up") == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("odatagw_redis_up did not become %v within 10s", want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func call(t *testing.T, method, url, body string, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := reply{status: res.StatusCode, header: res.Header, raw: string(b)}
	json.Unmarshal(b, &r.body)
	return r
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// warm reads url on g until it is a cache hit (so a stale answer after a write would
// be possible if invalidation were not shared).
func warm(t *testing.T, g *Gateway, path string) {
	t.Helper()
	for range 200 {
		r := call(t, "GET", g.URL+path, "")
		if r.header.Get("X-Cache") == "hit" {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s never became a cache hit on %s", path, g.URL)
}

// A PATCH, POST and DELETE through one replica; an immediate read through the others
// (whose caches held the old pages) shows the new state.
func TestReplicasSeeEachOthersWrites(t *testing.T) {
	flags := replicaSource(t)
	gs, _ := startReplicas(t, 3, redistest.SharedURL(t), flags...)
	const list = "items?$orderby=id&$count=true"
	warmAll := func(paths ...string) {
		for _, g := range gs {
			for _, p := range paths {
				warm(t, g, p)
			}
		}
	}
	for i := range 6 {
		w, others := gs[i%3], []*Gateway{gs[(i+1)%3], gs[(i+2)%3]}
		warmAll("items(1)", list)
		if r := call(t, "PATCH", w.URL+"items(1)", fmt.Sprintf(`{"n": %d}`, 1000+i)); r.status/100 != 2 {
			t.Fatalf("PATCH: %d %s", r.status, r.raw)
		}
		for _, o := range others {
			if r := call(t, "GET", o.URL+"items(1)", ""); num(r.body["n"]) != 1000+i {
				t.Fatalf("round %d: replica read n=%v after PATCH n=%d through another (X-Cache %s)", i, r.body["n"], 1000+i, r.header.Get("X-Cache"))
			}
			r := call(t, "GET", o.URL+list, "")
			if v := r.body["value"].([]any); num(v[0].(map[string]any)["n"]) != 1000+i {
				t.Fatalf("round %d: list on a replica shows n=%v after the PATCH", i, v[0].(map[string]any)["n"])
			}
		}

		warmAll(list)
		before := num(call(t, "GET", gs[0].URL+list, "").body["@odata.count"])
		r := call(t, "POST", w.URL+"items", fmt.Sprintf(`{"name": "new %d", "n": 7}`, i))
		if r.status != http.StatusCreated {
			t.Fatalf("POST: %d %s", r.status, r.raw)
		}
		id := num(r.body["id"])
		for _, o := range others {
			if c := num(call(t, "GET", o.URL+list, "").body["@odata.count"]); c != before+1 {
				t.Fatalf("round %d: replica counts %d after a POST elsewhere, want %d", i, c, before+1)
			}
		}

		path := fmt.Sprintf("items(%d)", id)
		warmAll(path, list)
		if r := call(t, "DELETE", w.URL+path, ""); r.status != http.StatusNoContent {
			t.Fatalf("DELETE: %d %s", r.status, r.raw)
		}
		for _, o := range others {
			if r := call(t, "GET", o.URL+path, ""); r.status != http.StatusNotFound {
				t.Fatalf("round %d: replica still serves deleted %s: %d (X-Cache %s)", i, path, r.status, r.header.Get("X-Cache"))
			}
			if c := num(call(t, "GET", o.URL+list, "").body["@odata.count"]); c != before {
				t.Fatalf("round %d: replica counts %d after a DELETE elsewhere, want %d", i, c, before)
			}
		}
	}
}

func randN(n int) int {
	v, _ := rand.Int(rand.Reader, big.NewInt(int64(n)))
	return int(v.Int64())
}

// A bounded concurrent mixed load through random replicas: no read started after a
// write returned shows an older value. Cache hits must occur, or the test would prove
// nothing.
func TestReplicasConcurrentLoadNeverStale(t *testing.T) {
	flags := replicaSource(t)
	gs, _ := startReplicas(t, 3, redistest.SharedURL(t), flags...)
	staleCount, hits := checkNoStaleReads(t, gs, gs, 4, 25)
	if staleCount != 0 {
		t.Fatalf("%d stale reads", staleCount)
	}
	if hits == 0 {
		t.Fatal("no read was a cache hit: the load did not exercise the shared invalidation")
	}
	t.Logf("cache hits among the reads: %d", hits)
}

// checkNoStaleReads runs writers (one per item 1..writers, rounds PATCHes each, each
// through a random writer replica) and readers on random reader replicas until the
// writers finish. It returns the stale reads and the cache hits seen. Every response
// must be 2xx.
func checkNoStaleReads(t *testing.T, writeVia, readVia []*Gateway, writers, rounds int) (stale, hits int64) {
	t.Helper()
	done := make([]atomic.Int64, writers+1) // last value whose PATCH returned, per item
	start := make([]int, writers+1)         // values only grow: a lower one is stale
	for k := 1; k <= writers; k++ {
		r := call(t, "GET", readVia[0].URL+fmt.Sprintf("items(%d)", k), "")
		start[k] = num(r.body["n"])
		done[k].Store(int64(start[k]))
	}
	var stop atomic.Bool
	var wg, rg sync.WaitGroup
	var staleN, hitN atomic.Int64
	errs := make(chan string, 64)
	fail := func(s string) {
		select {
		case errs <- s:
		default:
		}
	}
	for k := 1; k <= writers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 1; i <= rounds; i++ {
				v := start[k] + i
				g := writeVia[randN(len(writeVia))]
				r := call(t, "PATCH", g.URL+fmt.Sprintf("items(%d)", k), fmt.Sprintf(`{"n": %d}`, v))
				if r.status/100 != 2 {
					fail(fmt.Sprintf("PATCH: %d %s", r.status, r.raw))
					return
				}
				done[k].Store(int64(v))
				time.Sleep(time.Duration(randN(20)) * time.Millisecond) // room for cache hits between writes
			}
		}()
	}
	for range 6 {
		rg.Add(1)
		go func() {
			defer rg.Done()
			for !stop.Load() {
				k := 1 + randN(writers)
				floor := done[k].Load() // a value whose write returned before this read starts
				g := readVia[randN(len(readVia))]
				var got int
				if randN(2) == 0 {
					r := call(t, "GET", g.URL+fmt.Sprintf("items(%d)", k), "")
					if r.status != http.StatusOK {
						fail(fmt.Sprintf("GET entity: %d %s", r.status, r.raw))
						return
					}
					got = num(r.body["n"])
					if r.header.Get("X-Cache") == "hit" {
						hitN.Add(1)
					}
				} else {
					r := call(t, "GET", g.URL+"items?$orderby=id&$top=10", "")
					if r.status != http.StatusOK {
						fail(fmt.Sprintf("GET list: %d %s", r.status, r.raw))
						return
					}
					got = num(r.body["value"].([]any)[k-1].(map[string]any)["n"])
					if r.header.Get("X-Cache") == "hit" {
						hitN.Add(1)
					}
				}
				if int64(got) < floor {
					staleN.Add(1)
					fail(fmt.Sprintf("stale read of item %d: %d after the write of %d returned", k, got, floor))
				}
			}
		}()
	}
	wg.Wait()
	stop.Store(true)
	rg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	return staleN.Load(), hitN.Load()
}

// Redis killed (a private redis-server): every request is 2xx and never stale, the
// metric and log say Redis is down, /ready stays ready; Redis back: sharing resumes by
// itself (cached pages served again, writes seen across replicas).
func TestReplicasRedisOutage(t *testing.T) {
	flags := replicaSource(t)
	srv := redistest.Start(t)
	gs, logs := startReplicas(t, 3, srv.URL(), flags...)
	for _, g := range gs {
		warm(t, g, "items(1)")
		warm(t, g, "items?$orderby=id&$top=10")
	}

	srv.Kill()
	// The first writes run while the replicas are still noticing the outage.
	stale, _ := checkNoStaleReads(t, gs, gs, 3, 10)
	if stale != 0 {
		t.Fatalf("%d stale reads during the Redis outage", stale)
	}
	for i, g := range gs {
		waitRedisUp(t, g, 0)
		if code, _, body, _ := get(t, nil, "http://"+g.Addr+"/ready"); code != http.StatusOK {
			t.Fatalf("replica %d: /ready %d during the Redis outage: %s", i, code, body)
		}
		if !strings.Contains(logs[i].String(), "redis unreachable") {
			t.Fatalf("replica %d: the log does not say Redis is unreachable:\n%s", i, logs[i])
		}
	}

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		waitRedisUp(t, g, 1)
	}
	for _, g := range gs {
		warm(t, g, "items(2)") // cached pages are served again
	}
	if r := call(t, "PATCH", gs[0].URL+"items(2)", `{"n": 424242}`); r.status/100 != 2 {
		t.Fatalf("PATCH after the restart: %d %s", r.status, r.raw)
	}
	for _, g := range gs[1:] {
		if r := call(t, "GET", g.URL+"items(2)", ""); num(r.body["n"]) != 424242 {
			t.Fatalf("after Redis returned, a replica reads n=%v (X-Cache %s)", r.body["n"], r.header.Get("X-Cache"))
		}
	}
	stale, hits := checkNoStaleReads(t, gs, gs, 3, 10)
	if stale != 0 || hits == 0 {
		t.Fatalf("after recovery: %d stale reads, %d hits", stale, hits)
	}
}

// What a client carries from one request to the next works on any replica: a CSRF
// token fetched from one, a next link issued by one, an ETag read from one.
func TestReplicasClientStateCarriesOver(t *testing.T) {
	flags := replicaSource(t)
	flags = append(flags, "-csrf", "-csrf-secret", "replica-shared-secret-0123456789", "-max-page-size", "5")
	gs, _ := startReplicas(t, 2, redistest.SharedURL(t), flags...)
	a, b := gs[0], gs[1]

	r := call(t, "GET", a.URL+"items(3)", "", "X-CSRF-Token", "Fetch")
	token, tag := r.header.Get("X-CSRF-Token"), r.header.Get("ETag")
	if token == "" || tag == "" {
		t.Fatalf("no CSRF token (%q) or ETag (%q) from replica A", token, tag)
	}
	if r := call(t, "PATCH", b.URL+"items(3)", `{"n": 3003}`, "If-Match", tag); r.status != http.StatusForbidden {
		t.Fatalf("a write without a token was %d, want 403", r.status)
	}
	if r := call(t, "PATCH", b.URL+"items(3)", `{"n": 3003}`, "X-CSRF-Token", token, "If-Match", tag); r.status/100 != 2 {
		t.Fatalf("A's CSRF token and ETag refused by B: %d %s", r.status, r.raw)
	}
	if r := call(t, "PATCH", a.URL+"items(3)", `{"n": 3004}`, "X-CSRF-Token", token, "If-Match", tag); r.status != http.StatusPreconditionFailed {
		t.Fatalf("the old ETag after B's write: %d, want 412", r.status)
	}

	page := call(t, "GET", a.URL+"items?$orderby=id", "")
	next, _ := page.body["@odata.nextLink"].(string)
	if next == "" {
		t.Fatalf("no next link: %s", page.raw)
	}
	next = strings.Replace(next, a.URL, b.URL, 1)
	r = call(t, "GET", next, "")
	v, _ := r.body["value"].([]any)
	if r.status != http.StatusOK || len(v) != 5 || num(v[0].(map[string]any)["id"]) != 6 {
		t.Fatalf("A's next link on B: %d %s", r.status, r.raw)
	}
}
