package conformance

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/odatagw/odatagw/odata"
)

// This file is the oracle's filter evaluator: an independent implementation of the
// semantics the gateway promises, over one row of normalized values. It walks the
// parser's AST (odata.ParseFilter) and nothing else of the gateway.
//
//   - eq/ne treat null as a value: null eq null is true, null ne 'x' is true;
//   - lt/le/gt/ge with a null operand are false;
//   - a boolean function of a null argument (contains(null,'x')) is false; other
//     functions and arithmetic of null are null;
//   - a null condition counts as false, so `not` of it is true;
//   - strings compare exactly (case- and trailing-space-sensitive);
//     contains/startswith/endswith/indexof are case-sensitive;
//   - length, indexof and substring count characters, 0-based;
//   - datetimes in UTC; integers and decimals exact, doubles as float64;
//   - div on integers truncates toward zero, divby divides exactly, mod's sign
//     follows the dividend; round is half away from zero.

// row is one entity: normalized values by property name.
type row struct {
	vals map[string]any
	key  string // canonical key, unique within the set
}

// errOracle marks an expression the oracle does not evaluate (a test-table error).
type errOracle struct{ msg string }

func (e *errOracle) Error() string { return "oracle: " + e.msg }

func oerr(format string, args ...any) error { return &errOracle{fmt.Sprintf(format, args...)} }

type evaluator struct {
	props map[string]*prop
	now   time.Time
}

// cond evaluates e as a condition: null is false.
func (ev *evaluator) cond(e odata.Expr, r *row) (bool, error) {
	v, err := ev.value(e, r)
	if err != nil {
		return false, err
	}
	switch x := v.(type) {
	case nil:
		return false, nil
	case bool:
		return x, nil
	}
	return false, oerr("%s is not a condition (%T)", e, v)
}

func (ev *evaluator) value(e odata.Expr, r *row) (any, error) {
	switch e := e.(type) {
	case *odata.Literal:
		return literalValue(e)
	case *odata.Member:
		if len(e.Path) != 1 {
			return nil, oerr("member path %v", e.Path)
		}
		if _, ok := ev.props[e.Path[0]]; !ok {
			return nil, oerr("unknown property %s", e.Path[0])
		}
		return r.vals[e.Path[0]], nil
	case *odata.Unary:
		if e.Op == "not" {
			b, err := ev.cond(e.X, r)
			return !b, err
		}
		x, err := ev.value(e.X, r)
		if err != nil || x == nil {
			return nil, err
		}
		n, ok := x.(num)
		if !ok {
			return nil, oerr("- of %T", x)
		}
		return negate(n), nil
	case *odata.Binary:
		return ev.binary(e, r)
	case *odata.In:
		x, err := ev.value(e.X, r)
		if err != nil {
			return nil, err
		}
		for _, it := range e.List {
			v, err := ev.value(it, r)
			if err != nil {
				return nil, err
			}
			eq, err := equalOp(x, ev.atSingle(e.X, v))
			if err != nil {
				return nil, err
			}
			if eq {
				return true, nil
			}
		}
		return false, nil
	case *odata.Call:
		return ev.call(e, r)
	}
	return nil, oerr("expression %T", e)
}

func literalValue(l *odata.Literal) (any, error) {
	switch l.Kind {
	case odata.LitNull:
		return nil, nil
	case odata.LitBool:
		return l.Value.(bool), nil
	case odata.LitInt:
		return intNum(l.Value.(int64)), nil
	case odata.LitDecimal:
		r, ok := parseRat(l.Value.(string))
		if !ok {
			return nil, oerr("decimal literal %v", l.Value)
		}
		return ratNum(nDec, r), nil
	case odata.LitDouble:
		return dblNum(l.Value.(float64)), nil
	case odata.LitString:
		return l.Value.(string), nil
	case odata.LitDate:
		return dateV(l.Value.(string)), nil
	case odata.LitDateTimeOffset:
		return l.Value.(time.Time).UTC(), nil
	case odata.LitGuid:
		return strings.ToLower(l.Value.(string)), nil
	case odata.LitBinary:
		return l.Value.([]byte), nil
	}
	return nil, oerr("literal kind %s", l.Kind)
}

func (ev *evaluator) binary(e *odata.Binary, r *row) (any, error) {
	switch e.Op {
	case "and", "or":
		l, err := ev.cond(e.L, r)
		if err != nil {
			return nil, err
		}
		rr, err := ev.cond(e.R, r)
		if err != nil {
			return nil, err
		}
		if e.Op == "and" {
			return l && rr, nil
		}
		return l || rr, nil
	}
	l, err := ev.value(e.L, r)
	if err != nil {
		return nil, err
	}
	rv, err := ev.value(e.R, r)
	if err != nil {
		return nil, err
	}
	l, rv = ev.atSingle(e.R, l), ev.atSingle(e.L, rv)
	switch e.Op {
	case "eq":
		return equalOp(l, rv)
	case "ne":
		eq, err := equalOp(l, rv)
		return !eq, err
	case "lt", "le", "gt", "ge":
		if l == nil || rv == nil {
			return false, nil
		}
		c, err := compareValues(l, rv)
		if err != nil {
			return nil, err
		}
		switch e.Op {
		case "lt":
			return c < 0, nil
		case "le":
			return c <= 0, nil
		case "gt":
			return c > 0, nil
		}
		return c >= 0, nil
	case "add", "sub", "mul", "div", "divby", "mod":
		if l == nil || rv == nil {
			return nil, nil
		}
		a, ok1 := l.(num)
		b, ok2 := rv.(num)
		if !ok1 || !ok2 {
			return nil, oerr("%s of %T and %T", e.Op, l, rv)
		}
		return arith(string(e.Op), a, b)
	}
	return nil, oerr("operator %s", e.Op)
}

// atSingle is v as the other operand sees it: a number compared with an Edm.Single
// property means the nearest single-precision value (0.15 is 0.15000000596…), which is
// what MariaDB FLOAT and PostgreSQL real hold.
func (ev *evaluator) atSingle(other odata.Expr, v any) any {
	m, ok := other.(*odata.Member)
	n, isNum := v.(num)
	if !ok || !isNum || len(m.Path) != 1 || ev.props[m.Path[0]] == nil || ev.props[m.Path[0]].Type != "Edm.Single" {
		return v
	}
	if n.k == nDbl {
		return dblNum(float64(float32(n.f)))
	}
	f, _ := n.r.Float32()
	return dblNum(float64(f))
}

// equalOp is eq with null as a value.
func equalOp(l, r any) (bool, error) {
	if l == nil || r == nil {
		return l == nil && r == nil, nil
	}
	switch a := l.(type) {
	case bool:
		b, ok := r.(bool)
		if !ok {
			return false, oerr("eq of bool and %T", r)
		}
		return a == b, nil
	case string:
		b, ok := r.(string)
		if !ok {
			return false, oerr("eq of string and %T", r)
		}
		return a == b, nil
	case []byte:
		b, ok := r.([]byte)
		if !ok {
			return false, oerr("eq of binary and %T", r)
		}
		return bytes.Equal(a, b), nil
	}
	c, err := compareValues(l, r)
	return c == 0, err
}

// compareValues orders two non-null values of comparable types.
func compareValues(l, r any) (int, error) {
	switch a := l.(type) {
	case num:
		b, ok := r.(num)
		if !ok {
			return 0, oerr("compare number with %T", r)
		}
		return compareNum(a, b), nil
	case string:
		b, ok := r.(string)
		if !ok {
			return 0, oerr("compare string with %T", r)
		}
		return strings.Compare(a, b), nil
	case dateV:
		switch b := r.(type) {
		case dateV:
			return strings.Compare(string(a), string(b)), nil
		case time.Time:
			return a.time().Compare(b), nil
		}
	case time.Time:
		switch b := r.(type) {
		case time.Time:
			return a.Compare(b), nil
		case dateV:
			return a.Compare(b.time()), nil
		}
	case bool:
		if b, ok := r.(bool); ok {
			switch {
			case a == b:
				return 0, nil
			case !a:
				return -1, nil
			}
			return 1, nil
		}
	}
	return 0, oerr("compare %T with %T", l, r)
}

func compareNum(a, b num) int {
	if a.k == nDbl || b.k == nDbl {
		x, y := a.float(), b.float()
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return a.r.Cmp(b.r)
}

func negate(n num) num {
	if n.k == nDbl {
		return dblNum(-n.f)
	}
	return ratNum(n.k, new(big.Rat).Neg(n.r))
}

var (
	minInt64 = new(big.Rat).SetInt64(math.MinInt64)
	maxInt64 = new(big.Rat).SetInt64(math.MaxInt64)
)

func arith(op string, a, b num) (any, error) {
	if a.k == nDbl || b.k == nDbl {
		x, y := a.float(), b.float()
		switch op {
		case "add":
			return dblNum(x + y), nil
		case "sub":
			return dblNum(x - y), nil
		case "mul":
			return dblNum(x * y), nil
		case "div", "divby":
			if y == 0 {
				return nil, oerr("division by zero")
			}
			return dblNum(x / y), nil
		case "mod":
			if y == 0 {
				return nil, oerr("mod by zero")
			}
			return dblNum(math.Mod(x, y)), nil
		}
		return nil, oerr("operator %s", op)
	}
	kind := nDec
	if a.k == nInt && b.k == nInt {
		kind = nInt
	}
	var out *big.Rat
	switch op {
	case "add":
		out = new(big.Rat).Add(a.r, b.r)
	case "sub":
		out = new(big.Rat).Sub(a.r, b.r)
	case "mul":
		out = new(big.Rat).Mul(a.r, b.r)
	case "div", "divby":
		if b.r.Sign() == 0 {
			return nil, oerr("division by zero")
		}
		out = new(big.Rat).Quo(a.r, b.r)
		if op == "divby" {
			kind = nDec
		} else if kind == nInt {
			out = truncRat(out)
		}
	case "mod":
		if b.r.Sign() == 0 {
			return nil, oerr("mod by zero")
		}
		q := truncRat(new(big.Rat).Quo(a.r, b.r))
		out = new(big.Rat).Sub(a.r, new(big.Rat).Mul(q, b.r))
	default:
		return nil, oerr("operator %s", op)
	}
	if kind == nInt && (out.Cmp(minInt64) < 0 || out.Cmp(maxInt64) > 0) {
		return nil, oerr("Int64 overflow in %s", op)
	}
	return ratNum(kind, out), nil
}

// truncRat rounds toward zero.
func truncRat(r *big.Rat) *big.Rat {
	q := new(big.Int).Quo(r.Num(), r.Denom())
	return new(big.Rat).SetInt(q)
}

// floorRat rounds toward negative infinity (denominators are positive).
func floorRat(r *big.Rat) *big.Rat {
	q := new(big.Int).Div(r.Num(), r.Denom())
	return new(big.Rat).SetInt(q)
}

func (ev *evaluator) call(e *odata.Call, r *row) (any, error) {
	name := strings.ToLower(string(e.Name))
	if name == "substringof" {
		if len(e.Args) != 2 {
			return nil, oerr("substringof arity")
		}
		name = "contains"
		e = &odata.Call{Name: "contains", Args: []odata.Expr{e.Args[1], e.Args[0]}}
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		v, err := ev.value(a, r)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	hasNull := false
	for _, a := range args {
		if a == nil {
			hasNull = true
		}
	}
	str := func(i int) (string, error) {
		s, ok := args[i].(string)
		if !ok {
			return "", oerr("argument %d of %s is %T, not a string", i+1, name, args[i])
		}
		return s, nil
	}
	switch name {
	case "contains", "startswith", "endswith", "matchespattern":
		if hasNull {
			return false, nil
		}
		a, err := str(0)
		if err != nil {
			return nil, err
		}
		b, err := str(1)
		if err != nil {
			return nil, err
		}
		switch name {
		case "matchespattern":
			re, err := regexp.Compile(b)
			if err != nil {
				return nil, oerr("pattern %q: %v", b, err)
			}
			return re.MatchString(a), nil
		case "contains":
			return strings.Contains(a, b), nil
		case "startswith":
			return strings.HasPrefix(a, b), nil
		}
		return strings.HasSuffix(a, b), nil
	case "now":
		return ev.now.UTC(), nil
	case "maxdatetime":
		return time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), nil
	case "mindatetime":
		return time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	if hasNull {
		return nil, nil
	}
	switch name {
	case "length":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		return intNum(int64(utf8.RuneCountInString(s))), nil
	case "indexof":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		sub, err := str(1)
		if err != nil {
			return nil, err
		}
		i := strings.Index(s, sub)
		if i < 0 {
			return intNum(-1), nil
		}
		return intNum(int64(utf8.RuneCountInString(s[:i]))), nil
	case "substring":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		rs := []rune(s)
		start, ok := args[1].(num)
		if !ok || start.k != nInt {
			return nil, oerr("substring start %T", args[1])
		}
		st := start.r.Num().Int64()
		if st < 0 {
			return nil, oerr("negative substring start")
		}
		if st > int64(len(rs)) {
			st = int64(len(rs))
		}
		end := int64(len(rs))
		if len(args) == 3 {
			n, ok := args[2].(num)
			if !ok || n.k != nInt {
				return nil, oerr("substring length %T", args[2])
			}
			if n.r.Sign() < 0 {
				return nil, oerr("negative substring length")
			}
			end = min(end, st+n.r.Num().Int64())
		}
		return string(rs[st:end]), nil
	case "tolower", "toupper", "trim":
		s, err := str(0)
		if err != nil {
			return nil, err
		}
		switch {
		case name == "tolower":
			return strings.ToLower(s), nil
		case name == "toupper":
			return strings.ToUpper(s), nil
		}
		return strings.Trim(s, " "), nil
	case "concat":
		a, err := str(0)
		if err != nil {
			return nil, err
		}
		b, err := str(1)
		if err != nil {
			return nil, err
		}
		return a + b, nil
	case "year", "month", "day":
		var t time.Time
		switch x := args[0].(type) {
		case dateV:
			t = x.time()
		case time.Time:
			t = x.UTC()
		default:
			return nil, oerr("%s of %T", name, args[0])
		}
		switch name {
		case "year":
			return intNum(int64(t.Year())), nil
		case "month":
			return intNum(int64(t.Month())), nil
		}
		return intNum(int64(t.Day())), nil
	case "hour", "minute", "second", "date":
		t, ok := args[0].(time.Time)
		if !ok {
			return nil, oerr("%s of %T", name, args[0])
		}
		t = t.UTC()
		switch name {
		case "hour":
			return intNum(int64(t.Hour())), nil
		case "minute":
			return intNum(int64(t.Minute())), nil
		case "second":
			return intNum(int64(t.Second())), nil
		}
		return dateV(t.Format("2006-01-02")), nil
	case "round", "floor", "ceiling":
		n, ok := args[0].(num)
		if !ok {
			return nil, oerr("%s of %T", name, args[0])
		}
		if n.k == nDbl {
			switch name {
			case "round":
				return dblNum(math.Round(n.f)), nil // half away from zero
			case "floor":
				return dblNum(math.Floor(n.f)), nil
			}
			return dblNum(math.Ceil(n.f)), nil
		}
		switch name {
		case "floor":
			return ratNum(n.k, floorRat(n.r)), nil
		case "ceiling":
			return ratNum(n.k, new(big.Rat).Neg(floorRat(new(big.Rat).Neg(n.r)))), nil
		}
		half := big.NewRat(1, 2)
		abs := new(big.Rat).Abs(n.r)
		out := floorRat(abs.Add(abs, half))
		if n.r.Sign() < 0 {
			out.Neg(out)
		}
		return ratNum(n.k, out), nil
	}
	return nil, oerr("function %s", e.Name)
}

// ---- $search ----------------------------------------------------------------------

// sNode is a parsed $search expression.
type sNode interface{ sString() string }

type sTerm struct{ text string }
type sAnd struct{ l, r sNode }
type sOr struct{ l, r sNode }
type sNot struct{ x sNode }

func (t sTerm) sString() string { return fmt.Sprintf("%q", t.text) }
func (a sAnd) sString() string  { return "(AND " + a.l.sString() + " " + a.r.sString() + ")" }
func (o sOr) sString() string   { return "(OR " + o.l.sString() + " " + o.r.sString() + ")" }
func (n sNot) sString() string  { return "(NOT " + n.x.sString() + ")" }

type sTok struct {
	kind string // "(", ")", "word", "phrase"
	text string
}

func lexSearch(s string) ([]sTok, error) {
	var toks []sTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')':
			toks = append(toks, sTok{kind: string(c)})
			i++
		case c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, oerr("unterminated phrase in %q", s)
			}
			toks = append(toks, sTok{kind: "phrase", text: b.String()})
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '(' && s[j] != ')' && s[j] != '"' {
				j++
			}
			toks = append(toks, sTok{kind: "word", text: s[i:j]})
			i = j
		}
	}
	return toks, nil
}

// parseSearch parses the OData $search grammar: OR binds loosest, then AND (explicit
// or by juxtaposition), then NOT; parentheses group; "phrases" are single terms.
func parseSearch(s string) (sNode, error) {
	toks, err := lexSearch(s)
	if err != nil {
		return nil, err
	}
	p := &sParser{toks: toks}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i != len(p.toks) {
		return nil, oerr("trailing tokens in $search %q", s)
	}
	return n, nil
}

type sParser struct {
	toks []sTok
	i    int
}

func (p *sParser) peekWord(w string) bool {
	return p.i < len(p.toks) && p.toks[p.i].kind == "word" && p.toks[p.i].text == w
}

func (p *sParser) or() (sNode, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peekWord("OR") {
		p.i++
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = sOr{l, r}
	}
	return l, nil
}

func (p *sParser) and() (sNode, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.i < len(p.toks) && p.toks[p.i].kind != ")" && !p.peekWord("OR") {
		if p.peekWord("AND") {
			p.i++
		}
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = sAnd{l, r}
	}
	return l, nil
}

func (p *sParser) unary() (sNode, error) {
	if p.i >= len(p.toks) {
		return nil, oerr("unexpected end of $search")
	}
	if p.peekWord("NOT") {
		p.i++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return sNot{x}, nil
	}
	t := p.toks[p.i]
	switch t.kind {
	case "(":
		p.i++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.i >= len(p.toks) || p.toks[p.i].kind != ")" {
			return nil, oerr("missing ) in $search")
		}
		p.i++
		return n, nil
	case "word", "phrase":
		p.i++
		return sTerm{t.text}, nil
	}
	return nil, oerr("unexpected %q in $search", t.kind)
}

// searchMatch evaluates a $search expression on a row: a term matches when any of
// the string properties contains it case-insensitively.
func searchMatch(n sNode, r *row, strProps []string) bool {
	switch n := n.(type) {
	case sTerm:
		needle := strings.ToLower(n.text)
		for _, p := range strProps {
			if s, ok := r.vals[p].(string); ok && strings.Contains(strings.ToLower(s), needle) {
				return true
			}
		}
		return false
	case sAnd:
		return searchMatch(n.l, r, strProps) && searchMatch(n.r, r, strProps)
	case sOr:
		return searchMatch(n.l, r, strProps) || searchMatch(n.r, r, strProps)
	case sNot:
		return !searchMatch(n.x, r, strProps)
	}
	return false
}
