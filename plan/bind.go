package plan

import (
	"fmt"
	"math"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// isPredicate reports whether e is a condition (as opposed to a value that happens to
// be of type Boolean, such as a Boolean column).
func isPredicate(e Expr) bool {
	switch e := e.(type) {
	case *Compare, *Logical, *Not, *IsNull, *In, *Search:
		return true
	case *Func:
		return e.Name.Predicate()
	}
	return false
}

func typeErr(target string, pos int, format string, args ...any) *odata.Error {
	return odata.BadRequest("InvalidFilter", target, "%s: %s at position %d", target, fmt.Sprintf(format, args...), pos+1)
}

// bindPredicate binds an expression that must be a condition (or a Boolean value).
func (b *binder) bindPredicate(e odata.Expr, target string) (Expr, error) {
	x, err := b.bindValue(e, target)
	if err != nil {
		return nil, err
	}
	if x.Type() != edm.Boolean {
		if c, ok := x.(*Const); ok && c.V == nil {
			return &Const{T: edm.Boolean, V: false}, nil
		}
		return nil, typeErr(target, e.Pos(), "the expression is not a condition (type %s)", x.Type())
	}
	return x, nil
}

// bindValue binds any expression.
func (b *binder) bindValue(e odata.Expr, target string) (Expr, error) {
	if err := b.count(target); err != nil {
		return nil, err
	}
	switch e := e.(type) {
	case *odata.Literal:
		return literalConst(e, target)
	case *odata.Member:
		x, rel, done, err := b.scoped(e, target) // outer.go
		if done {
			return x, err
		}
		e = rel.(*odata.Member)
		col := b.q.Table.Column(e.Path[0])
		if col == nil && b.q.Table.Nav(e.Path[0]) != nil {
			return b.bindNavMember(e.Path, e.Pos(), target) // nav.go
		}
		if col == nil {
			return nil, notAProperty(target, e.Path[0], b.q.Table.SetName, e.Pos())
		}
		if len(e.Path) > 1 {
			return nil, typeErr(target, e.Pos()+len(e.Path[0])+1, "'%s' is a %s property: it has no property '%s'", col.Prop, col.Type, e.Path[1])
		}
		return &ColumnRef{Col: col}, nil
	case *odata.PathExpr:
		return b.bindPath(e, target)
	case *odata.Lambda:
		return b.bindLambda(e, target)
	case *odata.Collection:
		l := &List{Items: make([]Expr, 0, len(e.Items))}
		for _, it := range e.Items {
			x, err := b.bindValue(it, target)
			if err != nil {
				return nil, err
			}
			l.Items = append(l.Items, x)
		}
		return l, nil
	case *odata.Object:
		r := &Record{}
		for _, m := range e.Members {
			x, err := b.bindValue(m.Value, target)
			if err != nil {
				return nil, err
			}
			r.Names = append(r.Names, m.Name)
			r.Values = append(r.Values, x)
		}
		return r, nil
	case *odata.Enum:
		return nil, unknownType(target, e.Type, e.Pos())
	case *odata.Alias:
		var out Expr
		err := b.withAlias(e.Name, e.Pos(), target, func(x odata.Expr) error {
			v, err := b.bindValue(x, target)
			out = v
			return err
		})
		return out, err
	case *odata.Unary:
		x, err := b.bindValue(e.X, target)
		if err != nil {
			return nil, err
		}
		if e.Op == odata.OpNot {
			if x.Type() != edm.Boolean {
				return nil, typeErr(target, e.Pos(), "'not' needs a condition")
			}
			if c, ok := x.(*Const); ok {
				if v, ok := c.V.(bool); ok {
					return &Const{T: edm.Boolean, V: !v}, nil
				}
			}
			return &Not{X: x}, nil
		}
		if !x.Type().IsNumeric() {
			if c, ok := x.(*Const); ok && c.V == nil {
				return c, nil
			}
			return nil, typeErr(target, e.Pos(), "'-' needs a number")
		}
		if c, ok := x.(*Const); ok {
			return negateConst(c), nil
		}
		return &Neg{X: x}, nil
	case *odata.Binary:
		return b.bindBinary(e, target)
	case *odata.In:
		return b.bindIn(e, target)
	case *odata.Call:
		return b.bindCall(e, target)
	case *odata.TypeName:
		return nil, typeErr(target, e.Pos(), "a type name is only allowed in cast and isof")
	}
	return nil, odata.BadRequest("InvalidFilter", target, "%s: unsupported expression", target)
}

func (b *binder) bindBinary(e *odata.Binary, target string) (Expr, error) {
	l, err := b.bindOperand(e, e.L, target)
	if err != nil {
		return nil, err
	}
	r, err := b.bindOperand(e, e.R, target)
	if err != nil {
		return nil, err
	}
	if e.Op == odata.OpHas {
		// Names are bound: the operands exist, but no value of this service has an
		// enumeration type.
		return nil, typeErr(target, e.Pos(), "'has' needs an enumeration value; this is %s (the service publishes no enumeration types)", l.Type())
	}
	switch {
	case e.Op.Logical():
		for _, x := range []Expr{l, r} {
			if x.Type() != edm.Boolean && !isNullConst(x) {
				return nil, typeErr(target, e.Pos(), "'%s' needs conditions on both sides", e.Op)
			}
		}
		return foldLogical(e.Op, asCond(l), asCond(r)), nil
	case e.Op.Comparison():
		return b.bindCompare(e, l, r, target)
	case e.Op.Arithmetic():
		return bindArith(e, l, r, target)
	}
	return nil, typeErr(target, e.Pos(), "unknown operator '%s'", e.Op)
}

// bindOperand binds an operand of e. NaN and ±INF are bound as Edm.Double constants
// as the operand of an operator, so that a type error (INF against a date, a string
// times INF) is reported as one; bindCompare then decides them or rejects them, and
// bindArith rejects them after its type checks (no database computes with them alike).
func (b *binder) bindOperand(e *odata.Binary, x odata.Expr, target string) (Expr, error) {
	if f, ok := isSpecialFloat(x); ok {
		if err := b.count(target); err != nil {
			return nil, err
		}
		return &Const{T: edm.Double, V: f}, nil
	}
	return b.bindValue(x, target)
}

// isSpecial reports whether x is a NaN or ±INF constant.
func isSpecial(x Expr) bool {
	c, ok := x.(*Const)
	if !ok {
		return false
	}
	f, ok := c.V.(float64)
	return ok && (math.IsNaN(f) || math.IsInf(f, 0))
}

func isNullConst(x Expr) bool {
	c, ok := x.(*Const)
	return ok && c.V == nil
}

// asCond turns a null constant into false (a null condition is false in a filter).
func asCond(x Expr) Expr {
	if isNullConst(x) {
		return &Const{T: edm.Boolean, V: false}
	}
	return x
}

func foldLogical(op odata.BinaryOp, l, r Expr) Expr {
	lc, lok := l.(*Const)
	rc, rok := r.(*Const)
	if lok && rok {
		lv, _ := lc.V.(bool)
		rv, _ := rc.V.(bool)
		if op == odata.OpAnd {
			return &Const{T: edm.Boolean, V: lv && rv}
		}
		return &Const{T: edm.Boolean, V: lv || rv}
	}
	return &Logical{Op: op, L: l, R: r}
}

func bindArith(e *odata.Binary, l, r Expr, target string) (Expr, error) {
	if isNullConst(l) || isNullConst(r) {
		return &Const{}, nil // arithmetic with null is null
	}
	if !l.Type().IsNumeric() || !r.Type().IsNumeric() {
		// The one date and time arithmetic OData defines without a duration operand
		// (whose literals are unsupported earlier) is the difference of two instants.
		if e.Op == odata.OpSub && typeClass(l.Type()) == "datetime" && typeClass(r.Type()) == "datetime" {
			return nil, odata.NotImplemented("NotSupported", target, "%s: date and time arithmetic is not supported", target)
		}
		return nil, typeErr(target, e.Pos(), "'%s' needs numbers; this is %s %s %s", e.Op, l.Type(), e.Op, r.Type())
	}
	if isSpecial(l) || isSpecial(r) {
		return nil, odata.NotImplemented("NotSupported", target, "%s: arithmetic with NaN and INF is not supported (position %d)", target, e.Pos()+1)
	}
	t := arithType(e.Op, l.Type(), r.Type())
	return &Arith{Op: e.Op, L: l, R: r, T: t}, nil
}

func arithType(op odata.BinaryOp, a, b edm.Type) edm.Type {
	switch {
	case a == edm.Double || b == edm.Double || a == edm.Single || b == edm.Single:
		return edm.Double
	case a == edm.Decimal || b == edm.Decimal || op == odata.OpDivBy:
		return edm.Decimal
	}
	return edm.Int64
}
