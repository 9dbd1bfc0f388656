package postgres

import (
	"github.com/odatagw/odatagw/odata"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Dialect is PostgreSQL's SQL (10 or later). It embeds the ANSI base: identifiers are
// "quoted", paging is LIMIT $n OFFSET $m. String comparison, LIKE and functions are
// case-sensitive already (text compares under the column's deterministic collation);
// char(n) is the exception handled in Column.
type Dialect struct{ sqlgen.ANSI }

var (
	_ sqlgen.Dialect = Dialect{}
	_ sqlgen.Orderer = Dialect{}
)

// Name is "postgres".
func (Dialect) Name() string { return "postgres" }

// Placeholder is $n.
func (Dialect) Placeholder(n int) string { return "$" + strconv.Itoa(n) }

// Column writes the column; string-mapped columns of types other than text, varchar
// and name are read and compared as CAST(x AS TEXT). char(n) pads with spaces and
// ignores trailing spaces in = and length() but not in LIKE ('ab'::char(5) LIKE '%b' is
// false): as text it is the value without padding, the same as MySQL returns, and
// every operator agrees with what the client reads. Enums, json, jsonb, xml, time,
// interval, cidr, macaddr and citext likewise compare as the text the client reads (an
// enum column compared with an unknown label would raise an error; json has no =;
// citext would compare case-insensitively); inet as ABBREV(x), its output form.
//
// Column is for read queries (select list, WHERE, ORDER BY); INSERT/UPDATE column
// lists must use QuoteIdent.
func (d Dialect) Column(b *sqlgen.Builder, c *catalog.Column) {
	if c.Type != edm.String {
		b.WriteString(b.ColumnName(c))
		return
	}
	switch base := baseOf(c.SQLType); {
	case plainText[base]:
		b.WriteString(b.ColumnName(c))
	case base == "inet":
		// CAST(inet AS TEXT) always appends the netmask ('10.0.0.1/32'); ABBREV gives
		// the output form ('10.0.0.1', '10.1.0.0/16').
		b.WriteString("ABBREV(" + b.ColumnName(c) + ")")
	default:
		b.WriteString("CAST(" + b.ColumnName(c) + " AS TEXT)")
	}
}

// Bind binds constants with an explicit type where PostgreSQL could not infer one or
// would infer the wrong one: Edm.Decimal digits as CAST($n AS NUMERIC) (exact);
// integers as CAST($n AS BIGINT/INTEGER/SMALLINT) by their EDM type, so that an Int64
// beyond the range of an int4 column compares instead of failing to encode (an index on
// the column still serves the cross-type comparison); Edm.Double and Edm.Single as
// CAST($n AS DOUBLE PRECISION/REAL); Edm.Date 'YYYY-MM-DD' as CAST($n AS DATE).
// Strings, booleans, Guids, binary and Edm.DateTimeOffset (time.Time, UTC) are bound
// bare and take the type of the column they meet: a cast to timestamptz would compare a
// timestamp column through a conversion its index cannot serve.
func (Dialect) Bind(b *sqlgen.Builder, c *plan.Const) {
	var sqlType string
	switch c.T {
	case edm.Decimal:
		sqlType = "NUMERIC"
	case edm.Int64:
		sqlType = "BIGINT"
	case edm.Int32:
		sqlType = "INTEGER"
	case edm.Int16, edm.Byte, edm.SByte:
		sqlType = "SMALLINT"
	case edm.Double:
		sqlType = "DOUBLE PRECISION"
	case edm.Single:
		sqlType = "REAL"
	case edm.Date:
		sqlType = "DATE"
	default:
		b.Arg(c.V)
		return
	}
	b.WriteString("CAST(")
	b.Arg(c.V)
	b.WriteString(" AS " + sqlType + ")")
}

// BoolPred writes `x = TRUE` (booleans are a real type).
func (Dialect) BoolPred(b *sqlgen.Builder, x plan.Expr) {
	b.Expr(x)
	b.WriteString(" = TRUE")
}

// StringEquals writes = / <>, exact on text (deterministic collations). For a char(n)
// column compared with a constant, read as text (see Column), the raw `col = $n` is
// kept in front so an index on the column narrows the rows: char(n) equality ignores
// trailing spaces, so it is a superset of the exact text equality that follows.
func (d Dialect) StringEquals(b *sqlgen.Builder, l, r plan.Expr, negate bool) error {
	col, other := l, r
	if _, ok := col.(*plan.ColumnRef); !ok {
		col, other = r, l
	}
	ref, isRef := col.(*plan.ColumnRef)
	_, isConst := other.(*plan.Const)
	if negate || !isRef || !isConst || !ref.Col.FixedChar {
		return d.ANSI.StringEquals(b, l, r, negate)
	}
	b.WriteByte('(')
	b.WriteString(d.QuoteIdent(ref.Col.Name))
	b.WriteString(" = ")
	b.Expr(other)
	b.WriteString(" AND ")
	b.Expr(l)
	b.WriteString(" = ")
	b.Expr(r)
	b.WriteByte(')')
	return nil
}

// Like writes `x LIKE $n ESCAPE '!'` for a constant pattern (PostgreSQL's LIKE is
// case-sensitive). A pattern that is an expression is matched with STRPOS(x, p) > 0,
// LEFT(x, LENGTH(p)) = p and RIGHT(x, LENGTH(p)) = p.
func (d Dialect) Like(b *sqlgen.Builder, x, pattern plan.Expr, kind sqlgen.LikeKind) error {
	if _, ok := pattern.(*plan.Const); ok {
		return d.ANSI.Like(b, x, pattern, kind)
	}
	switch kind {
	case sqlgen.StartsWith, sqlgen.EndsWith:
		fn := "LEFT("
		if kind == sqlgen.EndsWith {
			fn = "RIGHT("
		}
		b.WriteString("(" + fn)
		b.Expr(x)
		b.WriteString(", LENGTH(")
		b.Expr(pattern)
		b.WriteString(")) = ")
		b.Expr(pattern)
		b.WriteByte(')')
	default:
		b.WriteString("(STRPOS(")
		b.Expr(x)
		b.WriteString(", ")
		b.Expr(pattern)
		b.WriteString(") > 0)")
	}
	return nil
}

// SearchMatch writes `c ILIKE $n ESCAPE '!'`: case-insensitive by the database's
// LC_CTYPE, which folds non-ASCII letters under UTF-8 locales ('CAFÉ' ILIKE '%café%').
func (d Dialect) SearchMatch(b *sqlgen.Builder, c *catalog.Column, text string) error {
	d.Column(b, c)
	b.WriteString(" ILIKE ")
	b.Arg(sqlgen.LikePattern(text, sqlgen.Contains))
	b.WriteString(" ESCAPE '!'")
	return nil
}

// nonNegativeInt writes e clamped at 0 as an INTEGER (SUBSTRING takes integer
// arguments, and PostgreSQL rejects a negative length): a constant is clamped here,
// an expression becomes CASE WHEN e < 0 THEN 0 ELSE e END (GREATEST would turn a null
// into 0).
func nonNegativeInt(b *sqlgen.Builder, e plan.Expr) {
	if c, ok := e.(*plan.Const); ok {
		if v, ok := c.V.(int64); ok {
			b.WriteString("CAST(")
			b.Arg(max(v, 0))
			b.WriteString(" AS INTEGER)")
			return
		}
	}
	b.WriteString("CAST(CASE WHEN ")
	b.Expr(e)
	b.WriteString(" < 0 THEN 0 ELSE ")
	b.Expr(e)
	b.WriteString(" END AS INTEGER)")
}

// extract writes CAST(EXTRACT(field FROM x) AS INTEGER); EXTRACT returns numeric (14+)
// or double precision.
func extract(b *sqlgen.Builder, field string, x plan.Expr) {
	b.WriteString("CAST(EXTRACT(" + field + " FROM ")
	b.Expr(x)
	b.WriteString(") AS INTEGER)")
}

// Func renders the canonical functions in PostgreSQL:
//   - length → LENGTH (characters); indexof → STRPOS(s, t) - 1; substring →
//     SUBSTRING(s FROM i+1 [FOR n]) with i and n clamped at 0 (PostgreSQL counts
//     positions before the start toward the length and rejects a negative length).
//   - tolower, toupper, trim → LOWER, UPPER, TRIM (Unicode under UTF-8 locales);
//     concat → a || b (CONCAT would skip nulls).
//   - year…minute → EXTRACT cast to integer; second → FLOOR(EXTRACT(SECOND)) (EXTRACT
//     includes the fraction); fractionalseconds → the microseconds beyond the second /
//     1000000 as numeric; date → CAST(x AS DATE) (in the session zone, UTC);
//     totaloffsetminutes → 0; now → CURRENT_TIMESTAMP; maxdatetime/mindatetime →
//     timestamptz constants.
//   - round → ROUND on numeric (half away from zero) but SIGN(x) * FLOOR(ABS(x) + 0.5)
//     on real/double, where ROUND rounds half to even; floor, ceiling → FLOOR, CEILING;
//     on integers the operand itself.
//   - cast to Edm.String from strings, integers, decimals and Guids (CAST AS TEXT); to
//     integer types from integers (CAST) and other numbers (CAST(TRUNC(x) AS …): CAST
//     alone rounds); to Edm.Decimal (NUMERIC), Edm.Double, Edm.Single from numbers.
//   - matchespattern → x ~ p (POSIX regular expressions, case-sensitive; close to but
//     not exactly OData's XML Schema syntax).
//
// time (Edm.TimeOfDay is never published), isof and other casts return ErrUnsupported.
func (d Dialect) Func(b *sqlgen.Builder, f *plan.Func) error {
	a := f.Args
	switch f.Name {
	case odata.FnLength:
		return sqlgen.Call(b, "LENGTH", a...)
	case odata.FnIndexOf:
		b.WriteString("(STRPOS(")
		b.Expr(a[0])
		b.WriteString(", ")
		b.Expr(a[1])
		b.WriteString(") - 1)")
		return nil
	case odata.FnSubstring:
		b.WriteString("SUBSTRING(")
		b.Expr(a[0])
		b.WriteString(" FROM ")
		nonNegativeInt(b, a[1])
		b.WriteString(" + 1")
		if len(a) == 3 {
			b.WriteString(" FOR ")
			nonNegativeInt(b, a[2])
		}
		b.WriteByte(')')
		return nil
	case odata.FnYear, odata.FnMonth, odata.FnDay, odata.FnHour, odata.FnMinute:
		extract(b, strings.ToUpper(string(f.Name)), a[0])
		return nil
	case odata.FnSecond:
		b.WriteString("CAST(FLOOR(EXTRACT(SECOND FROM ")
		b.Expr(a[0])
		b.WriteString(")) AS INTEGER)")
		return nil
	case odata.FnFractionalSeconds:
		b.WriteString("(MOD(CAST(EXTRACT(MICROSECONDS FROM ")
		b.Expr(a[0])
		b.WriteString(") AS NUMERIC), 1000000) / 1000000)")
		return nil
	case odata.FnDate:
		b.WriteString("CAST(")
		b.Expr(a[0])
		b.WriteString(" AS DATE)")
		return nil
	case odata.FnTotalOffsetMinutes:
		if !a[0].Nullable() {
			b.WriteString("0")
			return nil
		}
		b.WriteString("(CASE WHEN ")
		b.Expr(a[0])
		b.WriteString(" IS NULL THEN NULL ELSE 0 END)")
		return nil
	case odata.FnNow:
		b.WriteString("CURRENT_TIMESTAMP")
		return nil
	case odata.FnMaxDateTime:
		b.WriteString("CAST('9999-12-31 23:59:59.999999+00' AS TIMESTAMPTZ)")
		return nil
	case odata.FnMinDateTime:
		b.WriteString("CAST('0001-01-01 00:00:00+00' AS TIMESTAMPTZ)")
		return nil
	case odata.FnRound:
		switch t := a[0].Type(); {
		case t.IsIntegral():
			b.Expr(a[0])
			return nil
		case t == edm.Double || t == edm.Single:
			b.WriteString("(SIGN(")
			b.Expr(a[0])
			b.WriteString(") * FLOOR(ABS(")
			b.Expr(a[0])
			b.WriteString(") + 0.5))")
			return nil
		}
		return sqlgen.Call(b, "ROUND", a[0])
	case odata.FnFloor, odata.FnCeiling:
		if a[0].Type().IsIntegral() {
			b.Expr(a[0])
			return nil
		}
		return sqlgen.Call(b, strings.ToUpper(string(f.Name)), a[0])
	case odata.FnCast:
		return d.cast(b, f)
	case odata.FnMatchesPattern:
		b.WriteByte('(')
		b.Expr(a[0])
		b.WriteString(" ~ ")
		b.Expr(a[1])
		b.WriteByte(')')
		return nil
	case odata.FnTime, odata.FnIsOf:
		return sqlgen.Unsupported("function " + string(f.Name) + " on PostgreSQL")
	}
	return d.ANSI.Func(b, f)
}

func intType(t edm.Type) string {
	switch t {
	case edm.Int64:
		return "BIGINT"
	case edm.Int32:
		return "INTEGER"
	}
	return "SMALLINT"
}

func (Dialect) cast(b *sqlgen.Builder, f *plan.Func) error {
	x := f.Args[0]
	from, to := x.Type(), f.T
	var pre, post string
	switch {
	case to == from:
	case to == edm.String && (from == edm.String || from.IsIntegral() || from == edm.Decimal || from == edm.Guid):
		pre, post = "CAST(", " AS TEXT)"
	case to.IsIntegral() && from.IsIntegral():
		pre, post = "CAST(", " AS "+intType(to)+")"
	case to.IsIntegral() && from.IsNumeric():
		pre, post = "CAST(TRUNC(", ") AS "+intType(to)+")"
	case to == edm.Decimal && from.IsNumeric():
		pre, post = "CAST(", " AS NUMERIC)"
	case to == edm.Double && from.IsNumeric():
		pre, post = "CAST(", " AS DOUBLE PRECISION)"
	case to == edm.Single && from.IsNumeric():
		pre, post = "CAST(", " AS REAL)"
	default:
		return sqlgen.Unsupported("cast from " + string(from) + " to " + string(to) + " on PostgreSQL")
	}
	b.WriteString(pre)
	b.Expr(x)
	b.WriteString(post)
	return nil
}

// Arith writes arithmetic. Integer / truncates toward zero (-7 / 2 = -3): OData's div
// on integers. divby on two integers casts to NUMERIC first; numeric / is exact to at
// least 16 significant digits; float / is double. mod is MOD, on NUMERIC when an
// operand is real/double (there is no float modulo). PostgreSQL raises an error on
// division by zero; the divisor is wrapped in NULLIF(r, 0) so the result is null, as on
// MySQL and SQLite.
func (Dialect) Arith(b *sqlgen.Builder, e *plan.Arith) error {
	lt, rt := e.L.Type(), e.R.Type()
	ints := lt.IsIntegral() && rt.IsIntegral()
	float := lt == edm.Double || lt == edm.Single || rt == edm.Double || rt == edm.Single
	switch e.Op {
	case odata.OpDiv, odata.OpDivBy:
		b.WriteByte('(')
		if e.Op == odata.OpDivBy && ints {
			b.WriteString("CAST(")
			b.Expr(e.L)
			b.WriteString(" AS NUMERIC)")
		} else {
			b.Expr(e.L)
		}
		b.WriteString(" / NULLIF(")
		b.Expr(e.R)
		b.WriteString(", 0))")
		return nil
	case odata.OpMod:
		b.WriteString("MOD(")
		if float {
			b.WriteString("CAST(")
			b.Expr(e.L)
			b.WriteString(" AS NUMERIC), NULLIF(CAST(")
			b.Expr(e.R)
			b.WriteString(" AS NUMERIC), 0))")
			return nil
		}
		b.Expr(e.L)
		b.WriteString(", NULLIF(")
		b.Expr(e.R)
		b.WriteString(", 0))")
		return nil
	}
	return sqlgen.ANSI{}.Arith(b, e)
}

// Order writes an ORDER BY term. OData sorts nulls first ascending and last
// descending; PostgreSQL does the opposite by default, so nullable terms get NULLS
// FIRST / NULLS LAST. Terms that cannot be null are left plain, so that a b-tree index
// (built ASC NULLS LAST) still delivers the order without a sort. A char(n) column is
// ordered as itself rather than as the text Column reads: char(n) compares without its
// trailing spaces, which is the same order, and its index serves it (the key, which
// every page is ordered by, is often char(n) in legacy schemas).
func (d Dialect) Order(b *sqlgen.Builder, e plan.Expr, desc bool) {
	if ref, ok := e.(*plan.ColumnRef); ok && ref.Col.FixedChar {
		b.WriteString(d.QuoteIdent(ref.Col.Name))
	} else {
		b.Expr(e)
	}
	switch {
	case desc && e.Nullable():
		b.WriteString(" DESC NULLS LAST")
	case desc:
		b.WriteString(" DESC")
	case e.Nullable():
		b.WriteString(" ASC NULLS FIRST")
	}
}

// SeekTerm writes an order column in a keyset seek as Order writes it: a char(n)
// column as itself (bpchar compares without trailing spaces, the order of the text
// Column reads), so that its index serves the seek; others through Column.
func (d Dialect) SeekTerm(b *sqlgen.Builder, c *catalog.Column) {
	if c.FixedChar {
		b.WriteString(d.QuoteIdent(c.Name))
		return
	}
	b.Expr(&plan.ColumnRef{Col: c})
}
