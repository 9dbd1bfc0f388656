package postgres_test

import (
	"context"
	"github.com/odatagw/odatagw/adapters/internal/semantics"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/adapters/postgres"
	"github.com/odatagw/odatagw/catalog"
)

var _ adapters.Adapter = (*postgres.Adapter)(nil)

const dsnEnv = "ODATAGW_TEST_POSTGRES_DSN"

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// scratchSchema connects to $ODATAGW_TEST_POSTGRES_DSN through the adapter, creates
// schema base_<pid> (dropping an old one) and drops it after the test. exec runs statements
// with the schema first on the search path. It skips the test when the variable is
// unset.
func scratchSchema(t *testing.T, base string) (a *postgres.Adapter, db *sqlx.DB, exec func(t *testing.T, q string, args ...any), name string) {
	t.Helper()
	name = base + "_" + strconv.Itoa(os.Getpid()) // concurrent runs do not collide
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("set %s (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable) to run the PostgreSQL tests", dsnEnv)
	}
	ctx := context.Background()
	a = postgres.New()
	db, err := a.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{`DROP SCHEMA IF EXISTS "` + name + `" CASCADE`, `CREATE SCHEMA "` + name + `"`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { db.Exec(`DROP SCHEMA IF EXISTS "` + name + `" CASCADE`) })
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, `SET search_path TO "`+name+`", public`); err != nil {
		t.Fatal(err)
	}
	exec = func(t *testing.T, q string, args ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return a, db, exec, name
}

func TestSemantics(t *testing.T) {
	a, db, exec, schema := scratchSchema(t, "odatagw_adapters_test_sem")
	semantics.Run(t, &semantics.Engine{
		Name:     "postgres",
		DB:       db,
		Adapter:  a,
		Opts:     catalog.Options{Schemas: []string{schema}},
		DateTime: func(tm time.Time) any { return tm },
		Exec:     exec,
	})
}

func TestConnect(t *testing.T) {
	_, db, _, _ := scratchSchema(t, "odatagw_adapters_test_connect")
	var tz string
	if err := db.QueryRow("SHOW TimeZone").Scan(&tz); err != nil {
		t.Fatal(err)
	}
	if tz != "UTC" {
		t.Errorf("session TimeZone = %q", tz)
	}
	if _, err := postgres.New().Connect(context.Background(), "postgres://u@127.0.0.1:1/x?connect_timeout=1"); err == nil {
		t.Error("Connect to a closed port succeeded")
	}
}
