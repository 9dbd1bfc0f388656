// Package sqlite is the odatagw adapter for SQLite, through the pure-Go driver
// modernc.org/sqlite (driver name "sqlite", SQLite 3.54). It connects, introspects
// sqlite_schema with the table-valued PRAGMAs and renders the SQLite dialect.
package sqlite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/odatagw/odatagw/adapters/internal/conn"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/sqlgen"
)

// DriverName is the database/sql driver the adapter opens.
const DriverName = "sqlite"

// Adapter connects the gateway to a SQLite database file.
type Adapter struct {
	// Logger receives warnings about columns that cannot be published and tables that
	// are hidden; nil means slog.Default().
	Logger *slog.Logger
}

// New returns a SQLite adapter.
func New() *Adapter { return &Adapter{} }

// Dialect returns the SQLite dialect.
func (a *Adapter) Dialect() sqlgen.Dialect { return Dialect{} }

// warn logs the adapter's warnings (left-out columns, hidden tables) to a.Logger.
func (a *Adapter) warn() func(string, ...any) { return conn.Warner(a.Logger, DriverName) }

// Connect opens dsn (a file path or a `file:` URI, optionally with driver parameters
// after '?') read-write, adding `_pragma=busy_timeout(5000)` and
// `_pragma=foreign_keys(1)` unless the DSN sets them, and pings it. It never creates a
// database: a plain path must name an existing file and a `file:` URI without a mode
// gets `mode=rw` (SQLite would otherwise create an empty database on a typo). Pool
// sizes are the caller's. Note that ":memory:" gives every pooled connection its own
// empty database.
func (a *Adapter) Connect(ctx context.Context, dsn string) (*sqlx.DB, error) {
	name, err := normalizeDSN(dsn)
	if err != nil {
		return nil, err
	}
	return conn.Open(ctx, DriverName, name, conn.Server{})
}

// normalizeDSN adds the parameters the gateway relies on to dsn.
func normalizeDSN(dsn string) (string, error) {
	if strings.TrimSpace(dsn) == "" {
		return "", errors.New("sqlite: empty DSN: give a database file path or a file: URI")
	}
	path, rawQuery, _ := strings.Cut(dsn, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", fmt.Errorf("sqlite: DSN parameters: %w", err)
	}
	memory := path == ":memory:" || strings.HasPrefix(path, "file::memory:") || q.Get("mode") == "memory"
	switch {
	case memory:
	case strings.HasPrefix(path, "file:"):
		if q.Get("mode") == "" {
			q.Set("mode", "rw")
		}
	default:
		if _, err := os.Stat(path); err != nil {
			return "", fmt.Errorf("sqlite: database file: %w", err)
		}
	}
	if !hasPragma(q, "busy_timeout", "_busy_timeout", "_timeout") {
		q.Add("_pragma", "busy_timeout(5000)")
	}
	if !hasPragma(q, "foreign_keys", "_foreign_keys", "_fk") {
		q.Add("_pragma", "foreign_keys(1)")
	}
	return path + "?" + q.Encode(), nil
}

// hasPragma reports whether q sets the PRAGMA through `_pragma=name(…)` or `_pragma=name=…`
// or through one of the driver's shorthand keys.
func hasPragma(q url.Values, name string, keys ...string) bool {
	for _, k := range keys {
		if q.Has(k) {
			return true
		}
	}
	for _, p := range q["_pragma"] {
		p = strings.ToLower(strings.TrimSpace(p))
		if strings.HasPrefix(p, name) {
			return true
		}
	}
	return false
}

// Introspect reads the tables and views of the main schema and returns the catalog.
func (a *Adapter) Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error) {
	warn := a.warn()
	tables, err := readTables(ctx, db, warn)
	if err != nil {
		return nil, err
	}
	return catalog.New(tables, opts, warn)
}

// SeparateCount implements adapters.CountShaper: in-process SQLite counts faster with a
// separate COUNT(*) than with COUNT(*) OVER () on the page query, at every size measured.
func (a *Adapter) SeparateCount() bool { return true }
