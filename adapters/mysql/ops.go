package mysql

import (
	"context"
	"database/sql"
	"errors"
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

// flavor is "mariadb" or "mysql", or "" before the first connection.
func (a *Adapter) flavor() string {
	if f := a.detected.Load(); f != nil {
		return *f
	}
	return ""
}

// flavorOf reads a VERSION() text: MariaDB reports "10.11.6-MariaDB-…".
func flavorOf(version string) string {
	if strings.Contains(strings.ToLower(version), "mariadb") {
		return "mariadb"
	}
	return "mysql"
}

// firstSession runs on the pool's first connection, opened before the flavor was
// known: it records the flavor from version and gives that connection the
// server-side timeout the later ones get from the connector (params are the DSN's).
func (a *Adapter) firstSession(ctx context.Context, c *sql.Conn, params map[string]string, version string) error {
	if version == "" {
		return errors.New("cannot read VERSION()")
	}
	f := flavorOf(version)
	a.detected.Store(&f)
	if k, v, ok := serverTimeout(params, f, a.statementTimeout); ok {
		// k is one of two fixed names and v a number formatted here: no client text.
		if _, err := c.ExecContext(ctx, "SET SESSION "+k+" = "+v); err != nil {
			return err
		}
	}
	return nil
}

// serverTimeout is the session variable that bounds statements on the server, unless
// d is 0, the flavor is unknown or the DSN (params) sets it: MariaDB
// `max_statement_time` (seconds, any statement), MySQL `max_execution_time`
// (milliseconds, SELECT only). go-sql-driver sends DSN parameters as SET statements on
// every new connection.
func serverTimeout(params map[string]string, flavor string, d time.Duration) (key, value string, ok bool) {
	if d <= 0 || flavor == "" {
		return "", "", false
	}
	d += timeoutMargin
	key, value = "max_execution_time", strconv.FormatInt(d.Milliseconds(), 10)
	if flavor == "mariadb" {
		key, value = "max_statement_time", strconv.FormatFloat(d.Seconds(), 'f', 3, 64)
	}
	if _, set := params[key]; set {
		return "", "", false
	}
	return key, value, true
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
