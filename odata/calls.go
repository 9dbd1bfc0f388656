package odata

import "strings"

// Function calls in expressions: call and cast/isof arguments (the functions' table
// is funcs.go), and in-lists.

// parseCall parses name(args…). start is the name's offset, open the '(' offset.
func (p *parser) parseCall(start, open int, word string) (Expr, *Error) {
	s := p.src
	f, ok := LookupFunc(word)
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
	if f.Binding == BindRejected {
		return nil, p.unsupported(start, "function "+f.Print())
	}
	if err := p.enter(start); err != nil {
		return nil, err
	}
	p.pos = skipWS(s, open+1)
	var args []Expr
	if f.Name == FnCast || f.Name == FnIsOf {
		var err *Error
		if args, err = p.parseTypeArgs(); err != nil {
			return nil, err
		}
	} else if p.pos < len(s) && s[p.pos] == ')' {
		p.pos++
	} else {
		args = make([]Expr, 0, min(f.Max, 3))
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
	if len(args) < f.Min || len(args) > f.Max {
		return nil, p.errAt(start, "function %s takes %s, got %d", f.Print(), f.Arity(), len(args))
	}
	return &Call{Name: f.Name, Args: args, Offset: start}, nil
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
