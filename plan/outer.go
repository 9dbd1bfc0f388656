package plan

import (
	"strconv"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Outer references. Inside a lambda body (`Orders/any(o: …)`) a name can mean a row
// other than the lambda's: the lambda's own variable (`o/Freight`), an enclosing
// lambda's variable, `$it` (the instance the $filter applies to), or a property
// without a prefix (relative to the instance the enclosing expression is about:
// $it at the top of $filter). Every table read by the rendered SQL sits at a
// nesting level: the query's own table at level 0, each navigation subquery one level
// below the expression that contains it (sqlgen's navDepth). A reference to a row of
// an enclosing level is an OuterRef, rendered qualified with that level's alias.

// OuterRef is a column of the row at nesting level Level (0: the query's own table),
// read from inside a navigation subquery deeper than that level.
type OuterRef struct {
	Table *catalog.Table
	Col   *catalog.Column
	Level int
}

func (e *OuterRef) Type() edm.Type { return e.Col.Type }
func (e *OuterRef) Nullable() bool { return e.Col.Nullable }
func (e *OuterRef) String() string {
	return "(outer " + strconv.Itoa(e.Level) + " " + strconv.Quote(e.Col.Name) + ")"
}

// rowScope is a row a name can refer to: a table at a nesting level.
type rowScope struct {
	name  string // the lambda variable, or "$it"
	t     *catalog.Table
	level int
}

// lambdaScope is what a binder knows of the rows around it (all zero outside lambdas).
type lambdaScope struct {
	// depth is the nesting level of the binder's own table.
	depth int
	// self is the lambda variable naming the binder's own table; "" when names
	// without a prefix are the binder's own (a $filter, a $count($filter=…)).
	self string
	// this is where names without a prefix go when self is set.
	this *rowScope
	// vars are the enclosing lambda variables, innermost last.
	vars []rowScope
	// it is $it, nil at the top (the binder's own table); noIt is set inside $expand,
	// where $it would be the parent row.
	it   *rowScope
	noIt bool
}

// inner returns the scope of a lambda body at level depth with variable v, inside
// an expression over the table self (the scope s).
func (s lambdaScope) inner(self *catalog.Table, depth int, v string) lambdaScope {
	n := lambdaScope{depth: depth, self: v, it: s.it, noIt: s.noIt, this: s.this}
	n.vars = append([]rowScope(nil), s.vars...)
	if s.self != "" {
		n.vars = append(n.vars, rowScope{name: s.self, t: self, level: s.depth})
	} else {
		n.this = &rowScope{t: self, level: s.depth}
	}
	return n
}

// lookupVar returns the enclosing variable named name, or nil.
func (s lambdaScope) lookupVar(name string) *rowScope {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return &s.vars[i]
		}
	}
	return nil
}

// resolve says which row a member path refers to (nil: the binder's own table) and
// returns the path relative to that row.
func (b *binder) resolve(e odata.Expr, target string) (rel odata.Expr, row *rowScope, err error) {
	s := b.scope
	switch e := e.(type) {
	case *odata.Member:
		head := e.Path[0]
		strip := func() (odata.Expr, error) {
			if len(e.Path) == 1 {
				return nil, typeErr(target, e.Pos(), "'%s' is an entity, not a primitive value", head)
			}
			return &odata.Member{Path: e.Path[1:], Offset: e.Offset + len(head) + 1}, nil
		}
		switch {
		case s.self != "" && head == s.self:
			rel, err = strip()
			return rel, nil, err
		case s.lookupVar(head) != nil:
			rel, err = strip()
			return rel, s.lookupVar(head), err
		case s.self != "":
			return e, s.this, nil
		}
		return e, nil, nil
	case *odata.PathExpr:
		if e.Root == "$it" {
			if s.noIt {
				return nil, nil, unsupported(target, e.Pos(), "$it inside $expand refers to the parent entity, which is not supported; use $this or no prefix for the expanded entity")
			}
			if s.it == nil || s.it.level == s.depth || len(e.Segs) == 0 {
				return e, nil, nil
			}
			return &odata.PathExpr{Segs: e.Segs, Offset: e.Segs[0].Offset}, s.it, nil
		}
		if e.Root == "$this" && s.self != "" {
			if len(e.Segs) == 0 {
				return e, nil, nil
			}
			return &odata.PathExpr{Segs: e.Segs, Offset: e.Segs[0].Offset}, s.this, nil
		}
		if e.Root != "" || len(e.Segs) == 0 || e.Segs[0].Kind != odata.SegProperty {
			return e, nil, nil
		}
		head := e.Segs[0].Name
		var row *rowScope
		switch {
		case s.self != "" && head == s.self:
		case s.lookupVar(head) != nil:
			row = s.lookupVar(head)
		case s.self != "":
			return e, s.this, nil
		default:
			return e, nil, nil
		}
		rest := e.Segs[1:]
		if len(rest) == 0 {
			return nil, nil, typeErr(target, e.Pos(), "'%s' is an entity, not a primitive value", head)
		}
		return &odata.PathExpr{Segs: rest, Offset: rest[0].Offset}, row, nil
	}
	return e, nil, nil
}

// bindOuter binds rel, a path relative to row, as an OuterRef. Only properties of
// an outer row can be used; navigation from it is not supported.
func (b *binder) bindOuter(rel odata.Expr, row *rowScope, target string) (Expr, error) {
	o := b.sub(row.t)
	o.scope = lambdaScope{depth: row.level, it: b.scope.it, noIt: b.scope.noIt}
	if err := o.names(rel, target); err != nil {
		return nil, err
	}
	x, err := o.bindValue(rel, target)
	b.done(o)
	if err != nil {
		return nil, err
	}
	switch x := x.(type) {
	case *ColumnRef:
		return &OuterRef{Table: row.t, Col: x.Col, Level: row.level}, nil
	case *NavValue:
		if plainPath(x) {
			return &NavValue{Nav: x.Nav, X: x.X, Outer: true, Level: row.level}, nil
		}
	}
	return nil, unsupported(target, rel.Pos(), "inside a lambda only properties of an enclosing entity and to-one paths to them can be used")
}

// plainPath reports whether x is a chain of to-one steps ending in a column.
func plainPath(x *NavValue) bool {
	switch v := x.X.(type) {
	case *ColumnRef:
		return true
	case *NavValue:
		return !v.Outer && plainPath(v)
	}
	return false
}

// scoped binds e when it refers to a row other than the binder's own; done is false
// when e is the binder's own (then rel is e relative to it).
func (b *binder) scoped(e odata.Expr, target string) (x Expr, rel odata.Expr, done bool, err error) {
	rel, row, err := b.resolve(e, target)
	if err != nil {
		return nil, nil, true, err
	}
	if row == nil {
		return nil, rel, false, nil
	}
	x, err = b.bindOuter(rel, row, target)
	return x, nil, true, err
}

// nested returns the scope of an expression over another table at level depth whose
// names without a prefix are its own ($count($filter=…)): the lambda variable of b
// becomes an enclosing one.
func (s lambdaScope) nested(self *catalog.Table, depth int) lambdaScope {
	n := lambdaScope{depth: depth, it: s.it, noIt: s.noIt, vars: append([]rowScope(nil), s.vars...)}
	if s.self != "" {
		n.vars = append(n.vars, rowScope{name: s.self, t: self, level: s.depth})
	}
	return n
}

// ColumnOf returns the column e reads when e is a column of the queried row or of an
// enclosing one, so that dialects treat both alike (LOB, zoned, DATE columns).
func ColumnOf(e Expr) (*catalog.Column, bool) {
	switch e := e.(type) {
	case *ColumnRef:
		return e.Col, true
	case *OuterRef:
		return e.Col, true
	}
	return nil, false
}
