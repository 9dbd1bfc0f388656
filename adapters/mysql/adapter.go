// Package mysql is the odatagw adapter for MySQL (5.7, 8.x) and MariaDB (10.x, 11.x),
// through github.com/go-sql-driver/mysql. It connects, introspects information_schema
// for the DSN's database and renders the MySQL dialect.
package mysql

import (
	"context"
	"database/sql"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/conn"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/sqlgen"
)

// DriverName is the database/sql driver the adapter uses.
const DriverName = "mysql"

// Adapter connects the gateway to MySQL or MariaDB.
type Adapter struct {
	// Logger receives warnings about columns that cannot be published and tables that
	// are hidden; nil means slog.Default().
	Logger *slog.Logger

	statementTimeout time.Duration // SetStatementTimeout (ops.go)
	// detected is "mariadb" or "mysql", found once: by Connect on its first connection,
	// or by the first Introspect of a pool the adapter did not open. A schema reload
	// reuses the connected adapter, so it is not detected again.
	detected atomic.Pointer[string]
}

// New returns a MySQL/MariaDB adapter.
func New() *Adapter { return &Adapter{} }

// Dialect returns the MySQL/MariaDB dialect.
func (a *Adapter) Dialect() sqlgen.Dialect { return Dialect{} }

// warn logs the adapter's warnings (left-out columns, hidden tables) to a.Logger.
func (a *Adapter) warn() func(string, ...any) { return conn.Warner(a.Logger, DriverName) }

// Connect parses dsn (go-sql-driver format, `user:pass@tcp(host:3306)/db?…`), sets
// what the gateway relies on and pings the server:
//   - parseTime=true and loc=UTC, so DATE/DATETIME/TIMESTAMP arrive as time.Time in UTC
//     (without parseTime they arrive as []byte);
//   - the session time_zone '+00:00' unless the DSN sets time_zone: TIMESTAMP values
//     are converted to the session zone on read and in comparisons, and NOW() follows
//     it, so UTC keeps them consistent with DATETIME values, which the gateway reads as
//     UTC.
//
// Everything else is the user's; the driver's defaults stand (utf8mb4 connection
// character set with utf8mb4_general_ci, interpolateParams=false so values travel as
// server-side prepared-statement parameters). Pool sizes are the caller's.
//
// The pool's first connection reads VERSION(): the flavor (MariaDB or MySQL) is known
// from then on, for the statement-timeout variable and for Introspect, without a
// second pool or a second detection at schema reload.
func (a *Adapter) Connect(ctx context.Context, dsn string) (*sqlx.DB, error) {
	cfg, err := configure(dsn)
	if err != nil {
		return nil, err
	}
	// Connections opened after the first get the server-side statement timeout of the
	// flavor the first one found (ops.go).
	timeout := a.statementTimeout
	if err := cfg.Apply(mysql.BeforeConnect(func(_ context.Context, c *mysql.Config) error {
		if k, v, ok := serverTimeout(c.Params, a.flavor(), timeout); ok {
			c.Params[k] = v
		}
		return nil
	})); err != nil {
		return nil, conn.Redact("mysql", err, dsn)
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, conn.Redact("mysql", err, dsn)
	}
	return conn.Ready(ctx, sql.OpenDB(connector), DriverName, dsn, conn.Server{
		VersionQuery: "SELECT VERSION()",
		Session: func(ctx context.Context, c *sql.Conn, version string) error {
			return a.firstSession(ctx, c, cfg.Params, version)
		},
	})
}

// configure parses dsn and adds the gateway's settings.
func configure(dsn string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, conn.Redact("mysql: DSN", err, dsn)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	if _, ok := cfg.Params["time_zone"]; !ok {
		cfg.Params["time_zone"] = "'+00:00'"
	}
	return cfg, nil
}

// Introspect reads the tables and views of the DSN's database (DATABASE()) and returns
// the catalog.
func (a *Adapter) Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error) {
	warn := a.warn()
	tables, err := a.readTables(ctx, db, warn)
	if err != nil {
		return nil, err
	}
	return catalog.New(tables, opts, warn)
}
