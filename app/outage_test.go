package app

import (
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// throwaway is a private MariaDB server on its own port and data directory, so a test
// can stop and restart it while the shared server keeps running.
type throwaway struct {
	t       *testing.T
	bin     string
	dir     string
	port    int
	cmd     *exec.Cmd
	exited  chan struct{}
	logFile string
	extra   []string // more server options (a binary log)
}

func startThrowawayMariaDB(t *testing.T, extra ...string) *throwaway {
	t.Helper()
	bin, err1 := exec.LookPath("mariadbd")
	if err1 != nil {
		bin, err1 = exec.LookPath("/usr/sbin/mariadbd")
	}
	install, err2 := exec.LookPath("mariadb-install-db")
	if err1 != nil || err2 != nil {
		t.Skip("mariadbd or mariadb-install-db not installed: the outage test needs a private MariaDB server")
	}
	dir, err := os.MkdirTemp("", "odatagw-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	args := []string{"--no-defaults", "--datadir=" + filepath.Join(dir, "data"), "--auth-root-authentication-method=normal", "--skip-test-db"}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	if out, err := exec.Command(install, args...).CombinedOutput(); err != nil {
		t.Skipf("cannot initialize a private MariaDB data directory (%v): %s", err, lastLines(string(out), 5))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	m := &throwaway{t: t, bin: bin, dir: dir, port: port, logFile: filepath.Join(dir, "error.log"), extra: extra}
	if err := m.start(); err != nil {
		t.Skipf("cannot start a private MariaDB server: %v: %s", err, m.log())
	}
	t.Cleanup(m.kill)
	return m
}

func (m *throwaway) dsn(db string) string {
	return fmt.Sprintf("root@tcp(127.0.0.1:%d)/%s", m.port, db)
}

func (m *throwaway) start() error {
	args := []string{"--no-defaults", "--datadir=" + filepath.Join(m.dir, "data"), "--port=" + strconv.Itoa(m.port),
		"--bind-address=127.0.0.1", "--socket=" + filepath.Join(m.dir, "mysqld.sock"), "--pid-file=" + filepath.Join(m.dir, "mysqld.pid"),
		"--log-error=" + m.logFile, "--skip-grant-tables", "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M",
		"--max-connections=200"}
	if len(m.extra) == 0 {
		args = append(args, "--skip-log-bin")
	}
	args = append(args, m.extra...)
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	m.cmd = exec.Command(m.bin, args...)
	if err := m.cmd.Start(); err != nil {
		return err
	}
	m.exited = make(chan struct{})
	go func(c *exec.Cmd, ch chan struct{}) { c.Wait(); close(ch) }(m.cmd, m.exited)
	db, err := sql.Open("mysql", m.dsn(""))
	if err != nil {
		return err
	}
	defer db.Close()
	return waitPing(db, 30*time.Second)
}

// kill stops the server at once (SIGKILL), as a crash or a pulled cable would.
func (m *throwaway) kill() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	m.cmd.Process.Signal(syscall.SIGKILL)
	<-m.exited
	m.cmd = nil
}

func (m *throwaway) log() string {
	b, _ := os.ReadFile(m.logFile)
	return lastLines(string(b), 10)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// TestOutage stops the database for 3 s under load: the gateway answers only 200 or
// 503 (with Retry-After), never 500 and never past its deadline, /ready turns 503, and
// 200s return within 5 s of the database's return, without a restart.
func TestOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("outage test")
	}
	m := startThrowawayMariaDB(t)
	admin, err := sql.Open("mysql", m.dsn(""))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{"CREATE DATABASE ops", "CREATE TABLE ops.items (id INT PRIMARY KEY, name VARCHAR(20))",
		"INSERT INTO ops.items VALUES (1,'a'),(2,'b'),(3,'c')"} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	admin.Close()
	const queryTimeout = 2 * time.Second
	g, logs := startGateway(t, "-driver", "mysql", "-dsn", m.dsn("ops"), "-query-timeout", queryTimeout.String(), "-log-level", "info", "-cache-ttl", "0") // every request must reach the database

	var (
		mu       sync.Mutex
		statuses = map[int]int{}
		slowest  time.Duration
		last200  atomic.Int64 // unix nanos of the latest 200
		stop     atomic.Bool
		wg       sync.WaitGroup
	)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				t0 := time.Now()
				code, hdr, body, err := get(t, nil, g.URL+"items?$top=2")
				d := time.Since(t0)
				mu.Lock()
				if err != nil {
					statuses[-1]++
				} else {
					statuses[code]++
				}
				slowest = max(slowest, d)
				mu.Unlock()
				switch {
				case code == 200:
					last200.Store(time.Now().UnixNano())
				case code == 503:
					if hdr.Get("Retry-After") == "" || !strings.Contains(body, `"error"`) {
						t.Errorf("503 without Retry-After or OData error: %s", body)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}
	time.Sleep(time.Second)
	if last200.Load() == 0 {
		t.Fatal("no 200 before the outage")
	}
	m.kill()
	down := time.Now()
	time.Sleep(500 * time.Millisecond)
	if code, _, _, _ := get(t, nil, "http://"+g.Addr+"/ready"); code != 503 {
		t.Errorf("/ready during the outage: %d", code)
	}
	time.Sleep(time.Until(down.Add(3 * time.Second)))
	if err := m.start(); err != nil {
		t.Fatalf("restart: %v: %s", err, m.log())
	}
	back := time.Now()
	for time.Since(back) < 5*time.Second && last200.Load() < back.UnixNano() {
		time.Sleep(50 * time.Millisecond)
	}
	recovered := time.Duration(last200.Load() - back.UnixNano())
	time.Sleep(300 * time.Millisecond)
	stop.Store(true)
	wg.Wait()
	t.Logf("statuses %v; slowest %v; first 200 %v after the database was back (server down %v)",
		statuses, slowest.Round(time.Millisecond), recovered.Round(time.Millisecond), back.Sub(down).Round(time.Millisecond))
	if last200.Load() < back.UnixNano() {
		t.Errorf("no 200 within 5s of the database's return")
	}
	for code := range statuses {
		if code != 200 && code != 503 {
			t.Errorf("%d answers with status %d (want only 200 and 503)\n%s", statuses[code], code, lastLines(logs.String(), 20))
		}
	}
	if statuses[503] == 0 {
		t.Error("no 503 during the outage")
	}
	if slowest > queryTimeout+time.Second {
		t.Errorf("a request took %v, past the deadline", slowest)
	}
	if code, _, _, _ := get(t, nil, "http://"+g.Addr+"/ready"); code != 200 {
		t.Errorf("/ready after recovery: %d", code)
	}
	if v := metricSum(metricsText(t, g), "odatagw_db_errors_total", `kind="unavailable"`); v == 0 {
		t.Error("db_errors{unavailable} stayed 0")
	}
}
