package oracle

import (
	"errors"

	"github.com/sijms/go-ora/v2/network"

	"github.com/odatagw/odatagw/sqlgen"
)

// KeyReturn is NoKeyReturn: Oracle returns generated values only through
// RETURNING … INTO out-binds, which sqlgen (no database/sql) does not render. Inserts
// into Oracle tables must give the key; the entity is then re-read by it.
func (Dialect) KeyReturn() sqlgen.KeyReturn { return sqlgen.NoKeyReturn }

var _ sqlgen.KeyReturner = Dialect{}

// ClassifyError maps ORA- error codes of a failed write (untested against a live
// server, like the rest of this adapter).
func (a *Adapter) ClassifyError(err error) sqlgen.Violation {
	var e *network.OracleError
	if !errors.As(err, &e) {
		return sqlgen.NoViolation
	}
	switch e.ErrCode {
	case 1: // ORA-00001 unique constraint violated
		return sqlgen.Duplicate
	case 2291, 2292: // parent key not found, child record found
		return sqlgen.ForeignKey
	case 2290: // check constraint violated
		return sqlgen.Check
	case 1400, 1407: // cannot insert / update to NULL
		return sqlgen.NotNull
	case 12899, 1438, 1722, 1840, 1841: // value too large, precision, invalid number/date
		return sqlgen.InvalidData
	}
	return sqlgen.NoViolation
}
