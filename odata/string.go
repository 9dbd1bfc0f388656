package odata

// Canonical S-expression form of expressions (Expr.String), used in tests and as part
// of cache keys. Two filters that differ only in whitespace, redundant parentheses,
// operator/function-name case, `+` vs `%20`, or literal spelling that denotes the same
// value (true/TRUE, 007/7, 1.5e3/1500d, …T10:00:00Z/…T10:00:00.000Z, guid case)
// print the same.
//
//	Member    Name, Address/City
//	Literal   see appendLiteral (literal.go): null, true, 42, 1.50, 1.5e3, 'O''Reilly',
//	          2020-01-31, 2020-01-31T10:00:00+02:00, 10:00:00, duration'P1D',
//	          01234567-89ab-cdef-0123-456789abcdef, binary'AQI='
//	Binary    (eq Name 'x')
//	Unary     (not x), (- x)
//	Call      (contains Name 'x'), (now)
//	In        (in X ('a' 'b')), (in X ())
//	TypeName  Edm.Int32

func (n *Literal) String() string  { return string(appendSexpr(nil, n)) }
func (n *Member) String() string   { return string(appendSexpr(nil, n)) }
func (n *Binary) String() string   { return string(appendSexpr(nil, n)) }
func (n *Unary) String() string    { return string(appendSexpr(nil, n)) }
func (n *Call) String() string     { return string(appendSexpr(nil, n)) }
func (n *TypeName) String() string { return string(appendSexpr(nil, n)) }
func (n *In) String() string       { return string(appendSexpr(nil, n)) }

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
		b = append(b, " ("...)
		for i, x := range n.List {
			if i > 0 {
				b = append(b, ' ')
			}
			b = appendSexpr(b, x)
		}
		return append(b, "))"...)
	}
	return append(b, e.String()...)
}
