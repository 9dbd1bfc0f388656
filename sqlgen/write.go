package sqlgen

import (
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/plan"
)

// KeyReturn says how a database hands back the key values it generates on INSERT.
type KeyReturn int

const (
	// ReturningClause: INSERT … RETURNING k (PostgreSQL, SQLite 3.35+). The default.
	ReturningClause KeyReturn = iota
	// OutputClause: INSERT … OUTPUT INSERTED.k VALUES … (SQL Server).
	OutputClause
	// LastInsertID: sql.Result.LastInsertId of the one AUTO_INCREMENT column (MySQL,
	// MariaDB).
	LastInsertID
	// NoKeyReturn: the generated key cannot be read back portably (Oracle's
	// RETURNING … INTO needs driver out-binds); inserts must give the key.
	NoKeyReturn
)

// KeyReturner is implemented by dialects whose way of returning generated keys is not
// a RETURNING clause.
type KeyReturner interface {
	KeyReturn() KeyReturn
}

// KeyReturnOf returns the dialect's way of returning generated keys.
func KeyReturnOf(d Dialect) KeyReturn {
	if kr, ok := d.(KeyReturner); ok {
		return kr.KeyReturn()
	}
	return ReturningClause
}

// Stmt is a rendered write statement.
type Stmt struct {
	SQL  string
	Args []any
	// Returning lists the columns of the one row the statement yields (the generated
	// key), empty when it yields none.
	Returning []*catalog.Column
	// LastInsertID is the generated key column read from sql.Result.LastInsertId.
	LastInsertID *catalog.Column
}

// Insert renders INSERT INTO t (cols) VALUES (…), with the dialect's way of returning
// a key the database generates. Column lists use QuoteIdent (Dialect.Column is for
// reads); values are bound through Dialect.Bind.
func Insert(w *plan.Write, d Dialect) (Stmt, error) {
	var st Stmt
	var generated []*catalog.Column
	for i, k := range w.Table.Key {
		if w.Key[i] == nil {
			generated = append(generated, k)
		}
	}
	how := KeyReturnOf(d)
	if len(generated) > 0 {
		switch {
		case how == NoKeyReturn:
			return st, Unsupported("inserting without a key value (the database generates it) on " + d.Name())
		case how == LastInsertID && (len(generated) > 1 || !generated[0].Type.IsIntegral()):
			return st, Unsupported("returning a generated key other than one integer AUTO_INCREMENT column on " + d.Name())
		}
	}
	b := NewBuilder(d)
	b.WriteString("INSERT INTO ")
	b.Table(w.Table)
	b.WriteString(" (")
	for i, a := range w.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.QuoteIdent(a.Col.Name))
	}
	b.WriteByte(')')
	if len(generated) > 0 && how == OutputClause {
		b.WriteString(" OUTPUT ")
		for i, k := range generated {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("INSERTED." + d.QuoteIdent(k.Name))
		}
		st.Returning = generated
	}
	b.WriteString(" VALUES (")
	for i, a := range w.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.Expr(a.Val)
	}
	b.WriteByte(')')
	if len(generated) > 0 {
		switch how {
		case ReturningClause:
			b.WriteString(" RETURNING ")
			for i, k := range generated {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(d.QuoteIdent(k.Name))
			}
			st.Returning = generated
		case LastInsertID:
			st.LastInsertID = generated[0]
		}
	}
	var err error
	st.SQL, st.Args, err = b.Finish()
	return st, err
}

// Update renders UPDATE t SET col = ?, … WHERE <key>, advancing an integer ETag column
// (col = col + 1) when the write asks for it. It renders nothing (empty SQL) when
// nothing is to change.
func Update(w *plan.Write, d Dialect) (Stmt, error) {
	if len(w.Values) == 0 && w.Bump == nil {
		return Stmt{}, nil
	}
	b := NewBuilder(d)
	b.WriteString("UPDATE ")
	b.Table(w.Table)
	b.WriteString(" SET ")
	for i, a := range w.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(d.QuoteIdent(a.Col.Name))
		b.WriteString(" = ")
		b.Expr(a.Val)
	}
	if w.Bump != nil {
		if len(w.Values) > 0 {
			b.WriteString(", ")
		}
		q := d.QuoteIdent(w.Bump.Name)
		b.WriteString(q + " = " + q + " + 1")
	}
	b.WriteString(" WHERE ")
	b.Pred(plan.KeyFilter(w.Table, w.Key), false)
	sql, args, err := b.Finish()
	return Stmt{SQL: sql, Args: args}, err
}

// Delete renders DELETE FROM t WHERE <key>.
func Delete(w *plan.Write, d Dialect) (Stmt, error) {
	b := NewBuilder(d)
	b.WriteString("DELETE FROM ")
	b.Table(w.Table)
	b.WriteString(" WHERE ")
	b.Pred(plan.KeyFilter(w.Table, w.Key), false)
	sql, args, err := b.Finish()
	return Stmt{SQL: sql, Args: args}, err
}

// Violation classifies a database error raised by a write, so the gateway can answer
// 409/400 with a safe message. Adapters classify their driver's errors (see
// adapters.ErrorClassifier); no driver type leaves adapters/.
type Violation int

const (
	NoViolation Violation = iota // not a constraint or data error
	Duplicate                    // unique or primary key (MySQL 1062, PostgreSQL 23505, SQLite 2067/1555)
	ForeignKey                   // missing parent or existing children (MySQL 1451/1452, PostgreSQL 23503, SQLite 787)
	Check                        // CHECK constraint (MySQL 3819, MariaDB 4025, PostgreSQL 23514, SQLite 275)
	NotNull                      // NOT NULL (MySQL 1048, PostgreSQL 23502, SQLite 1299)
	InvalidData                  // value too long, out of range or malformed for the column
)
