package sqlserver

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

// Dialect is Transact-SQL as spoken by SQL Server 2012 and later (OFFSET … FETCH needs
// 2012; everything else also works on 2008). It embeds the ANSI base and overrides what
// differs. Facts it relies on (Microsoft's T-SQL reference):
//
//   - `=` pads the shorter operand with spaces under every collation, and the usual
//     collations are case-insensitive: exact equality needs a byte comparison.
//   - LIKE with a Unicode operand (go-mssqldb binds Go strings as NVARCHAR) uses Unicode
//     pattern matching, where trailing blanks are significant; `[` is a metacharacter.
//   - text/ntext (deprecated LOB types) reject =, <, ORDER BY, LOWER, LEN and CHARINDEX:
//     the dialect casts them to NVARCHAR(MAX) wherever it renders them itself.
//
// The zero value is ready to use.
type Dialect struct{ sqlgen.ANSI }

// Name is "sqlserver".
func (Dialect) Name() string { return "sqlserver" }

// QuoteIdent writes a delimited identifier in brackets; a `]` inside the name is
// doubled (what QUOTENAME does).
func (Dialect) QuoteIdent(name string) string {
	return "[" + strings.ReplaceAll(name, "]", "]]") + "]"
}

// Placeholder is @p1, @p2, …: go-mssqldb binds ordinal arguments to @pN.
func (Dialect) Placeholder(n int) string { return "@p" + strconv.Itoa(n) }

// Paginate writes `OFFSET @p ROWS [FETCH NEXT @p ROWS ONLY]` (SQL Server 2012+; the
// ORDER BY it requires is always present because plan orders by the key). OFFSET is
// mandatory before FETCH, so it is written (bound) even when it is 0. FETCH rejects a
// row count below 1 (Msg 10744), so a limit of 0 is written as OFFSET 2^63-1 ROWS,
// which skips every row.
func (Dialect) Paginate(b *sqlgen.Builder, limit, offset int64) {
	if offset < 0 {
		offset = 0
	}
	if limit == 0 {
		b.WriteString(" OFFSET ")
		b.Arg(int64(math.MaxInt64))
		b.WriteString(" ROWS")
		return
	}
	b.WriteString(" OFFSET ")
	b.Arg(offset)
	b.WriteString(" ROWS")
	if limit > 0 {
		b.WriteString(" FETCH NEXT ")
		b.Arg(limit)
		b.WriteString(" ROWS ONLY")
	}
}

// Bind binds a constant so that SQL Server compares it exactly:
//   - Decimal: the digits are bound as a string inside CAST(@p AS DECIMAL(p,s)), p and
//     s taken from the literal (a string converts to decimal without rounding and
//     independently of the session language; binding a float would round).
//   - Date: CONVERT(DATE, @p, 23); style 23 is yyyy-mm-dd, independent of DATEFORMAT.
//   - Guid: CAST(@p AS UNIQUEIDENTIFIER).
//   - DateTimeOffset: time.Time, which go-mssqldb sends as datetimeoffset(7).
//   - Boolean: bool, sent as bit.
//   - NaN and infinities cannot be stored in SQL Server's float: unsupported.
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
		b.WriteString("CAST(")
		b.Arg(d.String())
		b.WriteString(" AS DECIMAL(" + strconv.Itoa(d.Precision()) + "," + strconv.Itoa(d.Scale()) + "))")
		return
	case edm.Date:
		b.WriteString("CONVERT(DATE, ")
		b.Arg(c.V)
		b.WriteString(", 23)")
		return
	case edm.Guid:
		b.WriteString("CAST(")
		b.Arg(c.V)
		b.WriteString(" AS UNIQUEIDENTIFIER)")
		return
	}
	if f, ok := c.V.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		b.Unsupported("NaN or infinite floating-point literal")
		return
	}
	b.Arg(c.V)
}

// BoolPred writes `x = 1`: Boolean columns are bit, and T-SQL has no boolean values.
func (Dialect) BoolPred(b *sqlgen.Builder, x plan.Expr) {
	b.Expr(x)
	b.WriteString(" = 1")
}

// StringEquals writes `(l = r AND CAST(CAST(l AS NVARCHAR(MAX)) AS VARBINARY(MAX)) =
// CAST(CAST(r AS NVARCHAR(MAX)) AS VARBINARY(MAX)))`. The first term lets an index on
// l be used; it ignores trailing spaces (always) and usually case. The second compares
// the UTF-16 bytes: both sides are made NVARCHAR first, because a VARCHAR value's bytes
// are in its collation's code page and would never equal the UTF-16 bytes of the
// NVARCHAR parameter. CHAR(n) values keep their padding, so `eq 'abc'` does not match a
// char(5) 'abc  ', which is also what the gateway returns for that row. Negated:
// `(l <> r OR … <> …)`. Operands are non-null (sqlgen guards them).
func (Dialect) StringEquals(b *sqlgen.Builder, l, r plan.Expr, negate bool) error {
	op, join := " = ", " AND "
	if negate {
		op, join = " <> ", " OR "
	}
	b.WriteByte('(')
	textValue(b, l)
	b.WriteString(op)
	textValue(b, r)
	b.WriteString(join)
	utf16Bytes(b, l)
	b.WriteString(op)
	utf16Bytes(b, r)
	b.WriteByte(')')
	return nil
}

// Like writes a case- and trailing-space-exact pattern match: the value is made
// NVARCHAR(MAX) (Unicode matching: trailing blanks count; no code-page conversion) and
// compared under COLLATE Latin1_General_BIN2 (code-point order, case- and
// accent-sensitive); the bound pattern has %, _, [ and ! escaped, with ESCAPE '!'.
// startswith also writes a plain `x LIKE @p ESCAPE '!'` first so an index on x can be
// sought. A non-literal pattern is unsupported (its metacharacters cannot be escaped).
func (Dialect) Like(b *sqlgen.Builder, x, pattern plan.Expr, kind sqlgen.LikeKind) error {
	c, ok := pattern.(*plan.Const)
	if !ok {
		return sqlgen.Unsupported("contains/startswith/endswith with a non-literal pattern")
	}
	s, _ := c.V.(string)
	p := sqlgen.LikePattern(s, kind, '[')
	if kind == sqlgen.StartsWith {
		b.WriteByte('(')
		textValue(b, x)
		b.WriteString(" LIKE ")
		b.Arg(p)
		b.WriteString(" ESCAPE '!' AND ")
	}
	nvarcharMax(b, x)
	b.WriteString(" COLLATE Latin1_General_BIN2 LIKE ")
	b.Arg(p)
	b.WriteString(" ESCAPE '!'")
	if kind == sqlgen.StartsWith {
		b.WriteByte(')')
	}
	return nil
}

// SearchMatch writes `LOWER(c) LIKE LOWER(@p) ESCAPE '!'`, the text escaped for LIKE
// (including `[`). Both sides go through the same LOWER, under the column's collation.
func (Dialect) SearchMatch(b *sqlgen.Builder, c *catalog.Column, text string) error {
	b.WriteString("LOWER(")
	textValue(b, &plan.ColumnRef{Col: c})
	b.WriteString(") LIKE LOWER(")
	b.Arg(sqlgen.LikePattern(text, sqlgen.Contains, '['))
	b.WriteString(") ESCAPE '!'")
	return nil
}

// Func renders the canonical functions:
//   - length: (LEN(CAST(x AS NVARCHAR(MAX)) + N'x') - 1). LEN excludes trailing spaces;
//     the appended character makes them count. NVARCHAR(MAX) keeps the concatenation
//     from being truncated at 4,000/8,000 and accepts text/ntext. Characters outside the
//     BMP count as 2 unless the collation is a supplementary-character (_SC) one; a
//     CHAR(n) value's padding counts, as it is part of the value the gateway returns.
//   - indexof: (CHARINDEX(t, CAST(s AS NVARCHAR(MAX)) COLLATE Latin1_General_BIN2) - 1):
//     CHARINDEX compares under the input collation, forced to a binary one; an empty
//     literal t gives 0 (CHARINDEX would give 0, i.e. -1).
//   - substring: SUBSTRING(s, i + 1, n); without n, n = 2147483647 (SUBSTRING requires a
//     length; a length past the end returns the rest).
//   - concat: CAST(a AS NVARCHAR(MAX)) + CAST(b AS NVARCHAR(MAX)), inside
//     CASE WHEN a IS NULL OR b IS NULL THEN NULL … END for nullable operands, so the
//     result is null whatever CONCAT_NULL_YIELDS_NULL says (CONCAT would ignore nulls).
//   - tolower/toupper: LOWER/UPPER; trim: LTRIM(RTRIM(x)) (TRIM needs 2017; both remove
//     spaces only).
//   - year … second: DATEPART; a datetimeoffset column is first moved to UTC with
//     SWITCHOFFSET(x, '+00:00') (the gateway publishes UTC); date: CAST(… AS DATE);
//     fractionalseconds: DATEPART(NANOSECOND) / 10^9 as decimal.
//   - round: ROUND(x, 0) (half away from zero, as OData; it keeps the operand's type,
//     so rounding up a decimal(p,s) at its largest value overflows: an error, never a
//     wrong row); floor, ceiling.
//   - now: SYSUTCDATETIME(); maxdatetime/mindatetime: datetimeoffset constants.
func (Dialect) Func(b *sqlgen.Builder, f *plan.Func) error {
	a := f.Args
	if err := sqlgen.CheckCoreFunc(f); err != nil {
		return err
	}
	switch f.Name {
	case odata.FnLength:
		b.WriteString("(LEN(")
		nvarcharMax(b, a[0])
		b.WriteString(" + N'x') - 1)")
	case odata.FnToLower, odata.FnToUpper:
		b.WriteString(strings.ToUpper(strings.TrimPrefix(string(f.Name), "to")) + "(")
		textValue(b, a[0])
		b.WriteByte(')')
	case odata.FnTrim:
		b.WriteString("LTRIM(RTRIM(")
		textValue(b, a[0])
		b.WriteString("))")
	case odata.FnConcat:
		nullCase(b, a, func() {
			nvarcharMax(b, a[0])
			b.WriteString(" + ")
			nvarcharMax(b, a[1])
		})
	case odata.FnIndexOf:
		if isEmptyString(a[1]) {
			nullCase(b, a[:1], func() { b.WriteString("0") })
			return nil
		}
		b.WriteString("(CHARINDEX(")
		textValue(b, a[1])
		b.WriteString(", ")
		nvarcharMax(b, a[0])
		b.WriteString(" COLLATE Latin1_General_BIN2) - 1)")
	case odata.FnSubstring:
		b.WriteString("SUBSTRING(")
		textValue(b, a[0])
		b.WriteString(", ")
		b.Expr(a[1])
		b.WriteString(" + 1, ")
		if len(a) == 3 {
			b.Expr(a[2])
		} else {
			b.WriteString("2147483647")
		}
		b.WriteByte(')')
	case odata.FnYear, odata.FnMonth, odata.FnDay, odata.FnHour, odata.FnMinute, odata.FnSecond:
		b.WriteString("DATEPART(" + strings.ToUpper(string(f.Name)) + ", ")
		utc(b, a[0])
		b.WriteByte(')')
	case odata.FnFractionalSeconds:
		b.WriteString("(CAST(DATEPART(NANOSECOND, ")
		utc(b, a[0])
		b.WriteString(") AS DECIMAL(9,0)) / 1000000000)")
	case odata.FnDate:
		b.WriteString("CAST(")
		utc(b, a[0])
		b.WriteString(" AS DATE)")
	case odata.FnRound:
		b.WriteString("ROUND(")
		b.Expr(a[0])
		b.WriteString(", 0)")
	case odata.FnFloor:
		return sqlgen.Call(b, "FLOOR", a...)
	case odata.FnCeiling:
		return sqlgen.Call(b, "CEILING", a...)
	case odata.FnNow:
		b.WriteString("SYSUTCDATETIME()")
	case odata.FnMaxDateTime:
		b.WriteString("CAST('9999-12-31T23:59:59.9999999+00:00' AS DATETIMEOFFSET(7))")
	case odata.FnMinDateTime:
		b.WriteString("CAST('0001-01-01T00:00:00+00:00' AS DATETIMEOFFSET(7))")
	default:
		return sqlgen.Unsupported("function " + string(f.Name))
	}
	return nil
}

// Arith renders arithmetic. Integer `/` already truncates toward zero in T-SQL, so div
// is `/`; divby of two integers casts the dividend to DECIMAL(19,0) so the division is
// decimal (precision and scale then follow T-SQL's division rules, scale ≥ 6). mod is
// `%`, which T-SQL defines for exact numerics only: mod of Single/Double is unsupported.
func (Dialect) Arith(b *sqlgen.Builder, e *plan.Arith) error {
	op := map[odata.BinaryOp]string{odata.OpAdd: " + ", odata.OpSub: " - ", odata.OpMul: " * ", odata.OpDiv: " / ", odata.OpDivBy: " / ", odata.OpMod: " % "}[e.Op]
	if op == "" {
		return sqlgen.Unsupported("operator " + string(e.Op))
	}
	if e.Op == odata.OpMod && (isFloat(e.L.Type()) || isFloat(e.R.Type())) {
		return sqlgen.Unsupported("mod of floating-point values")
	}
	b.WriteByte('(')
	if e.Op == odata.OpDivBy && e.L.Type().IsIntegral() && e.R.Type().IsIntegral() {
		b.WriteString("CAST(")
		b.Expr(e.L)
		b.WriteString(" AS DECIMAL(19,0))")
	} else {
		b.Expr(e.L)
	}
	b.WriteString(op)
	b.Expr(e.R)
	b.WriteByte(')')
	return nil
}

// Order writes an ORDER BY term. SQL Server already sorts nulls first ascending and
// last descending, as OData does; text/ntext columns, which cannot be sorted, are
// sorted as NVARCHAR(MAX).
func (Dialect) Order(b *sqlgen.Builder, e plan.Expr, desc bool) {
	textValue(b, e)
	if desc {
		b.WriteString(" DESC")
	}
}

var _ sqlgen.Orderer = Dialect{}

// isLegacyLOB reports whether c is text or ntext (image is Binary, never compared).
func isLegacyLOB(c *catalog.Column) bool {
	t := strings.ToLower(c.SQLType)
	return t == "text" || t == "ntext"
}

// textValue writes e, casting a text/ntext column to NVARCHAR(MAX).
func textValue(b *sqlgen.Builder, e plan.Expr) {
	if c, ok := plan.ColumnOf(e); ok && isLegacyLOB(c) {
		nvarcharMax(b, e)
		return
	}
	b.Expr(e)
}

// nvarcharMax writes CAST(e AS NVARCHAR(MAX)).
func nvarcharMax(b *sqlgen.Builder, e plan.Expr) {
	b.WriteString("CAST(")
	b.Expr(e)
	b.WriteString(" AS NVARCHAR(MAX))")
}

// utf16Bytes writes CAST(CAST(e AS NVARCHAR(MAX)) AS VARBINARY(MAX)).
func utf16Bytes(b *sqlgen.Builder, e plan.Expr) {
	b.WriteString("CAST(")
	nvarcharMax(b, e)
	b.WriteString(" AS VARBINARY(MAX))")
}

// utc writes a date/time value in UTC: a datetimeoffset column goes through
// SWITCHOFFSET(x, '+00:00') so DATEPART and CAST(… AS DATE) see its UTC parts. Other
// values are UTC already (datetime/datetime2 are published as UTC; bound values are UTC).
func utc(b *sqlgen.Builder, e plan.Expr) {
	if c, ok := plan.ColumnOf(e); ok && strings.HasPrefix(strings.ToLower(c.SQLType), "datetimeoffset") {
		b.WriteString("SWITCHOFFSET(")
		b.Expr(e)
		b.WriteString(", '+00:00')")
		return
	}
	b.Expr(e)
}

// nullCase writes body, wrapped in CASE WHEN <nullable operand> IS NULL … THEN NULL ELSE
// body END when any operand is nullable, so that the result is null exactly when an
// operand is.
func nullCase(b *sqlgen.Builder, operands []plan.Expr, body func()) {
	var nullable []plan.Expr
	for _, o := range operands {
		if o.Nullable() {
			nullable = append(nullable, o)
		}
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

func isFloat(t edm.Type) bool { return t == edm.Single || t == edm.Double }

// maxDecimalDigits is the largest precision of SQL Server's decimal.
const maxDecimalDigits = 38
