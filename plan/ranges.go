package plan

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Comparisons with a constant the column cannot hold.
//
// A literal outside the range of a column's type (2147483648 against an Int32 column,
// 1e40 against Decimal(19,4), a year the database cannot store, INF against an integer)
// still gives every row a definite answer: nothing equals it, and every non-null value
// is below (or above) it. The plan decides such a comparison itself and never sends the
// value to the database, which would reject it (PostgreSQL: integer out of range;
// MariaDB: an invalid DATETIME) or could not bind it exactly (SQLite and long decimals).

// side is where a constant lies relative to every value a column can hold.
type side int

const (
	inside    side = iota
	below          // less than every value
	above          // greater than every value
	unordered      // NaN: not equal to, not less and not greater than any value
)

// decideOutside is `x op k` for a constant k lying on side s of every value of x.
func decideOutside(op odata.BinaryOp, x Expr, s side) Expr {
	truth := func(v bool) Expr { return &Const{T: edm.Boolean, V: v} }
	switch {
	case op == odata.OpNe:
		return truth(true) // also for null x: null ne a value is true
	case op == odata.OpEq || s == unordered:
		return truth(false)
	case s == above && (op == odata.OpLt || op == odata.OpLe), s == below && (op == odata.OpGt || op == odata.OpGe):
		return &IsNull{X: x, Negate: true}
	}
	return truth(false)
}

// columnRange places constant k against the values expression x can hold. It reports
// inside when the range is unknown (a decimal without precision, a date on a database
// that does not declare its range).
func (b *binder) columnRange(x Expr, k *Const) side {
	if _, ok := x.(*Const); ok || k.V == nil {
		return inside
	}
	// Any expression of a type holds only that type's values (length() is an Int32 on
	// every database); a decimal's precision is known for a column only.
	t := x.Type()
	precision, scale := 0, 0
	if ref, ok := baseColumn(x); ok {
		precision, scale = ref.Col.Precision, ref.Col.Scale
	}
	switch {
	case t.IsNumeric():
		if f, ok := k.V.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			if t == edm.Single || t == edm.Double {
				return inside // a floating-point column may hold NaN and ±Infinity
			}
			if math.IsNaN(f) {
				return unordered
			}
		}
		v, ok := numRat(k)
		if !ok {
			return inside
		}
		lo, hi, ok := numericRange(t, precision, scale)
		if !ok {
			return inside
		}
		return place(v.Cmp(lo) < 0, v.Cmp(hi) > 0)
	case t == edm.Date || t == edm.DateTimeOffset:
		if b.lim.Times == nil {
			return inside
		}
		v, ok := constInstant(k)
		if !ok {
			return inside
		}
		min, max := b.lim.Times.bounds(t)
		return place(v.Before(min), v.After(max))
	}
	return inside
}

// baseColumn is the column whose value x is: the column itself, or the column at the
// end of a to-one navigation path (`Product/UnitPrice`), whose declared precision and
// scale bound it just the same (a path adds only null, for a missing related row).
func baseColumn(x Expr) (*ColumnRef, bool) {
	for {
		switch v := x.(type) {
		case *ColumnRef:
			return v, true
		case *NavValue:
			x = v.X
		case *OuterRef:
			return &ColumnRef{Col: v.Col}, true
		default:
			return nil, false
		}
	}
}

// bounds is the range of a value of type t (Date or DateTimeOffset) as instants: a
// date is its midnight, so the first and last days of the range count whole.
func (r *TimeRange) bounds(t edm.Type) (min, max time.Time) {
	min, max = r.Min, r.Max
	if t == edm.Date {
		min = time.Date(min.Year(), min.Month(), min.Day(), 0, 0, 0, 0, time.UTC)
		max = time.Date(max.Year(), max.Month(), max.Day(), 0, 0, 0, 0, time.UTC).Add(24*time.Hour - 1)
	}
	return min, max
}

func place(isBelow, isAbove bool) side {
	switch {
	case isBelow:
		return below
	case isAbove:
		return above
	}
	return inside
}

// numRat is the exact value of a numeric constant; ±INF is beyond every finite bound.
func numRat(k *Const) (*big.Rat, bool) {
	switch v := k.V.(type) {
	case int64:
		return new(big.Rat).SetInt64(v), true
	case string:
		if k.T != edm.Decimal {
			return nil, false
		}
		return new(big.Rat).SetString(v)
	case float64:
		if math.IsInf(v, 0) {
			huge := new(big.Rat).SetFrac(new(big.Int).Exp(big.NewInt(10), big.NewInt(400), nil), big.NewInt(1))
			if v < 0 {
				huge.Neg(huge)
			}
			return huge, true
		}
		r := new(big.Rat)
		if r.SetFloat64(v) == nil {
			return nil, false
		}
		return r, true
	}
	return nil, false
}

// numericRange is the closed range of values of a numeric column type.
func numericRange(t edm.Type, precision, scale int) (lo, hi *big.Rat, ok bool) {
	ints := func(a, b int64) (*big.Rat, *big.Rat, bool) {
		return new(big.Rat).SetInt64(a), new(big.Rat).SetInt64(b), true
	}
	switch t {
	case edm.Byte:
		return ints(0, math.MaxUint8)
	case edm.SByte:
		return ints(math.MinInt8, math.MaxInt8)
	case edm.Int16:
		return ints(math.MinInt16, math.MaxInt16)
	case edm.Int32:
		return ints(math.MinInt32, math.MaxInt32)
	case edm.Int64:
		return ints(math.MinInt64, math.MaxInt64)
	case edm.Single:
		hi = new(big.Rat).SetFloat64(math.MaxFloat32)
		return new(big.Rat).Neg(hi), hi, true
	case edm.Double:
		hi = new(big.Rat).SetFloat64(math.MaxFloat64)
		return new(big.Rat).Neg(hi), hi, true
	case edm.Decimal:
		if precision <= 0 || scale < 0 || scale > precision {
			return nil, nil, false
		}
		// Decimal(p,s) holds ±(10^(p-s) - 10^-s).
		ten := big.NewInt(10)
		whole := new(big.Int).Exp(ten, big.NewInt(int64(precision-scale)), nil)
		unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(ten, big.NewInt(int64(scale)), nil))
		hi = new(big.Rat).Sub(new(big.Rat).SetInt(whole), unit)
		return new(big.Rat).Neg(hi), hi, true
	}
	return nil, nil, false
}

// constInstant is the instant of a Date ("YYYY-MM-DD", the year possibly negative or longer
// than four digits) or DateTimeOffset constant.
func constInstant(k *Const) (time.Time, bool) {
	switch v := k.V.(type) {
	case time.Time:
		return v, true
	case string:
		if k.T != edm.Date {
			return time.Time{}, false
		}
		i := strings.LastIndexByte(v, '-')
		if i < 0 {
			return time.Time{}, false
		}
		j := strings.LastIndexByte(v[:i], '-')
		if j <= 0 {
			return time.Time{}, false
		}
		y, err1 := strconv.Atoi(v[:j])
		m, err2 := strconv.Atoi(v[j+1 : i])
		d, err3 := strconv.Atoi(v[i+1:])
		if err1 != nil || err2 != nil || err3 != nil {
			return time.Time{}, false
		}
		return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// isSpecialFloat reports whether e is the literal NaN, INF or -INF.
func isSpecialFloat(e odata.Expr) (float64, bool) {
	l, ok := e.(*odata.Literal)
	if !ok || l.Kind != odata.LitDouble {
		return 0, false
	}
	f, _ := l.Value.(float64)
	return f, math.IsNaN(f) || math.IsInf(f, 0)
}
