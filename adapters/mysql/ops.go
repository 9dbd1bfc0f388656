package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

// timeoutMargin lets the gateway's own deadline fire before the server's, so the
// client gets 504 QueryTimeout and the server still stops the statement right after.
const timeoutMargin = 250 * time.Millisecond

// SetStatementTimeout makes Connect bound every statement on the server to d plus a
// small margin (adapters.StatementTimeout).
func (a *Adapter) SetStatementTimeout(d time.Duration) { a.statementTimeout = d }

// Flavor is "mariadb" or "mysql", known after Connect.
func (a *Adapter) Flavor() string { return a.flavor }

// detectFlavor reads VERSION(): MariaDB reports "10.11.6-MariaDB-…".
func detectFlavor(ctx context.Context, db *sql.DB) (string, error) {
	var v string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&v); err != nil {
		return "", err
	}
	if strings.Contains(strings.ToLower(v), "mariadb") {
		return "mariadb", nil
	}
	return "mysql", nil
}

// setServerTimeout adds the session variable that bounds statements on the server,
// unless the DSN sets it: MariaDB `max_statement_time` (seconds, any statement),
// MySQL `max_execution_time` (milliseconds, SELECT only). go-sql-driver sends DSN
// parameters as SET statements on every new connection.
func setServerTimeout(cfg *mysql.Config, flavor string, d time.Duration) {
	if d <= 0 {
		return
	}
	d += timeoutMargin
	switch flavor {
	case "mariadb":
		if _, ok := cfg.Params["max_statement_time"]; !ok {
			cfg.Params["max_statement_time"] = strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
		}
	default:
		if _, ok := cfg.Params["max_execution_time"]; !ok {
			cfg.Params["max_execution_time"] = strconv.FormatInt(d.Milliseconds(), 10)
		}
	}
}

// ClassifyFailure implements adapters.FailureClassifier for go-sql-driver/mysql errors.
func (a *Adapter) ClassifyFailure(err error) string {
	if errors.Is(err, mysql.ErrInvalidConn) {
		return "unavailable"
	}
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return ""
	}
	switch me.Number {
	case 1969, // MariaDB ER_STATEMENT_TIMEOUT: max_statement_time exceeded
		3024: // MySQL ER_QUERY_TIMEOUT: max_execution_time exceeded
		return "timeout"
	case 1040, // too many connections
		1053,                   // server shutdown in progress
		1152, 1158, 1159, 1160, // aborted connection, network read/write errors
		1161,
		1927, // connection was killed
		2002, 2003, 2006, 2013:
		return "unavailable"
	}
	return ""
}

// reconnect reopens the pool with the server-side timeout once the flavor is known. It
// closes db when it fails or replaces it.
func (a *Adapter) reconnect(ctx context.Context, cfg *mysql.Config, db *sql.DB) (*sql.DB, error) {
	flavor, err := detectFlavor(ctx, db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("mysql: connect: %w", err)
	}
	a.flavor = flavor
	if a.statementTimeout <= 0 {
		return db, nil
	}
	setServerTimeout(cfg, flavor, a.statementTimeout)
	db.Close()
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("mysql: %w", err)
	}
	db2 := sql.OpenDB(conn)
	if err := db2.PingContext(ctx); err != nil {
		db2.Close()
		return nil, fmt.Errorf("mysql: connect: %w", err)
	}
	return db2, nil
}
