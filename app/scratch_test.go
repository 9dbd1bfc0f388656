package app

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"testing"

	"github.com/go-sql-driver/mysql"
)

// mysqlScratch creates a MariaDB/MySQL database of the test's own (prefix plus a unique
// suffix), dropped at cleanup, and skips the test with the reason why when
// ODATAGW_TEST_MYSQL_DSN is unset. admin has no default database (statements name
// theirs); dsn connects to the new one.
func mysqlScratch(t *testing.T, prefix, why string) (admin *sql.DB, name, dsn string) {
	t.Helper()
	base := os.Getenv("ODATAGW_TEST_MYSQL_DSN")
	if base == "" {
		t.Skip("set ODATAGW_TEST_MYSQL_DSN to run " + why)
	}
	cfg, err := mysql.ParseDSN(base)
	if err != nil {
		t.Fatal(err)
	}
	admin, err = sql.Open("mysql", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [4]byte
	rand.Read(b[:])
	name = fmt.Sprintf("%s_%d_%s", prefix, os.Getpid(), hex.EncodeToString(b[:]))
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE IF EXISTS " + name) })
	cfg.DBName = name
	return admin, name, cfg.FormatDSN()
}
