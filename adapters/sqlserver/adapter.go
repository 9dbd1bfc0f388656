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
	"log/slog"

	"github.com/jmoiron/sqlx"
	_ "github.com/microsoft/go-mssqldb" // registers the "sqlserver" driver

	"github.com/odatagw/odatagw/adapters/internal/conn"
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
	return conn.Open(ctx, DriverName, dsn, server)
}

// server is what Connect requires: SQL Server 2012 (major version 11) or later; the
// version query reads e.g. "11.0.2100.60".
var server = conn.Server{
	VersionQuery: `SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128))`,
	MinMajor:     11,
	Requirement:  "SQL Server 2012 (version 11) or later is required: paging uses OFFSET … FETCH",
}

func (a *Adapter) warn() func(string, ...any) { return conn.Warner(a.Logger, DriverName) }
