package postgres

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/odatagw/odatagw/sqlgen"
)

// ClassifyError maps PostgreSQL SQLSTATEs of a failed write. Generated keys come back
// through RETURNING (the sqlgen default).
func (a *Adapter) ClassifyError(err error) sqlgen.Violation {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return sqlgen.NoViolation
	}
	switch e.Code {
	case "23505":
		return sqlgen.Duplicate
	case "23503":
		return sqlgen.ForeignKey
	case "23514":
		return sqlgen.Check
	case "23502":
		return sqlgen.NotNull
	}
	if strings.HasPrefix(e.Code, "22") { // data exception: too long, out of range, bad format
		return sqlgen.InvalidData
	}
	return sqlgen.NoViolation
}
