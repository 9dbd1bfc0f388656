package odata

import (
	"strconv"
	"strings"
)

// This file parses the parts of commonExpr that name things in the schema beyond plain
// property paths (ABNF firstMemberExpr, rootExpr, functionExpr, annotationExpr,
// lambda operators, enumLiteral, parameterAlias); the 4.01 JSON array and object
// literals are in jsonliteral.go. The parser only checks the syntax; whether the names
// exist is plan's question, so that an unknown name is a 400 naming it and a known
// name used in a way the service cannot evaluate is a 501.

// scanQualified scans a dotted name (Namespace.Name, or a single identifier) at i and
// returns its end and whether it has a dot.
func (p *parser) scanQualified(i int) (end int, qualified bool, err *Error) {
	s := p.src
	for {
		e, runes := scanIdent(s, i)
		if runes > maxIdentRunes {
			return 0, false, p.errAt(i, "identifier longer than %d characters", maxIdentRunes)
		}
		i = e
		if i < len(s) && s[i] == '.' && identStartAt(s, i+1) > 0 {
			i++
			qualified = true
			continue
		}
		return i, qualified, nil
	}
}

// pathNode returns a *Member for a plain property path, else a *PathExpr.
func pathNode(start int, root string, segs []Segment) Expr {
	if root == "" && len(segs) > 0 {
		plain := true
		for _, sg := range segs {
			plain = plain && sg.Kind == SegProperty
		}
		if plain {
			path := make([]string, len(segs))
			for i, sg := range segs {
				path[i] = sg.Name
			}
			return &Member{Path: path, Offset: start}
		}
	}
	return &PathExpr{Root: root, Segs: segs, Offset: start}
}

// parsePath parses the "/…" segments that follow segs (already parsed; the path
// started at start with the given root) from offset i, and returns the path, or a
// *Lambda when it ends in any(…)/all(…).
func (p *parser) parsePath(start int, root string, segs []Segment, i int) (Expr, *Error) {
	s := p.src
	for i < len(s) && s[i] == '/' {
		if n := len(segs); n > 0 && segs[n-1].Kind == SegCount {
			return nil, p.errAt(i, "nothing may follow $count")
		}
		j := i + 1
		switch {
		case j < len(s) && s[j] == '$':
			switch {
			case exactWordAt(s, j, "$count"):
				seg, err := p.parseCountSeg(j)
				if err != nil {
					return nil, err
				}
				segs = append(segs, seg)
			case exactWordAt(s, j, "$filter"):
				k := j + len("$filter")
				if k >= len(s) || s[k] != '(' {
					p.pos = k
					return nil, p.expected("'(' after $filter")
				}
				if err := p.enter(k); err != nil {
					return nil, err
				}
				p.pos = skipWS(s, k+1)
				f, err := p.parseExpr(precOr)
				if err != nil {
					return nil, err
				}
				if err := p.close(')'); err != nil {
					return nil, err
				}
				p.depth--
				segs = append(segs, Segment{Kind: SegFilter, Filter: f, Offset: j})
				if p.pos < len(s) && s[p.pos] == '(' { // filterExpr [ keyPredicate … ]
					at := p.pos
					args, err := p.parseSegArgs(at)
					if err != nil {
						return nil, err
					}
					segs = append(segs, Segment{Kind: SegKey, Args: args, Offset: at})
				}
			default:
				return nil, p.errAt(j, "unexpected %s", describeDollar(s, j))
			}
		case j < len(s) && s[j] == '@':
			name, err := p.scanAnnotation(j)
			if err != nil {
				return nil, err
			}
			segs = append(segs, Segment{Kind: SegAnnotation, Name: name, Offset: j})
		case identStartAt(s, j) > 0:
			e, qualified, err := p.scanQualified(j)
			if err != nil {
				return nil, err
			}
			name := s[j:e]
			switch {
			case e < len(s) && s[e] == '(' && !qualified && (strings.EqualFold(name, "any") || strings.EqualFold(name, "all")):
				if len(segs) == 0 && root == "" {
					return nil, p.errAt(j, "%s() needs a collection path prefix", name)
				}
				return p.parseLambda(pathNode(start, root, segs), strings.ToLower(name), j, e)
			case e < len(s) && s[e] == '(':
				args, err := p.parseSegArgs(e)
				if err != nil {
					return nil, err
				}
				segs = append(segs, Segment{Kind: SegCall, Name: name, Args: args, Offset: j})
				e = p.pos
			case qualified:
				segs = append(segs, Segment{Kind: SegCast, Name: name, Offset: j})
			default:
				segs = append(segs, Segment{Kind: SegProperty, Name: name, Offset: j})
			}
			p.pos = e
		default:
			p.pos = j
			return nil, p.expected("a property name after '/'")
		}
		i = p.pos
	}
	p.pos = i
	return pathNode(start, root, segs), nil
}

// close expects BWS and the closing character c at p.pos and consumes them.
func (p *parser) close(c byte) *Error {
	p.pos = skipWS(p.src, p.pos)
	if p.pos >= len(p.src) || p.src[p.pos] != c {
		return p.expected("'" + string(c) + "'")
	}
	p.pos++
	return nil
}

// listNext ends an item of a list the parser entered (p.enter) at its opening
// character: after BWS, a ',' means another item follows (more, with p.pos after the
// comma and BWS); the closing character c ends the list (consumed, and the nesting
// level left); anything else is a syntax error.
func (p *parser) listNext(c byte) (more bool, err *Error) {
	s := p.src
	p.pos = skipWS(s, p.pos)
	if p.pos < len(s) && s[p.pos] == ',' {
		p.pos = skipWS(s, p.pos+1)
		return true, nil
	}
	if p.pos < len(s) && s[p.pos] == c {
		p.pos++
		p.depth--
		return false, nil
	}
	return false, p.expected("',' or '" + string(c) + "'")
}

// parseCountSeg parses $count [ "(" countOption *( ";" countOption ) ")" ] at j, with
// countOption = ( "$filter" / "filter" ) "=" boolCommonExpr / ( "$search" / "search" )
// "=" searchExpr.
func (p *parser) parseCountSeg(j int) (Segment, *Error) {
	s := p.src
	seg := Segment{Kind: SegCount, Offset: j}
	k := j + len("$count")
	p.pos = k
	if k >= len(s) || s[k] != '(' {
		return seg, nil
	}
	if err := p.enter(k); err != nil {
		return seg, err
	}
	p.pos = k + 1
	for {
		o := p.pos
		name := ""
		for _, n := range []string{"$filter=", "filter=", "$search=", "search="} {
			if len(s)-o >= len(n) && strings.EqualFold(s[o:o+len(n)], n) {
				name = strings.TrimPrefix(n[:len(n)-1], "$")
				p.pos = o + len(n)
				break
			}
		}
		switch name {
		case "filter":
			if seg.Filter != nil {
				return seg, p.errAt(o, "$filter given twice in $count options")
			}
			f, err := p.parseExpr(precOr)
			if err != nil {
				return seg, err
			}
			seg.Filter = f
		case "search":
			if seg.Search != nil {
				return seg, p.errAt(o, "$search given twice in $count options")
			}
			end := nestedSearchEnd(s, p.pos)
			x, err := parseSearch(s[p.pos:end], p.max)
			if err != nil {
				return seg, p.errAt(p.pos, "invalid $search in $count options: %s", err.Message)
			}
			seg.Search = x
			p.pos = end
		default:
			return seg, p.expected("$filter= or $search= in $count options")
		}
		if p.pos < len(s) && s[p.pos] == ';' {
			p.pos++
			continue
		}
		if p.pos < len(s) && s[p.pos] == ')' {
			p.pos++
			p.depth--
			return seg, nil
		}
		return seg, p.expected("';' or ')'")
	}
}

// nestedSearchEnd finds the end of a $search value nested in $count(…): the first ';'
// or unbalanced ')' outside a "phrase".
func nestedSearchEnd(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '"':
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				i++
			}
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return i
			}
			depth--
		case ';':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return len(s)
}

// scanAnnotation scans "@" [ namespace "." ] termName [ "#" qualifier ] at j and
// returns the name without '@'.
func (p *parser) scanAnnotation(j int) (string, *Error) {
	s := p.src
	if identStartAt(s, j+1) == 0 {
		p.pos = j + 1
		return "", p.expected("an annotation name after '@'")
	}
	e, _, err := p.scanQualified(j + 1)
	if err != nil {
		return "", err
	}
	if e < len(s) && s[e] == '#' {
		if identStartAt(s, e+1) == 0 {
			p.pos = e + 1
			return "", p.expected("an annotation qualifier after '#'")
		}
		e, _ = scanIdent(s, e+1)
	}
	p.pos = e
	return s[j+1 : e], nil
}

// parseAt parses what starts with '@': a parameter alias (`@p`, `@p/Name`) or an
// annotation path (`@NS.Term/…`, `@Term#Q`).
func (p *parser) parseAt() (Expr, *Error) {
	s, i := p.src, p.pos
	name, err := p.scanAnnotation(i)
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(name, ".#") {
		return p.parsePath(i, "", []Segment{{Kind: SegAnnotation, Name: name, Offset: i}}, p.pos)
	}
	if p.pos < len(s) && s[p.pos] == '/' {
		return p.parsePath(i, "@"+name, nil, p.pos)
	}
	return &Alias{Name: name, Offset: i}, nil
}

// parseDollar parses $it, $this (optionally followed by a path) and $root/….
func (p *parser) parseDollar() (Expr, *Error) {
	s, i := p.src, p.pos
	var root string
	switch {
	case exactWordAt(s, i, "$it"):
		root = "$it"
	case exactWordAt(s, i, "$this"):
		root = "$this"
	case exactWordAt(s, i, "$root"):
		root = "$root"
	default:
		return nil, p.errAt(i, "unexpected %s", describeDollar(s, i))
	}
	e := i + len(root)
	if root == "$root" && (e >= len(s) || s[e] != '/' || identStartAt(s, e+1) == 0) {
		p.pos = e
		return nil, p.expected("'/' and an entity-set name after $root")
	}
	return p.parsePath(i, root, nil, e)
}

// parseLambda parses any(…)/all(…) at j (the '(' at open) applied to path.
func (p *parser) parseLambda(path Expr, op string, j, open int) (Expr, *Error) {
	s := p.src
	if err := p.enter(open); err != nil {
		return nil, err
	}
	l := &Lambda{Path: path, Op: op, Offset: path.Pos()}
	p.pos = skipWS(s, open+1)
	if p.pos < len(s) && s[p.pos] == ')' {
		if op == "all" {
			return nil, p.errAt(p.pos, "all() requires a lambda expression")
		}
		p.pos++
		p.depth--
		return l, nil
	}
	if identStartAt(s, p.pos) == 0 {
		return nil, p.expected("a lambda variable name")
	}
	e, runes := scanIdent(s, p.pos)
	if runes > maxIdentRunes {
		return nil, p.errAt(p.pos, "identifier longer than %d characters", maxIdentRunes)
	}
	l.Var = s[p.pos:e]
	p.pos = skipWS(s, e)
	if p.pos >= len(s) || s[p.pos] != ':' {
		return nil, p.expected("':' after the lambda variable")
	}
	p.pos = skipWS(s, p.pos+1)
	body, err := p.parseExpr(precOr)
	if err != nil {
		return nil, err
	}
	l.Body = body
	if err := p.close(')'); err != nil {
		return nil, err
	}
	p.depth--
	return l, nil
}

// parseSegArgs parses the parentheses of a function-call or key segment at open:
// `()`, `(value)` or `(name=value, …)`.
func (p *parser) parseSegArgs(open int) ([]Arg, *Error) {
	s := p.src
	if err := p.enter(open); err != nil {
		return nil, err
	}
	p.pos = skipWS(s, open+1)
	var args []Arg
	if p.pos < len(s) && s[p.pos] == ')' {
		p.pos++
		p.depth--
		return args, nil
	}
	for {
		argPos := p.pos
		var a Arg
		if identStartAt(s, p.pos) > 0 {
			if e, _ := scanIdent(s, p.pos); e < len(s) && s[e] == '=' {
				a.Name = s[p.pos:e]
				p.pos = e + 1
			}
		}
		if a.Name == "" && len(args) > 0 {
			return nil, p.errAt(argPos, "expected name=value")
		}
		if a.Name != "" && len(args) == 1 && args[0].Name == "" {
			return nil, p.errAt(argPos, "a key value cannot be followed by named parameters")
		}
		v, err := p.parseExpr(precOr)
		if err != nil {
			return nil, err
		}
		a.Value = v
		args = append(args, a)
		more, err := p.listNext(')')
		if err != nil {
			return nil, err
		}
		if !more {
			return args, nil
		}
	}
}

// parseQualified parses what starts with a dotted name at start: an enumeration
// literal (NS.Type'Value'), a geo function, a custom or bound function call
// (NS.Fn(…)…), or a type-cast segment (NS.Type/…). A bare qualified name is a syntax
// error.
func (p *parser) parseQualified(start int) (Expr, *Error) {
	s := p.src
	end, _, err := p.scanQualified(start)
	if err != nil {
		return nil, err
	}
	name := s[start:end]
	if end < len(s) {
		switch s[end] {
		case '\'':
			return p.parseEnum(start, end)
		case '(':
			if f, ok := lookupFunc(name); ok {
				return p.parseCall(start, end, f.name)
			}
			args, err := p.parseSegArgs(end)
			if err != nil {
				return nil, err
			}
			return p.parsePath(start, "", []Segment{{Kind: SegCall, Name: name, Args: args, Offset: start}}, p.pos)
		case '/':
			return p.parsePath(start, "", []Segment{{Kind: SegCast, Name: name, Offset: start}}, end)
		}
	}
	return nil, p.errAt(end, "expected '(' after qualified name %q", name)
}

// parseEnum parses NS.Type'member[,member…]' with q at the quote.
func (p *parser) parseEnum(start, q int) (Expr, *Error) {
	s := p.src
	ce, e := scanQuotedRaw(s, q)
	if e != nil {
		return nil, p.scanErr(e, 0)
	}
	v := s[q+1 : ce]
	if v == "" {
		return nil, p.errAt(q+1, "empty enumeration value")
	}
	for i, part := range strings.Split(v, ",") {
		_ = i
		ok := isIdentifier(part)
		if !ok {
			d := strings.TrimPrefix(part, "-")
			_, err := strconv.ParseInt(d, 10, 64)
			ok = d != "" && err == nil && d[0] != '+'
		}
		if !ok {
			return nil, p.errAt(q+1, "invalid enumeration value '%s'", part)
		}
	}
	if err := p.literalEnd(ce + 1); err != nil {
		return nil, err
	}
	p.pos = ce + 1
	return &Enum{Type: s[start:q], Value: v, Offset: start}, nil
}
