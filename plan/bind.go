package plan

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

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
		switch e.Name {
		case "contains", "startswith", "endswith", "matchespattern":
			return true
		}
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
		if e.Op == "not" {
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

func negateConst(c *Const) *Const {
	switch v := c.V.(type) {
	case int64:
		if v != math.MinInt64 {
			return &Const{T: c.T, V: -v}
		}
		return &Const{T: edm.Decimal, V: "9223372036854775808"}
	case float64:
		return &Const{T: c.T, V: -v}
	case string:
		if strings.HasPrefix(v, "-") {
			return &Const{T: c.T, V: v[1:]}
		}
		return &Const{T: c.T, V: "-" + v}
	}
	return c
}

// literalConst converts a literal to a constant with its natural EDM type.
func literalConst(l *odata.Literal, target string) (*Const, error) {
	switch l.Kind {
	case odata.LitNull:
		return &Const{}, nil
	case odata.LitBool:
		return &Const{T: edm.Boolean, V: l.Value}, nil
	case odata.LitInt:
		return &Const{T: edm.Int64, V: l.Value}, nil
	case odata.LitDecimal:
		return &Const{T: edm.Decimal, V: l.Value}, nil
	case odata.LitDouble:
		f, _ := l.Value.(float64)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, odata.NotImplemented("NotSupported", target, "%s: NaN and INF cannot be compared in the database (position %d)", target, l.Pos()+1)
		}
		return &Const{T: edm.Double, V: f}, nil
	case odata.LitString:
		return &Const{T: edm.String, V: l.Value}, nil
	case odata.LitDate:
		return &Const{T: edm.Date, V: l.Value}, nil
	case odata.LitDateTimeOffset:
		t, _ := l.Value.(time.Time)
		return &Const{T: edm.DateTimeOffset, V: t.UTC()}, nil
	case odata.LitGuid:
		return &Const{T: edm.Guid, V: l.Value}, nil
	case odata.LitBinary:
		return &Const{T: edm.Binary, V: l.Value}, nil
	case odata.LitGeography:
		return &Const{T: edm.Type("Edm.Geography"), V: l.Value}, nil
	case odata.LitGeometry:
		return &Const{T: edm.Type("Edm.Geometry"), V: l.Value}, nil
	}
	return nil, odata.NotImplemented("NotSupported", target, "%s: %s literals are not supported (position %d)", target, l.Kind, l.Pos()+1)
}

// constFor converts a key literal to the column's type.
func constFor(l *odata.Literal, t edm.Type) (*Const, error) {
	c, err := literalConst(l, "key")
	if err != nil {
		return nil, err
	}
	out, ok := coerce(c, t)
	if !ok {
		return nil, fmt.Errorf("a %s value does not fit %s", l.Kind, t)
	}
	return out, nil
}

// coerce converts constant c to type t when the conversion is exact, reporting whether
// the types are compatible at all.
func coerce(c *Const, t edm.Type) (*Const, bool) {
	if c.V == nil {
		return &Const{T: t}, true
	}
	if c.T == t {
		return c, true
	}
	switch {
	case t.IsIntegral() && c.T.IsIntegral():
		return &Const{T: t, V: c.V}, true
	case t == edm.Decimal && c.T.IsIntegral():
		return &Const{T: t, V: strconv.FormatInt(c.V.(int64), 10)}, true
	case t == edm.Single && (c.T.IsIntegral() || c.T == edm.Decimal || c.T == edm.Double):
		// An Edm.Single operand holds single-precision values: the literal means the
		// nearest single (0.15 is 0.15000000596…), bound as the double of the same
		// value so that every engine compares the column (widened exactly) with it.
		var f float64
		switch v := c.V.(type) {
		case int64:
			f = float64(float32(v))
		case float64:
			f = float64(float32(v))
		case string:
			g, err := strconv.ParseFloat(v, 32)
			if err != nil {
				return nil, false
			}
			f = g
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, false // beyond the singles: decided before (ranges.go) or refused
		}
		return &Const{T: edm.Double, V: f}, true
	case t == edm.Double && c.T.IsIntegral():
		return &Const{T: edm.Double, V: float64(c.V.(int64))}, true
	case t == edm.Double && c.T == edm.Decimal:
		f, err := strconv.ParseFloat(c.V.(string), 64)
		if err != nil {
			return nil, false
		}
		return &Const{T: edm.Double, V: f}, true
	case t.IsIntegral() && c.T == edm.Decimal:
		// 5.0 against an integer column: keep it exact as a decimal comparison.
		return c, true
	case t.IsNumeric() && c.T.IsNumeric():
		return c, true
	case t == edm.DateTimeOffset && c.T == edm.Date:
		d, err := time.Parse("2006-01-02", c.V.(string))
		if err != nil {
			return nil, false
		}
		return &Const{T: t, V: d}, true
	case t == edm.Date && c.T == edm.DateTimeOffset:
		return c, true // compared as timestamps; the database promotes the date
	case t == edm.Guid && c.T == edm.String:
		s := strings.ToLower(c.V.(string))
		if !isGuid(s) {
			return nil, false
		}
		return &Const{T: t, V: s}, true
	case t == edm.String && c.T == edm.Guid:
		return &Const{T: t, V: c.V}, true
	}
	return nil, false
}

func isGuid(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// typeClass groups the types that can be compared with each other.
func typeClass(t edm.Type) string {
	switch {
	case t.IsNumeric():
		return "number"
	case t == edm.Date || t == edm.DateTimeOffset:
		return "datetime"
	case t == edm.String || t == edm.Guid:
		return "string"
	}
	return string(t)
}

// unify makes two operands comparable: a constant takes the other side's type.
func unify(l, r Expr) (Expr, Expr, bool) {
	lc, lok := l.(*Const)
	rc, rok := r.(*Const)
	switch {
	case rok && !lok:
		if c, ok := coerce(rc, l.Type()); ok {
			return l, c, true
		}
		return l, r, false
	case lok && !rok:
		if c, ok := coerce(lc, r.Type()); ok {
			return c, r, true
		}
		return l, r, false
	}
	if l.Type() == r.Type() || typeClass(l.Type()) == typeClass(r.Type()) {
		return l, r, true
	}
	return l, r, false
}

var comparisons = map[string]bool{"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true}
var arithmetic = map[string]bool{"add": true, "sub": true, "mul": true, "div": true, "divby": true, "mod": true}

func (b *binder) bindBinary(e *odata.Binary, target string) (Expr, error) {
	l, err := b.bindOperand(e, e.L, target)
	if err != nil {
		return nil, err
	}
	r, err := b.bindOperand(e, e.R, target)
	if err != nil {
		return nil, err
	}
	if e.Op == "has" {
		// Names are bound: the operands exist, but no value of this service has an
		// enumeration type.
		return nil, typeErr(target, e.Pos(), "'has' needs an enumeration value; this is %s (the service publishes no enumeration types)", l.Type())
	}
	switch {
	case e.Op == "and" || e.Op == "or":
		for _, x := range []Expr{l, r} {
			if x.Type() != edm.Boolean && !isNullConst(x) {
				return nil, typeErr(target, e.Pos(), "'%s' needs conditions on both sides", e.Op)
			}
		}
		return foldLogical(e.Op, asCond(l), asCond(r)), nil
	case comparisons[e.Op]:
		return b.bindCompare(e, l, r, target)
	case arithmetic[e.Op]:
		return bindArith(e, l, r, target)
	}
	return nil, typeErr(target, e.Pos(), "unknown operator '%s'", e.Op)
}

// bindOperand binds an operand of e. NaN and ±INF are bound as Edm.Double constants
// only as an operand of a comparison, where bindCompare either decides them or rejects
// them; anywhere else they stay unsupported (no database compares them alike).
func (b *binder) bindOperand(e *odata.Binary, x odata.Expr, target string) (Expr, error) {
	if f, ok := isSpecialFloat(x); ok && comparisons[e.Op] {
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

func foldLogical(op string, l, r Expr) Expr {
	lc, lok := l.(*Const)
	rc, rok := r.(*Const)
	if lok && rok {
		lv, _ := lc.V.(bool)
		rv, _ := rc.V.(bool)
		if op == "and" {
			return &Const{T: edm.Boolean, V: lv && rv}
		}
		return &Const{T: edm.Boolean, V: lv || rv}
	}
	return &Logical{Op: op, L: l, R: r}
}

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
		if ref, ok := col.(*ColumnRef); ok && ref.Col.Precision > 0 && fractionDigits(kc.V.(string)) > ref.Col.Scale {
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

var (
	minInt64 = big.NewInt(math.MinInt64)
	maxInt64 = big.NewInt(math.MaxInt64)
)

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

func isList(x Expr) bool   { _, ok := x.(*List); return ok }
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

func bindArith(e *odata.Binary, l, r Expr, target string) (Expr, error) {
	if isNullConst(l) || isNullConst(r) {
		return &Const{}, nil // arithmetic with null is null
	}
	if !l.Type().IsNumeric() || !r.Type().IsNumeric() {
		if typeClass(l.Type()) == "datetime" || typeClass(r.Type()) == "datetime" {
			return nil, odata.NotImplemented("NotSupported", target, "%s: date and time arithmetic is not supported", target)
		}
		return nil, typeErr(target, e.Pos(), "'%s' needs numbers", e.Op)
	}
	t := arithType(e.Op, l.Type(), r.Type())
	return &Arith{Op: e.Op, L: l, R: r, T: t}, nil
}

func arithType(op string, a, b edm.Type) edm.Type {
	switch {
	case a == edm.Double || b == edm.Double || a == edm.Single || b == edm.Single:
		return edm.Double
	case a == edm.Decimal || b == edm.Decimal || op == "divby":
		return edm.Decimal
	}
	return edm.Int64
}

func (b *binder) bindIn(e *odata.In, target string) (Expr, error) {
	x, err := b.bindValue(e.X, target)
	if err != nil {
		return nil, err
	}
	items := e.List
	var bound []Expr
	if e.Coll != nil {
		c, err := b.bindValue(e.Coll, target)
		if err != nil {
			return nil, err
		}
		l, ok := c.(*List) // an alias whose value is a JSON array
		if !ok {
			return nil, typeErr(target, e.Coll.Pos(), "the right operand of 'in' must be a list or a collection, not %s", c.Type())
		}
		bound = l.Items
	} else {
		for _, it := range items {
			if f, ok := isSpecialFloat(it); ok { // NaN, ±INF: decided or refused below
				bound = append(bound, &Const{T: edm.Double, V: f})
				continue
			}
			v, err := b.bindValue(it, target)
			if err != nil {
				return nil, err
			}
			bound = append(bound, v)
		}
	}
	pos := func(i int) int {
		if i < len(items) {
			return items[i].Pos()
		}
		return e.Pos()
	}
	// Membership of constants, or of collections and structured values: decided here.
	if isConstValue(x) || isList(x) || isRecord(x) {
		allConst := isConstValue(x)
		for _, v := range bound {
			allConst = allConst && isConstValue(v)
		}
		if allConst {
			found := false
			for i, v := range bound {
				if !isList(x) && !isRecord(x) && !isList(v) && !isRecord(v) && !isNullConst(x) && !isNullConst(v) {
					if _, _, ok := unify(x, v); !ok {
						return nil, typeErr(target, pos(i), "cannot compare %s with %s", x.Type(), v.Type())
					}
				}
				eq, ok := valueEqual(x, v)
				if !ok {
					return nil, unsupported(target, pos(i), "comparing a %s constant with a %s constant is not supported", x.Type(), v.Type())
				}
				found = found || eq
			}
			return &Const{T: edm.Boolean, V: found}, nil
		}
		if isList(x) || isRecord(x) {
			return nil, unsupported(target, e.Pos(), "'in' with a %s value that refers to properties is not supported", x.Type())
		}
	}
	// Items that are not constants (`X in (Y)`), or a condition as X
	// (`(A in ('x')) in (true)`): the same as X eq Y or …
	plain := !isPredicate(x)
	for _, v := range bound {
		if _, ok := v.(*Const); !ok {
			plain = false
		}
	}
	if !plain {
		var out Expr
		for i, v := range bound {
			r := e.Coll
			if i < len(items) {
				r = items[i]
			}
			c, err := b.bindCompare(&odata.Binary{Op: "eq", L: e.X, R: r, Offset: pos(i)}, x, v, target)
			if err != nil {
				return nil, err
			}
			if out == nil {
				out = c
			} else {
				out = foldLogical("or", out, c)
			}
		}
		return out, nil
	}
	in := &In{X: x}
	for i, v := range bound {
		if c, ok := v.(*Const); ok && !isNullConst(v) && typeClass(x.Type()) == typeClass(c.T) && b.columnRange(x, c) != inside {
			continue // a value the column cannot hold matches no row
		}
		if isSpecial(v) {
			if typeClass(x.Type()) != "number" {
				return nil, typeErr(target, pos(i), "cannot compare %s with %s", x.Type(), v.Type())
			}
			return nil, unsupported(target, pos(i), "NaN and INF can only be compared with integer and decimal properties")
		}
		if !isNullConst(v) {
			_, v2, ok := unify(x, v)
			if !ok {
				return nil, typeErr(target, pos(i), "cannot compare %s with %s", x.Type(), v.Type())
			}
			v = v2
		}
		in.List = append(in.List, v)
	}
	if isNullConst(x) {
		for _, v := range in.List {
			if isNullConst(v) {
				return &Const{T: edm.Boolean, V: true}, nil
			}
		}
		return &Const{T: edm.Boolean, V: false}, nil
	}
	return in, nil
}

// fn describes a canonical function: its argument type classes and result type.
type fn struct {
	args   []string // "string", "number", "integer", "datetime", "dto", "any"
	minArg int
	result func(args []Expr) edm.Type
}

func fixed(t edm.Type) func([]Expr) edm.Type { return func([]Expr) edm.Type { return t } }
func firstArg(args []Expr) edm.Type          { return args[0].Type() }

var funcs = map[string]fn{
	"contains":           {[]string{"string", "string"}, 2, fixed(edm.Boolean)},
	"startswith":         {[]string{"string", "string"}, 2, fixed(edm.Boolean)},
	"endswith":           {[]string{"string", "string"}, 2, fixed(edm.Boolean)},
	"matchespattern":     {[]string{"string", "string"}, 2, fixed(edm.Boolean)},
	"length":             {[]string{"string"}, 1, fixed(edm.Int32)},
	"indexof":            {[]string{"string", "string"}, 2, fixed(edm.Int32)},
	"substring":          {[]string{"string", "integer", "integer"}, 2, fixed(edm.String)},
	"tolower":            {[]string{"string"}, 1, fixed(edm.String)},
	"toupper":            {[]string{"string"}, 1, fixed(edm.String)},
	"trim":               {[]string{"string"}, 1, fixed(edm.String)},
	"concat":             {[]string{"string", "string"}, 2, fixed(edm.String)},
	"year":               {[]string{"datetime"}, 1, fixed(edm.Int32)},
	"month":              {[]string{"datetime"}, 1, fixed(edm.Int32)},
	"day":                {[]string{"datetime"}, 1, fixed(edm.Int32)},
	"hour":               {[]string{"dto"}, 1, fixed(edm.Int32)},
	"minute":             {[]string{"dto"}, 1, fixed(edm.Int32)},
	"second":             {[]string{"dto"}, 1, fixed(edm.Int32)},
	"fractionalseconds":  {[]string{"dto"}, 1, fixed(edm.Decimal)},
	"totaloffsetminutes": {[]string{"dto"}, 1, fixed(edm.Int32)},
	"date":               {[]string{"dto"}, 1, fixed(edm.Date)},
	"now":                {nil, 0, fixed(edm.DateTimeOffset)},
	"round":              {[]string{"number"}, 1, firstArg},
	"floor":              {[]string{"number"}, 1, firstArg},
	"ceiling":            {[]string{"number"}, 1, firstArg},
}

// castTargets are the EDM types cast can produce.
var castTargets = map[string]edm.Type{
	"Edm.String": edm.String, "Edm.Int16": edm.Int16, "Edm.Int32": edm.Int32, "Edm.Int64": edm.Int64,
	"Edm.Decimal": edm.Decimal, "Edm.Double": edm.Double, "Edm.Single": edm.Single,
	"Edm.Date": edm.Date, "Edm.DateTimeOffset": edm.DateTimeOffset, "Edm.Boolean": edm.Boolean,
}

func argOK(class string, t edm.Type) bool {
	switch class {
	case "string":
		return t == edm.String || t == edm.Guid
	case "number":
		return t.IsNumeric()
	case "integer":
		return t.IsIntegral()
	case "datetime":
		return t == edm.Date || t == edm.DateTimeOffset
	case "dto":
		return t == edm.DateTimeOffset
	}
	return true
}

// unsupportedFuncs are canonical functions the service knows but cannot evaluate.
// The value is the result type ("" when unknown): binding goes on with a Deferred of
// that type.
var unsupportedFuncs = map[string]edm.Type{"time": edm.Type("Edm.TimeOfDay"), "totalseconds": edm.Decimal,
	"geo.distance": edm.Double, "geo.length": edm.Double, "geo.intersects": edm.Boolean, "case": ""}

// listFuncs have a collection form (OData 4.01 Part 2 §5.1.1.5, §5.1.1.11).
var listFuncs = map[string]bool{"length": true, "concat": true, "contains": true,
	"startswith": true, "endswith": true, "indexof": true, "hassubset": true, "hassubsequence": true}

func (b *binder) bindCall(e *odata.Call, target string) (Expr, error) {
	name := strings.ToLower(e.Name)
	switch name {
	case "substringof": // OData 2.0: substringof(needle, haystack) = contains(haystack, needle)
		if len(e.Args) != 2 {
			return nil, typeErr(target, e.Pos(), "substringof takes 2 arguments")
		}
		return b.bindCall(&odata.Call{Name: "contains", Args: []odata.Expr{e.Args[1], e.Args[0]}, Offset: e.Offset}, target)
	case "maxdatetime":
		return &Const{T: edm.DateTimeOffset, V: time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)}, nil
	case "mindatetime":
		return &Const{T: edm.DateTimeOffset, V: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}, nil
	case "cast":
		return b.bindCast(e, target)
	case "isof":
		return b.bindIsOf(e, target)
	}
	// Arguments first: a misused name in them is a 400 even where the function itself
	// is not supported.
	args := make([]Expr, len(e.Args))
	for i, a := range e.Args {
		x, err := b.bindValue(a, target)
		if err != nil {
			return nil, err
		}
		args[i] = x
	}
	if t, ok := unsupportedFuncs[name]; ok {
		if strings.HasPrefix(name, "geo.") {
			if c, ok := foldGeo(name, args); ok {
				return c, nil
			}
		}
		err := unsupported(target, e.Pos(), "the function '%s' is not supported", e.Name)
		if t == "" {
			return nil, err
		}
		return &Deferred{T: t, Args: args, Err: err}, nil
	}
	if listFuncs[name] {
		if f, err, ok := b.bindListCall(e, name, args, target); ok {
			return f, err
		}
	}
	spec, ok := funcs[name]
	if !ok {
		return nil, unsupported(target, e.Pos(), "the function '%s' is not supported", e.Name)
	}
	if len(e.Args) < spec.minArg || len(e.Args) > len(spec.args) {
		return nil, typeErr(target, e.Pos(), "%s takes %d argument(s)", name, spec.minArg)
	}
	f := &Func{Name: name}
	for i, x := range args {
		a := e.Args[i]
		if isNullConst(x) {
			if isPredicate(&Func{Name: name}) {
				return &Const{T: edm.Boolean, V: false}, nil
			}
			return &Const{}, nil // a canonical function of null is null
		}
		if !argOK(spec.args[i], x.Type()) {
			return nil, typeErr(target, a.Pos(), "argument %d of %s must be a %s, not %s", i+1, name, spec.args[i], x.Type())
		}
		if c, ok := x.(*Const); ok && c.T == edm.Guid {
			x = &Const{T: edm.String, V: c.V}
		}
		f.Args = append(f.Args, x)
	}
	if name == "matchespattern" {
		if err := checkPattern(f.Args[1], e.Args[1].Pos(), target); err != nil {
			return nil, err
		}
	}
	f.T = spec.result(f.Args)
	return f, nil
}

// bindListCall handles the collection forms of the canonical functions: when an
// argument is a collection written in the request, every argument must be one, and
// the function is evaluated here when they are constant. ok is false when no argument
// is a collection (the ordinary string forms apply).
func (b *binder) bindListCall(e *odata.Call, name string, args []Expr, target string) (Expr, error, bool) {
	coll := name == "hassubset" || name == "hassubsequence" // collection-only functions
	for _, x := range args {
		coll = coll || isList(x)
	}
	if !coll {
		return nil, nil, false
	}
	lists := make([]*List, len(args))
	for i, x := range args {
		if isNullConst(x) {
			if name == "length" || name == "indexof" || name == "concat" {
				return &Const{}, nil, true
			}
			return &Const{T: edm.Boolean, V: false}, nil, true
		}
		l, ok := x.(*List)
		if !ok {
			return nil, typeErr(target, e.Args[i].Pos(), "argument %d of %s must be a collection like the others, not %s", i+1, name, x.Type()), true
		}
		if !isConstant(l) {
			return nil, unsupported(target, e.Args[i].Pos(), "%s over collections that refer to properties is not supported", name), true
		}
		lists[i] = l
	}
	v, ok := foldListFunc(name, lists)
	if !ok {
		return nil, unsupported(target, e.Pos(), "%s over these collections is not supported", name), true
	}
	return v, nil, true
}

func (b *binder) bindCast(e *odata.Call, target string) (Expr, error) {
	if len(e.Args) != 2 {
		return nil, unsupported(target, e.Pos(), "cast of the current instance is not supported")
	}
	tn, ok := e.Args[1].(*odata.TypeName)
	if !ok {
		return nil, typeErr(target, e.Args[1].Pos(), "cast needs a type name")
	}
	x, err := b.bindValue(e.Args[0], target)
	if err != nil {
		return nil, err
	}
	t, ok := castTargets[tn.Name]
	if !ok {
		if b.entityType(tn.Name) != "" {
			return nil, typeErr(target, tn.Pos(), "cannot cast %s to the entity type %s", x.Type(), tn.Name)
		}
		return nil, unsupported(target, tn.Pos(), "cast to %s is not supported", tn.Name)
	}
	if isNullConst(x) {
		return &Const{}, nil
	}
	if isList(x) || isRecord(x) {
		return nil, typeErr(target, e.Args[0].Pos(), "cannot cast a %s value to %s", x.Type(), tn.Name)
	}
	if t == edm.Boolean && x.Type() == edm.Boolean {
		return x, nil // cast(condition, Edm.Boolean) is the condition: no SQL cast of a predicate
	}
	return &Func{Name: "cast", Args: []Expr{x, &Const{T: edm.String, V: tn.Name}}, T: t}, nil
}

// bindIsOf binds isof(Type) (the current instance) and isof(X, Type).
func (b *binder) bindIsOf(e *odata.Call, target string) (Expr, error) {
	tn, ok := e.Args[len(e.Args)-1].(*odata.TypeName)
	if !ok {
		return nil, typeErr(target, e.Pos(), "isof needs a type name")
	}
	if len(e.Args) == 1 {
		// The current instance is of its entity type, and of no other.
		return &Const{T: edm.Boolean, V: b.entityType(tn.Name) == b.q.Table.TypeName}, nil
	}
	x, err := b.bindValue(e.Args[0], target)
	if err != nil {
		return nil, err
	}
	if isNullConst(x) {
		return &Const{T: edm.Boolean, V: false}, nil
	}
	if b.entityType(tn.Name) != "" {
		return &Const{T: edm.Boolean, V: false}, nil // a primitive value is not an entity
	}
	return nil, unsupported(target, e.Pos(), "the function 'isof' is not supported")
}
