package sqlserver

import (
	"errors"

	mssql "github.com/microsoft/go-mssqldb"

	"github.com/odatagw/odatagw/sqlgen"
)

// KeyReturn is OutputClause: INSERT … OUTPUT INSERTED.k VALUES (…) returns the
// identity value as a result row.
func (Dialect) KeyReturn() sqlgen.KeyReturn { return sqlgen.OutputClause }

var _ sqlgen.KeyReturner = Dialect{}

// ClassifyError maps SQL Server error numbers of a failed write (untested against a
// live server, like the rest of this adapter).
func (a *Adapter) ClassifyError(err error) sqlgen.Violation {
	var e mssql.Error
	if !errors.As(err, &e) {
		var p *mssql.Error
		if !errors.As(err, &p) {
			return sqlgen.NoViolation
		}
		e = *p
	}
	switch e.Number {
	case 2627, 2601: // PRIMARY KEY / UNIQUE constraint, unique index
		return sqlgen.Duplicate
	case 547: // FOREIGN KEY or CHECK conflict: SQL Server uses one number for both
		return sqlgen.ForeignKey
	case 515: // cannot insert NULL
		return sqlgen.NotNull
	case 8152, 2628, 220, 8115, 245, 241: // truncation, overflow, conversion
		return sqlgen.InvalidData
	}
	return sqlgen.NoViolation
}
