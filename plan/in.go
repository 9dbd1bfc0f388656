package plan

import (
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// The in operator: lists, empty lists and conditions used as values.

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
			c, err := b.bindCompare(&odata.Binary{Op: odata.OpEq, L: e.X, R: r, Offset: pos(i)}, x, v, target)
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
