package plan

import (
	"fmt"
	"math"
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
		name := strings.Join(e.Path, "/")
		col := b.q.Table.Column(name)
		if col == nil || len(e.Path) != 1 {
			return nil, odata.BadRequest("PropertyNotFound", target, "%s: '%s' is not a property of '%s' (position %d)", target, name, b.q.Table.SetName, e.Pos()+1)
		}
		return &ColumnRef{Col: col}, nil
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
	case (t == edm.Double || t == edm.Single) && c.T.IsIntegral():
		return &Const{T: edm.Double, V: float64(c.V.(int64))}, true
	case (t == edm.Double || t == edm.Single) && c.T == edm.Decimal:
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
	if e.Op == "has" {
		return nil, odata.NotImplemented("NotSupported", target, "%s: 'has' needs enumeration types, which this service does not publish", target)
	}
	l, err := b.bindValue(e.L, target)
	if err != nil {
		return nil, err
	}
	r, err := b.bindValue(e.R, target)
	if err != nil {
		return nil, err
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
	ln, rn := isNullConst(l), isNullConst(r)
	switch {
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
	// A condition compared with a Boolean literal: `contains(A,'x') eq true`.
	if isPredicate(l) || isPredicate(r) {
		p, other := l, r
		if !isPredicate(l) {
			p, other = r, l
		}
		c, ok := other.(*Const)
		v, isBool := c.V.(bool) // c is nil-safe only when ok
		if !ok || !isBool || (e.Op != "eq" && e.Op != "ne") {
			if ok && !isBool {
				return nil, typeErr(target, e.Pos(), "a condition can only be compared with true or false")
			}
			return nil, odata.NotImplemented("NotSupported", target, "%s: comparing two conditions is not supported", target)
		}
		if (e.Op == "eq") == v {
			return p, nil
		}
		return &Not{X: p}, nil
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
	return &Compare{Op: e.Op, L: l2, R: r2}, nil
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
	in := &In{X: x}
	for _, it := range e.List {
		v, err := b.bindValue(it, target)
		if err != nil {
			return nil, err
		}
		if !isNullConst(v) {
			_, v2, ok := unify(x, v)
			if !ok {
				return nil, typeErr(target, it.Pos(), "cannot compare %s with %s", x.Type(), v.Type())
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
	case "isof", "time", "totalseconds":
		return nil, odata.NotImplemented("NotSupported", target, "%s: the function '%s' is not supported", target, e.Name)
	}
	spec, ok := funcs[name]
	if !ok {
		return nil, odata.NotImplemented("NotSupported", target, "%s: the function '%s' is not supported", target, e.Name)
	}
	if len(e.Args) < spec.minArg || len(e.Args) > len(spec.args) {
		return nil, typeErr(target, e.Pos(), "%s takes %d argument(s)", name, spec.minArg)
	}
	f := &Func{Name: name}
	for i, a := range e.Args {
		x, err := b.bindValue(a, target)
		if err != nil {
			return nil, err
		}
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
	f.T = spec.result(f.Args)
	return f, nil
}

func (b *binder) bindCast(e *odata.Call, target string) (Expr, error) {
	if len(e.Args) != 2 {
		return nil, odata.NotImplemented("NotSupported", target, "%s: cast of the current instance is not supported", target)
	}
	tn, ok := e.Args[1].(*odata.TypeName)
	if !ok {
		return nil, typeErr(target, e.Args[1].Pos(), "cast needs a type name")
	}
	t, ok := castTargets[tn.Name]
	if !ok {
		return nil, odata.NotImplemented("NotSupported", target, "%s: cast to %s is not supported", target, tn.Name)
	}
	x, err := b.bindValue(e.Args[0], target)
	if err != nil {
		return nil, err
	}
	if isNullConst(x) {
		return &Const{}, nil
	}
	return &Func{Name: "cast", Args: []Expr{x, &Const{T: edm.String, V: tn.Name}}, T: t}, nil
}
