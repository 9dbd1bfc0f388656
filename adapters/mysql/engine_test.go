package mysql_test

import (
	"context"
	"github.com/odatagw/odatagw/adapters/internal/semantics"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	driver "github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/adapters/mysql"
)

var _ adapters.Adapter = (*mysql.Adapter)(nil)

const dsnEnv = "ODATAGW_TEST_MYSQL_DSN"

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// scratchDB creates database name_<pid> (dropping an old one) on the server of
// $ODATAGW_TEST_MYSQL_DSN, connects to it through the adapter and drops it after the
// test. It skips the test when the variable is unset.
func scratchDB(t *testing.T, name string) (*mysql.Adapter, *sqlx.DB) {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("set %s (e.g. root@unix(/run/mysqld/mysqld.sock)/) to run the MySQL/MariaDB tests", dsnEnv)
	}
	name += "_" + strconv.Itoa(os.Getpid()) // concurrent runs do not collide
	ctx := context.Background()
	a := mysql.New()
	admin, err := a.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	for _, q := range []string{
		"DROP DATABASE IF EXISTS `" + name + "`",
		"CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS `" + name + "`") })
	cfg, err := driver.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DBName = name
	db, err := a.Connect(ctx, cfg.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return a, db
}

func TestSemantics(t *testing.T) {
	a, db := scratchDB(t, "odatagw_adapters_test_sem")
	semantics.Run(t, &semantics.Engine{
		Name:     "mysql",
		DB:       db,
		Adapter:  a,
		DateTime: func(tm time.Time) any { return tm },
		Exec: func(t *testing.T, query string, args ...any) {
			t.Helper()
			if _, err := db.Exec(query, args...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		},
	})
}

func TestConnect(t *testing.T) {
	_, db := scratchDB(t, "odatagw_adapters_test_connect")
	var tz string
	var now time.Time
	if err := db.QueryRow("SELECT @@session.time_zone, UTC_TIMESTAMP()").Scan(&tz, &now); err != nil {
		t.Fatal(err)
	}
	if tz != "+00:00" || now.Location() != time.UTC || time.Since(now).Abs() > time.Hour {
		t.Errorf("session time_zone %q, UTC_TIMESTAMP() %v (%v)", tz, now, now.Location())
	}
	if _, err := mysql.New().Connect(context.Background(), "root@tcp(127.0.0.1:1)/x?timeout=1s"); err == nil {
		t.Error("Connect to a closed port succeeded")
	}
}
