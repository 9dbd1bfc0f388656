// Package oracle is the Oracle Database adapter (sijms/go-ora/v2, pure Go, driver name
// "oracle"; pinned in go.mod because its number and time-zone handling changed between
// releases). It supports Oracle Database 12c Release 1 and later: paging uses the
// row-limiting clause, and introspection reads IDENTITY_COLUMN; 11g is not supported
// and Connect refuses it (PRODUCT_COMPONENT_VERSION).
// No Oracle database runs in CI, so the generated SQL is covered by golden tests only
// (testdata/).
//
// IN lists: Oracle accepts at most 1,000 expressions in a list (ORA-01795). sqlgen
// writes `x IN (…)` for non-string lists itself, so a longer list fails at the
// database; string lists are written as OR-ed equalities and are not affected.
package oracle

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
	_ "github.com/sijms/go-ora/v2" // registers the "oracle" driver

	"github.com/odatagw/odatagw/sqlgen"
)

// DriverName is the database/sql driver the adapter opens.
const DriverName = "oracle"

// Adapter connects to Oracle. The zero value is usable; New is the usual way.
type Adapter struct {
	// Logger receives warnings about left-out columns and hidden tables; nil means
	// slog.Default().
	Logger *slog.Logger
}

// New returns an Oracle adapter.
func New() *Adapter { return &Adapter{} }

// Dialect returns the Oracle dialect.
func (a *Adapter) Dialect() sqlgen.Dialect { return Dialect{} }

// Connect opens a pool for dsn (oracle://user:pass@host:port/service) and pings it. The
// DSN is never logged, and is removed from any error text. go-ora sets the session
// time zone at login to the gateway process's UTC offset: run the gateway with TZ=UTC
// so that DATE and TIMESTAMP values compare as UTC (see Dialect).
func (a *Adapter) Connect(ctx context.Context, dsn string) (*sqlx.DB, error) {
	db, err := sqlx.Open(DriverName, dsn)
	if err != nil {
		return nil, redact("oracle: open", err, dsn)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, redact("oracle: connect", err, dsn)
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

// versionQuery reads the server version ("19.0.0.0.0…").
const versionQuery = `SELECT VERSION FROM PRODUCT_COMPONENT_VERSION WHERE PRODUCT LIKE 'Oracle%' AND ROWNUM = 1`

// minMajorVersion is the oldest supported major version.
const minMajorVersion = 12

// checkVersion refuses servers older than minMajorVersion; an unparsable version passes.
func checkVersion(version string) error {
	major, _, _ := strings.Cut(strings.TrimSpace(version), ".")
	n, err := strconv.Atoi(major)
	if err != nil || n >= minMajorVersion {
		return nil
	}
	return fmt.Errorf("oracle: server version %s: Oracle Database 12c or later is required: paging uses the row-limiting clause", strings.TrimSpace(version))
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
