// Package postgres is the odatagw adapter for PostgreSQL (10 or later; verified on 15),
// through github.com/jackc/pgx/v5/stdlib (driver name "pgx"). It connects, introspects
// pg_catalog for the configured schemas and renders the PostgreSQL dialect.
package postgres

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/conn"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/sqlgen"
)

// DriverName is the database/sql driver the adapter uses.
const DriverName = "pgx"

// Adapter connects the gateway to PostgreSQL.
type Adapter struct {
	// Logger receives warnings about columns that cannot be published and tables that
	// are hidden; nil means slog.Default().
	Logger *slog.Logger

	statementTimeout time.Duration // SetStatementTimeout (ops.go)
}

// New returns a PostgreSQL adapter.
func New() *Adapter { return &Adapter{} }

// Dialect returns the PostgreSQL dialect.
func (a *Adapter) Dialect() sqlgen.Dialect { return Dialect{} }

// warn logs the adapter's warnings (left-out columns, hidden tables) to a.Logger.
func (a *Adapter) warn() func(string, ...any) { return conn.Warner(a.Logger, "postgres") }

// Connect parses dsn (a postgres:// URL or key=value pairs, as libpq), sets the session
// TimeZone to UTC unless the DSN sets one (timestamptz values, EXTRACT and ::date follow
// the session zone, and the gateway works in UTC), opens a database/sql pool over pgx
// and pings the server. Pool sizes are the caller's.
func (a *Adapter) Connect(ctx context.Context, dsn string) (*sqlx.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, conn.Redact("postgres: DSN", err, dsn) // pgx masks the password; so do we

	}
	setDefault := true
	for k := range cfg.RuntimeParams {
		if strings.EqualFold(k, "timezone") {
			setDefault = false
		}
	}
	if setDefault {
		if cfg.RuntimeParams == nil {
			cfg.RuntimeParams = map[string]string{}
		}
		cfg.RuntimeParams["timezone"] = "UTC"
	}
	a.configureCancel(cfg) // cancel on the server too (ops.go)
	return conn.Ready(ctx, stdlib.OpenDB(*cfg), DriverName, dsn, conn.Server{Name: "postgres"})
}

// Introspect reads the tables, views and materialized views of opts.Schemas (default
// "public") and returns the catalog.
func (a *Adapter) Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error) {
	warn := a.warn()
	schemas := opts.Schemas
	if len(schemas) == 0 {
		schemas = []string{"public"}
	}
	r, err := readSchema(ctx, db, schemas)
	if err != nil {
		return nil, err
	}
	return catalog.New(buildTables(r, warn), opts, warn)
}
