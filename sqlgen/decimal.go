package sqlgen

import (
	"fmt"
	"strconv"
	"strings"
)

// Decimal is a normalized exact decimal literal: no exponent, no leading zeros in the
// integer digits ("" for a zero integer part), no trailing zeros in the fraction
// digits, and never a negative zero. Dialects that bind Edm.Decimal values with an
// explicit precision and scale (CAST(? AS DECIMAL(p,s)), TO_NUMBER(?, '9D9')) read the
// digit counts from it.
type Decimal struct {
	Neg  bool   // the value is below zero
	Int  string // integer digits, "" when the integer part is zero
	Frac string // fraction digits, "" when there are none
}

// maxDecimalExponent bounds the exponent ParseDecimal accepts, so that a literal such
// as 1e999999999 cannot make it build a huge digit string.
const maxDecimalExponent = 400

// ParseDecimal normalizes an OData decimal literal: [sign] digits [. digits]
// [e [sign] digits], with at least one digit before or after the point and an exponent
// of at most 400 either way. Anything else (NaN, INF, "1.2.3", "") is an error wrapping
// ErrUnsupported, and so is a value whose Precision exceeds maxDigits (the precision of
// the database's decimal type; 0 for no limit, when the caller checks Precision and
// Scale itself).
func ParseDecimal(s string, maxDigits int) (Decimal, error) {
	var d Decimal
	t := s
	if t != "" && (t[0] == '-' || t[0] == '+') {
		d.Neg = t[0] == '-'
		t = t[1:]
	}
	exp := 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		e, err := strconv.Atoi(t[i+1:])
		if err != nil || e > maxDecimalExponent || e < -maxDecimalExponent {
			return Decimal{}, Unsupported(fmt.Sprintf("decimal literal %q", s))
		}
		exp = e
		t = t[:i]
	}
	ip, fp, _ := strings.Cut(t, ".")
	if ip == "" && fp == "" || !allDigits(ip) || !allDigits(fp) {
		return Decimal{}, Unsupported(fmt.Sprintf("decimal literal %q", s))
	}
	digits := ip + fp
	point := len(ip) + exp // position of the decimal point within digits
	switch {
	case point <= 0:
		d.Int, d.Frac = "", strings.Repeat("0", -point)+digits
	case point >= len(digits):
		d.Int, d.Frac = digits+strings.Repeat("0", point-len(digits)), ""
	default:
		d.Int, d.Frac = digits[:point], digits[point:]
	}
	d.Int = strings.TrimLeft(d.Int, "0")
	d.Frac = strings.TrimRight(d.Frac, "0")
	if d.Int == "" && d.Frac == "" {
		d.Neg = false
	}
	if maxDigits > 0 && d.Precision() > maxDigits {
		return Decimal{}, Unsupported(fmt.Sprintf("decimal literal %q with more than %d digits", s, maxDigits))
	}
	return d, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Precision is the DECIMAL precision that holds the value exactly: integer digits plus
// fraction digits, at least 1.
func (d Decimal) Precision() int { return max(len(d.Int)+len(d.Frac), 1) }

// Scale is the number of fraction digits.
func (d Decimal) Scale() int { return len(d.Frac) }

// Unsigned is the plain decimal text without its sign, e.g. "12.5", "0.001", "0".
func (d Decimal) Unsigned() string {
	s := d.Int
	if s == "" {
		s = "0"
	}
	if d.Frac != "" {
		s += "." + d.Frac
	}
	return s
}

// String is the plain decimal text, e.g. "-12.5", "0.001", "0".
func (d Decimal) String() string {
	if d.Neg {
		return "-" + d.Unsigned()
	}
	return d.Unsigned()
}

// DecimalText returns the literal text of an Edm.Decimal constant's value: plan binds
// decimal literals as strings, and integers that meet a decimal as int64.
func DecimalText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int64:
		return strconv.FormatInt(v, 10), true
	}
	return "", false
}
