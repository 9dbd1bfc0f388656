package odata

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file implements $filter and $orderby: a hand-written, context-sensitive scanner
// (lexer.go, literal.go) driven by a precedence-climbing (Pratt) parser for the OASIS
// ABNF rules commonExpr / boolCommonExpr (OData 4.01, ABNF §4 "Expressions"), with
// the operator precedence of OData 4.01 Part 2 §5.1.1.15 (see the table in lexer.go).
//
// Input is the percent-decoded option value. Positions in errors and in Pos() are
// 0-based byte offsets into that text.
//
// Every valid construct parses into the AST, including the ones that name things the
// parser cannot check (path.go): lambda any/all, $it/$root/$this, parameter aliases
// and annotations, enumeration literals, geo functions and literals, JSON arrays and
// objects, type casts, custom and bound functions, $count and $filter segments. Whether
// the names exist and the service can evaluate them is plan's job. Still refused with a
// 501 *Error (Code "UnsupportedExpression"): the case function and OData 2.0 time'…'.

// Error codes used by the parsers.
const (
	codeFilter      = "InvalidFilter"
	codeOrderBy     = "InvalidOrderBy"
	codeSearch      = "InvalidSearch"
	codeSelect      = "InvalidSelect"
	codeKey         = "InvalidKey"
	codePath        = "InvalidPath"
	codeOption      = "InvalidQueryOption"
	codeFormat      = "UnsupportedFormat"
	codeUnsupported = "UnsupportedExpression"  // 501: valid OData expression feature we do not implement
	codeUnsupOption = "UnsupportedQueryOption" // 501: $expand, $apply, …
	codeUnsupPath   = "UnsupportedPath"        // 501: navigation, $entity, …
)

type parser struct {
	src    string
	pos    int
	depth  int
	max    int    // nesting limit; 0 means DefaultMaxDepth
	target string // "$filter", "$orderby", "$search", or a path segment for keys
	code   string // 400 code for syntax errors
}

// errAt returns a 400 *Error whose message names the 0-based byte position.
func (p *parser) errAt(pos int, format string, args ...any) *Error {
	return BadRequest(p.code, p.target, "%s: %s at position %d", p.target, fmt.Sprintf(format, args...), pos)
}

// unsupported returns a 501 *Error for a valid construct we do not implement.
func (p *parser) unsupported(pos int, what string) *Error {
	return NotImplemented(codeUnsupported, p.target, "%s: %s not supported (at position %d)", p.target, what, pos)
}

func (p *parser) scanErr(e *scanErr, base int) *Error {
	return p.errAt(e.pos+base, "%s", e.msg)
}

// unexpected reports the token at p.pos.
func (p *parser) unexpected() *Error {
	s, i := p.src, p.pos
	if i >= len(s) {
		return p.errAt(i, "unexpected end of input")
	}
	if isWS(s[i]) {
		j := skipWS(s, i)
		if j >= len(s) {
			return p.errAt(i, "unexpected trailing whitespace")
		}
		i = j
	}
	return p.errAt(i, "unexpected %s", describeAt(s, i))
}

// expected reports that what was expected at p.pos.
func (p *parser) expected(what string) *Error {
	if p.pos >= len(p.src) {
		return p.errAt(p.pos, "expected %s, found end of input", what)
	}
	return p.errAt(p.pos, "expected %s, found %s", what, describeAt(p.src, p.pos))
}

func (p *parser) enter(pos int) *Error {
	p.depth++
	limit := p.max
	if limit <= 0 {
		limit = DefaultMaxDepth
	}
	if p.depth > limit {
		return p.errAt(pos, "expression too deeply nested (more than %d levels)", limit)
	}
	return nil
}

// checkInput rejects invalid UTF-8, empty input and leading whitespace (the ABNF
// allows none before a commonExpr: `$filter= true` is invalid).
func (p *parser) checkInput() *Error {
	if !utf8.ValidString(p.src) {
		return p.errAt(invalidUTF8At(p.src), "invalid UTF-8")
	}
	if p.src == "" {
		return p.errAt(0, "empty expression")
	}
	if isWS(p.src[0]) {
		return p.errAt(0, "unexpected leading whitespace")
	}
	return nil
}

func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(s)
}

// ParseFilter parses a $filter value (ABNF boolCommonExpr; any commonExpr is
// accepted, typing is the planner's job). s is the percent-decoded option value. Errors
// are *Error: 400 "InvalidFilter" for syntax errors (the message names a 0-based byte
// position), 501 "UnsupportedExpression" for valid OData this service does not
// implement.
func ParseFilter(s string, opts ...ParseOptions) (Expr, error) {
	p := parser{src: s, max: maxDepth(opts), target: "$filter", code: codeFilter}
	e, err := p.parseTop()
	if err != nil {
		return nil, err
	}
	return e, nil
}

func (p *parser) parseTop() (Expr, *Error) {
	if err := p.checkInput(); err != nil {
		return nil, err
	}
	e, err := p.parseExpr(precOr)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		return nil, p.unexpected()
	}
	return e, nil
}

// ParseOrderBy parses a $orderby value: orderbyItem *( COMMA orderbyItem ) with
// orderbyItem = commonExpr [ RWS ( "asc" / "desc" ) ]. Whitespace around the commas is
// tolerated; asc/desc are case-insensitive. Errors are 400 "InvalidOrderBy" or 501.
func ParseOrderBy(s string, opts ...ParseOptions) ([]OrderItem, error) {
	p := parser{src: s, max: maxDepth(opts), target: "$orderby", code: codeOrderBy}
	items, err := p.parseOrderBy()
	if err != nil {
		return nil, err
	}
	return items, nil
}

func (p *parser) parseOrderBy() ([]OrderItem, *Error) {
	if err := p.checkInput(); err != nil {
		return nil, err
	}
	s := p.src
	var items []OrderItem
	for {
		p.pos = skipWS(s, p.pos)
		if p.pos >= len(s) || s[p.pos] == ',' {
			return nil, p.errAt(p.pos, "empty $orderby item")
		}
		e, err := p.parseExpr(precOr)
		if err != nil {
			return nil, err
		}
		item := OrderItem{Expr: e}
		if j := skipWS(s, p.pos); j > p.pos {
			switch {
			case wordAt(s, j, "asc"):
				p.pos = j + 3
			case wordAt(s, j, "desc"):
				p.pos = j + 4
				item.Desc = true
			}
		}
		items = append(items, item)
		if j := skipWS(s, p.pos); j < len(s) && s[j] == ',' {
			p.pos = j + 1
			continue
		}
		if p.pos < len(s) {
			return nil, p.unexpected()
		}
		return items, nil
	}
}

// parseExpr is the precedence-climbing loop: it parses a unary expression, then any
// binary operators whose precedence is at least minPrec, left-associatively.
func (p *parser) parseExpr(minPrec int) (Expr, *Error) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	s := p.src
	for {
		j := skipWS(s, p.pos)
		if j == p.pos || j >= len(s) { // operators need RWS before them
			return left, nil
		}
		op, prec, end, ok := binaryOpAt(s, j)
		if !ok || prec < minPrec {
			return left, nil
		}
		p.pos = skipWS(s, end)
		switch {
		case op == "in":
			in := &In{X: left, Offset: j}
			if err := p.parseInList(in); err != nil {
				return nil, err
			}
			left = in
		case prec == precHas:
			// hasExpr = RWS "has" RWS enumLiteral: the right operand is a primary.
			right, err := p.parsePrimary()
			if err != nil {
				return nil, err
			}
			left = &Binary{Op: op, L: left, R: right, Offset: j}
		default:
			right, err := p.parseExpr(prec + 1)
			if err != nil {
				return nil, err
			}
			left = &Binary{Op: op, L: left, R: right, Offset: j}
		}
	}
}

// parseUnary parses negateExpr ("-" BWS commonExpr), notExpr ("not" RWS
// boolCommonExpr; `not(` is tolerated) or a primary. Per the precedence table the
// operand of a unary operator extends over has/in but not over arithmetic,
// comparison or logical operators: `not A eq B` is `(not A) eq B`.
func (p *parser) parseUnary() (Expr, *Error) {
	s, i := p.src, p.pos
	if i >= len(s) {
		return nil, p.errAt(i, "unexpected end of input")
	}
	if s[i] == '-' && !(i+1 < len(s) && (isDigit(s[i+1]) || exactWordAt(s, i+1, "INF"))) {
		if err := p.enter(i); err != nil {
			return nil, err
		}
		p.pos = skipWS(s, i+1)
		x, err := p.parseExpr(precHas)
		if err != nil {
			return nil, err
		}
		p.depth--
		return &Unary{Op: "-", X: x, Offset: i}, nil
	}
	if next, ok := p.notAt(i); ok {
		if err := p.enter(i); err != nil {
			return nil, err
		}
		p.pos = next
		x, err := p.parseExpr(precHas)
		if err != nil {
			return nil, err
		}
		p.depth--
		return &Unary{Op: "not", X: x, Offset: i}, nil
	}
	return p.parsePrimary()
}

// notAt reports whether the logical operator `not` (case-insensitive) starts at i and
// returns the offset of its operand. `not` followed by RWS and a binary operator
// keyword is a property named "not" (e.g. `not eq true`).
func (p *parser) notAt(i int) (int, bool) {
	s := p.src
	if !wordAt(s, i, "not") {
		return 0, false
	}
	j := i + 3
	if j < len(s) && s[j] == '(' {
		return j, true
	}
	k := skipWS(s, j)
	if k == j || k >= len(s) {
		return 0, false
	}
	if _, _, _, ok := binaryOpAt(s, k); ok {
		return 0, false
	}
	return k, true
}

// parsePrimary parses parenExpr, a literal, a function call or a member path.
func (p *parser) parsePrimary() (Expr, *Error) {
	s, i := p.src, p.pos
	if i >= len(s) {
		return nil, p.errAt(i, "unexpected end of input")
	}
	c := s[i]
	switch {
	case c == '(':
		// parenExpr = OPEN BWS commonExpr BWS CLOSE
		if err := p.enter(i); err != nil {
			return nil, err
		}
		p.pos = skipWS(s, i+1)
		x, err := p.parseExpr(precOr)
		if err != nil {
			return nil, err
		}
		p.pos = skipWS(s, p.pos)
		if p.pos >= len(s) || s[p.pos] != ')' {
			if p.pos < len(s) && s[p.pos] == ',' {
				return nil, p.errAt(p.pos, "unexpected ',' (a list is only allowed after 'in')")
			}
			return nil, p.expected("')'")
		}
		p.pos++
		p.depth--
		return x, nil
	case c == '\'':
		v, end, e := scanString(s, i)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		p.pos = end
		return &Literal{Kind: LitString, Value: v, Offset: i}, nil
	case isDigit(c) || c == '+' || c == '-':
		return p.parseNumberish()
	case c == '$':
		return p.parseDollar()
	case c == '@':
		return p.parseAt()
	case c == '[':
		a, err := p.parseArray()
		if err != nil {
			return nil, err
		}
		return a, nil
	case c == '{':
		o, err := p.parseObject()
		if err != nil {
			return nil, err
		}
		return o, nil
	case c == '"':
		return nil, p.errAt(i, "unexpected '\"' (string literals use single quotes)")
	}
	if identStartAt(s, i) > 0 {
		return p.parseWord()
	}
	return nil, p.errAt(i, "unexpected %s", describeAt(s, i))
}

func describeDollar(s string, i int) string {
	end, _ := scanIdent(s, i+1)
	if end == i+1 {
		return "'$'"
	}
	return "'" + s[i:end] + "'"
}

// parseWord handles everything that starts with an identifier character: guids that
// start with a hex letter, typed literals (duration'…', binary'…', 2.0 datetime'…' …),
// keyword literals (null, true, false, INF, NaN), function calls, qualified names and
// member paths.
func (p *parser) parseWord() (Expr, *Error) {
	s, start := p.src, p.pos
	if isHex(s[start]) && guidAt(s, start) {
		p.pos = start + 36
		return &Literal{Kind: LitGuid, Value: strings.ToLower(s[start : start+36]), Offset: start}, nil
	}
	end, runes := scanIdent(s, start)
	if runes > maxIdentRunes {
		return nil, p.errAt(start, "identifier longer than %d characters", maxIdentRunes)
	}
	word := s[start:end]
	if end < len(s) {
		switch s[end] {
		case '.':
			if identStartAt(s, end+1) > 0 {
				return p.parseQualified(start)
			}
		case '\'':
			return p.parseTypedLiteral(start, end)
		}
	}
	switch word {
	case "null": // %s"null": case-sensitive
		p.pos = end
		return &Literal{Kind: LitNull, Offset: start}, nil
	case "INF":
		p.pos = end
		return &Literal{Kind: LitDouble, Value: math.Inf(1), Offset: start}, nil
	case "NaN":
		p.pos = end
		return &Literal{Kind: LitDouble, Value: math.NaN(), Offset: start}, nil
	}
	if len(word) == 4 && strings.EqualFold(word, "true") { // boolean is case-insensitive
		p.pos = end
		return &Literal{Kind: LitBool, Value: true, Offset: start}, nil
	}
	if len(word) == 5 && strings.EqualFold(word, "false") {
		p.pos = end
		return &Literal{Kind: LitBool, Value: false, Offset: start}, nil
	}
	if end < len(s) {
		if s[end] == '(' {
			return p.parseCall(start, end, word)
		}
		// Whitespace before '(' only for the canonical spelling of a built-in function
		// (`year (D)`); otherwise a function-named identifier is a property (`Year`).
		if isWS(s[end]) {
			if f, ok := funcs[word]; ok && f.name == word {
				if j := skipWS(s, end); j < len(s) && s[j] == '(' {
					return p.parseCall(start, j, word)
				}
			}
		}
	}
	return p.parseMemberPath(start, end)
}

// parseMemberPath parses a path that starts with the identifier start..end: a
// property path A/B/C (*Member) or a longer path expression (path.go).
func (p *parser) parseMemberPath(start, end int) (Expr, *Error) {
	return p.parsePath(start, "", []Segment{{Kind: SegProperty, Name: p.src[start:end], Offset: start}}, end)
}

// funcSpec describes a canonical function (ABNF methodCallExpr and friends).
type funcSpec struct {
	name        string // canonical spelling used in Call.Name
	min, max    int    // arity
	unsupported bool
}

// funcs is keyed by the lower-case name. 4.01 services must accept case-insensitive
// canonical function names (Part 2 §5.1.1.4).
var funcs = map[string]funcSpec{
	"contains":           {"contains", 2, 2, false},
	"startswith":         {"startswith", 2, 2, false},
	"endswith":           {"endswith", 2, 2, false},
	"length":             {"length", 1, 1, false},
	"indexof":            {"indexof", 2, 2, false},
	"substring":          {"substring", 2, 3, false},
	"tolower":            {"tolower", 1, 1, false},
	"toupper":            {"toupper", 1, 1, false},
	"trim":               {"trim", 1, 1, false},
	"concat":             {"concat", 2, 2, false},
	"matchespattern":     {"matchesPattern", 2, 2, false},
	"year":               {"year", 1, 1, false},
	"month":              {"month", 1, 1, false},
	"day":                {"day", 1, 1, false},
	"hour":               {"hour", 1, 1, false},
	"minute":             {"minute", 1, 1, false},
	"second":             {"second", 1, 1, false},
	"fractionalseconds":  {"fractionalseconds", 1, 1, false},
	"totalseconds":       {"totalseconds", 1, 1, false},
	"date":               {"date", 1, 1, false},
	"time":               {"time", 1, 1, false},
	"totaloffsetminutes": {"totaloffsetminutes", 1, 1, false},
	"now":                {"now", 0, 0, false},
	"maxdatetime":        {"maxdatetime", 0, 0, false},
	"mindatetime":        {"mindatetime", 0, 0, false},
	"round":              {"round", 1, 1, false},
	"floor":              {"floor", 1, 1, false},
	"ceiling":            {"ceiling", 1, 1, false},
	"cast":               {"cast", 1, 2, false},
	"isof":               {"isof", 1, 2, false},
	"substringof":        {"substringof", 2, 2, false}, // OData 2.0: substringof(needle, haystack)
	"hassubset":          {"hassubset", 2, 2, false},
	"hassubsequence":     {"hassubsequence", 2, 2, false},
	"geo.distance":       {"geo.distance", 2, 2, false},
	"geo.length":         {"geo.length", 1, 1, false},
	"geo.intersects":     {"geo.intersects", 2, 2, false},
	"case":               {"case", 1, math.MaxInt, true},
}

func lookupFunc(word string) (funcSpec, bool) {
	if f, ok := funcs[word]; ok {
		return f, true
	}
	f, ok := funcs[strings.ToLower(word)]
	return f, ok
}

func (f funcSpec) arity() string {
	switch {
	case f.min == f.max && f.min == 1:
		return "1 argument"
	case f.min == f.max:
		return strconv.Itoa(f.min) + " arguments"
	default:
		return strconv.Itoa(f.min) + " or " + strconv.Itoa(f.max) + " arguments"
	}
}

// parseCall parses name(args…). start is the name's offset, open the '(' offset.
func (p *parser) parseCall(start, open int, word string) (Expr, *Error) {
	s := p.src
	f, ok := lookupFunc(word)
	if !ok {
		if strings.EqualFold(word, "any") || strings.EqualFold(word, "all") {
			return nil, p.errAt(open, "%s() needs a collection path prefix, e.g. Items/%s(d:d/Price gt 5)", word, strings.ToLower(word))
		}
		// A key predicate on a collection (`Items(1)/Name`) or an unqualified function
		// call: which one, if any, is plan's question.
		args, err := p.parseSegArgs(open)
		if err != nil {
			return nil, err
		}
		return p.parsePath(start, "", []Segment{{Kind: SegCall, Name: word, Args: args, Offset: start}}, p.pos)
	}
	if f.unsupported {
		return nil, p.unsupported(start, "function "+f.name)
	}
	if err := p.enter(start); err != nil {
		return nil, err
	}
	p.pos = skipWS(s, open+1)
	var args []Expr
	if f.name == "cast" || f.name == "isof" {
		var err *Error
		if args, err = p.parseTypeArgs(); err != nil {
			return nil, err
		}
	} else if p.pos < len(s) && s[p.pos] == ')' {
		p.pos++
	} else {
		args = make([]Expr, 0, min(f.max, 3))
		for {
			a, err := p.parseExpr(precOr)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			p.pos = skipWS(s, p.pos)
			if p.pos < len(s) && s[p.pos] == ',' {
				p.pos = skipWS(s, p.pos+1)
				continue
			}
			if p.pos < len(s) && s[p.pos] == ')' {
				p.pos++
				break
			}
			return nil, p.expected("',' or ')'")
		}
	}
	p.depth--
	if len(args) < f.min || len(args) > f.max {
		return nil, p.errAt(start, "function %s takes %s, got %d", f.name, f.arity(), len(args))
	}
	return &Call{Name: f.name, Args: args, Offset: start}, nil
}

// parseTypeArgs parses the arguments of castExpr / isofExpr: "cast" OPEN BWS
// [ commonExpr BWS COMMA BWS ] optionallyQualifiedTypeName BWS CLOSE. p.pos is after
// "(" and BWS. Only primitive Edm types are supported.
func (p *parser) parseTypeArgs() ([]Expr, *Error) {
	s := p.src
	save := p.pos
	if tn, ok := p.typeName(); ok {
		if j := skipWS(s, p.pos); j < len(s) && s[j] == ')' {
			p.pos = j + 1
			return []Expr{tn}, nil
		}
	}
	p.pos = save
	x, err := p.parseExpr(precOr)
	if err != nil {
		return nil, err
	}
	p.pos = skipWS(s, p.pos)
	if p.pos >= len(s) || s[p.pos] != ',' {
		return nil, p.expected("',' and a type name")
	}
	p.pos = skipWS(s, p.pos+1)
	tn, ok := p.typeName()
	if !ok {
		return nil, p.expected("a type name")
	}
	p.pos = skipWS(s, p.pos)
	if p.pos >= len(s) || s[p.pos] != ')' {
		return nil, p.expected("')'")
	}
	p.pos++
	return []Expr{x, tn}, nil
}

// typeName scans optionallyQualifiedTypeName (dotted identifiers, or
// Collection(…)) at p.pos.
func (p *parser) typeName() (*TypeName, bool) {
	s, start := p.src, p.pos
	if identStartAt(s, start) == 0 {
		return nil, false
	}
	i := start
	for {
		end, _ := scanIdent(s, i)
		i = end
		if i < len(s) && s[i] == '.' && identStartAt(s, i+1) > 0 {
			i++
			continue
		}
		break
	}
	if s[start:i] == "Collection" && i < len(s) && s[i] == '(' {
		p.pos = i + 1
		inner, ok := p.typeName()
		if !ok || p.pos >= len(s) || s[p.pos] != ')' {
			p.pos = start
			return nil, false
		}
		i = p.pos + 1
		p.pos = i
		return &TypeName{Name: "Collection(" + inner.Name + ")", Offset: start}, true
	}
	p.pos = i
	return &TypeName{Name: s[start:i], Offset: start}, true
}

// parseInList parses the right operand of `in` (ABNF inExpr = RWS "in" RWS ( listExpr /
// commonExpr )): a parenthesised list of primitive literals, a single parenthesised
// expression (`X in (Y)`, kept as a one-item list), a JSON array (`X in ["a","b"]`,
// also a list), or another collection-valued expression (Coll).
func (p *parser) parseInList(in *In) *Error {
	s, i := p.src, p.pos
	if i >= len(s) {
		return p.expected("a list after 'in'")
	}
	switch s[i] {
	case '[':
		c, err := p.parseArray()
		if err != nil {
			return err
		}
		in.List = c.Items
		return nil
	case '(':
	default:
		x, err := p.parsePrimary()
		if err != nil {
			return err
		}
		in.Coll = x
		return nil
	}
	if err := p.enter(i); err != nil {
		return err
	}
	p.pos = skipWS(s, i+1)
	list := []Expr{}
	if p.pos < len(s) && s[p.pos] == ')' {
		p.pos++
		p.depth--
		in.List = list
		return nil
	}
	for {
		x, err := p.parseExpr(precOr)
		if err != nil {
			return err
		}
		list = append(list, x)
		p.pos = skipWS(s, p.pos)
		if p.pos < len(s) && s[p.pos] == ',' {
			p.pos = skipWS(s, p.pos+1)
			continue
		}
		if p.pos < len(s) && s[p.pos] == ')' {
			break
		}
		return p.expected("',' or ')'")
	}
	if len(list) > 1 { // listExpr: literals only; one item may be any (parenthesised) expression
		for _, x := range list {
			if _, ok := x.(*Literal); !ok {
				return p.errAt(x.Pos(), "the list after 'in' may only contain literals")
			}
		}
	}
	p.pos++
	p.depth--
	in.List = list
	return nil
}

// parseNumberish parses a literal that starts with a digit or a sign: integers,
// decimals, doubles (ABNF decimalLiteral/doubleLiteral/int*Literal, nanInfinity),
// dates, date-times, times of day and guids, plus the OData 2.0 suffixes L, M, D, F.
//
//	123        LitInt (int64); beyond int64 → LitDecimal (per the ABNF an integer
//	           literal too large for Int64 is a Decimal)
//	1.50       LitDecimal "1.50"
//	1.5e3      LitDouble
//	123L       LitInt (2.0)         1.5M LitDecimal (2.0)     1.5d / 1.5f LitDouble (2.0)
func (p *parser) parseNumberish() (Expr, *Error) {
	s, start := p.src, p.pos
	i := start
	if isDigit(s[i]) && guidAt(s, i) {
		p.pos = i + 36
		return &Literal{Kind: LitGuid, Value: strings.ToLower(s[i : i+36]), Offset: start}, nil
	}
	var sign byte
	if s[i] == '-' || s[i] == '+' {
		sign = s[i]
		i++
		if sign == '-' && exactWordAt(s, i, "INF") {
			p.pos = i + 3
			return &Literal{Kind: LitDouble, Value: math.Inf(-1), Offset: start}, nil
		}
	}
	ds := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == ds {
		return nil, p.errAt(ds, "expected a digit")
	}
	if i < len(s) {
		switch {
		case s[i] == '-' && i-ds >= 4:
			if sign == '+' {
				return nil, p.errAt(start, "invalid date: a year cannot have a '+' sign")
			}
			return p.parseDateOrDTO(start)
		case s[i] == ':' && i-ds == 2 && sign == 0:
			_, _, _, _, end, e := scanTimeOfDay(s, start, false)
			if e != nil {
				return nil, p.scanErr(e, 0)
			}
			if err := p.literalEnd(end); err != nil {
				return nil, err
			}
			p.pos = end
			return &Literal{Kind: LitTimeOfDay, Value: s[start:end], Offset: start}, nil
		}
	}
	hasFrac, hasExp := false, false
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == fs {
			return nil, p.errAt(i, "expected a digit after '.'")
		}
		hasFrac = true
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == es {
			return nil, p.errAt(i, "expected exponent digits")
		}
		hasExp = true
	}
	numEnd := i
	var suffix byte
	if i < len(s) {
		switch c := lowerASCII(s[i]); c {
		case 'l', 'm', 'd', 'f':
			suffix = c
			i++
		}
	}
	if err := p.literalEnd(i); err != nil {
		return nil, err
	}
	text := s[start:numEnd]
	if sign == '+' {
		text = text[1:]
	}
	p.pos = i
	switch {
	case suffix == 'l':
		if hasFrac || hasExp {
			return nil, p.errAt(numEnd, "the L suffix needs an integer")
		}
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, p.errAt(start, "integer literal out of Int64 range")
		}
		return &Literal{Kind: LitInt, Value: v, Offset: start}, nil
	case suffix == 'm':
		if hasExp {
			return nil, p.errAt(numEnd, "the M suffix cannot follow an exponent")
		}
		return &Literal{Kind: LitDecimal, Value: text, Offset: start}, nil
	case suffix == 'd' || suffix == 'f' || hasExp:
		v, err := strconv.ParseFloat(text, 64)
		if err != nil && math.IsInf(v, 0) {
			return nil, p.errAt(start, "floating-point literal out of range")
		}
		return &Literal{Kind: LitDouble, Value: v, Offset: start}, nil
	case hasFrac:
		return &Literal{Kind: LitDecimal, Value: text, Offset: start}, nil
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return &Literal{Kind: LitDecimal, Value: text, Offset: start}, nil
	}
	return &Literal{Kind: LitInt, Value: v, Offset: start}, nil
}

// literalEnd rejects a literal that runs into an identifier character or a '.'
// (`12abc`, `2020-01-01x`).
func (p *parser) literalEnd(i int) *Error {
	if i < len(p.src) && (identPartAt(p.src, i) > 0 || p.src[i] == '.') {
		return p.errAt(i, "unexpected %s after literal", describeRune(p.src, i))
	}
	return nil
}

func (p *parser) parseDateOrDTO(start int) (Expr, *Error) {
	s := p.src
	_, _, _, end, e := scanDate(s, start)
	if e != nil {
		return nil, p.scanErr(e, 0)
	}
	if end < len(s) && (s[end] == 'T' || s[end] == 't') {
		t, end, e := scanDateTimeOffset(s, start, true)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		if err := p.literalEnd(end); err != nil {
			return nil, err
		}
		p.pos = end
		return &Literal{Kind: LitDateTimeOffset, Value: t, Offset: start}, nil
	}
	if err := p.literalEnd(end); err != nil {
		return nil, err
	}
	p.pos = end
	return &Literal{Kind: LitDate, Value: s[start:end], Offset: start}, nil
}

// parseTypedLiteral parses prefix'…' where s[start:q] is the prefix and s[q] == '\”.
func (p *parser) parseTypedLiteral(start, q int) (Expr, *Error) {
	s := p.src
	prefix := s[start:q]
	is := func(w string) bool { return strings.EqualFold(prefix, w) }
	switch {
	case is("time"):
		return nil, p.unsupported(start, "OData 2.0 time'…' literals")
	case is("geography"):
		return p.parseGeoLiteral(start, q, LitGeography)
	case is("geometry"):
		return p.parseGeoLiteral(start, q, LitGeometry)
	case !is("duration") && !is("binary") && !is("x") && !is("datetime") &&
		!is("datetimeoffset") && !is("guid"):
		return nil, p.errAt(start, "unknown literal prefix '%s'", prefix)
	}
	ce, e := scanQuotedRaw(s, q)
	if e != nil {
		return nil, p.scanErr(e, 0)
	}
	content := s[q+1 : ce]
	lit := &Literal{Offset: start}
	switch {
	case is("duration"):
		d, e := scanDuration(s, q+1, ce)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		lit.Kind, lit.Value = LitDuration, d
	case is("binary"):
		b, e := decodeBase64URL(content, q+1)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		lit.Kind, lit.Value = LitBinary, b
	case is("x"):
		b, e := decodeHex(content, q+1)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		lit.Kind, lit.Value = LitBinary, b
	case is("guid"):
		if len(content) != 36 || !guidAt(content, 0) {
			return nil, p.errAt(q+1, "invalid guid")
		}
		lit.Kind, lit.Value = LitGuid, strings.ToLower(content)
	case is("datetime"), is("datetimeoffset"):
		// A '+' in the offset that arrived unencoded in a query string has been
		// decoded to a space; take it back.
		c := content
		if strings.IndexByte(c, ' ') >= 0 {
			c = strings.ReplaceAll(c, " ", "+")
		}
		t, end, e := scanDateTimeOffset(c, 0, is("datetimeoffset"))
		if e != nil {
			return nil, p.scanErr(e, q+1)
		}
		if end != len(c) {
			return nil, p.errAt(q+1+end, "unexpected character in %s literal", strings.ToLower(prefix))
		}
		if is("datetime") {
			_, off := t.Zone()
			if off == 0 {
				t = t.UTC()
			}
		}
		lit.Kind, lit.Value = LitDateTimeOffset, t
	}
	if err := p.literalEnd(ce + 1); err != nil {
		return nil, err
	}
	p.pos = ce + 1
	return lit, nil
}
