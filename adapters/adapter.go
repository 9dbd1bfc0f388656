// Package adapters connects the gateway to databases. Each database has one folder
// (adapters/<name>) with the same files: adapter.go (connect, pool), dialect.go,
// introspect.go, types.go (SQL ↔ EDM) and testdata/. Only adapters import SQL drivers.
package adapters

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/sqlgen"
)

// Adapter is what the gateway needs from a database.
type Adapter interface {
	// Connect opens a pool for dsn, adding the DSN options the gateway relies on (for
	// MySQL parseTime and loc=UTC) so users need not, and checks the connection.
	Connect(ctx context.Context, dsn string) (*sqlx.DB, error)
	// Introspect reads tables, views, columns, keys and foreign keys and returns the
	// named catalog (via catalog.New).
	Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error)
	// Dialect is the SQL dialect of the database.
	Dialect() sqlgen.Dialect
}
