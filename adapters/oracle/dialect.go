package oracle

import (
	"fmt"
	"github.com/odatagw/odatagw/odata"
	"math"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Dialect is Oracle SQL for Oracle Database 12c Release 1 and later: paging uses the
// row-limiting clause (OFFSET … FETCH), which 11g does not have, so 11g is not
// supported. It embeds the ANSI base and overrides what differs. Facts it relies on
// (Oracle SQL Language Reference):
//
//   - A zero-length character value is NULL: the empty string IS NULL is true, and a
//     bound empty string is a NULL. No VARCHAR2/CHAR/CLOB column ever holds one.
//   - With the default NLS_COMP=BINARY, `=`, `<` and LIKE on character values compare
//     the bytes: case-sensitive. Blank-padded semantics apply only when both operands
//     are CHAR/NCHAR values or text literals; go-ora binds a Go string as VARCHAR2, so
//     a CHAR column compared with a bind variable uses non-padded semantics (exact, its
//     padding included). The dialect assumes NLS_COMP=BINARY (no linguistic session
//     settings, no case-insensitive column collations).
//   - LOBs (CLOB/NCLOB) cannot be compared with = or sorted (ORA-00932), but LIKE,
//     LENGTH, INSTR, SUBSTR, LOWER and UPPER accept them.
//   - Ascending order puts NULLs last by default (OData: first), descending first.
//   - There is no SQL BOOLEAN before 23ai; no OData Boolean column exists in Oracle
//     catalogs (NUMBER(1) stays Int16), booleans are bound as 1/0.
//   - An expression list holds at most 1,000 items (ORA-01795); see IN in the package
//     documentation: sqlgen writes lists, the dialect cannot split them.
//
// Dates and timestamps without a zone are published as UTC; comparisons with bound
// instants (go-ora binds time.Time as TIMESTAMP WITH TIME ZONE) convert the column with
// the session time zone, which go-ora sets at login from the gateway process's zone: run
// the gateway with TZ=UTC.
//
// The zero value is ready to use.
type Dialect struct{ sqlgen.ANSI }

// Name is "oracle".
func (Dialect) Name() string { return "oracle" }

// QuoteIdent writes a quoted identifier: "x", case kept (unquoted names fold to upper
// case). Oracle names cannot contain a double quote at all; one is doubled as in ANSI,
// which Oracle would reject, but the catalog cannot hold such a name.
func (Dialect) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Placeholder is :1, :2, … (go-ora binds positional arguments in order).
func (Dialect) Placeholder(n int) string { return ":" + strconv.Itoa(n) }

// Paginate writes the 12c row-limiting clause `[OFFSET :n ROWS] [FETCH NEXT :m ROWS
// ONLY]`; both parts are optional in Oracle, and FETCH NEXT 0 ROWS returns no rows.
func (Dialect) Paginate(b *sqlgen.Builder, limit, offset int64) {
	if offset > 0 {
		b.WriteString(" OFFSET ")
		b.Arg(offset)
		b.WriteString(" ROWS")
	}
	if limit >= 0 {
		b.WriteString(" FETCH NEXT ")
		b.Arg(limit)
		b.WriteString(" ROWS ONLY")
	}
}

// nlsNumeric fixes the decimal character for TO_NUMBER regardless of the session's
// NLS_TERRITORY/NLS_NUMERIC_CHARACTERS.
const nlsNumeric = `'NLS_NUMERIC_CHARACTERS=''.,'''`

// Bind binds a constant so that Oracle compares it exactly:
//   - Decimal: the unsigned digits as a string in TO_NUMBER(:n, '9…D9…', nls) where
//     nls sets NLS_NUMERIC_CHARACTERS to period and comma, negated with (-…) when
//     negative. The format is derived from the literal's digit counts; with the
//     explicit NLS parameter the conversion does not depend on the session's decimal
//     character (CAST(:n AS NUMBER) would). NUMBER holds 38 significant digits: longer
//     literals are unsupported.
//   - Date: TO_DATE(:n, 'YYYY-MM-DD') (a DATE literal cannot take a bind variable).
//   - Boolean: 1 or 0 (no SQL BOOLEAN before 23ai).
//   - DateTimeOffset: time.Time, bound by go-ora as TIMESTAMP WITH TIME ZONE (UTC).
//   - NaN and infinities: unsupported (NUMBER cannot hold them).
func (Dialect) Bind(b *sqlgen.Builder, c *plan.Const) {
	switch c.T {
	case edm.Decimal:
		s, ok := sqlgen.DecimalText(c.V)
		if !ok {
			b.Unsupported(fmt.Sprintf("decimal literal %v", c.V))
			return
		}
		d, err := sqlgen.ParseDecimal(s, maxDecimalDigits)
		if err != nil {
			b.Fail(err)
			return
		}
		if d.Neg {
			b.WriteString("(-")
		}
		b.WriteString("TO_NUMBER(")
		b.Arg(d.Unsigned())
		b.WriteString(", '" + numberFormat(d) + "', " + nlsNumeric + ")")
		if d.Neg {
			b.WriteByte(')')
		}
		return
	case edm.Date:
		b.WriteString("TO_DATE(")
		b.Arg(c.V)
		b.WriteString(", 'YYYY-MM-DD')")
		return
	}
	switch v := c.V.(type) {
	case bool:
		if v {
			b.Arg(int64(1))
		} else {
			b.Arg(int64(0))
		}
		return
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b.Unsupported("NaN or infinite floating-point literal")
			return
		}
	}
	b.Arg(c.V)
}

// BoolPred writes `x = 1`: booleans are stored as NUMBER 1/0.
func (Dialect) BoolPred(b *sqlgen.Builder, x plan.Expr) {
	b.Expr(x)
	b.WriteString(" = 1")
}

// StringEquals writes `l = r` / `l <> r`, which is exact under NLS_COMP=BINARY with a
// VARCHAR2 bind variable (see the type comment), with these Oracle-specific cases:
//   - An empty-string operand: Oracle stores the empty string as NULL, so no value
//     equals it (the gateway returns those rows' values as null): eq with an empty
//     literal is 1=0, ne is 1=1 (sqlgen adds the null cases around it); two empty
//     literals are equal (1=1).
//   - A CLOB/NCLOB value (a column, or a string function of one), which `=` rejects,
//     compared with a literal: `x LIKE :p ESCAPE '!'` with every metacharacter of the
//     literal escaped, which is exact equality (LIKE does not pad). A CLOB compared
//     with anything else is unsupported.
//   - An operand that plan knows is not null but that can come out empty (TRIM of
//     blanks, SUBSTR past the end), which Oracle turns into NULL: the comparison is
//     made two-valued with IS [NOT] NULL terms, an empty result counting as the empty
//     string: (l IS NOT NULL AND l = r), (l IS NULL OR l <> r), and for two such
//     operands the empty strings are equal.
func (d Dialect) StringEquals(b *sqlgen.Builder, l, r plan.Expr, negate bool) error {
	le, re := isEmptyString(l), isEmptyString(r)
	if le || re {
		if (le && re) != negate {
			b.WriteString("1=1")
		} else {
			b.WriteString("1=0")
		}
		return nil
	}
	core := func() error { return d.stringEq(b, l, r, negate) }
	lE := !l.Nullable() && emptiable(l)
	rE := !r.Nullable() && emptiable(r)
	switch {
	case lE && rE:
		b.WriteString("((")
		b.Expr(l)
		b.WriteString(" IS NOT NULL AND ")
		b.Expr(r)
		b.WriteString(" IS NOT NULL AND ")
		err := core()
		b.WriteString(") OR (")
		b.Expr(l)
		if negate {
			b.WriteString(" IS NULL AND ")
			b.Expr(r)
			b.WriteString(" IS NOT NULL) OR (")
			b.Expr(l)
			b.WriteString(" IS NOT NULL AND ")
			b.Expr(r)
			b.WriteString(" IS NULL))")
		} else {
			b.WriteString(" IS NULL AND ")
			b.Expr(r)
			b.WriteString(" IS NULL))")
		}
		return err
	case lE || rE:
		x := l
		if rE {
			x = r
		}
		b.WriteByte('(')
		b.Expr(x)
		if negate {
			b.WriteString(" IS NULL OR ")
		} else {
			b.WriteString(" IS NOT NULL AND ")
		}
		err := core()
		b.WriteByte(')')
		return err
	}
	return core()
}

// stringEq writes the comparison of two non-null, non-empty strings.
func (d Dialect) stringEq(b *sqlgen.Builder, l, r plan.Expr, negate bool) error {
	if isLOB(l) || isLOB(r) {
		x, other := l, r
		if !isLOB(l) {
			x, other = r, l
		}
		var s string
		c, ok := other.(*plan.Const)
		if ok {
			s, ok = c.V.(string)
		}
		if !ok {
			return sqlgen.Unsupported("comparison of a CLOB value with a non-literal value")
		}
		b.Expr(x)
		if negate {
			b.WriteString(" NOT")
		}
		b.WriteString(" LIKE ")
		b.Arg(sqlgen.EscapeLike(s))
		b.WriteString(" ESCAPE '!'")
		return nil
	}
	return d.ANSI.StringEquals(b, l, r, negate)
}

// Like writes `x LIKE :p ESCAPE '!'` (the ANSI form): Oracle's LIKE is case-sensitive
// under NLS_COMP=BINARY, does not pad, and accepts CLOBs. The bound pattern has %, _
// and ! escaped; a non-literal pattern is unsupported. When x can come out empty (and
// so NULL) although plan knows it is not null, `x IS NOT NULL AND` keeps the result
// two-valued.
func (d Dialect) Like(b *sqlgen.Builder, x, pattern plan.Expr, kind sqlgen.LikeKind) error {
	if _, ok := pattern.(*plan.Const); !ok || x.Nullable() || !emptiable(x) {
		return d.ANSI.Like(b, x, pattern, kind)
	}
	b.WriteByte('(')
	b.Expr(x)
	b.WriteString(" IS NOT NULL AND ")
	err := d.ANSI.Like(b, x, pattern, kind)
	b.WriteByte(')')
	return err
}

// SearchMatch writes `LOWER(c) LIKE LOWER(:p) ESCAPE '!'`: the same LOWER on both sides,
// case-insensitive whatever the NLS settings.
func (Dialect) SearchMatch(b *sqlgen.Builder, c *catalog.Column, text string) error {
	b.WriteString("LOWER(")
	b.D.Column(b, c)
	b.WriteString(") LIKE LOWER(")
	b.Arg(sqlgen.LikePattern(text, sqlgen.Contains))
	b.WriteString(") ESCAPE '!'")
	return nil
}

// Func renders the canonical functions:
//   - length: LENGTH(x), in characters (a CHAR column's padding counts). For a value
//     that can come out empty (TRIM, SUBSTR: Oracle makes it NULL) NVL(LENGTH(x), 0),
//     null only when an operand is null.
//   - tolower/toupper/trim: LOWER/UPPER/TRIM (TRIM removes spaces).
//   - concat: a || b, inside CASE WHEN a IS NULL OR b IS NULL THEN NULL … END for
//     nullable operands: || treats NULL as an empty string, OData's concat with null
//     is null.
//   - indexof: (INSTR(s, t) - 1); an empty literal t gives 0 (Oracle would see NULL),
//     and when s or t can come out empty, a CASE gives 0 for an empty t and -1 for an
//     empty s.
//   - substring: SUBSTR(s, i + 1[, n]) (SUBSTR counts a negative position from the end
//     and treats 0 as 1; OData leaves negative indexes undefined).
//   - year, month, day, hour, minute: EXTRACT(… FROM t); second: TRUNC(EXTRACT(SECOND
//     FROM t)) (EXTRACT returns fractional seconds); fractionalseconds: MOD(EXTRACT(SECOND
//     FROM t), 1). t is the value as a UTC TIMESTAMP: a DATE column or Date value is
//     CAST to TIMESTAMP (EXTRACT(HOUR …) rejects DATE, ORA-30076), a TIMESTAMP column is
//     used as it is, anything with a zone goes through SYS_EXTRACT_UTC.
//   - date: TRUNC(x) of the DATE / UTC TIMESTAMP, which yields a DATE.
//   - round: ROUND(x) rounds NUMBER half away from zero as OData does, but
//     BINARY_FLOAT/DOUBLE half to even, so Single/Double operands are CAST to NUMBER
//     first; floor: FLOOR; ceiling: CEIL.
//   - now: SYSTIMESTAMP; maxdatetime/mindatetime: TIMESTAMP literals in UTC.
func (Dialect) Func(b *sqlgen.Builder, f *plan.Func) error {
	if err := sqlgen.CheckCoreFunc(f); err != nil {
		return err
	}
	a := f.Args
	switch f.Name {
	case odata.FnLength:
		if !emptiable(a[0]) {
			return sqlgen.Call(b, "LENGTH", a...)
		}
		nullCase(b, a, func() {
			b.WriteString("NVL(LENGTH(")
			b.Expr(a[0])
			b.WriteString("), 0)")
		})
	case odata.FnToLower:
		return sqlgen.Call(b, "LOWER", a...)
	case odata.FnToUpper:
		return sqlgen.Call(b, "UPPER", a...)
	case odata.FnTrim:
		return sqlgen.Call(b, "TRIM", a...)
	case odata.FnConcat:
		nullCase(b, a, func() {
			b.Expr(a[0])
			b.WriteString(" || ")
			b.Expr(a[1])
		})
	case odata.FnIndexOf:
		if isEmptyString(a[1]) {
			nullCase(b, a[:1], func() { b.WriteString("0") })
			return nil
		}
		if !emptiable(a[0]) && !emptiable(a[1]) {
			b.WriteString("(INSTR(")
			b.Expr(a[0])
			b.WriteString(", ")
			b.Expr(a[1])
			b.WriteString(") - 1)")
			return nil
		}
		nullCase(b, a, func() {
			if emptiable(a[1]) { // an empty t is found at 0
				b.WriteString("CASE WHEN ")
				b.Expr(a[1])
				b.WriteString(" IS NULL THEN 0 ELSE ")
			}
			b.WriteString("NVL(INSTR(") // an empty s contains nothing else: -1
			b.Expr(a[0])
			b.WriteString(", ")
			b.Expr(a[1])
			b.WriteString("), 0) - 1")
			if emptiable(a[1]) {
				b.WriteString(" END")
			}
		})
	case odata.FnSubstring:
		b.WriteString("SUBSTR(")
		b.Expr(a[0])
		b.WriteString(", ")
		b.Expr(a[1])
		b.WriteString(" + 1")
		if len(a) == 3 {
			b.WriteString(", ")
			b.Expr(a[2])
		}
		b.WriteByte(')')
	case odata.FnYear, odata.FnMonth, odata.FnDay, odata.FnHour, odata.FnMinute:
		b.WriteString("EXTRACT(" + strings.ToUpper(string(f.Name)) + " FROM ")
		utcTimestamp(b, a[0])
		b.WriteByte(')')
	case odata.FnSecond:
		b.WriteString("TRUNC(EXTRACT(SECOND FROM ")
		utcTimestamp(b, a[0])
		b.WriteString("))")
	case odata.FnFractionalSeconds:
		b.WriteString("MOD(EXTRACT(SECOND FROM ")
		utcTimestamp(b, a[0])
		b.WriteString("), 1)")
	case odata.FnDate:
		b.WriteString("TRUNC(")
		if isDateValue(a[0]) {
			b.Expr(a[0])
		} else {
			utcTimestamp(b, a[0])
		}
		b.WriteByte(')')
	case odata.FnRound:
		b.WriteString("ROUND(")
		if t := a[0].Type(); t == edm.Single || t == edm.Double {
			b.WriteString("CAST(")
			b.Expr(a[0])
			b.WriteString(" AS NUMBER)")
		} else {
			b.Expr(a[0])
		}
		b.WriteByte(')')
	case odata.FnFloor:
		return sqlgen.Call(b, "FLOOR", a...)
	case odata.FnCeiling:
		return sqlgen.Call(b, "CEIL", a...)
	case odata.FnNow:
		b.WriteString("SYSTIMESTAMP")
	case odata.FnMaxDateTime:
		b.WriteString("TIMESTAMP '9999-12-31 23:59:59.999999999 +00:00'")
	case odata.FnMinDateTime:
		b.WriteString("TIMESTAMP '0001-01-01 00:00:00 +00:00'")
	default:
		return sqlgen.Unsupported("function " + string(f.Name))
	}
	return nil
}

// Arith renders arithmetic. Oracle's `/` is exact decimal division on NUMBER (no
// integer division): div of two integers is TRUNC(a / b), truncating toward zero;
// divby is a / b. mod is MOD(a, NULLIF(b, 0)): MOD has the sign of the dividend (as
// OData), but MOD(a, 0) returns a instead of failing, so a zero divisor yields null.
func (Dialect) Arith(b *sqlgen.Builder, e *plan.Arith) error {
	switch e.Op {
	case odata.OpAdd, odata.OpSub, odata.OpMul, odata.OpDivBy:
		op := map[odata.BinaryOp]string{odata.OpAdd: " + ", odata.OpSub: " - ", odata.OpMul: " * ", odata.OpDivBy: " / "}[e.Op]
		b.WriteByte('(')
		b.Expr(e.L)
		b.WriteString(op)
		b.Expr(e.R)
		b.WriteByte(')')
	case odata.OpDiv:
		trunc := e.L.Type().IsIntegral() && e.R.Type().IsIntegral()
		if trunc {
			b.WriteString("TRUNC")
		}
		b.WriteByte('(')
		b.Expr(e.L)
		b.WriteString(" / ")
		b.Expr(e.R)
		b.WriteByte(')')
	case odata.OpMod:
		b.WriteString("MOD(")
		b.Expr(e.L)
		b.WriteString(", NULLIF(")
		b.Expr(e.R)
		b.WriteString(", 0))")
	default:
		return sqlgen.Unsupported("operator " + string(e.Op))
	}
	return nil
}

// Order writes an ORDER BY term with OData's null order: Oracle sorts NULLs last
// ascending and first descending, so a nullable term gets NULLS FIRST ascending and
// NULLS LAST descending. Non-nullable terms (the key) stay plain, so an index can
// still provide the order. CLOB values cannot be sorted (ORA-00932): unsupported.
func (Dialect) Order(b *sqlgen.Builder, e plan.Expr, desc bool) {
	if isLOB(e) {
		b.Unsupported("ordering by a CLOB value")
		return
	}
	b.Expr(e)
	switch {
	case desc && e.Nullable():
		b.WriteString(" DESC NULLS LAST")
	case desc:
		b.WriteString(" DESC")
	case e.Nullable():
		b.WriteString(" NULLS FIRST")
	}
}

var _ sqlgen.Orderer = Dialect{}

// isLOB reports whether e is a CLOB/NCLOB value: a CLOB column, or LOWER, UPPER, TRIM,
// SUBSTR or || of one (those return the data type of their character argument).
func isLOB(e plan.Expr) bool {
	if c, ok := plan.ColumnOf(e); ok {
		t := strings.ToLower(c.SQLType)
		return t == "clob" || t == "nclob"
	}
	switch e := e.(type) {
	case *plan.Func:
		switch e.Name {
		case odata.FnToLower, odata.FnToUpper, odata.FnTrim, odata.FnSubstring:
			return len(e.Args) > 0 && isLOB(e.Args[0])
		case odata.FnConcat:
			for _, a := range e.Args {
				if isLOB(a) {
					return true
				}
			}
		}
	}
	return false
}

// emptiable reports whether e is a string expression whose value can be the empty
// string although its operands are not: TRIM (of blanks), SUBSTR (past the end or with
// length 0), a concat of two such values, and LOWER/UPPER of one. Oracle yields NULL for
// those, so the dialect must not read a NULL as OData's null. Columns never hold the
// empty string on Oracle, and literals are handled where they are compared.
func emptiable(e plan.Expr) bool {
	f, ok := e.(*plan.Func)
	if !ok || f.T != edm.String {
		return false
	}
	switch f.Name {
	case odata.FnTrim, odata.FnSubstring:
		return true
	case odata.FnToLower, odata.FnToUpper:
		return len(f.Args) == 1 && emptiable(f.Args[0])
	case odata.FnConcat:
		return len(f.Args) == 2 && (emptiable(f.Args[0]) || isEmptyString(f.Args[0])) &&
			(emptiable(f.Args[1]) || isEmptyString(f.Args[1]))
	}
	return false
}

// isDateValue reports whether e is an Oracle DATE: a DATE column or an Edm.Date value.
func isDateValue(e plan.Expr) bool {
	if e.Type() == edm.Date {
		return true
	}
	c, ok := plan.ColumnOf(e)
	return ok && strings.ToLower(c.SQLType) == "date"
}

// utcTimestamp writes e as a TIMESTAMP in UTC for EXTRACT and TRUNC: DATE values are
// CAST to TIMESTAMP, TIMESTAMP columns are used as they are (both are UTC by the
// gateway's convention), everything else (zoned columns, bound instants, SYSTIMESTAMP)
// goes through SYS_EXTRACT_UTC.
func utcTimestamp(b *sqlgen.Builder, e plan.Expr) {
	if isDateValue(e) {
		b.WriteString("CAST(")
		b.Expr(e)
		b.WriteString(" AS TIMESTAMP)")
		return
	}
	if c, ok := plan.ColumnOf(e); ok {
		t := strings.ToLower(c.SQLType)
		if strings.HasPrefix(t, "timestamp") && !strings.Contains(t, "time zone") {
			b.Expr(e)
			return
		}
	}
	b.WriteString("SYS_EXTRACT_UTC(")
	b.Expr(e)
	b.WriteByte(')')
}

// nullCase writes body, wrapped in CASE WHEN <nullable operand> IS NULL … THEN NULL ELSE
// body END when any operand is nullable, so that the result is null exactly when an
// operand is null in OData terms. An operand that can come out empty is not tested
// itself (Oracle would see its empty result as NULL) but through the nullable operands
// it is computed from.
func nullCase(b *sqlgen.Builder, operands []plan.Expr, body func()) {
	var nullable []plan.Expr
	var collect func(o plan.Expr)
	collect = func(o plan.Expr) {
		if !o.Nullable() {
			return
		}
		if f, ok := o.(*plan.Func); ok && emptiable(f) {
			for _, a := range f.Args {
				collect(a)
			}
			return
		}
		nullable = append(nullable, o)
	}
	for _, o := range operands {
		collect(o)
	}
	if len(nullable) == 0 {
		b.WriteByte('(')
		body()
		b.WriteByte(')')
		return
	}
	b.WriteString("(CASE WHEN ")
	for i, o := range nullable {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.Expr(o)
		b.WriteString(" IS NULL")
	}
	b.WriteString(" THEN NULL ELSE ")
	body()
	b.WriteString(" END)")
}

func isEmptyString(e plan.Expr) bool {
	c, ok := e.(*plan.Const)
	if !ok {
		return false
	}
	s, ok := c.V.(string)
	return ok && s == ""
}

// maxDecimalDigits is the precision of Oracle's NUMBER.
const maxDecimalDigits = 38

// numberFormat is the TO_NUMBER format model that reads d.Unsigned(): one 9 per integer
// digit (at least one), then D and one 9 per fraction digit.
func numberFormat(d sqlgen.Decimal) string {
	f := strings.Repeat("9", max(len(d.Int), 1))
	if d.Frac != "" {
		f += "D" + strings.Repeat("9", len(d.Frac))
	}
	return f
}
