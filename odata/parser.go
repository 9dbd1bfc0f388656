package odata

import (
	"fmt"
	"math"
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
// parser cannot check (path.go, jsonliteral.go): lambda any/all, $it/$root/$this,
// parameter aliases and annotations, enumeration literals, geo functions and literals,
// JSON arrays and objects, type casts, custom and bound functions, $count and $filter
// segments. Whether the names exist and the service can evaluate them is plan's job.
// Still refused with a 501 *Error (Code "UnsupportedExpression"): the case function
// and OData 2.0 time'…'.

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
