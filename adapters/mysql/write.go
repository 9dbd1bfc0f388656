package mysql

import (
	"errors"

	"github.com/go-sql-driver/mysql"

	"github.com/odatagw/odatagw/sqlgen"
)

// KeyReturn is LastInsertID: MySQL has no RETURNING (MariaDB 10.5+ has, MySQL 8 not),
// and the driver reports the AUTO_INCREMENT value of the row inserted.
func (Dialect) KeyReturn() sqlgen.KeyReturn { return sqlgen.LastInsertID }

var _ sqlgen.KeyReturner = Dialect{}

// ClassifyError maps MySQL/MariaDB error numbers of a failed write.
func (a *Adapter) ClassifyError(err error) sqlgen.Violation {
	var e *mysql.MySQLError
	if !errors.As(err, &e) {
		return sqlgen.NoViolation
	}
	switch e.Number {
	case 1062, 1586: // ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME
		return sqlgen.Duplicate
	case 1451, 1452, 1216, 1217: // ER_ROW_IS_REFERENCED_2, ER_NO_REFERENCED_ROW_2 and their old forms
		return sqlgen.ForeignKey
	case 3819, 4025: // MySQL ER_CHECK_CONSTRAINT_VIOLATED, MariaDB ER_CONSTRAINT_FAILED
		return sqlgen.Check
	case 1048, 1364: // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD
		return sqlgen.NotNull
	case 1406, 1264, 1366, 1292, 1265, 1367, 1690: // too long, out of range, incorrect value, truncated, arithmetic out of range
		return sqlgen.InvalidData
	}
	return sqlgen.NoViolation
}
