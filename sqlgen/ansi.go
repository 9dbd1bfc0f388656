package sqlgen

import (
	"github.com/odatagw/odatagw/odata"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/plan"
)

// ANSI is the standard-SQL base every dialect embeds. Its methods render through
// b.D, so a dialect's overrides apply inside expressions the base renders.
type ANSI struct{}

// LikeEscapeChar is the escape character used in every LIKE pattern the gateway binds.
const LikeEscapeChar = '!'

// EscapeLike escapes %, _ and the escape character itself in s, for a LIKE pattern with
// ESCAPE '!'. extra lists further metacharacters a dialect must escape ('[' on SQL Server).
func EscapeLike(s string, extra ...byte) string {
	if !strings.ContainsAny(s, "%_!"+string(extra)) {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' || c == '_' || c == LikeEscapeChar || strings.IndexByte(string(extra), c) >= 0 {
			sb.WriteByte(LikeEscapeChar)
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

func (ANSI) Name() string { return "ansi" }

// QuoteIdent doubles embedded double quotes.
func (ANSI) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func (ANSI) Placeholder(int) string { return "?" }

// Paginate writes LIMIT/OFFSET with bound values.
func (ANSI) Paginate(b *Builder, limit, offset int64) {
	if limit >= 0 {
		b.WriteString(" LIMIT ")
		b.Arg(limit)
	}
	if offset > 0 {
		if limit < 0 {
			// LIMIT is required before OFFSET in MySQL and SQLite; -1 / max means all.
			b.WriteString(" LIMIT ")
			b.Arg(int64(1 << 62))
		}
		b.WriteString(" OFFSET ")
		b.Arg(offset)
	}
}

// Bind binds the constant's Go value as it is.
func (ANSI) Bind(b *Builder, c *plan.Const) { b.Arg(c.V) }

func (ANSI) Column(b *Builder, c *catalog.Column) { b.WriteString(b.ColumnName(c)) }

// BoolPred compares with a bound true, which works for BOOLEAN and 0/1 integer storage.
func (ANSI) BoolPred(b *Builder, x plan.Expr) {
	b.Expr(x)
	b.WriteString(" = ")
	b.Arg(true)
}

// StringEquals is plain = / <>: exact on binary and case-sensitive collations.
func (ANSI) StringEquals(b *Builder, l, r plan.Expr, negate bool) error {
	b.Expr(l)
	if negate {
		b.WriteString(" <> ")
	} else {
		b.WriteString(" = ")
	}
	b.Expr(r)
	return nil
}

// Like writes `x LIKE pattern ESCAPE '!'`. A constant pattern is escaped and bound; an
// expression pattern is not supported by the base (metacharacters in column values
// cannot be escaped portably).
func (ANSI) Like(b *Builder, x, pattern plan.Expr, kind LikeKind) error {
	c, ok := pattern.(*plan.Const)
	if !ok {
		return unsupported("contains/startswith/endswith with a non-literal pattern")
	}
	s, _ := c.V.(string)
	b.Expr(x)
	b.WriteString(" LIKE ")
	b.Arg(LikePattern(s, kind))
	b.WriteString(" ESCAPE '!'")
	return nil
}

// LikePattern returns the escaped pattern for a contains/startswith/endswith of s.
func LikePattern(s string, kind LikeKind, extra ...byte) string {
	p := EscapeLike(s, extra...)
	switch kind {
	case StartsWith:
		return p + "%"
	case EndsWith:
		return "%" + p
	default:
		return "%" + p + "%"
	}
}

// SearchMatch writes LOWER(c) LIKE lower(pattern).
func (ANSI) SearchMatch(b *Builder, c *catalog.Column, text string) error {
	b.WriteString("LOWER(")
	b.D.Column(b, c)
	b.WriteString(") LIKE ")
	b.Arg(LikePattern(strings.ToLower(text), Contains))
	b.WriteString(" ESCAPE '!'")
	return nil
}

// Func renders the canonical functions with standard SQL spellings.
func (ANSI) Func(b *Builder, f *plan.Func) error {
	a := f.Args
	switch f.Name {
	case odata.FnLength:
		return call(b, "CHAR_LENGTH", a...)
	case odata.FnToLower:
		return call(b, "LOWER", a...)
	case odata.FnToUpper:
		return call(b, "UPPER", a...)
	case odata.FnTrim:
		return call(b, "TRIM", a...)
	case odata.FnConcat:
		// OData concat with a null argument is null on every database.
		b.WriteByte('(')
		b.Expr(a[0])
		b.WriteString(" || ")
		b.Expr(a[1])
		b.WriteByte(')')
		return nil
	case odata.FnIndexOf:
		b.WriteString("(POSITION(")
		b.Expr(a[1])
		b.WriteString(" IN ")
		b.Expr(a[0])
		b.WriteString(") - 1)")
		return nil
	case odata.FnSubstring:
		b.WriteString("SUBSTRING(")
		b.Expr(a[0])
		b.WriteString(" FROM ")
		b.Expr(a[1])
		b.WriteString(" + 1")
		if len(a) == 3 {
			b.WriteString(" FOR ")
			b.Expr(a[2])
		}
		b.WriteByte(')')
		return nil
	case odata.FnYear, odata.FnMonth, odata.FnDay, odata.FnHour, odata.FnMinute, odata.FnSecond:
		b.WriteString("EXTRACT(" + strings.ToUpper(string(f.Name)) + " FROM ")
		b.Expr(a[0])
		b.WriteByte(')')
		return nil
	case odata.FnRound:
		return call(b, "ROUND", a...)
	case odata.FnFloor:
		return call(b, "FLOOR", a...)
	case odata.FnCeiling:
		return call(b, "CEILING", a...)
	case odata.FnNow:
		b.WriteString("CURRENT_TIMESTAMP")
		return nil
	}
	return unsupported("function " + string(f.Name))
}

// Arith renders arithmetic. div on two integers truncates toward zero (standard
// integer division); divby and div on decimals divide exactly.
func (ANSI) Arith(b *Builder, e *plan.Arith) error {
	op := map[odata.BinaryOp]string{odata.OpAdd: " + ", odata.OpSub: " - ", odata.OpMul: " * ", odata.OpDiv: " / ", odata.OpDivBy: " / ", odata.OpMod: " % "}[e.Op]
	if op == "" {
		return unsupported("operator " + string(e.Op))
	}
	b.WriteByte('(')
	b.Expr(e.L)
	b.WriteString(op)
	b.Expr(e.R)
	b.WriteByte(')')
	return nil
}

func call(b *Builder, name string, args ...plan.Expr) error {
	b.WriteString(name)
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.Expr(a)
	}
	b.WriteByte(')')
	return nil
}

// Call writes NAME(arg, …); exported for dialects.
func Call(b *Builder, name string, args ...plan.Expr) error { return call(b, name, args...) }

func unsupported(what string) error { return &unsupportedError{what} }

type unsupportedError struct{ what string }

func (e *unsupportedError) Error() string { return e.what + ": " + ErrUnsupported.Error() }
func (e *unsupportedError) Unwrap() error { return ErrUnsupported }

// Unsupported returns an error wrapping ErrUnsupported that names what is missing.
func Unsupported(what string) error { return unsupported(what) }
