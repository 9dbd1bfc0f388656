package app

import (
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// privatePostgres starts a private PostgreSQL cluster with wal_level=logical on a free
// port (initdb + pg_ctl from the installed PostgreSQL, as the postgres user when the
// test runs as root) and stops it (pg_ctl stop, by the cluster's own pid file) after
// the test. The shared server is never touched.
func privatePostgres(t *testing.T) string {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	if len(bins) == 0 {
		t.Skip("no PostgreSQL installation under /usr/lib/postgresql: the logical-decoding test needs initdb and pg_ctl")
	}
	bin := bins[len(bins)-1]
	dir, err := os.MkdirTemp("", "odatagw-pglog-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	run := func(name string, args ...string) ([]byte, error) {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		if os.Geteuid() == 0 {
			cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
		}
		return cmd.CombinedOutput()
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot give the data directory to the postgres user: %v %s", err, out)
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync"); err != nil {
		t.Skipf("initdb: %v: %s", err, lastLines(string(out), 5))
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c wal_level=logical -c max_replication_slots=4 -c max_wal_senders=4 -c fsync=off", port, dir)
	if out, err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		t.Skipf("pg_ctl start: %v: %s", err, lastLines(string(out), 5))
	}
	t.Cleanup(func() { run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop") })
	dsn := "postgres://postgres@127.0.0.1:" + strconv.Itoa(port) + "/postgres?sslmode=disable"
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := waitPing(db, 30*time.Second); err != nil {
		t.Fatal(err)
	}
	return dsn
}

// TestChangeTrackingPostgresLogical is the change-log flow over PostgreSQL logical
// decoding (pgoutput) on a private cluster; the slot advanced past the first token
// makes it a 410.
func TestChangeTrackingPostgresLogical(t *testing.T) {
	dsn := privatePostgres(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50), qty INT)", "CREATE TABLE other (id INT PRIMARY KEY)",
		"INSERT INTO items SELECT i, 'item ' || i, i FROM generate_series(1, 20) i"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	flags := []string{"-driver", "postgres", "-dsn", dsn, "-track-changes", "log",
		"-change-secret", changeSecret, "-cache-ttl", "60s", "-change-poll", "100ms", "-max-page-size", "1000"}
	logFlow(t, db, "$", flags, func() {
		// What the retention does after -change-retention: the slot moves past the token.
		for i := 0; ; i++ {
			_, err := db.Exec("SELECT pg_replication_slot_advance('odatagw', pg_current_wal_lsn())")
			if err == nil {
				return
			}
			if i == 50 { // the slot may be busy with a peek for a moment
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}, nil)
}
