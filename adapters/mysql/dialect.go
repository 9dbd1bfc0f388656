package mysql

import (
	"github.com/odatagw/odatagw/odata"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Dialect is the SQL of MySQL 5.7+/8.x and MariaDB 10.x/11.x. It embeds the ANSI base:
// markers are ?, paging is LIMIT ? OFFSET ? (MySQL requires a LIMIT before OFFSET; the
// base writes a huge one).
//
// Default collations (utf8mb4_general_ci, utf8mb4_0900_ai_ci, latin1_swedish_ci) are
// case- and accent-insensitive and PAD SPACE, so `=`, LIKE and LOCATE are not exact;
// the dialect adds byte-exact terms (binary casts, utf8mb4_bin) everywhere OData
// needs exactness, and keeps a plain term alongside where an index can serve it.
type Dialect struct{ sqlgen.ANSI }

var _ sqlgen.Dialect = Dialect{}

// Name is "mysql".
func (Dialect) Name() string { return "mysql" }

// QuoteIdent writes `x`, doubling embedded backticks (double quotes are identifiers only
// under sql_mode ANSI_QUOTES).
func (Dialect) QuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// textCast lists the types mapped to Edm.String that are not character strings: they
// are read and compared as their text (CAST(x AS CHAR)), so that a filter matches the
// text the client was sent. ENUM compares and sorts by its index, TIME compares as a
// time ('10:00' = TIME '10:00:00'), MySQL 8 JSON compares as JSON.
var textCast = map[string]bool{"time": true, "json": true, "enum": true, "set": true, "inet4": true, "inet6": true}

// plainText lists the character types whose raw column compares with a string value
// under its own collation (a superset of exact equality), so an index can serve it.
var plainText = map[string]bool{"char": true, "varchar": true, "tinytext": true, "text": true,
	"mediumtext": true, "longtext": true, "enum": true, "set": true}

// Column writes the column, converted where the type needs it: BIT(n) is read as
// CAST(x AS UNSIGNED) (the driver returns BIT as raw bytes, b'1' as "\x01") and the
// non-character types mapped to Edm.String as CAST(x AS CHAR) (see textCast).
//
// Column is for read queries (select list, WHERE, ORDER BY); INSERT/UPDATE column
// lists must use QuoteIdent.
func (d Dialect) Column(b *sqlgen.Builder, c *catalog.Column) {
	base, _, _ := typeParts(c.SQLType)
	switch {
	case base == "bit":
		b.WriteString("CAST(" + b.ColumnName(c) + " AS UNSIGNED)")
	case c.Type == edm.String && textCast[base]:
		b.WriteString("CAST(" + b.ColumnName(c) + " AS CHAR)")
	default:
		b.WriteString(b.ColumnName(c))
	}
}

// Bind binds constants so MySQL compares them exactly. MySQL compares a DECIMAL column
// with a string or float argument as DOUBLE, losing digits beyond 15–17, so Edm.Decimal
// digits are bound as a string inside CAST(? AS DECIMAL(p,s)), p and s taken from the
// literal itself (at most 65 digits, 30 after the point; beyond that ErrUnsupported).
// Booleans are bound as 1/0 (BOOL is TINYINT(1)); Int64 as int64, exact beyond 2^53;
// Edm.Date as 'YYYY-MM-DD' and Edm.DateTimeOffset as time.Time, which the driver sends
// as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC (loc=UTC): MySQL converts such strings in
// date contexts.
func (Dialect) Bind(b *sqlgen.Builder, c *plan.Const) {
	if v, ok := c.V.(bool); ok {
		if v {
			b.Arg(int64(1))
		} else {
			b.Arg(int64(0))
		}
		return
	}
	if c.T == edm.Decimal {
		s, ok := c.V.(string)
		if !ok {
			s = strings.TrimSpace(plainString(c.V))
		}
		norm, p, sc, ok := decimalShape(s)
		if !ok {
			b.Unsupported("decimal constant with more than 65 digits or 30 decimals on MySQL")
			return
		}
		b.WriteString("CAST(")
		b.Arg(norm)
		b.WriteString(" AS DECIMAL(" + strconv.Itoa(p) + "," + strconv.Itoa(sc) + "))")
		return
	}
	b.Arg(c.V)
}

func plainString(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// decimalShape normalizes an exact decimal literal ("-0012.3400", "1.5e3") to plain
// digits ("-12.34", "1500") and returns the DECIMAL(p,s) that holds it exactly; ok is
// false for a malformed literal and beyond MySQL's DECIMAL (65 digits, 30 after the
// point).
func decimalShape(s string) (norm string, p, sc int, ok bool) {
	d, err := sqlgen.ParseDecimal(s, 65)
	if err != nil || d.Scale() > 30 {
		return "", 0, 0, false
	}
	return d.String(), d.Precision(), d.Scale(), true
}

// BoolPred writes `x = 1`: BOOL is TINYINT(1) and BIT(1) is read as an integer.
func (Dialect) BoolPred(b *sqlgen.Builder, x plan.Expr) {
	b.Expr(x)
	b.WriteString(" = 1")
}

// exactBytes writes CAST(CONVERT(e USING utf8mb4) AS BINARY): the value's UTF-8 bytes,
// which compare byte by byte without padding, case or accent folding, whatever the
// column's character set.
func exactBytes(b *sqlgen.Builder, e plan.Expr) {
	b.WriteString("CAST(CONVERT(")
	b.Expr(e)
	b.WriteString(" USING utf8mb4) AS BINARY)")
}

// binText writes CONVERT(e USING utf8mb4) COLLATE utf8mb4_bin: the value as utf8mb4
// text under a case- and accent-sensitive collation, for LIKE, LOCATE and REGEXP, which
// then count characters, not bytes. utf8mb4_bin is PAD SPACE, so it is not used for =.
func binText(b *sqlgen.Builder, e plan.Expr) {
	b.WriteString("CONVERT(")
	b.Expr(e)
	b.WriteString(" USING utf8mb4) COLLATE utf8mb4_bin")
}

// indexable returns the column of e and its character set and collation when e is a
// raw character column that compares with a string value under its own collation.
func indexable(e plan.Expr) (c *catalog.Column, charset, collation string, ok bool) {
	ref, isRef := e.(*plan.ColumnRef)
	if !isRef || ref.Col.Type != edm.String {
		return nil, "", "", false
	}
	base, charset, collation := typeParts(ref.Col.SQLType)
	if !plainText[base] {
		return nil, "", "", false
	}
	return ref.Col, charset, collation, true
}

// StringEquals writes an exact string equality. MySQL/MariaDB's default collations are
// case-insensitive and PAD SPACE ('abc' = 'ABC ' is true), and even *_bin collations
// pad, so exactness comes from comparing the UTF-8 bytes (see exactBytes). When one side
// is a character column and the other a constant, the plain `col = ?` is kept in front
// so an index narrows the rows; for a column whose character set is not utf8mb4 the
// value is converted to it first, `col = CONVERT(? USING latin1) COLLATE <column
// collation>`, because comparing a latin1 column with a utf8mb4 value holding
// characters latin1 lacks fails with "Illegal mix of collations" (the conversion turns
// them into '?', and the byte-exact term removes such false candidates). ne is the
// byte-exact <> alone.
func (d Dialect) StringEquals(b *sqlgen.Builder, l, r plan.Expr, negate bool) error {
	if negate {
		exactBytes(b, l)
		b.WriteString(" <> ")
		exactBytes(b, r)
		return nil
	}
	col, other := l, r
	if _, ok := col.(*plan.ColumnRef); !ok {
		col, other = r, l
	}
	b.WriteByte('(')
	if c, charset, collation, ok := indexable(col); ok {
		if _, isConst := other.(*plan.Const); isConst {
			b.WriteString(d.QuoteIdent(c.Name))
			b.WriteString(" = ")
			if charset == "" {
				b.Expr(other)
			} else {
				b.WriteString("CONVERT(")
				b.Expr(other)
				b.WriteString(" USING " + charset + ") COLLATE " + collation)
			}
			b.WriteString(" AND ")
		}
	}
	exactBytes(b, l)
	b.WriteString(" = ")
	exactBytes(b, r)
	b.WriteByte(')')
	return nil
}

// Like writes a case-sensitive contains/startswith/endswith. LIKE follows the column's
// collation (case- and accent-insensitive by default), so a constant pattern is matched
// as `CONVERT(x USING utf8mb4) COLLATE utf8mb4_bin LIKE ? ESCAPE '!'`, which compares
// characters exactly whatever x's character set; LIKE is never PAD SPACE. With ESCAPE
// '!' a backslash in the data or the pattern is an ordinary character. For startswith
// on a utf8mb4 character column the plain `x LIKE ? ESCAPE '!'` is kept in front, so an
// index range serves the prefix. A pattern that is an expression is matched with
// LOCATE under utf8mb4_bin (contains: > 0, startswith: = 1) and, for endswith, by
// comparing the bytes of RIGHT(x, CHAR_LENGTH(p)).
func (d Dialect) Like(b *sqlgen.Builder, x, pattern plan.Expr, kind sqlgen.LikeKind) error {
	if c, ok := pattern.(*plan.Const); ok {
		s, _ := c.V.(string)
		p := sqlgen.LikePattern(s, kind)
		b.WriteByte('(')
		if col, charset, _, ok := indexable(x); ok && kind == sqlgen.StartsWith && charset == "" {
			b.WriteString(d.QuoteIdent(col.Name))
			b.WriteString(" LIKE ")
			b.Arg(p)
			b.WriteString(" ESCAPE '!' AND ")
		}
		binText(b, x)
		b.WriteString(" LIKE ")
		b.Arg(p)
		b.WriteString(" ESCAPE '!')")
		return nil
	}
	switch kind {
	case sqlgen.EndsWith:
		b.WriteString("(CAST(CONVERT(RIGHT(")
		b.Expr(x)
		b.WriteString(", CHAR_LENGTH(")
		b.Expr(pattern)
		b.WriteString(")) USING utf8mb4) AS BINARY) = ")
		exactBytes(b, pattern)
		b.WriteByte(')')
	default:
		b.WriteString("(LOCATE(")
		binText(b, pattern)
		b.WriteString(", ")
		binText(b, x)
		if kind == sqlgen.StartsWith {
			b.WriteString(") = 1)")
		} else {
			b.WriteString(") > 0)")
		}
	}
	return nil
}

// SearchMatch writes a case-insensitive substring match:
// `LOWER(CONVERT(c USING utf8mb4)) COLLATE utf8mb4_bin LIKE LOWER(?) ESCAPE '!'`. Both
// sides are lower-cased with MySQL's Unicode case mapping and compared under
// utf8mb4_bin, so the match ignores case on every column (also *_bin and *_cs ones)
// but not accents ('cafe' does not find 'café', as it would under a *_ci collation).
func (d Dialect) SearchMatch(b *sqlgen.Builder, c *catalog.Column, text string) error {
	b.WriteString("LOWER(CONVERT(")
	d.Column(b, c)
	b.WriteString(" USING utf8mb4)) COLLATE utf8mb4_bin LIKE LOWER(")
	b.Arg(sqlgen.LikePattern(text, sqlgen.Contains))
	b.WriteString(") ESCAPE '!'")
	return nil
}

// nonNegative writes GREATEST(e, 0) (null when e is), or a clamped constant.
func nonNegative(b *sqlgen.Builder, e plan.Expr) {
	if c, ok := e.(*plan.Const); ok {
		if v, ok := c.V.(int64); ok {
			b.Arg(max(v, 0))
			return
		}
	}
	b.WriteString("GREATEST(")
	b.Expr(e)
	b.WriteString(", 0)")
}

// Func renders the canonical functions in MySQL/MariaDB:
//   - length → CHAR_LENGTH (LENGTH counts bytes: LENGTH('café') = 5).
//   - indexof → LOCATE(t, s) - 1 under utf8mb4_bin (LOCATE follows the collation:
//     LOCATE('B', 'abc') is 2 under utf8mb4_general_ci).
//   - substring → SUBSTRING(s, GREATEST(i,0) + 1[, GREATEST(n,0)]): SUBSTRING counts
//     a negative start from the end and returns ” for start 0, where OData clamps.
//   - tolower, toupper, trim → LOWER, UPPER, TRIM; concat → CONCAT (null if either
//     argument is null).
//   - year, month, day, hour, minute, second → YEAR, MONTH, DAYOFMONTH, HOUR, MINUTE,
//     SECOND (values are UTC: see Connect); fractionalseconds → MICROSECOND(x) /
//     1000000; date → DATE; totaloffsetminutes → 0; now → UTC_TIMESTAMP(6);
//     maxdatetime/mindatetime → DATETIME(6) constants.
//   - round → ROUND on decimals (half away from zero), but SIGN(x) * FLOOR(ABS(x) +
//     0.5) on FLOAT/DOUBLE, where ROUND rounds half to even (ROUND(-2.5e0) = -2);
//     floor, ceiling → FLOOR, CEILING; on integers the operand itself.
//   - cast to Edm.String from strings, integers and decimals (CAST AS CHAR); to integer
//     types from numbers (CAST(TRUNCATE(x, 0) AS SIGNED): CAST alone rounds); to
//     Edm.Decimal (CAST AS DECIMAL(65,30)); to Edm.Double/Single (x + 0E0, which works
//     where CAST AS DOUBLE does not, before MySQL 8.0.17).
//   - matchespattern → `CONVERT(x USING utf8mb4) COLLATE utf8mb4_bin REGEXP p`,
//     case-sensitive; MySQL 8 uses ICU and MariaDB PCRE regular expressions, close to
//     but not exactly OData's (XML Schema) syntax.
//
// time (Edm.TimeOfDay is never published), isof and other casts return ErrUnsupported.
func (d Dialect) Func(b *sqlgen.Builder, f *plan.Func) error {
	a := f.Args
	switch f.Name {
	case odata.FnLength:
		return sqlgen.Call(b, "CHAR_LENGTH", a...)
	case odata.FnIndexOf:
		b.WriteString("(LOCATE(")
		binText(b, a[1])
		b.WriteString(", ")
		binText(b, a[0])
		b.WriteString(") - 1)")
		return nil
	case odata.FnSubstring:
		b.WriteString("SUBSTRING(")
		b.Expr(a[0])
		b.WriteString(", ")
		nonNegative(b, a[1])
		b.WriteString(" + 1")
		if len(a) == 3 {
			b.WriteString(", ")
			nonNegative(b, a[2])
		}
		b.WriteByte(')')
		return nil
	case odata.FnConcat:
		return sqlgen.Call(b, "CONCAT", a...)
	case odata.FnYear:
		return sqlgen.Call(b, "YEAR", a...)
	case odata.FnMonth:
		return sqlgen.Call(b, "MONTH", a...)
	case odata.FnDay:
		return sqlgen.Call(b, "DAYOFMONTH", a...)
	case odata.FnHour:
		return sqlgen.Call(b, "HOUR", a...)
	case odata.FnMinute:
		return sqlgen.Call(b, "MINUTE", a...)
	case odata.FnSecond:
		return sqlgen.Call(b, "SECOND", a...)
	case odata.FnFractionalSeconds:
		b.WriteString("(MICROSECOND(")
		b.Expr(a[0])
		b.WriteString(") / 1000000)")
		return nil
	case odata.FnDate:
		return sqlgen.Call(b, "DATE", a...)
	case odata.FnTotalOffsetMinutes:
		return zeroUnlessNull(b, a[0])
	case odata.FnNow:
		b.WriteString("UTC_TIMESTAMP(6)")
		return nil
	case odata.FnMaxDateTime:
		b.WriteString("CAST('9999-12-31 23:59:59.999999' AS DATETIME(6))")
		return nil
	case odata.FnMinDateTime:
		b.WriteString("CAST('0001-01-01 00:00:00' AS DATETIME(6))")
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
		binText(b, a[0])
		b.WriteString(" REGEXP ")
		b.Expr(a[1])
		b.WriteByte(')')
		return nil
	case odata.FnTime, odata.FnIsOf:
		return sqlgen.Unsupported("function " + string(f.Name) + " on MySQL")
	}
	return d.ANSI.Func(b, f)
}

// zeroUnlessNull writes 0, or null when x is null.
func zeroUnlessNull(b *sqlgen.Builder, x plan.Expr) error {
	if !x.Nullable() {
		b.WriteString("0")
		return nil
	}
	b.WriteString("(CASE WHEN ")
	b.Expr(x)
	b.WriteString(" IS NULL THEN NULL ELSE 0 END)")
	return nil
}

func (Dialect) cast(b *sqlgen.Builder, f *plan.Func) error {
	x := f.Args[0]
	from, to := x.Type(), f.T
	switch {
	case to == from:
		b.Expr(x)
	case to == edm.String && (from == edm.String || from.IsIntegral() || from == edm.Decimal):
		b.WriteString("CAST(")
		b.Expr(x)
		b.WriteString(" AS CHAR)")
	case to.IsIntegral() && from.IsIntegral():
		b.WriteString("CAST(")
		b.Expr(x)
		b.WriteString(" AS SIGNED)")
	case to.IsIntegral() && from.IsNumeric():
		b.WriteString("CAST(TRUNCATE(")
		b.Expr(x)
		b.WriteString(", 0) AS SIGNED)")
	case to == edm.Decimal && from.IsNumeric():
		b.WriteString("CAST(")
		b.Expr(x)
		b.WriteString(" AS DECIMAL(65,30))")
	case (to == edm.Double || to == edm.Single) && from.IsNumeric():
		b.WriteByte('(')
		b.Expr(x)
		b.WriteString(" + 0E0)")
	default:
		return sqlgen.Unsupported("cast from " + string(from) + " to " + string(to) + " on MySQL")
	}
	return nil
}

// Arith writes arithmetic. div on two integers is DIV (truncates toward zero: -7 DIV 2
// = -3); divby, and div with a decimal or floating operand, is /, which MySQL computes
// as DECIMAL for exact operands (scale grows by div_precision_increment, 4 by default:
// 7 / 2 = 3.5000) and as DOUBLE otherwise. mod is MOD (sign of the dividend, exact on
// decimals). Division or MOD by zero yields NULL. Arithmetic on UNSIGNED columns whose
// result would be negative fails with "BIGINT UNSIGNED value is out of range".
func (Dialect) Arith(b *sqlgen.Builder, e *plan.Arith) error {
	switch e.Op {
	case odata.OpDiv:
		if e.L.Type().IsIntegral() && e.R.Type().IsIntegral() {
			b.WriteByte('(')
			b.Expr(e.L)
			b.WriteString(" DIV ")
			b.Expr(e.R)
			b.WriteByte(')')
			return nil
		}
	case odata.OpMod:
		return sqlgen.Call(b, "MOD", e.L, e.R)
	}
	return sqlgen.ANSI{}.Arith(b, e)
}

// Seekable refuses keyset paging on ENUM and SET columns: ORDER BY sorts them by
// their member index, while a comparison with a value compares text.
func (Dialect) Seekable(c *catalog.Column) bool {
	base, _, _ := typeParts(c.SQLType)
	return base != "enum" && base != "set"
}
