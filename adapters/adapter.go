// Package adapters connects the gateway to databases. Each database has one folder
// (adapters/<name>) with the same files: adapter.go (connect, pool), dialect.go,
// introspect.go, types.go (SQL ↔ EDM), write.go and testdata/, and one line in the
// registry (adapters.go); ADDING.md is the guide. Only adapters import SQL drivers.
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

// ErrorClassifier is implemented by adapters that can tell constraint and data errors
// of their driver apart (duplicate key, foreign key, check, not null, bad value), so
// that writes answer 409/400 instead of 500. It keeps driver error types inside
// adapters/. Open's callers check for it once at start-up.
type ErrorClassifier interface {
	ClassifyError(err error) sqlgen.Violation
}
