package plan

import (
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Comparisons: eq/ne/lt/le/gt/ge between values, conditions and literals, made exact
// for decimals and dates, and decided in the plan when a literal is out of range.

func (b *binder) bindCompare(e *odata.Binary, l, r Expr, target string) (Expr, error) {
	if _, ok := l.(*List); ok || isRecord(l) || isList(r) || isRecord(r) {
		return compareValues(e, l, r, target)
	}
	ln, rn := isNullConst(l), isNullConst(r)
	switch {
	case (ln && isPredicate(r)) || (rn && isPredicate(l)):
		return &Const{T: edm.Boolean, V: e.Op == "ne"}, nil // a condition is never null
	case ln && rn:
		v := e.Op == "eq" || e.Op == "le" || e.Op == "ge"
		return &Const{T: edm.Boolean, V: v}, nil
	case ln || rn:
		x := l
		if ln {
			x = r
		}
		if _, ok := x.(*Const); ok { // a non-null constant is never null
			return &Const{T: edm.Boolean, V: e.Op == "ne"}, nil
		}
		switch e.Op {
		case "eq", "ne":
			return &IsNull{X: x, Negate: e.Op == "ne", Blank: b.lim.NullAsBlank && x.Type() == edm.String}, nil
		}
		return &Const{T: edm.Boolean, V: false}, nil // relational with null is false
	}
	// A condition compared with a Boolean value: `contains(A,'x') eq true`,
	// `(A in ('x')) eq (B in ('y'))`, `Discontinued ne (UnitPrice gt 5)`.
	if isPredicate(l) || isPredicate(r) {
		return boolCompare(e, l, r, target)
	}
	// A constant outside the range of the column it meets decides the comparison.
	x, k, op := l, r, e.Op
	if _, ok := l.(*Const); ok {
		x, k, op = r, l, flipped[e.Op]
	}
	if kc, ok := k.(*Const); ok {
		if _, xConst := x.(*Const); !xConst && typeClass(x.Type()) == typeClass(kc.T) {
			if s := b.columnRange(x, kc); s != inside {
				return decideOutside(op, x, s), nil
			}
		}
	}
	if isSpecial(l) || isSpecial(r) {
		if typeClass(l.Type()) != typeClass(r.Type()) {
			return nil, typeErr(target, e.Pos(), "cannot compare %s with %s", l.Type(), r.Type())
		}
		return nil, unsupported(target, e.Pos(), "NaN and INF can only be compared with integer and decimal properties")
	}
	l2, r2, ok := unify(l, r)
	if !ok {
		return nil, typeErr(target, e.Pos(), "cannot compare %s with %s", l.Type(), r.Type())
	}
	if (l2.Type() == edm.Binary || r2.Type() == edm.Binary) && e.Op != "eq" && e.Op != "ne" {
		return nil, typeErr(target, e.Pos(), "binary values can only be compared with eq and ne")
	}
	if l2.Type() == edm.Boolean && e.Op != "eq" && e.Op != "ne" {
		return nil, typeErr(target, e.Pos(), "Boolean values can only be compared with eq and ne")
	}
	if lc, ok := l2.(*Const); ok {
		if rc, ok := r2.(*Const); ok {
			if v, ok := foldCompare(e.Op, lc, rc); ok {
				return v, nil
			}
			return nil, unsupported(target, e.Pos(), "comparing a %s constant with a %s constant is not supported", lc.T, rc.T)
		}
	}
	return exactCompare(&Compare{Op: e.Op, L: l2, R: r2}), nil
}

// boolCompare compares two Boolean operands of which at least one is a condition (never
// null) without asking the database to treat a condition as a value: p eq true is p,
// p eq false is not p, and p eq q in general is (q is true and p) or (q is false and
// not p), where "q is true/false" is q itself / not q for a condition and q eq
// true/false (false when null) for a Boolean value. ne is the negation of eq: a null
// Boolean value is not equal to any condition.
func boolCompare(e *odata.Binary, l, r Expr, target string) (Expr, error) {
	p, other := l, r
	if !isPredicate(l) {
		p, other = r, l
	}
	if other.Type() != edm.Boolean {
		if _, ok := other.(*Const); ok {
			return nil, typeErr(target, e.Pos(), "a condition can only be compared with true or false")
		}
		return nil, typeErr(target, e.Pos(), "cannot compare a condition with %s", other.Type())
	}
	if e.Op != "eq" && e.Op != "ne" {
		return nil, typeErr(target, e.Pos(), "conditions and Boolean values can only be compared with eq and ne")
	}
	var eq Expr
	if c, ok := other.(*Const); ok {
		v, _ := c.V.(bool)
		eq = p
		if !v {
			eq = negate(p)
		}
	} else {
		isTrue, isFalse := other, negate(other)
		if !isPredicate(other) {
			isTrue = &Compare{Op: "eq", L: other, R: &Const{T: edm.Boolean, V: true}}
			isFalse = &Compare{Op: "eq", L: other, R: &Const{T: edm.Boolean, V: false}}
		}
		eq = foldLogical("or", foldLogical("and", isTrue, p), foldLogical("and", isFalse, negate(p)))
	}
	if e.Op == "ne" {
		return negate(eq), nil
	}
	return eq, nil
}

// negate is not x, folded for constants and double negation.
func negate(x Expr) Expr {
	switch x := x.(type) {
	case *Const:
		if v, ok := x.V.(bool); ok {
			return &Const{T: edm.Boolean, V: !v}
		}
	case *Not:
		return x.X
	}
	return &Not{X: x}
}

// flipped is the operator with its operands swapped: a lt b ⇔ b gt a.
var flipped = map[string]string{"eq": "eq", "ne": "ne", "lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}

// exactCompare rewrites comparisons whose operand types differ so that every database
// compares them exactly, without relying on implicit conversions that some engines
// lack (SQLite compares a DATE text with a timestamp text character by character, and
// turns a decimal argument into a float):
//   - a Date against a DateTimeOffset constant compares with the date at midnight UTC;
//   - an integer against an integral decimal constant (9007199254740993.0) compares
//     with the Int64 constant.
func exactCompare(c *Compare) Expr {
	col, k, op := c.L, c.R, c.Op
	kc, ok := k.(*Const)
	if !ok {
		kc, ok = c.L.(*Const)
		if !ok {
			return c
		}
		col, op = c.R, flipped[c.Op]
	}
	switch {
	case col.Type() == edm.Date && kc.T == edm.DateTimeOffset:
		t := kc.V.(time.Time).UTC()
		day := &Const{T: edm.Date, V: t.Format("2006-01-02")}
		if t.Equal(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)) {
			return &Compare{Op: op, L: col, R: day}
		}
		// The date (at midnight) lies strictly between day and day+1 on either side.
		switch op {
		case "eq":
			return &Const{T: edm.Boolean, V: false}
		case "ne":
			return &Compare{Op: "ne", L: col, R: day} // true for every date, null included
		case "gt", "ge":
			return &Compare{Op: "gt", L: col, R: day}
		default: // lt, le
			return &Compare{Op: "le", L: col, R: day}
		}
	case col.Type().IsIntegral() && kc.T == edm.Decimal:
		if e := scaledCompare(op, col, kc.V.(string), 0); e != nil {
			return e
		}
	case col.Type() == edm.Decimal && kc.T == edm.Decimal:
		// A fixed-scale column holds multiples of 10^-scale: a literal with more
		// fractional digits than that compares like its truncation.
		if ref, ok := baseColumn(col); ok && ref.Col.Precision > 0 && fractionDigits(kc.V.(string)) > ref.Col.Scale {
			if e := scaledCompare(op, col, kc.V.(string), ref.Col.Scale); e != nil {
				return e
			}
		}
	}
	return c
}

func fractionDigits(d string) int {
	_, frac, _ := strings.Cut(d, ".")
	return len(strings.TrimRight(frac, "0"))
}

// scaledCompare compares x, whose values are multiples of 10^-scale (integers for
// scale 0), with the decimal literal d exactly, without handing the database a value
// it cannot hold: x op 5.0 is x op 5; x gt 5.5 is x gt 5 and x lt 5.5 is x le 5 (the
// literal floored to the scale); x eq 5.5 is false and x ne 5.5 true (null included);
// for scale 0, a d beyond the Int64 range decides the comparison for every non-null x.
// It returns nil when d does not parse.
func scaledCompare(op string, x Expr, d string, scale int) Expr {
	r, ok := new(big.Rat).SetString(d)
	if !ok {
		return nil
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(unit))
	floor := new(big.Int).Div(scaled.Num(), scaled.Denom()) // Euclidean: floor for a positive denominator
	exact := scaled.IsInt()
	truth := func(v bool) Expr { return &Const{T: edm.Boolean, V: v} }
	notNull := &IsNull{X: x, Negate: true}
	switch {
	case op == "eq" && !exact:
		return truth(false)
	case op == "ne" && !exact:
		return truth(true)
	case scale == 0 && floor.Cmp(maxInt64) > 0: // d is above every Int64
		switch op {
		case "eq", "gt", "ge":
			return truth(false)
		case "ne":
			return truth(true)
		}
		return notNull // lt, le: true for every non-null x
	case scale == 0 && floor.Cmp(minInt64) < 0: // d is below every Int64
		switch op {
		case "eq", "lt", "le":
			return truth(false)
		case "ne":
			return truth(true)
		}
		return notNull // gt, ge
	}
	var n *Const
	if scale == 0 {
		n = &Const{T: edm.Int64, V: floor.Int64()}
	} else {
		n = &Const{T: edm.Decimal, V: new(big.Rat).SetFrac(floor, unit).FloatString(scale)}
	}
	if exact {
		return &Compare{Op: op, L: x, R: n}
	}
	switch op {
	case "gt", "ge":
		return &Compare{Op: "gt", L: x, R: n}
	default: // lt, le
		return &Compare{Op: "le", L: x, R: n}
	}
}

func isList(x Expr) bool { _, ok := x.(*List); return ok }

func isRecord(x Expr) bool { _, ok := x.(*Record); return ok }

// compareValues compares values of which at least one is a collection or a
// structured value written in the request: only eq and ne, only with another such
// value, and only when both are constant.
func compareValues(e *odata.Binary, l, r Expr, target string) (Expr, error) {
	if e.Op != "eq" && e.Op != "ne" {
		return nil, typeErr(target, e.Pos(), "%s values can only be compared with eq and ne", nonPrimitive(l, r))
	}
	if isNullConst(l) || isNullConst(r) {
		return &Const{T: edm.Boolean, V: e.Op == "ne"}, nil // a written value is not null
	}
	if l.Type() != r.Type() {
		return nil, typeErr(target, e.Pos(), "cannot compare %s with %s", l.Type(), r.Type())
	}
	if !isConstValue(l) || !isConstValue(r) {
		return nil, unsupported(target, e.Pos(), "comparing %s values that refer to properties is not supported", l.Type())
	}
	eq, ok := valueEqual(l, r)
	if !ok {
		return nil, unsupported(target, e.Pos(), "comparing these %s values is not supported", l.Type())
	}
	return &Const{T: edm.Boolean, V: eq == (e.Op == "eq")}, nil
}

func nonPrimitive(l, r Expr) edm.Type {
	if isList(l) || isRecord(l) {
		return l.Type()
	}
	return r.Type()
}

var (
	minInt64 = big.NewInt(math.MinInt64)
	maxInt64 = big.NewInt(math.MaxInt64)
)
