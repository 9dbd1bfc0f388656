package app

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBackoffDelay(t *testing.T) {
	b := backoff{Base: 100 * time.Millisecond, Max: 3 * time.Second}
	lo := func(int64) int64 { return 0 }
	hi := func(k int64) int64 { return k - 1 }
	var prevHi time.Duration
	step := b.Base
	for n := 1; n <= 100; n, step = n+1, min(b.Max, 2*step) {
		dLo, dHi := b.delay(n, lo), b.delay(n, hi)
		if dLo != step/2 || dHi != step {
			t.Errorf("attempt %d: delay in [%v, %v], want [%v, %v]", n, dLo, dHi, step/2, step)
		}
		if dHi < prevHi {
			t.Errorf("attempt %d: the longest wait shrank from %v to %v", n, prevHi, dHi)
		}
		prevHi = dHi
	}
	if got := b.delay(5, hi); got != 1600*time.Millisecond {
		t.Errorf("attempt 5: %v, want 1.6s (100ms·2⁴)", got)
	}
	if got := b.delay(1000, hi); got != b.Max {
		t.Errorf("attempt 1000: %v, want the cap %v", got, b.Max)
	}
}

// closedPort is a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

func shortRetry(t *testing.T) {
	was := startRetry
	startRetry = backoff{Base: 50 * time.Millisecond, Max: 400 * time.Millisecond}
	t.Cleanup(func() { startRetry = was })
}

// checkUnavailable checks the answers of a gateway whose schema is not loaded.
func checkUnavailable(t *testing.T, g *Gateway, path string) {
	t.Helper()
	if code, _, body, err := get(t, nil, "http://"+g.Addr+"/live"); err != nil || code != 200 {
		t.Errorf("/live: %d %s %v", code, body, err)
	}
	if code, hdr, body, err := get(t, nil, "http://"+g.Addr+"/ready"); err != nil || code != 503 || hdr.Get("Retry-After") == "" {
		t.Errorf("/ready: %d %v %s %v", code, hdr, body, err)
	}
	for _, p := range []string{"", "$metadata", path, path + "?$top=1&$count=true"} {
		code, hdr, body, err := get(t, nil, g.URL+p)
		if err != nil || code != 503 || hdr.Get("Retry-After") == "" || hdr.Get("OData-Version") == "" ||
			!strings.Contains(body, `"code":"DatabaseUnavailable"`) {
			t.Errorf("GET %s before the schema loaded: %d %v %s %v", g.URL+p, code, hdr, body, err)
		}
	}
	for _, p := range []string{"v2/", "v2/$metadata", "v2/" + path} { // the OData 2.0 root
		if code, _, body, err := get(t, nil, g.URL+p); err != nil || code != 503 {
			t.Errorf("GET %s before the schema loaded: %d %s %v", g.URL+p, code, body, err)
		}
	}
	res, err := http.Post(g.URL+path, "application/json", strings.NewReader(`{"id":9}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 503 || !strings.Contains(string(b), `"code":"DatabaseUnavailable"`) {
		t.Errorf("POST before the schema loaded: %d %s", res.StatusCode, b)
	}
	if code, _, body, _ := get(t, nil, "http://"+g.Addr+"/console/"); code != 503 {
		t.Errorf("console before the schema loaded: %d %s", code, body)
	}
}

// TestStartWithoutDatabaseStops starts against a port nothing listens on: the gateway
// serves 503s, logs its attempts without the password, and stops cleanly while it is
// still retrying.
func TestStartWithoutDatabaseStops(t *testing.T) {
	shortRetry(t)
	dsn := fmt.Sprintf("odatagw:Secr3tPw@tcp(127.0.0.1:%d)/nothing?timeout=1s", closedPort(t))
	g, logs := startGateway(t, "-driver", "mysql", "-dsn", dsn)
	if g.Service != nil || g.Live.Load() != nil {
		t.Fatal("a schema was loaded from a port nothing listens on")
	}
	checkUnavailable(t, g, "items")
	if err := g.Reload(t.Context()); err == nil {
		t.Error("reload before the schema loaded: no error")
	}
	for deadline := time.Now().Add(20 * time.Second); strings.Count(logs.String(), "database unreachable") < 3; {
		if time.Now().After(deadline) {
			t.Fatalf("fewer than 3 retry lines:\n%s", lastLines(logs.String(), 10))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := g.Stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if strings.Contains(logs.String(), "Secr3tPw") {
		t.Error("the password is in the log")
	}
	n := strings.Count(logs.String(), "database unreachable")
	time.Sleep(time.Second) // past two retry windows: a loader still running would log again
	if m := strings.Count(logs.String(), "database unreachable"); m != n {
		t.Errorf("the loader kept retrying after Stop (%d → %d lines)", n, m)
	}
}

// TestCheckConfigFailsFast: -check-config does not wait for the database.
func TestCheckConfigFailsFast(t *testing.T) {
	dsn := fmt.Sprintf("odatagw:Secr3tPw@tcp(127.0.0.1:%d)/nothing", closedPort(t))
	var stdout, stderr bytes.Buffer
	code := Run(t.Context(), []string{"-check-config", "-driver", "mysql", "-dsn", dsn}, func(string) string { return "" }, &stdout, &stderr)
	if code == 0 || !strings.Contains(stderr.String(), "connect to mysql") {
		t.Errorf("exit %d, stderr %s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), "Secr3tPw") {
		t.Error("the password is in the error")
	}
}

// TestStartWithoutDatabase starts the gateway while its (private) MariaDB server is
// down, then starts the server: the same process loads the schema and answers 200.
func TestStartWithoutDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a private MariaDB server")
	}
	m := startThrowawayMariaDB(t)
	admin, err := sql.Open("mysql", m.dsn(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE DATABASE boot", "CREATE TABLE boot.items (id INT PRIMARY KEY, name VARCHAR(20))",
		"INSERT INTO boot.items VALUES (1,'a'),(2,'b'),(3,'c')"} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	admin.Close()
	m.kill()
	shortRetry(t)
	g, logs := startGateway(t, "-driver", "mysql", "-dsn", m.dsn("boot")+"?timeout=2s", "-log-level", "info")
	checkUnavailable(t, g, "items")
	if err := m.start(); err != nil {
		t.Fatalf("start the database: %v: %s", err, m.log())
	}
	var code int
	var body string
	for deadline := time.Now().Add(60 * time.Second); code != 200 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		code, _, body, _ = get(t, nil, g.URL+"items?$orderby=id&$select=id,name")
	}
	if want := `"value":[{"id":1,"name":"a"},{"id":2,"name":"b"},{"id":3,"name":"c"}]`; code != 200 || !strings.Contains(body, want) {
		t.Fatalf("after the database came up: %d %s (want %s)\n%s", code, body, want, lastLines(logs.String(), 10))
	}
	if code, _, body, _ := get(t, nil, "http://"+g.Addr+"/ready"); code != 200 {
		t.Errorf("/ready after the schema loaded: %d %s", code, body)
	}
	if !strings.Contains(logs.String(), "database reachable: schema loaded") {
		t.Errorf("no line for the load:\n%s", lastLines(logs.String(), 10))
	}
	if !strings.Contains(metricsText(t, g), "odatagw_db_pool_connections") {
		t.Error("no pool metrics after the late load") // the collector reports only once SetPool ran
	}
}
