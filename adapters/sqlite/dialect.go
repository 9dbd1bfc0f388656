package sqlite

import (
	"github.com/odatagw/odatagw/odata"
	"strings"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Dialect is SQLite's SQL (3.35 or later for the math functions; the bundled engine is
// 3.54). It embeds the ANSI base: identifiers are "quoted", markers are ?, paging is
// LIMIT ? OFFSET ? (the base writes a huge LIMIT when only an offset is given).
type Dialect struct{ sqlgen.ANSI }

var _ sqlgen.Dialect = Dialect{}

// Name is "sqlite".
func (Dialect) Name() string { return "sqlite" }

// DateTimeLayout is how the dialect binds Edm.DateTimeOffset constants: the text form
// SQLite's own date functions produce ('YYYY-MM-DD HH:MM:SS', UTC), with a fractional
// part only when the value has one (at least three digits, as strftime('%f') writes
// them). SQLite has no date type: DATETIME columns hold whatever text the application
// wrote and compare as text, so filters are right when the stored values use this form
// ('2020-01-31 10:00:00' or '2020-01-31 10:00:00.500'). Values stored with a 'T'
// separator, a zone suffix or as numbers compare wrongly; ranges stay right across the
// fraction variants, except that a stored '…:00.000' sorts after the bound '…:00'.
const DateTimeLayout = "2006-01-02 15:04:05"

// FormatDateTime renders t in the form Bind uses (see DateTimeLayout).
func FormatDateTime(t time.Time) string {
	t = t.UTC()
	s := t.Format(DateTimeLayout)
	if ns := t.Nanosecond(); ns != 0 {
		frac := strings.TrimRight(t.Format(".000000000"), "0")
		for len(frac) < 4 {
			frac += "0"
		}
		s += frac
	}
	return s
}

// Bind binds constants in the form SQLite stores them. Edm.Decimal digits are bound as
// text inside CAST(? AS NUMERIC): SQLite turns them into an INTEGER when exact, else a
// REAL, which is how a DECIMAL-declared (NUMERIC affinity) column stores its values, so
// the comparison is numeric even against expressions that have no affinity (a bare
// text value would sort after every number). Booleans are bound as 1/0 (SQLite has no
// boolean), Edm.DateTimeOffset as text (see DateTimeLayout), Edm.Date as 'YYYY-MM-DD'
// text; Int64 constants beyond 2^53 stay exact int64.
func (Dialect) Bind(b *sqlgen.Builder, c *plan.Const) {
	switch v := c.V.(type) {
	case bool:
		if v {
			b.Arg(int64(1))
		} else {
			b.Arg(int64(0))
		}
		return
	case time.Time:
		b.Arg(FormatDateTime(v))
		return
	}
	if c.T == edm.Decimal {
		// SQLite computes with doubles: a literal with more significant digits than a
		// double holds exactly would be compared approximately, so it is refused.
		if significantDigits(c.V.(string)) > 15 {
			b.Fail(sqlgen.Unsupported("a decimal literal with more than 15 significant digits on SQLite"))
			return
		}
		b.WriteString("CAST(")
		b.Arg(c.V)
		b.WriteString(" AS NUMERIC)")
		return
	}
	b.Arg(c.V)
}

// BoolPred writes `x = 1`: SQLite stores booleans as the integers 0 and 1.
func (Dialect) BoolPred(b *sqlgen.Builder, x plan.Expr) {
	b.Expr(x)
	b.WriteString(" = 1")
}

// StringEquals writes `l = (r) COLLATE BINARY`. SQLite's default collation BINARY is
// exact (case- and trailing-space-sensitive), but a column declared COLLATE NOCASE or
// RTRIM would make `=` inexact; an explicit COLLATE on an operand overrides the
// column's. An index on a BINARY-collated column is still used.
func (Dialect) StringEquals(b *sqlgen.Builder, l, r plan.Expr, negate bool) error {
	b.Expr(l)
	if negate {
		b.WriteString(" <> (")
	} else {
		b.WriteString(" = (")
	}
	b.Expr(r)
	b.WriteString(") COLLATE BINARY")
	return nil
}

// escapeGlob quotes GLOB's metacharacters with character classes: * → [*], ? → [?],
// [ → [[]. A ']' outside a class is literal.
func escapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?[") {
		return s
	}
	var sb strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			sb.WriteByte('[')
			sb.WriteRune(r)
			sb.WriteByte(']')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// Like writes a case-sensitive contains/startswith/endswith. SQLite's LIKE folds ASCII
// case ('ABC' LIKE 'abc' is true) whatever the collation, so a constant pattern is
// matched with GLOB instead, which is case-sensitive, character-aware and can use an
// index for a prefix; its metacharacters are escaped (see escapeGlob). A pattern that
// is an expression is matched with instr/substr: contains → instr(x, p) > 0,
// startswith → substr(x, 1, length(p)) = p, endswith → substr(x, length(x) -
// length(p) + 1) = p (a start below 1 yields fewer than length(p) characters, so it
// cannot match by accident).
func (Dialect) Like(b *sqlgen.Builder, x, pattern plan.Expr, kind sqlgen.LikeKind) error {
	if c, ok := pattern.(*plan.Const); ok {
		s, _ := c.V.(string)
		p := escapeGlob(s)
		switch kind {
		case sqlgen.StartsWith:
			p += "*"
		case sqlgen.EndsWith:
			p = "*" + p
		default:
			p = "*" + p + "*"
		}
		b.Expr(x)
		b.WriteString(" GLOB ")
		b.Arg(p)
		return nil
	}
	switch kind {
	case sqlgen.StartsWith:
		b.WriteString("(SUBSTR(")
		b.Expr(x)
		b.WriteString(", 1, LENGTH(")
		b.Expr(pattern)
		b.WriteString(")) = ")
		b.Expr(pattern)
		b.WriteByte(')')
	case sqlgen.EndsWith:
		b.WriteString("(SUBSTR(")
		b.Expr(x)
		b.WriteString(", LENGTH(")
		b.Expr(x)
		b.WriteString(") - LENGTH(")
		b.Expr(pattern)
		b.WriteString(") + 1) = ")
		b.Expr(pattern)
		b.WriteByte(')')
	default:
		b.WriteString("(INSTR(")
		b.Expr(x)
		b.WriteString(", ")
		b.Expr(pattern)
		b.WriteString(") > 0)")
	}
	return nil
}

// SearchMatch writes `odatagw_lower(c) LIKE ? ESCAPE '!'` with the term folded the same
// way in Go: SQLite's LIKE alone is case-insensitive for ASCII letters only ('CAFÉ'
// would not match 'café'), so both sides are folded with the Unicode-aware function the
// adapter registers.
func (d Dialect) SearchMatch(b *sqlgen.Builder, c *catalog.Column, text string) error {
	b.WriteString(lowerFunc + "(")
	d.Column(b, c)
	b.WriteString(") LIKE ")
	b.Arg(sqlgen.LikePattern(strings.ToLower(text), sqlgen.Contains))
	b.WriteString(" ESCAPE '!'")
	return nil
}

// nonNegative writes max(e, 0), clamping a substring start or length: SQLite counts a
// negative start from the end and a negative length backwards, where OData clamps.
// Constants are clamped here; the multi-argument max() is null when e is.
func nonNegative(b *sqlgen.Builder, e plan.Expr) {
	if c, ok := e.(*plan.Const); ok {
		if v, ok := c.V.(int64); ok {
			b.Arg(max(v, 0))
			return
		}
	}
	b.WriteString("MAX(")
	b.Expr(e)
	b.WriteString(", 0)")
}

// strftimeInt writes CAST(strftime(format, x) AS INTEGER).
func strftimeInt(b *sqlgen.Builder, format string, x plan.Expr) {
	b.WriteString("CAST(STRFTIME('" + format + "', ")
	b.Expr(x)
	b.WriteString(") AS INTEGER)")
}

// Func renders the canonical functions in SQLite:
//
//   - length → LENGTH (characters of text); indexof → INSTR(s, t) - 1; substring →
//     SUBSTR(s, max(i,0) + 1[, max(n,0)]) (a negative start or length counts as 0).
//
//   - tolower/toupper → odatagw_lower/odatagw_upper, Unicode-aware functions the adapter
//     registers with the driver (SQLite's own LOWER/UPPER fold ASCII letters only).
//
//   - trim → TRIM (spaces); concat → a || b, null when either is null.
//
//   - year…second → CAST(strftime('%Y', x) AS INTEGER) etc. on the stored ISO text;
//     fractionalseconds → the digits after the point of strftime('%f'); date → date(x)
//     ('YYYY-MM-DD', compares with bound Edm.Date text); totaloffsetminutes → 0 (values
//     are UTC); now → strftime('%Y-%m-%d %H:%M:%f', 'now') (UTC text); maxdatetime and
//     mindatetime → text constants.
//
//   - round → ROUND (half away from zero; a REAL result); floor/ceiling → FLOOR/CEILING
//     (math functions); on an integer operand the operand itself.
//
//   - cast to Edm.String from strings and integers (CAST AS TEXT), to integer types
//     (CAST AS INTEGER truncates toward zero), to Edm.Decimal (CAST AS NUMERIC) and
//     Edm.Double/Single (CAST AS REAL) from numbers.
//
//   - matchespattern → (odatagw_regexp(x, p) = 1), a Go regular expression the adapter
//     registers with the driver (SQLite has no REGEXP function of its own).
//
// time (Edm.TimeOfDay is never published), isof and casts not listed return
// ErrUnsupported.
func (d Dialect) Func(b *sqlgen.Builder, f *plan.Func) error {
	a := f.Args
	switch f.Name {
	case odata.FnLength:
		return sqlgen.Call(b, "LENGTH", a...)
	case odata.FnToLower:
		return sqlgen.Call(b, lowerFunc, a...)
	case odata.FnToUpper:
		return sqlgen.Call(b, upperFunc, a...)
	case odata.FnIndexOf:
		b.WriteString("(INSTR(")
		b.Expr(a[0])
		b.WriteString(", ")
		b.Expr(a[1])
		b.WriteString(") - 1)")
		return nil
	case odata.FnSubstring:
		b.WriteString("SUBSTR(")
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
	case odata.FnYear:
		strftimeInt(b, "%Y", a[0])
		return nil
	case odata.FnMonth:
		strftimeInt(b, "%m", a[0])
		return nil
	case odata.FnDay:
		strftimeInt(b, "%d", a[0])
		return nil
	case odata.FnHour:
		strftimeInt(b, "%H", a[0])
		return nil
	case odata.FnMinute:
		strftimeInt(b, "%M", a[0])
		return nil
	case odata.FnSecond:
		strftimeInt(b, "%S", a[0])
		return nil
	case odata.FnFractionalSeconds:
		b.WriteString("CAST(SUBSTR(STRFTIME('%f', ")
		b.Expr(a[0])
		b.WriteString("), 3) AS REAL)")
		return nil
	case odata.FnDate:
		return sqlgen.Call(b, "DATE", a...)
	case odata.FnTotalOffsetMinutes:
		return zeroUnlessNull(b, a[0])
	case odata.FnNow:
		b.WriteString("STRFTIME('%Y-%m-%d %H:%M:%f', 'now')")
		return nil
	case odata.FnMaxDateTime:
		b.WriteString("'9999-12-31 23:59:59.999'")
		return nil
	case odata.FnMinDateTime:
		b.WriteString("'0001-01-01 00:00:00'")
		return nil
	case odata.FnRound, odata.FnFloor, odata.FnCeiling:
		if a[0].Type().IsIntegral() {
			b.Expr(a[0])
			return nil
		}
		return sqlgen.Call(b, strings.ToUpper(string(f.Name)), a[0])
	case odata.FnCast:
		return d.cast(b, f)
	case odata.FnMatchesPattern:
		b.WriteByte('(')
		if err := sqlgen.Call(b, regexpFunc, a...); err != nil {
			return err
		}
		b.WriteString(" = 1)")
		return nil
	case odata.FnTime, odata.FnIsOf:
		return sqlgen.Unsupported("function " + string(f.Name) + " on SQLite")
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
	var sqlType string
	switch {
	case to == from:
		b.Expr(x)
		return nil
	case to == edm.String && (from == edm.String || from.IsIntegral()):
		sqlType = "TEXT"
	case to.IsIntegral() && from.IsNumeric():
		sqlType = "INTEGER"
	case to == edm.Decimal && from.IsNumeric():
		sqlType = "NUMERIC"
	case (to == edm.Double || to == edm.Single) && from.IsNumeric():
		sqlType = "REAL"
	default:
		return sqlgen.Unsupported("cast from " + string(from) + " to " + string(to) + " on SQLite")
	}
	b.WriteString("CAST(")
	b.Expr(x)
	b.WriteString(" AS " + sqlType + ")")
	return nil
}

// Arith writes arithmetic. SQLite's / on two INTEGER values truncates toward zero (-7 /
// 2 = -3), which is OData's div on integers. Any other division (divby, or div with a
// Decimal/Double operand) casts the left operand to REAL first, because a
// DECIMAL-declared column holds whole numbers as INTEGER (100.00 is stored as 100) and
// would otherwise divide as integers: the result is a double, SQLite's only fractional
// type. mod on integers is %, otherwise the math function MOD (% truncates its operands
// to integers). Division or mod by zero yields NULL.
func (Dialect) Arith(b *sqlgen.Builder, e *plan.Arith) error {
	ints := e.L.Type().IsIntegral() && e.R.Type().IsIntegral()
	switch e.Op {
	case odata.OpDiv, odata.OpDivBy:
		if e.Op == odata.OpDiv && ints {
			break
		}
		b.WriteString("(CAST(")
		b.Expr(e.L)
		b.WriteString(" AS REAL) / ")
		b.Expr(e.R)
		b.WriteByte(')')
		return nil
	case odata.OpMod:
		if !ints {
			return sqlgen.Call(b, "MOD", e.L, e.R)
		}
	}
	return sqlgen.ANSI{}.Arith(b, e)
}

// significantDigits counts the digits of a decimal literal between its first and last
// non-zero digit.
func significantDigits(s string) int {
	digits := strings.TrimLeft(strings.Replace(strings.TrimLeft(s, "+-"), ".", "", 1), "0")
	if strings.Contains(s, ".") {
		digits = strings.TrimRight(digits, "0")
	}
	return len(digits)
}

// Seekable refuses keyset paging on Edm.Date and Edm.DateTimeOffset columns: SQLite
// has no date type, such a column holds whatever text the application wrote, and
// ORDER BY sorts that text, while a seek would compare it with the text Bind writes
// ('YYYY-MM-DD HH:MM:SS'); a walk in a date order keeps offset paging on SQLite.
func (Dialect) Seekable(c *catalog.Column) bool {
	return c.Type != edm.Date && c.Type != edm.DateTimeOffset
}
