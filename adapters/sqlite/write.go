package sqlite

import (
	"errors"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/odatagw/odatagw/sqlgen"
)

// ClassifyError maps SQLite's extended result codes of a failed write. SQLite does not
// enforce VARCHAR lengths or most types, so InvalidData never comes from it.
func (a *Adapter) ClassifyError(err error) sqlgen.Violation {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return sqlgen.NoViolation
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_ROWID:
		return sqlgen.Duplicate
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sqlgen.ForeignKey
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return sqlgen.Check
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return sqlgen.NotNull
	case sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_TOOBIG:
		return sqlgen.InvalidData
	}
	return sqlgen.NoViolation
}
