// Package sqlserver is the SQL Server adapter (go-mssqldb, driver name "sqlserver").
// It supports SQL Server 2012 and later (paging uses OFFSET … FETCH; Connect refuses an
// older server by its ProductVersion). No SQL Server runs in CI, so the generated SQL
// is covered by golden tests only (testdata/).
//
// Servers of the 2008–2014 era may need per-source DSN options to connect from Go 1.25+
// (encrypt=disable, tlsmin=1.0, or GODEBUG=tlssha1=1 for SHA-1 certificates); the adapter
// never adds them on its own.
package sqlserver

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
	_ "github.com/microsoft/go-mssqldb" // registers the "sqlserver" driver

	"github.com/odatagw/odatagw/sqlgen"
)

// DriverName is the database/sql driver the adapter opens.
const DriverName = "sqlserver"

// Adapter connects to SQL Server. The zero value is usable; New is the usual way.
type Adapter struct {
	// Logger receives warnings about left-out columns and hidden tables; nil means
	// slog.Default().
	Logger *slog.Logger
}

// New returns a SQL Server adapter.
func New() *Adapter { return &Adapter{} }

// Dialect returns the T-SQL dialect.
func (a *Adapter) Dialect() sqlgen.Dialect { return Dialect{} }

// Connect opens a pool for dsn (sqlserver://user:pass@host:port?database=db or the ADO
// form) and pings it. The DSN is never logged, and is removed from any error text.
func (a *Adapter) Connect(ctx context.Context, dsn string) (*sqlx.DB, error) {
	db, err := sqlx.Open(DriverName, dsn)
	if err != nil {
		return nil, redact("sqlserver: open", err, dsn)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, redact("sqlserver: connect", err, dsn)
	}
	var version string
	if err := db.QueryRowContext(ctx, versionQuery).Scan(&version); err == nil {
		if err := checkVersion(version); err != nil {
			db.Close()
			return nil, err
		}
	} // a login that may not read the version is not refused
	return db, nil
}

// versionQuery reads the server version ("11.0.2100.60…").
const versionQuery = `SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))`

// minMajorVersion is the oldest supported major version.
const minMajorVersion = 11

// checkVersion refuses servers older than minMajorVersion; an unparsable version passes.
func checkVersion(version string) error {
	major, _, _ := strings.Cut(strings.TrimSpace(version), ".")
	n, err := strconv.Atoi(major)
	if err != nil || n >= minMajorVersion {
		return nil
	}
	return fmt.Errorf("sqlserver: server version %s: SQL Server 2012 (version 11) or later is required: paging uses OFFSET … FETCH", strings.TrimSpace(version))
}

func (a *Adapter) warn() func(string, ...any) {
	l := a.Logger
	if l == nil {
		l = slog.Default()
	}
	return func(msg string, args ...any) { l.Warn(msg, append([]any{"adapter", DriverName}, args...)...) }
}

// redactedError prints a message with the DSN removed; it still unwraps to the driver's
// error so that errors.Is (context.DeadlineExceeded, …) keeps working.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact returns err prefixed by what, with the DSN, and the password found in it,
// replaced by "[redacted]" in its text: url.Parse errors quote the whole URL,
// credentials included.
func redact(what string, err error, dsn string) error {
	msg := what + ": " + err.Error()
	if dsn == "" {
		return &redactedError{msg, err}
	}
	secrets := []string{dsn, strings.Trim(strconv.Quote(dsn), `"`)}
	if u, perr := url.Parse(dsn); perr == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			secrets = append(secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	for _, kv := range strings.Split(dsn, ";") { // ADO form: password=…; pwd=…
		k, v, ok := strings.Cut(kv, "=")
		if k = strings.ToLower(strings.TrimSpace(k)); ok && (k == "password" || k == "pwd") {
			secrets = append(secrets, strings.TrimSpace(v))
		}
	}
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	for _, s := range secrets {
		if len(s) >= 4 { // shorter strings would mangle the message more than they hide
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	return &redactedError{msg, err}
}
