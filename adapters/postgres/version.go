package postgres

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// ServerVersion names the database server's version for the operator console; it
// reports the product and version only, never a host or user.
func (a *Adapter) ServerVersion(ctx context.Context, db *sqlx.DB) (string, error) {
	var v string
	if err := db.QueryRowContext(ctx, `SHOW server_version`).Scan(&v); err != nil {
		return "", err
	}
	return "PostgreSQL " + v, nil
}
