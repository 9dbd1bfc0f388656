package plan

import (
	"bytes"
	"github.com/odatagw/odatagw/odata"
	"math/big"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata/edm"
)

// Constant folding. Whatever does not depend on a row is computed here rather than
// sent to the database: a comparison of two constants has no column to give the
// database a type for its parameters (PostgreSQL cannot type `$1 = $2`), and the
// values written in the request as JSON arrays and objects (List, Record) have no SQL
// form at all.

// isConstant reports whether e refers to no column: its value is the same for every
// row.
func isConstant(e Expr) bool {
	switch e := e.(type) {
	case *Const:
		return true
	case *ColumnRef, *Search:
		return false
	case *List:
		for _, x := range e.Items {
			if !isConstant(x) {
				return false
			}
		}
		return true
	case *Record:
		for _, x := range e.Values {
			if !isConstant(x) {
				return false
			}
		}
		return true
	case *Compare:
		return isConstant(e.L) && isConstant(e.R)
	case *Logical:
		return isConstant(e.L) && isConstant(e.R)
	case *Arith:
		return isConstant(e.L) && isConstant(e.R)
	case *Not:
		return isConstant(e.X)
	case *Neg:
		return isConstant(e.X)
	case *IsNull:
		return isConstant(e.X)
	case *In:
		if !isConstant(e.X) {
			return false
		}
		for _, x := range e.List {
			if !isConstant(x) {
				return false
			}
		}
		return true
	case *Func:
		for _, x := range e.Args {
			if !isConstant(x) {
				return false
			}
		}
		return true
	case *Deferred:
		for _, x := range e.Args {
			if !isConstant(x) {
				return false
			}
		}
		return true
	}
	return false
}

// deferredIn returns the error of the first Deferred value in e, if any.
func deferredIn(e Expr) error {
	var kids []Expr
	switch e := e.(type) {
	case *Deferred:
		return e.Err
	case *Compare:
		kids = []Expr{e.L, e.R}
	case *Logical:
		kids = []Expr{e.L, e.R}
	case *Arith:
		kids = []Expr{e.L, e.R}
	case *Not:
		kids = []Expr{e.X}
	case *Neg:
		kids = []Expr{e.X}
	case *IsNull:
		kids = []Expr{e.X}
	case *In:
		kids = append([]Expr{e.X}, e.List...)
	case *Func:
		kids = e.Args
	case *List:
		kids = e.Items
	case *Record:
		kids = e.Values
	}
	for _, k := range kids {
		if err := deferredIn(k); err != nil {
			return err
		}
	}
	return nil
}

func ratOf(c *Const) (*big.Rat, bool) {
	switch v := c.V.(type) {
	case int64:
		return new(big.Rat).SetInt64(v), true
	case float64:
		r := new(big.Rat)
		if r.SetFloat64(v) == nil {
			return nil, false
		}
		return r, true
	case string:
		if c.T == edm.Decimal {
			return new(big.Rat).SetString(v)
		}
	}
	return nil, false
}

func timeOf(c *Const) (time.Time, bool) {
	switch v := c.V.(type) {
	case time.Time:
		return v, true
	case string:
		if c.T == edm.Date {
			t, err := time.Parse(edm.DateLayout, v)
			return t, err == nil
		}
	}
	return time.Time{}, false
}

// constCmp compares two non-null constants: -1, 0 or 1, and whether they are
// comparable at all. Strings compare by code point, case-sensitively, as OData
// defines; guids ignore case.
func constCmp(a, b *Const) (int, bool) {
	switch {
	case a.T.IsNumeric() && b.T.IsNumeric():
		x, ok1 := ratOf(a)
		y, ok2 := ratOf(b)
		if !ok1 || !ok2 {
			return 0, false
		}
		return x.Cmp(y), true
	case typeClass(a.T) == "datetime" && typeClass(b.T) == "datetime":
		x, ok1 := timeOf(a)
		y, ok2 := timeOf(b)
		if !ok1 || !ok2 {
			return 0, false
		}
		return x.Compare(y), true
	case typeClass(a.T) == "string" && typeClass(b.T) == "string":
		x, ok1 := a.V.(string)
		y, ok2 := b.V.(string)
		if !ok1 || !ok2 {
			return 0, false
		}
		if a.T == edm.Guid || b.T == edm.Guid {
			x, y = strings.ToLower(x), strings.ToLower(y)
		}
		return strings.Compare(x, y), true
	case a.T == edm.Boolean && b.T == edm.Boolean:
		x, ok1 := a.V.(bool)
		y, ok2 := b.V.(bool)
		if !ok1 || !ok2 {
			return 0, false
		}
		switch {
		case x == y:
			return 0, true
		case !x:
			return -1, true
		}
		return 1, true
	case a.T == edm.Binary && b.T == edm.Binary:
		x, ok1 := a.V.([]byte)
		y, ok2 := b.V.([]byte)
		if !ok1 || !ok2 {
			return 0, false
		}
		return bytes.Compare(x, y), true
	}
	return 0, false
}

// valueEqual compares two constant values (Const, List, Record) for equality, with
// null equal to null; ok is false when they cannot be compared.
func valueEqual(a, b Expr) (eq, ok bool) {
	switch x := a.(type) {
	case *Const:
		y, isConst := b.(*Const)
		if !isConst {
			return false, !isConstValue(b) // a list is never equal to a primitive
		}
		if x.V == nil || y.V == nil {
			return x.V == nil && y.V == nil, true
		}
		c, ok := constCmp(x, y)
		return c == 0, ok
	case *List:
		y, isList := b.(*List)
		if !isList {
			return false, isConstValue(b)
		}
		if len(x.Items) != len(y.Items) {
			return false, true
		}
		for i := range x.Items {
			eq, ok := valueEqual(x.Items[i], y.Items[i])
			if !ok || !eq {
				return eq, ok
			}
		}
		return true, true
	case *Record:
		y, isRec := b.(*Record)
		if !isRec {
			return false, isConstValue(b)
		}
		if len(x.Names) != len(y.Names) {
			return false, true
		}
		for i, n := range x.Names {
			j := -1
			for k, m := range y.Names {
				if m == n {
					j = k
				}
			}
			if j < 0 {
				return false, true
			}
			eq, ok := valueEqual(x.Values[i], y.Values[j])
			if !ok || !eq {
				return eq, ok
			}
		}
		return true, true
	}
	return false, false
}

// isConstValue reports whether e is a constant value valueEqual understands.
func isConstValue(e Expr) bool {
	switch e := e.(type) {
	case *Const:
		return true
	case *List:
		for _, x := range e.Items {
			if !isConstValue(x) {
				return false
			}
		}
		return true
	case *Record:
		for _, x := range e.Values {
			if !isConstValue(x) {
				return false
			}
		}
		return true
	}
	return false
}

// foldCompare evaluates op on two non-null constants.
func foldCompare(op odata.BinaryOp, l, r *Const) (Expr, bool) {
	c, ok := constCmp(l, r)
	if !ok {
		return nil, false
	}
	var v bool
	switch op {
	case odata.OpEq:
		v = c == 0
	case odata.OpNe:
		v = c != 0
	case odata.OpLt:
		v = c < 0
	case odata.OpLe:
		v = c <= 0
	case odata.OpGt:
		v = c > 0
	case odata.OpGe:
		v = c >= 0
	default:
		return nil, false
	}
	return &Const{T: edm.Boolean, V: v}, true
}

// indexOfSeq returns the index of the first contiguous occurrence of sub in seq, -1
// when there is none; ok is false when some items cannot be compared.
func indexOfSeq(seq, sub []Expr) (int, bool) {
	for i := 0; i+len(sub) <= len(seq); i++ {
		match := true
		for k := range sub {
			eq, ok := valueEqual(seq[i+k], sub[k])
			if !ok {
				return 0, false
			}
			if !eq {
				match = false
				break
			}
		}
		if match {
			return i, true
		}
	}
	return -1, true
}

func seqEqual(a, b []Expr) (bool, bool) {
	if len(a) != len(b) {
		return false, true
	}
	i, ok := indexOfSeq(a, b)
	return i == 0, ok
}

// foldListFunc evaluates a canonical function whose arguments are constant lists
// (OData 4.01 Part 2 §5.1.1.5, §5.1.1.11): the collection forms of length, concat,
// contains, startswith, endswith, indexof, and hassubset, hassubsequence.
func foldListFunc(name odata.Func, args []*List) (Expr, bool) {
	truth := func(v bool, ok bool) (Expr, bool) { return &Const{T: edm.Boolean, V: v}, ok }
	switch name {
	case odata.FnLength:
		return &Const{T: edm.Int32, V: int64(len(args[0].Items))}, true
	case odata.FnConcat:
		items := append(append([]Expr{}, args[0].Items...), args[1].Items...)
		return &List{Items: items}, true
	case odata.FnContains:
		i, ok := indexOfSeq(args[0].Items, args[1].Items)
		return truth(i >= 0, ok)
	case odata.FnIndexOf:
		i, ok := indexOfSeq(args[0].Items, args[1].Items)
		return &Const{T: edm.Int32, V: int64(i)}, ok
	case odata.FnStartsWith:
		a, b := args[0].Items, args[1].Items
		if len(b) > len(a) {
			return truth(false, true)
		}
		return truth(seqEqual(a[:len(b)], b))
	case odata.FnEndsWith:
		a, b := args[0].Items, args[1].Items
		if len(b) > len(a) {
			return truth(false, true)
		}
		return truth(seqEqual(a[len(a)-len(b):], b))
	case odata.FnHasSubset:
		// The first collection can be turned into the second by reordering and
		// removing items: every item of the second, counted with multiplicity.
		used := make([]bool, len(args[0].Items))
	next:
		for _, y := range args[1].Items {
			for i, x := range args[0].Items {
				if used[i] {
					continue
				}
				eq, ok := valueEqual(x, y)
				if !ok {
					return nil, false
				}
				if eq {
					used[i] = true
					continue next
				}
			}
			return truth(false, true)
		}
		return truth(true, true)
	case odata.FnHasSubsequence:
		// The first collection can be turned into the second by removing items.
		i := 0
		for _, x := range args[0].Items {
			if i == len(args[1].Items) {
				break
			}
			eq, ok := valueEqual(x, args[1].Items[i])
			if !ok {
				return nil, false
			}
			if eq {
				i++
			}
		}
		return truth(i == len(args[1].Items), true)
	}
	return nil, false
}
