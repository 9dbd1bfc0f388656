package plan

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Literal coercion: a literal takes the type of the property it is compared with
// or assigned to, or the query is a 400 (binder's half of typing).

func negateConst(c *Const) *Const {
	switch v := c.V.(type) {
	case int64:
		if v != math.MinInt64 {
			return &Const{T: c.T, V: -v}
		}
		return &Const{T: edm.Decimal, V: "9223372036854775808"}
	case float64:
		return &Const{T: c.T, V: -v}
	case string:
		if strings.HasPrefix(v, "-") {
			return &Const{T: c.T, V: v[1:]}
		}
		return &Const{T: c.T, V: "-" + v}
	}
	return c
}

// literalConst converts a literal to a constant with its natural EDM type.
func literalConst(l *odata.Literal, target string) (*Const, error) {
	switch l.Kind {
	case odata.LitNull:
		return &Const{}, nil
	case odata.LitBool:
		return &Const{T: edm.Boolean, V: l.Value}, nil
	case odata.LitInt:
		return &Const{T: edm.Int64, V: l.Value}, nil
	case odata.LitDecimal:
		return &Const{T: edm.Decimal, V: l.Value}, nil
	case odata.LitDouble:
		f, _ := l.Value.(float64)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, odata.NotImplemented("NotSupported", target, "%s: NaN and INF cannot be compared in the database (position %d)", target, l.Pos()+1)
		}
		return &Const{T: edm.Double, V: f}, nil
	case odata.LitString:
		return &Const{T: edm.String, V: l.Value}, nil
	case odata.LitDate:
		return &Const{T: edm.Date, V: l.Value}, nil
	case odata.LitDateTimeOffset:
		t, _ := l.Value.(time.Time)
		return &Const{T: edm.DateTimeOffset, V: t.UTC()}, nil
	case odata.LitGuid:
		return &Const{T: edm.Guid, V: l.Value}, nil
	case odata.LitBinary:
		return &Const{T: edm.Binary, V: l.Value}, nil
	case odata.LitGeography:
		return &Const{T: edm.Type("Edm.Geography"), V: l.Value}, nil
	case odata.LitGeometry:
		return &Const{T: edm.Type("Edm.Geometry"), V: l.Value}, nil
	}
	return nil, odata.NotImplemented("NotSupported", target, "%s: %s literals are not supported (position %d)", target, l.Kind, l.Pos()+1)
}

// constFor converts a key literal to the column's type.
func constFor(l *odata.Literal, t edm.Type) (*Const, error) {
	c, err := literalConst(l, "key")
	if err != nil {
		return nil, err
	}
	out, ok := coerce(c, t)
	if !ok {
		return nil, fmt.Errorf("a %s value does not fit %s", l.Kind, t)
	}
	return out, nil
}

// coerce converts constant c to type t when the conversion is exact, reporting whether
// the types are compatible at all.
func coerce(c *Const, t edm.Type) (*Const, bool) {
	if c.V == nil {
		return &Const{T: t}, true
	}
	if c.T == t {
		return c, true
	}
	switch {
	case t.IsIntegral() && c.T.IsIntegral():
		return &Const{T: t, V: c.V}, true
	case t == edm.Decimal && c.T.IsIntegral():
		return &Const{T: t, V: strconv.FormatInt(c.V.(int64), 10)}, true
	case t == edm.Single && (c.T.IsIntegral() || c.T == edm.Decimal || c.T == edm.Double):
		// An Edm.Single operand holds single-precision values: the literal means the
		// nearest single (0.15 is 0.15000000596…), bound as the double of the same
		// value so that every engine compares the column (widened exactly) with it.
		var f float64
		switch v := c.V.(type) {
		case int64:
			f = float64(float32(v))
		case float64:
			f = float64(float32(v))
		case string:
			g, err := strconv.ParseFloat(v, 32)
			if err != nil {
				return nil, false
			}
			f = g
		}
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, false // beyond the singles: decided before (ranges.go) or refused
		}
		return &Const{T: edm.Double, V: f}, true
	case t == edm.Double && c.T.IsIntegral():
		return &Const{T: edm.Double, V: float64(c.V.(int64))}, true
	case t == edm.Double && c.T == edm.Decimal:
		f, err := strconv.ParseFloat(c.V.(string), 64)
		if err != nil {
			return nil, false
		}
		return &Const{T: edm.Double, V: f}, true
	case t.IsIntegral() && c.T == edm.Decimal:
		// 5.0 against an integer column: keep it exact as a decimal comparison.
		return c, true
	case t.IsNumeric() && c.T.IsNumeric():
		return c, true
	case t == edm.DateTimeOffset && c.T == edm.Date:
		d, err := time.Parse(edm.DateLayout, c.V.(string))
		if err != nil {
			return nil, false
		}
		return &Const{T: t, V: d}, true
	case t == edm.Date && c.T == edm.DateTimeOffset:
		return c, true // compared as timestamps; the database promotes the date
	case t == edm.Guid && c.T == edm.String:
		s := strings.ToLower(c.V.(string))
		if !odata.IsGuid(s) {
			return nil, false
		}
		return &Const{T: t, V: s}, true
	case t == edm.String && c.T == edm.Guid:
		return &Const{T: t, V: c.V}, true
	}
	return nil, false
}

// typeClass groups the types that can be compared with each other.
func typeClass(t edm.Type) string {
	switch {
	case t.IsNumeric():
		return "number"
	case t == edm.Date || t == edm.DateTimeOffset:
		return "datetime"
	case t == edm.String || t == edm.Guid:
		return "string"
	}
	return string(t)
}

// unify makes two operands comparable: a constant takes the other side's type.
func unify(l, r Expr) (Expr, Expr, bool) {
	lc, lok := l.(*Const)
	rc, rok := r.(*Const)
	switch {
	case rok && !lok:
		if c, ok := coerce(rc, l.Type()); ok {
			return l, c, true
		}
		return l, r, false
	case lok && !rok:
		if c, ok := coerce(lc, r.Type()); ok {
			return c, r, true
		}
		return l, r, false
	}
	if l.Type() == r.Type() || typeClass(l.Type()) == typeClass(r.Type()) {
		return l, r, true
	}
	return l, r, false
}
