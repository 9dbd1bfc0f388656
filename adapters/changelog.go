package adapters

import (
	"context"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/changelog"
)

// ChangeLog is the optional capability of an adapter whose database keeps a change log
// the gateway can read (-track-changes log): the MySQL/MariaDB binary log in row
// format, PostgreSQL logical decoding (pgoutput). OpenChangeLog checks the server's settings and the user's grants and fails
// with an error that names the setting or grant that is missing.
type ChangeLog interface {
	OpenChangeLog(ctx context.Context, db *sqlx.DB, dsn string, o ChangeLogOptions) (ChangeLogReader, error)
}

// ChangeLogReader reads row changes from the change log (see changelog.Reader).
type ChangeLogReader = changelog.Reader

// RowChange is one row change read from the log.
type RowChange = changelog.RowChange

// ChangeLogOptions are the change log's server-side names and retention.
type ChangeLogOptions = changelog.Options
