package odata

// Format prints e as OData $filter / $orderby syntax (not percent-encoded), such that
// ParseFilter(Format(e)).String() == e.String() for every e produced by the parser.
//
// Parentheses are printed only where the precedence table (lexer.go) requires them,
// so the output never nests deeper than the input did and always re-parses within
// the nesting limit (ParseOptions.MaxDepth). Operator and function names are printed in their canonical lower-case
// form, literals in their canonical form (see appendLiteral).
func Format(e Expr) string {
	return string(appendFormat(nil, e))
}

// exprPrec is the binding strength of e as an operand.
func exprPrec(e Expr) int {
	switch n := e.(type) {
	case *Binary:
		if n != nil {
			return n.Op.Prec()
		}
	case *In:
		return precHas
	case *Unary:
		return precUnary
	}
	return precAtom
}

func appendOperand(b []byte, e Expr, parens bool) []byte {
	if !parens {
		return appendFormat(b, e)
	}
	b = append(b, '(')
	b = appendFormat(b, e)
	return append(b, ')')
}

// startsWithOp reports whether t starts with a binary operator keyword that is
// followed by whitespace or ends t (the caller's output may continue with " and …").
func startsWithOp(t []byte) bool {
	j := 0
	for j < len(t) && j < 6 && isAlpha(t[j]) {
		j++
	}
	if j == 0 || j > 5 || j < len(t) && !isWS(t[j]) {
		return false
	}
	_, _, _, ok := binaryOpAt(string(t[:j])+" ", 0)
	return ok
}

func appendFormat(b []byte, e Expr) []byte {
	switch n := e.(type) {
	case nil:
		return append(b, nilText...)
	case *Literal, *Member, *TypeName:
		return appendSexpr(b, n)
	case *Binary:
		if n == nil {
			return append(b, nilText...)
		}
		p := n.Op.Prec()
		b = appendOperand(b, n.L, exprPrec(n.L) < p)
		b = append(b, ' ')
		b = append(b, n.Op...)
		b = append(b, ' ')
		// Left-associative: an equal-precedence right operand keeps its parentheses.
		return appendOperand(b, n.R, exprPrec(n.R) <= p)
	case *In:
		if n == nil {
			return append(b, nilText...)
		}
		b = appendOperand(b, n.X, exprPrec(n.X) < precHas)
		if n.Coll != nil {
			b = append(b, " in "...)
			return appendFormat(b, n.Coll)
		}
		// A list of literals, or a single expression, in parentheses; otherwise the
		// 4.01 JSON-array form, which allows any expressions.
		open, end := byte('('), byte(')')
		if len(n.List) > 1 {
			for _, x := range n.List {
				if _, ok := x.(*Literal); !ok {
					open, end = '[', ']'
				}
			}
		}
		b = append(b, " in "...)
		b = append(b, open)
		for i, x := range n.List {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFormat(b, x)
		}
		return append(b, end)
	case *PathExpr, *Lambda, *Collection, *Object, *Enum, *Alias:
		return appendExt(b, e, false)
	case *Unary:
		if n == nil {
			return append(b, nilText...)
		}
		// The operand of a unary operator extends over has/in and other unary
		// operators only.
		parens := false
		if x, ok := n.X.(*Binary); ok && x != nil && x.Op.Prec() < precHas {
			parens = true
		}
		if n.Op == OpNot {
			b = append(b, "not "...)
			start := len(b)
			b = appendOperand(b, n.X, parens)
			// `not eq …` would read as a property named "not" followed by eq.
			if t := b[start:]; !parens && startsWithOp(t) {
				b = append(b, 0)
				copy(b[start+1:], b[start:])
				b[start] = '('
				b = append(b, ')')
			}
			return b
		}
		b = append(b, n.Op...)
		if parens {
			return appendOperand(b, n.X, true)
		}
		start := len(b)
		b = appendFormat(b, n.X)
		// `-5`, `-INF` and `-2020-01-01` would read as negative literals.
		if t := b[start:]; len(t) > 0 && (isDigit(t[0]) || len(t) >= 3 && string(t[:3]) == "INF") {
			b = append(b, 0)
			copy(b[start+1:], b[start:])
			b[start] = ' '
		}
		return b
	case *Call:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, n.Name.Print()...)
		b = append(b, '(')
		for i, a := range n.Args {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFormat(b, a)
		}
		return append(b, ')')
	}
	return append(b, e.String()...)
}
