package jsonfmt

import (
	"math"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// Numbers: database integers, decimals and floating-point values (Go numbers, or
// the text drivers return) as OData JSON numbers, checked against the EDM type's
// range and quoted for IEEE754Compatible=true.

// intValue converts Go integer types (and bool) to int64. handled is false for other
// types; overflow is true for a uint64 above MaxInt64.
func intValue(v any) (n int64, handled, overflow bool) {
	switch x := v.(type) {
	case int64:
		return x, true, false
	case int32:
		return int64(x), true, false
	case int:
		return int64(x), true, false
	case int16:
		return int64(x), true, false
	case int8:
		return int64(x), true, false
	case uint64:
		if x > math.MaxInt64 {
			return 0, true, true
		}
		return int64(x), true, false
	case uint32:
		return int64(x), true, false
	case uint:
		if uint64(x) > math.MaxInt64 {
			return 0, true, true
		}
		return int64(x), true, false
	case uint16:
		return int64(x), true, false
	case uint8:
		return int64(x), true, false
	}
	return 0, false, false
}
func intRange(k kind) (lo, hi int64) {
	switch k {
	case kByte:
		return 0, math.MaxUint8
	case kSByte:
		return math.MinInt8, math.MaxInt8
	case kInt16:
		return math.MinInt16, math.MaxInt16
	case kInt32:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func appendInteger(dst []byte, v any, k kind, quote bool) ([]byte, string) {
	var n int64
	switch x := v.(type) {
	case []byte:
		var r string
		if n, r = parseInt(x); r != "" {
			return dst, r
		}
	case string:
		var r string
		if n, r = parseInt(x); r != "" {
			return dst, r
		}
	case float64:
		// 2^63 is exactly representable; anything at or above it overflows int64.
		if x != math.Trunc(x) || x < -(1<<63) || x >= 1<<63 {
			return dst, rNotIntegral
		}
		n = int64(x)
	case float32:
		f := float64(x)
		if f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
			return dst, rNotIntegral
		}
		n = int64(f)
	case bool:
		if x {
			n = 1
		}
	default:
		var ok, overflow bool
		n, ok, overflow = intValue(v)
		if !ok {
			return dst, rUnsupportedGo
		}
		if overflow {
			return dst, rOutOfRange
		}
	}
	if lo, hi := intRange(k); n < lo || n > hi {
		return dst, rOutOfRange
	}
	if quote {
		dst = append(dst, '"')
		dst = strconv.AppendInt(dst, n, 10)
		return append(dst, '"'), ""
	}
	return strconv.AppendInt(dst, n, 10), ""
}

// appendSpecialFloat appends "NaN", "INF" or "-INF" (JSON strings, as OData represents
// them) when f is not finite.
func appendSpecialFloat(dst []byte, f float64) ([]byte, bool) {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...), true
	case math.IsInf(f, 1):
		return append(dst, `"INF"`...), true
	case math.IsInf(f, -1):
		return append(dst, `"-INF"`...), true
	}
	return dst, false
}

func appendDecimal(dst []byte, v any, scale int, quote bool) ([]byte, string) {
	switch x := v.(type) {
	case []byte:
		return appendNumericText(dst, x, quote, rNotDecimal)
	case string:
		return appendNumericText(dst, x, quote, rNotDecimal)
	case float64:
		if d, ok := appendSpecialFloat(dst, x); ok {
			return d, ""
		}
		if quote {
			dst = append(dst, '"')
		}
		dst = strconv.AppendFloat(dst, x, 'f', scale, 64)
		if quote {
			dst = append(dst, '"')
		}
		return dst, ""
	case float32:
		if d, ok := appendSpecialFloat(dst, float64(x)); ok {
			return d, ""
		}
		if quote {
			dst = append(dst, '"')
		}
		dst = strconv.AppendFloat(dst, float64(x), 'f', scale, 32)
		if quote {
			dst = append(dst, '"')
		}
		return dst, ""
	case bool:
		return dst, rUnsupportedGo
	}
	if quote {
		dst = append(dst, '"')
	}
	if u, ok := v.(uint64); ok {
		dst = strconv.AppendUint(dst, u, 10)
	} else if u, ok := v.(uint); ok {
		dst = strconv.AppendUint(dst, uint64(u), 10)
	} else if n, ok, _ := intValue(v); ok {
		dst = strconv.AppendInt(dst, n, 10)
	} else {
		return dst, rUnsupportedGo
	}
	if scale > 0 {
		dst = append(dst, '.')
		for range scale {
			dst = append(dst, '0')
		}
	}
	if quote {
		dst = append(dst, '"')
	}
	return dst, ""
}

func appendFloating(dst []byte, v any) ([]byte, string) {
	switch x := v.(type) {
	case float64:
		if d, ok := appendSpecialFloat(dst, x); ok {
			return d, ""
		}
		return jsontext.AppendFloat(dst, x, 64), ""
	case float32:
		if d, ok := appendSpecialFloat(dst, float64(x)); ok {
			return d, ""
		}
		return jsontext.AppendFloat(dst, float64(x), 32), ""
	case []byte:
		return appendNumericText(dst, x, false, rNotNumber)
	case string:
		return appendNumericText(dst, x, false, rNotNumber)
	case uint64:
		return strconv.AppendUint(dst, x, 10), ""
	case bool:
		return dst, rUnsupportedGo
	}
	if n, ok, _ := intValue(v); ok {
		return strconv.AppendInt(dst, n, 10), ""
	}
	return dst, rUnsupportedGo
}

// appendNumericText validates numeric text from the database and appends it as a JSON
// number (a string when quote), or as "NaN"/"INF"/"-INF".
func appendNumericText[T ~string | ~[]byte](dst []byte, s T, quote bool, reason string) ([]byte, string) {
	if lit, ok := specialText(s); ok {
		return append(dst, lit...), ""
	}
	start := len(dst)
	if quote {
		dst = append(dst, '"')
	}
	dst, ok := appendNumber(dst, s)
	if !ok {
		return dst[:start], reason
	}
	if quote {
		dst = append(dst, '"')
	}
	return dst, ""
}
