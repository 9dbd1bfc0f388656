// Package mysql is the odatagw adapter for MySQL (5.7, 8.x) and MariaDB (10.x, 11.x),
// through github.com/go-sql-driver/mysql. It connects, introspects information_schema
// for the DSN's database and renders the MySQL dialect.
package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

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
	flavor           string        // "mariadb" or "mysql", set by Connect
}

// New returns a MySQL/MariaDB adapter.
func New() *Adapter { return &Adapter{} }

// Dialect returns the MySQL/MariaDB dialect.
func (a *Adapter) Dialect() sqlgen.Dialect { return Dialect{} }

func (a *Adapter) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

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
func (a *Adapter) Connect(ctx context.Context, dsn string) (*sqlx.DB, error) {
	cfg, err := configure(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("mysql: %w", err)
	}
	raw := sql.OpenDB(conn)
	if err := raw.PingContext(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("mysql: connect: %w", err)
	}
	// Detect MariaDB vs MySQL and add the server-side statement timeout (ops.go).
	if raw, err = a.reconnect(ctx, cfg, raw); err != nil {
		return nil, err
	}
	return sqlx.NewDb(raw, DriverName), nil
}

// configure parses dsn and adds the gateway's settings.
func configure(dsn string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		// The driver's messages do not repeat the DSN, so they are safe to return.
		return nil, fmt.Errorf("mysql: DSN: %w", err)
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
	log := a.logger()
	tables, err := readTables(ctx, db, log)
	if err != nil {
		return nil, err
	}
	return catalog.New(tables, opts, log.Warn)
}
