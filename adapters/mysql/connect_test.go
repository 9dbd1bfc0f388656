package mysql

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestConnectSessionTimeout: Connect detects the flavor once, on the pool's first
// connection, and every connection, the first and those opened later, carries the
// server-side statement timeout of that flavor.
func TestConnectSessionTimeout(t *testing.T) {
	dsn := os.Getenv("ODATAGW_TEST_MYSQL_DSN")
	if dsn == "" {
		t.Skip("set ODATAGW_TEST_MYSQL_DSN to run against MySQL/MariaDB")
	}
	ctx := context.Background()
	a := New()
	a.SetStatementTimeout(3 * time.Second)
	db, err := a.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if got, want := a.flavor(), flavorOf(version); got != want {
		t.Fatalf("flavor after Connect = %q, want %q (VERSION() %s)", got, want, version)
	}
	variable, want := "@@max_execution_time", 3250.0
	if a.flavor() == "mariadb" {
		variable, want = "@@max_statement_time", 3.25
	}
	// Hold three connections at once: the first one and two opened after detection.
	conns := make([]interface{ Close() error }, 0, 3)
	for i := 0; i < 3; i++ {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var got float64
		if err := c.QueryRowContext(ctx, "SELECT "+variable).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("connection %d: %s = %v, want %v", i, variable, got, want)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}
