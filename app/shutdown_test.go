package app

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// shutdownResult is the answer a request in flight during Stop got.
type shutdownResult struct {
	code int
	body string
	err  error
}

// getDuringStop starts GET url and returns the channel its answer arrives on. The
// client gives up after 30s, far below the -query-timeout of these tests: only a
// cancelled query answers in time.
func getDuringStop(t *testing.T, url string) <-chan shutdownResult {
	ch := make(chan shutdownResult, 1)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	go func() {
		code, _, body, err := get(t, client, url)
		ch <- shutdownResult{code, body, err}
	}()
	return ch
}

func wantShuttingDown(t *testing.T, r shutdownResult) {
	t.Helper()
	if r.err != nil || r.code != http.StatusServiceUnavailable || !strings.Contains(r.body, "ShuttingDown") {
		t.Errorf("request running when the shutdown window ended: %d %s %v, want 503 ShuttingDown", r.code, r.body, r.err)
	}
}

// TestShutdownCancelsRunningQuerySQLite: a query still running when the graceful
// shutdown window ends is cancelled through the request's context (the query timeout
// is two minutes; the view takes far longer), and its client gets 503 ShuttingDown.
func TestShutdownCancelsRunningQuerySQLite(t *testing.T) {
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-shutdown-timeout", "300ms", "-query-timeout", "2m")...)
	answer := getDuringStop(t, g.URL+"slower")
	time.Sleep(300 * time.Millisecond) // the query is running
	g.Stop()                           // the window passes with the request still in flight
	wantShuttingDown(t, <-answer)
}

// TestShutdownCancelsRunningQuery: on MariaDB/MySQL and PostgreSQL (with their DSN
// variables) the statement of a request still running when the shutdown window ends
// is gone from the server's process list before its 10 s sleep would end, and the
// client gets 503 ShuttingDown. PostgreSQL stops it at once (pgx's cancel request);
// go-sql-driver closes the connection, which MariaDB notices at its next liveness
// check inside SLEEP (every 5 s) — the server-side statement limit is 2 minutes here.
func TestShutdownCancelsRunningQuery(t *testing.T) {
	for name, open := range map[string]func(*testing.T) *slowSource{"mysql": mysqlSlowSource, "postgres": postgresSlowSource} {
		t.Run(name, func(t *testing.T) {
			src := open(t)
			g, _ := startGateway(t, append(src.flags, "-shutdown-timeout", "300ms", "-query-timeout", "2m")...)
			start := time.Now()
			answer := getDuringStop(t, g.URL+"slowv")
			for src.running() == 0 {
				if time.Since(start) > 5*time.Second {
					t.Fatal("the statement never appeared in the process list")
				}
				time.Sleep(20 * time.Millisecond)
			}
			stop := time.Now()
			g.Stop()
			gone := goneWithin(t, src, stop, 6*time.Second) // fails at 9 s: before the sleep ends
			t.Logf("statement gone %v after Stop began", gone.Round(time.Millisecond))
			wantShuttingDown(t, <-answer)
		})
	}
}
