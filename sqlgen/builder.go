package sqlgen

import (
	"fmt"
	"github.com/odatagw/odatagw/odata"
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
)

// Builder accumulates SQL text and its arguments. It owns the argument list, so the
// placeholder count and the argument count cannot drift apart, and it keeps the first
// error: rendering continues harmlessly after a failure and Finish reports it.
type Builder struct {
	D    Dialect
	sb   strings.Builder
	args []any
	err  error
	// navDepth is the nesting of navigation subqueries being written (nav.go).
	navDepth int
	// qual qualifies the column being written (an outer reference, nav.go).
	qual string
}

// NewBuilder returns an empty builder for d.
func NewBuilder(d Dialect) *Builder { return &Builder{D: d} }

// WriteString appends SQL text. Only constant text and catalog identifiers (quoted by
// the dialect) may be written; values go through Arg.
func (b *Builder) WriteString(s string) { b.sb.WriteString(s) }

// WriteByte appends one byte of SQL text.
func (b *Builder) WriteByte(c byte) error { return b.sb.WriteByte(c) }

// Arg binds v and writes its placeholder.
func (b *Builder) Arg(v any) {
	b.args = append(b.args, v)
	b.sb.WriteString(b.D.Placeholder(len(b.args)))
}

// Fail records err (the first one wins).
func (b *Builder) Fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// Err returns the first recorded error.
func (b *Builder) Err() error { return b.err }

// Finish returns the SQL text and arguments, or the first error.
func (b *Builder) Finish() (string, []any, error) {
	if b.err != nil {
		return "", nil, b.err
	}
	return b.sb.String(), b.args, nil
}

// Unsupported records an ErrUnsupported naming what is missing.
func (b *Builder) Unsupported(what string) {
	b.Fail(fmt.Errorf("%s: %w", what, ErrUnsupported))
}

// Expr writes a value expression.
func (b *Builder) Expr(e plan.Expr) {
	switch e := e.(type) {
	case *plan.ColumnRef:
		b.D.Column(b, e.Col)
	case *plan.OuterRef:
		b.outerRef(e) // nav.go
	case *plan.Const:
		if e.V == nil {
			b.WriteString("NULL")
			return
		}
		b.D.Bind(b, e)
	case *plan.Arith:
		b.Fail(b.D.Arith(b, e))
	case *plan.Neg:
		b.WriteString("(-")
		b.Expr(e.X)
		b.WriteByte(')')
	case *plan.Func:
		if e.Name.Predicate() {
			b.Unsupported("function " + string(e.Name) + " as a value")
			return
		}
		b.Fail(b.D.Func(b, e))
	case *plan.NavValue:
		b.navValue(e)
	case *plan.NavCount:
		b.navCount(e)
	default:
		b.Unsupported(fmt.Sprintf("expression %s as a value", e))
	}
}

// Pred writes a predicate. OData filters are two-valued where SQL is three-valued:
// eq/ne treat null as an ordinary value (null eq null is true, null ne 'x' is true),
// relational operators and functions with a null operand are false. In a positive
// context (twoValued false) SQL's NULL already behaves as false in WHERE, so guards are
// only written where the difference shows: under NOT (twoValued true), and for ne.
func (b *Builder) Pred(e plan.Expr, twoValued bool) {
	switch e := e.(type) {
	case *plan.Logical:
		op := " AND "
		if e.Op == odata.OpOr {
			op = " OR "
		}
		b.WriteByte('(')
		b.Pred(e.L, twoValued)
		b.WriteString(op)
		b.Pred(e.R, twoValued)
		b.WriteByte(')')
	case *plan.Not:
		b.WriteString("NOT (")
		b.Pred(e.X, true)
		b.WriteByte(')')
	case *plan.IsNull:
		b.isNull(e)
	case *plan.Compare:
		b.compare(e, twoValued)
	case *plan.In:
		b.in(e, twoValued)
	case *plan.Search:
		b.search(e, twoValued)
	case *plan.NavExists:
		b.navExists(e) // two-valued already: EXISTS is never null
	case *plan.Func:
		if !e.Name.Predicate() {
			b.boolValue(e, twoValued)
			return
		}
		b.guarded(twoValued, func() {
			switch e.Name {
			case odata.FnContains:
				b.Fail(b.D.Like(b, e.Args[0], e.Args[1], Contains))
			case odata.FnStartsWith:
				b.Fail(b.D.Like(b, e.Args[0], e.Args[1], StartsWith))
			case odata.FnEndsWith:
				b.Fail(b.D.Like(b, e.Args[0], e.Args[1], EndsWith))
			default:
				b.Fail(b.D.Func(b, e))
			}
		}, e.Args...)
	case *plan.Const:
		if v, ok := e.V.(bool); ok {
			if v {
				b.WriteString("1=1")
			} else {
				b.WriteString("1=0")
			}
			return
		}
		if e.V == nil { // a null predicate is false
			b.WriteString("1=0")
			return
		}
		b.Unsupported("constant as a condition")
	default:
		if e.Type() != edm.Boolean {
			b.Unsupported(fmt.Sprintf("non-boolean %s as a condition", e))
			return
		}
		b.boolValue(e, twoValued)
	}
}

// boolValue writes a boolean-typed value (a Boolean column, cast, …) as a predicate.
func (b *Builder) boolValue(e plan.Expr, twoValued bool) {
	b.guarded(twoValued, func() { b.D.BoolPred(b, e) }, e)
}

// guarded writes `(x IS NOT NULL AND … AND body)` for the nullable operands when the
// context needs a two-valued result, and just body otherwise.
func (b *Builder) guarded(twoValued bool, body func(), operands ...plan.Expr) {
	var nullable []plan.Expr
	if twoValued {
		for _, o := range operands {
			if o.Nullable() {
				nullable = append(nullable, o)
			}
		}
	}
	if len(nullable) == 0 {
		body()
		return
	}
	b.WriteByte('(')
	for _, o := range nullable {
		b.Expr(o)
		b.WriteString(" IS NOT NULL AND ")
	}
	body()
	b.WriteByte(')')
}

func (b *Builder) isNull(e *plan.IsNull) {
	if !e.Blank {
		b.Expr(e.X)
		if e.Negate {
			b.WriteString(" IS NOT NULL")
		} else {
			b.WriteString(" IS NULL")
		}
		return
	}
	// Null as blank: '' counts as null. The comparison with '' goes through the
	// dialect (Oracle stores '' as NULL; SQL Server pads).
	blank := &plan.Const{T: edm.String, V: ""}
	b.WriteByte('(')
	b.Expr(e.X)
	if e.Negate {
		b.WriteString(" IS NOT NULL AND ")
	} else {
		b.WriteString(" IS NULL OR ")
	}
	b.Fail(b.D.StringEquals(b, e.X, blank, e.Negate))
	b.WriteByte(')')
}

var sqlOps = map[odata.BinaryOp]string{odata.OpEq: " = ", odata.OpNe: " <> ", odata.OpLt: " < ", odata.OpLe: " <= ", odata.OpGt: " > ", odata.OpGe: " >= "}

// compareCore writes the comparison of two operands assumed non-null.
func (b *Builder) compareCore(e *plan.Compare) {
	if (e.Op == odata.OpEq || e.Op == odata.OpNe) && e.L.Type() == edm.String && e.R.Type() == edm.String {
		b.Fail(b.D.StringEquals(b, e.L, e.R, e.Op == odata.OpNe))
		return
	}
	op, ok := sqlOps[e.Op]
	if !ok {
		b.Unsupported("operator " + string(e.Op))
		return
	}
	b.Expr(e.L)
	b.WriteString(op)
	b.Expr(e.R)
}

func (b *Builder) compare(e *plan.Compare, twoValued bool) {
	ln, rn := e.L.Nullable(), e.R.Nullable()
	switch {
	case e.Op == odata.OpNe && (ln || rn):
		// null ne x is true for a non-null x; null ne null is false.
		b.WriteByte('(')
		b.guarded(ln && rn, func() { b.compareCore(e) }, e.L, e.R)
		switch {
		case ln && rn:
			b.WriteString(" OR (")
			b.Expr(e.L)
			b.WriteString(" IS NULL AND ")
			b.Expr(e.R)
			b.WriteString(" IS NOT NULL) OR (")
			b.Expr(e.L)
			b.WriteString(" IS NOT NULL AND ")
			b.Expr(e.R)
			b.WriteString(" IS NULL)")
		case ln:
			b.WriteString(" OR ")
			b.Expr(e.L)
			b.WriteString(" IS NULL")
		default:
			b.WriteString(" OR ")
			b.Expr(e.R)
			b.WriteString(" IS NULL")
		}
		b.WriteByte(')')
	case e.Op == odata.OpEq && ln && rn:
		// null eq null is true.
		b.WriteByte('(')
		b.guarded(true, func() { b.compareCore(e) }, e.L, e.R)
		b.WriteString(" OR (")
		b.Expr(e.L)
		b.WriteString(" IS NULL AND ")
		b.Expr(e.R)
		b.WriteString(" IS NULL))")
	default:
		b.guarded(twoValued, func() { b.compareCore(e) }, e.L, e.R)
	}
}

func (b *Builder) in(e *plan.In, twoValued bool) {
	var vals []plan.Expr
	hasNull := false
	for _, v := range e.List {
		if c, ok := v.(*plan.Const); ok && c.V == nil {
			hasNull = true
			continue
		}
		vals = append(vals, v)
	}
	parts := 0
	b.WriteByte('(')
	if len(vals) > 0 {
		if e.X.Type() == edm.String {
			// Exact string equality may need more than `=` (see StringEquals).
			for i, v := range vals {
				if i > 0 {
					b.WriteString(" OR ")
				}
				b.compare(&plan.Compare{Op: odata.OpEq, L: e.X, R: v}, twoValued)
			}
		} else {
			b.guarded(twoValued, func() {
				// Oracle accepts at most 1,000 items per IN list (ORA-01795); chunks
				// OR-ed together work everywhere.
				chunked := len(vals) > MaxInList
				if chunked {
					b.WriteByte('(')
				}
				for start := 0; start < len(vals); start += MaxInList {
					if start > 0 {
						b.WriteString(" OR ")
					}
					b.Expr(e.X)
					b.WriteString(" IN (")
					for i, v := range vals[start:min(start+MaxInList, len(vals))] {
						if i > 0 {
							b.WriteString(", ")
						}
						b.Expr(v)
					}
					b.WriteByte(')')
				}
				if chunked {
					b.WriteByte(')')
				}
			}, e.X)
		}
		parts++
	}
	if hasNull {
		if parts > 0 {
			b.WriteString(" OR ")
		}
		b.Expr(e.X)
		b.WriteString(" IS NULL")
		parts++
	}
	if parts == 0 {
		b.WriteString("1=0")
	}
	b.WriteByte(')')
}

func (b *Builder) search(e *plan.Search, twoValued bool) {
	if len(e.Cols) == 0 {
		b.WriteString("1=0")
		return
	}
	b.WriteByte('(')
	for i, c := range e.Cols {
		if i > 0 {
			b.WriteString(" OR ")
		}
		ref := &plan.ColumnRef{Col: c}
		b.guarded(twoValued, func() { b.Fail(b.D.SearchMatch(b, c, e.Text)) }, ref)
	}
	b.WriteByte(')')
}

// orderBy writes ORDER BY terms. OData sorts nulls first in ascending order; dialects
// whose default differs override Order.
func (b *Builder) orderBy(q *plan.Query) {
	if len(q.OrderBy) == 0 {
		return
	}
	b.WriteString(" ORDER BY ")
	for i, o := range q.OrderBy {
		if i > 0 {
			b.WriteString(", ")
		}
		if od, ok := b.D.(Orderer); ok {
			od.Order(b, o.Expr, o.Desc)
			continue
		}
		b.Expr(o.Expr)
		if o.Desc {
			b.WriteString(" DESC")
		}
	}
}

// MaxInList is the most items one SQL IN list holds (Oracle's limit).
const MaxInList = 1000

// Orderer is implemented by dialects whose default null ordering differs from OData's
// (nulls first ascending, last descending): PostgreSQL and Oracle add NULLS FIRST/LAST.
type Orderer interface {
	Order(b *Builder, e plan.Expr, desc bool)
}

// Select renders the page query of q: the selected columns, WHERE, ORDER BY and the
// dialect's row limit (Limit+1 rows when FetchExtra is set).
func Select(q *plan.Query, d Dialect) (string, []any, error) {
	return selectPage(q, d, false)
}

// SelectWithCount is Select with one more column after the selected ones: the number
// of rows matching the filter, ignoring paging, as `COUNT(*) OVER ()`. It answers a
// page and its $count in one round trip (MySQL 8+, MariaDB 10.2+, PostgreSQL, SQLite
// 3.25+, SQL Server 2012+, Oracle). The database must visit every matching row to
// count them, so it pays off only where the filtered set is small; an empty page
// carries no count (the caller counts separately when the offset is not 0).
func SelectWithCount(q *plan.Query, d Dialect) (string, []any, error) {
	return selectPage(q, d, true)
}

func selectPage(q *plan.Query, d Dialect, withCount bool) (string, []any, error) {
	b := NewBuilder(d)
	b.WriteString("SELECT ")
	for i, c := range q.Select {
		if i > 0 {
			b.WriteString(", ")
		}
		d.Column(b, c)
	}
	for _, c := range q.Extra {
		b.WriteString(", ")
		d.Column(b, c)
	}
	if withCount {
		b.WriteString(", COUNT(*) OVER ()")
	}
	b.WriteString(" FROM ")
	b.Table(q.Table)
	if ks := q.Keyset; ks != nil && ks.After != nil {
		// A keyset page: the filter, and the seek past the previous pages (keyset.go).
		b.WriteString(" WHERE ")
		if q.Filter != nil {
			b.WriteByte('(')
			b.Pred(q.Filter, false)
			b.WriteString(") AND ")
		}
		b.seekPredicate(ks)
	} else {
		b.where(q)
	}
	b.orderBy(q)
	limit := q.Limit
	if limit >= 0 && q.FetchExtra {
		limit++
	}
	if limit >= 0 || q.Offset > 0 {
		d.Paginate(b, limit, q.Offset)
	}
	return b.Finish()
}

// Count renders `SELECT COUNT(*)` over q's filter, ignoring order and paging.
func Count(q *plan.Query, d Dialect) (string, []any, error) {
	b := NewBuilder(d)
	b.WriteString("SELECT COUNT(*) FROM ")
	b.Table(q.Table)
	b.where(q)
	return b.Finish()
}

func (b *Builder) where(q *plan.Query) {
	if q.Filter == nil {
		return
	}
	b.WriteString(" WHERE ")
	b.Pred(q.Filter, false)
}

// CountPlaceholders counts the distinct bind markers of d in sql: every "?" for
// positional dialects, each numbered marker ($1, @p1, :1) once for numbered ones. It
// lets tests check the Builder's invariant that markers and arguments agree.
func CountPlaceholders(d Dialect, sql string) int {
	first := d.Placeholder(1)
	if first == d.Placeholder(2) {
		return strings.Count(sql, first)
	}
	prefix := strings.TrimSuffix(first, "1")
	seen := map[string]bool{}
	for rest := sql; ; {
		i := strings.Index(rest, prefix)
		if i < 0 {
			break
		}
		j := i + len(prefix)
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j > i+len(prefix) {
			seen[rest[i:j]] = true
		}
		rest = rest[j:]
	}
	return len(seen)
}
