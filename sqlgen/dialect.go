// Package sqlgen renders a bound query (package plan) as SQL text plus arguments for one
// database dialect. Client values are always bound as arguments; identifiers come only
// from the catalog and are quoted by the dialect. It performs no I/O.
package sqlgen

import (
	"errors"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/plan"
)

// ErrUnsupported marks a valid request that a dialect cannot express. The gateway turns
// it into 501; a dialect never renders approximate SQL instead.
var ErrUnsupported = errors.New("not supported by this database")

// LikeKind selects the shape of a pattern match.
type LikeKind int

const (
	Contains LikeKind = iota
	StartsWith
	EndsWith
)

// Dialect is what differs between databases. Dialects embed ANSI and override only
// their differences. Methods that render write into the Builder; they render
// sub-expressions with b.Expr / b.Pred so that the dialect's overrides apply at every
// depth.
type Dialect interface {
	// Name is the adapter name ("sqlite", "mysql", "postgres", "sqlserver", "oracle").
	Name() string
	// QuoteIdent quotes an identifier taken from the catalog: "x" (ANSI, PostgreSQL,
	// SQLite, Oracle), `x` (MySQL), [x] (SQL Server). Embedded quote characters are doubled.
	QuoteIdent(name string) string
	// Placeholder is the n-th (1-based) bind marker: ? (MySQL, SQLite), $n (PostgreSQL),
	// @pn (SQL Server), :n (Oracle).
	Placeholder(n int) string
	// Paginate appends the row-limiting clause after ORDER BY. limit < 0 means none.
	// LIMIT ? OFFSET ? (MySQL, PostgreSQL, SQLite); OFFSET ? ROWS FETCH NEXT ? ROWS ONLY
	// (SQL Server 2012+, Oracle 12c+, both need the ORDER BY that plan always supplies).
	Paginate(b *Builder, limit, offset int64)
	// Bind writes a constant as a bound argument, with whatever cast makes the database
	// compare it exactly (MySQL compares a DECIMAL with a string argument as double, so
	// decimals are bound as strings inside CAST(? AS DECIMAL(65,30))).
	Bind(b *Builder, c *plan.Const)
	// Column writes a column reference (quoted; no table qualifier is needed: queries
	// read one table).
	Column(b *Builder, c *catalog.Column)
	// BoolPred writes a boolean-valued column or expression used as a predicate, e.g.
	// `x = 1` where booleans are stored as integers, `x` where the type is BOOLEAN.
	BoolPred(b *Builder, x plan.Expr)
	// StringEquals writes an exact (case- and trailing-space-sensitive) string equality
	// of two non-null operands. Default collations of MySQL/MariaDB are case-insensitive
	// and PAD SPACE, SQL Server ignores trailing spaces: those dialects add a byte-exact
	// term. negate renders inequality.
	StringEquals(b *Builder, l, r plan.Expr, negate bool) error
	// Like writes a case-sensitive contains/startswith/endswith of a non-null x and a
	// pattern that is a constant string (pattern metacharacters escaped) or an expression.
	Like(b *Builder, x, pattern plan.Expr, kind LikeKind) error
	// SearchMatch writes a case-insensitive substring match of text in column c ($search).
	SearchMatch(b *Builder, c *catalog.Column, text string) error
	// Func writes a canonical function call other than contains/startswith/endswith.
	// length counts characters; indexof and substring are 0-based. Unknown or
	// inexpressible functions return ErrUnsupported.
	Func(b *Builder, f *plan.Func) error
	// Arith writes add sub mul div divby mod; div on integers truncates, divby is decimal
	// division.
	Arith(b *Builder, a *plan.Arith) error
}

// Table writes the table reference, schema-qualified when the catalog has a schema.
func (b *Builder) Table(t *catalog.Table) { b.WriteString(b.tableName(t)) }

func (b *Builder) tableName(t *catalog.Table) string {
	if t.Schema != "" {
		return b.D.QuoteIdent(t.Schema) + "." + b.D.QuoteIdent(t.Name)
	}
	return b.D.QuoteIdent(t.Name)
}
