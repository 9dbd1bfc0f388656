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
	"log/slog"

	"github.com/jmoiron/sqlx"
	_ "github.com/sijms/go-ora/v2" // registers the "oracle" driver

	"github.com/odatagw/odatagw/adapters/internal/conn"
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
	return conn.Open(ctx, DriverName, dsn, server)
}

// server is what Connect requires: Oracle Database 12c (major version 12) or later; the
// version query reads e.g. "19.0.0.0.0".
var server = conn.Server{
	VersionQuery: `SELECT VERSION FROM PRODUCT_COMPONENT_VERSION WHERE PRODUCT LIKE 'Oracle%' AND ROWNUM = 1`,
	MinMajor:     12,
	Requirement:  "Oracle Database 12c or later is required: paging uses the row-limiting clause",
}

func (a *Adapter) warn() func(string, ...any) { return conn.Warner(a.Logger, DriverName) }
