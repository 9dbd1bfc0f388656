package odata

// Canonical S-expression form of expressions (Expr.String), used in tests and as part
// of cache keys. Two filters that differ only in whitespace, redundant parentheses,
// operator/function-name case, `+` vs `%20`, or literal spelling that denotes the same
// value (true/TRUE, 007/7, 1.5e3/1500d, …T10:00:00Z/…T10:00:00.000Z, guid case)
// print the same.
//
//	Member    Name, Address/City
//	Literal   see appendLiteral (literaltext.go): null, true, 42, 1.50, 1.5e3, 'O''Reilly',
//	          2020-01-31, 2020-01-31T10:00:00+02:00, 10:00:00, duration'P1D',
//	          01234567-89ab-cdef-0123-456789abcdef, binary'AQI='
//	Binary    (eq Name 'x')
//	Unary     (not x), (- x)
//	Call      (contains Name 'x'), (now)
//	In        (in X ('a' 'b')), (in X ()), (in X Names) for a collection operand
//	TypeName  Edm.Int32
//	PathExpr  $it/Name, Products/$count, Items/$filter((gt Price 5))/$count($search=x),
//	          NS.Fn(a=1)/Name, Items(1), Price/@Measures.Currency, Address/NS.Type/City
//	Lambda    (any Products d (gt d/Price 1)), (any Products)
//	Collection ['a' 1 [2]]       Object {"Name":'x' "Size":2}
//	Enum      Sales.Pattern'Yellow'            Alias @p

func (n *Literal) String() string    { return string(appendSexpr(nil, n)) }
func (n *Member) String() string     { return string(appendSexpr(nil, n)) }
func (n *Binary) String() string     { return string(appendSexpr(nil, n)) }
func (n *Unary) String() string      { return string(appendSexpr(nil, n)) }
func (n *Call) String() string       { return string(appendSexpr(nil, n)) }
func (n *TypeName) String() string   { return string(appendSexpr(nil, n)) }
func (n *In) String() string         { return string(appendSexpr(nil, n)) }
func (n *PathExpr) String() string   { return string(appendSexpr(nil, n)) }
func (n *Lambda) String() string     { return string(appendSexpr(nil, n)) }
func (n *Collection) String() string { return string(appendSexpr(nil, n)) }
func (n *Object) String() string     { return string(appendSexpr(nil, n)) }
func (n *Enum) String() string       { return string(appendSexpr(nil, n)) }
func (n *Alias) String() string      { return string(appendSexpr(nil, n)) }

func appendPath(b []byte, path []string) []byte {
	for i, seg := range path {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, seg...)
	}
	return b
}

const nilText = "<nil>"

func appendSexpr(b []byte, e Expr) []byte {
	switch n := e.(type) {
	case nil:
		return append(b, nilText...)
	case *Literal:
		if n == nil {
			return append(b, nilText...)
		}
		return appendLiteral(b, n)
	case *Member:
		if n == nil {
			return append(b, nilText...)
		}
		return appendPath(b, n.Path)
	case *TypeName:
		if n == nil {
			return append(b, nilText...)
		}
		return append(b, n.Name...)
	case *Binary:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, '(')
		b = append(b, n.Op...)
		b = append(b, ' ')
		b = appendSexpr(b, n.L)
		b = append(b, ' ')
		b = appendSexpr(b, n.R)
		return append(b, ')')
	case *Unary:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, '(')
		b = append(b, n.Op...)
		b = append(b, ' ')
		b = appendSexpr(b, n.X)
		return append(b, ')')
	case *Call:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, '(')
		b = append(b, n.Name...)
		for _, a := range n.Args {
			b = append(b, ' ')
			b = appendSexpr(b, a)
		}
		return append(b, ')')
	case *In:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, "(in "...)
		b = appendSexpr(b, n.X)
		if n.Coll != nil {
			b = append(b, ' ')
			b = appendSexpr(b, n.Coll)
			return append(b, ')')
		}
		b = append(b, " ("...)
		for i, x := range n.List {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendSexpr(b, x)
		}
		return append(b, "))"...)
	case *PathExpr, *Lambda, *Collection, *Object, *Enum, *Alias:
		return appendExt(b, e, true)
	}
	return append(b, e.String()...)
}

// appendExt prints the path, lambda, JSON, enum and alias nodes as S-expressions
// (sexpr) or OData syntax (Format): the two differ in how sub-expressions print, in the
// separators of JSON values, and in lambdas.
func appendExt(b []byte, e Expr, sexpr bool) []byte {
	sub, sep := appendFormat, byte(',')
	if sexpr {
		sub, sep = appendSexpr, ' '
	}
	switch n := e.(type) {
	case *PathExpr:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, n.Root...)
		for i, sg := range n.Segs {
			if (i > 0 || n.Root != "") && sg.Kind != SegKey {
				b = append(b, '/')
			}
			b = appendSegment(b, sg, sub, sexpr)
		}
		return b
	case *Lambda:
		if n == nil {
			return append(b, nilText...)
		}
		if sexpr {
			b = append(b, '(')
			b = append(b, n.Op...)
			b = append(b, ' ')
			b = sub(b, n.Path)
			if n.Var != "" {
				b = append(b, ' ')
				b = append(b, n.Var...)
				b = append(b, ' ')
				b = sub(b, n.Body)
			}
			return append(b, ')')
		}
		b = sub(b, n.Path)
		b = append(b, '/')
		b = append(b, n.Op...)
		b = append(b, '(')
		if n.Var != "" {
			b = append(b, n.Var...)
			b = append(b, ':')
			b = sub(b, n.Body)
		}
		return append(b, ')')
	case *Collection:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, '[')
		for i, x := range n.Items {
			if i > 0 {
				b = append(b, sep)
			}
			b = sub(b, x)
		}
		return append(b, ']')
	case *Object:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, '{')
		for i, m := range n.Members {
			if i > 0 {
				b = append(b, sep)
			}
			b = appendJSONString(b, m.Name)
			b = append(b, ':')
			b = sub(b, m.Value)
		}
		return append(b, '}')
	case *Enum:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, n.Type...)
		b = append(b, '\'')
		b = append(b, n.Value...)
		return append(b, '\'')
	case *Alias:
		if n == nil {
			return append(b, nilText...)
		}
		b = append(b, '@')
		return append(b, n.Name...)
	}
	return append(b, nilText...)
}

func appendSegment(b []byte, sg Segment, sub func([]byte, Expr) []byte, sexpr bool) []byte {
	switch sg.Kind {
	case SegProperty, SegCast:
		return append(b, sg.Name...)
	case SegAnnotation:
		b = append(b, '@')
		return append(b, sg.Name...)
	case SegCall, SegKey:
		b = append(b, sg.Name...)
		b = append(b, '(')
		for i, a := range sg.Args {
			if i > 0 {
				b = append(b, ',')
			}
			if a.Name != "" {
				b = append(b, a.Name...)
				b = append(b, '=')
			}
			b = sub(b, a.Value)
		}
		return append(b, ')')
	case SegFilter:
		b = append(b, "$filter("...)
		b = sub(b, sg.Filter)
		return append(b, ')')
	case SegCount:
		b = append(b, "$count"...)
		if sg.Filter == nil && sg.Search == nil {
			return b
		}
		b = append(b, '(')
		if sg.Filter != nil {
			b = append(b, "$filter="...)
			b = sub(b, sg.Filter)
		}
		if sg.Search != nil {
			if sg.Filter != nil {
				b = append(b, ';')
			}
			b = append(b, "$search="...)
			if sexpr {
				b = appendSearch(b, sg.Search)
			} else {
				b = appendSearchFormat(b, sg.Search)
			}
		}
		return append(b, ')')
	}
	return append(b, nilText...)
}

// appendJSONString prints s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}
