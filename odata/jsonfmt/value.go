package jsonfmt

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/odata/edm"
)

// ErrConversion is wrapped by every *ValueError: a database value that cannot be
// represented as its property's EDM type. Callers turn it into a 500-class "data
// conversion" OData error.
var ErrConversion = errors.New("data conversion failed")

// ValueError reports a value that could not be converted. It never holds the value
// itself (which may be sensitive), only its Go type.
type ValueError struct {
	Property string   // property name
	Type     edm.Type // the property's EDM type
	GoType   string   // the driver value's Go type, e.g. "[]uint8"
	Reason   string   // what was wrong, e.g. "not a decimal literal"
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("jsonfmt: property %s (%s): cannot convert %s value: %s", e.Property, e.Type, e.GoType, e.Reason)
}

// Unwrap returns ErrConversion.
func (e *ValueError) Unwrap() error { return ErrConversion }

// Format holds the request-dependent choices of value formatting. The zero value is
// the OData default.
type Format struct {
	// IEEE754Compatible writes Edm.Int64 and Edm.Decimal values (and @odata.count) as
	// JSON strings, for clients that sent IEEE754Compatible=true.
	IEEE754Compatible bool
}

// AppendValue appends the OData JSON representation of the driver value v for
// property p to dst, using the default Format. See Format.AppendValue.
func AppendValue(dst []byte, p *edm.Property, v any) ([]byte, error) {
	return Format{}.AppendValue(dst, p, v)
}

// AppendValue appends the OData JSON representation of v, a value as database/sql
// scanned it into `any`, for property p to dst. On error dst is returned unchanged
// together with a *ValueError.
//
// nil (and a nil []byte) is null for every type. Otherwise, by p.Type:
//
//   - Edm.String: string and []byte as a JSON string (invalid UTF-8 → U+FFFD); integers,
//     floats, bools and time.Time by their text form.
//   - Edm.Boolean: bool; integers and floats (0 is false, anything else true); BIT(1)
//     bytes 0x00/0x01; text "0", "1", "true", "false", "t", "f" (any case) or any
//     other integer text.
//   - Edm.Byte, SByte, Int16, Int32, Int64: Go integers; integer text (digits, optional
//     sign and leading zeros); integral floats; bools as 0/1. Range-checked for the
//     type, parsed exactly (never through float64). Int64 is a string with
//     IEEE754Compatible.
//   - Edm.Decimal: text (MySQL []byte, pgx string) is validated as a decimal literal
//     and written with its digits verbatim ("1.50" stays 1.50; leading zeros and a
//     leading "+" are dropped); float64/float32 (SQLite) are written with exactly Scale
//     digits after the point when the property has fixed facets (Precision or Scale
//     set), otherwise in the shortest form; integers as digits, padded with Scale
//     zeros when fixed. NaN and infinities (PostgreSQL numeric) are "NaN", "INF",
//     "-INF". A string with IEEE754Compatible.
//   - Edm.Double, Edm.Single: floats in the shortest form that round-trips (float32 at
//     32 bits); integers as digits; numeric text validated and kept verbatim. NaN,
//     +Inf, -Inf are the JSON strings "NaN", "INF", "-INF".
//   - Edm.Date: time.Time's calendar date in its own location; text "YYYY-MM-DD" or any
//     date-time text below (its date part as written).
//   - Edm.DateTimeOffset: time.Time converted to UTC; text "YYYY-MM-DD", "YYYY-MM-DD
//     hh:mm[:ss[.fff…]]" or with "T", optionally followed by "Z" or ±hh[:mm] (text
//     without a zone is UTC). Written as YYYY-MM-DDThh:mm:ss[.f…]Z: fractional seconds
//     only when non-zero, truncated to the property's Precision (7 digits when 0),
//     trailing zeros trimmed.
//   - Edm.Guid: text with or without hyphens or braces, [16]byte, or a 16-byte []byte
//     (RFC 4122 byte order), written lower-case and hyphenated.
//   - Edm.Binary: []byte (or string) as standard base64 with padding.
func (f Format) AppendValue(dst []byte, p *edm.Property, v any) ([]byte, error) {
	c := newColumn(p)
	return f.appendValue(dst, &c, v)
}

// EncodeValue writes the value to enc as one JSON value (as AppendValue formats it),
// for callers that build payloads with a jsontext.Encoder.
func (f Format) EncodeValue(enc *jsontext.Encoder, p *edm.Property, v any) error {
	b, err := f.AppendValue(enc.AvailableBuffer(), p, v)
	if err != nil {
		return err
	}
	return enc.WriteValue(b)
}

// kind is an EDM type resolved once per column, so the hot path switches on a small
// integer instead of comparing type-name strings.
type kind uint8

const (
	kUnknown kind = iota
	kString
	kBoolean
	kByte
	kSByte
	kInt16
	kInt32
	kInt64
	kSingle
	kDouble
	kDecimal
	kDate
	kDateTimeOffset
	kGuid
	kBinary
)

func kindOf(t edm.Type) kind {
	switch t {
	case edm.String:
		return kString
	case edm.Boolean:
		return kBoolean
	case edm.Byte:
		return kByte
	case edm.SByte:
		return kSByte
	case edm.Int16:
		return kInt16
	case edm.Int32:
		return kInt32
	case edm.Int64:
		return kInt64
	case edm.Single:
		return kSingle
	case edm.Double:
		return kDouble
	case edm.Decimal:
		return kDecimal
	case edm.Date:
		return kDate
	case edm.DateTimeOffset:
		return kDateTimeOffset
	case edm.Guid:
		return kGuid
	case edm.Binary:
		return kBinary
	}
	return kUnknown
}

// column is a property with its formatting decisions precomputed.
type column struct {
	prop  *edm.Property
	kind  kind
	scale int // Decimal from floats: digits after the point, -1 for the shortest form
	frac  int // DateTimeOffset: most fractional-second digits written (1..9)
}

func newColumn(p *edm.Property) column {
	c := column{prop: p, kind: kindOf(p.Type), scale: -1, frac: 7}
	if c.kind == kDecimal && !p.ScaleVariable && (p.Precision > 0 || p.Scale > 0) {
		c.scale = p.Scale
	}
	if c.kind == kDateTimeOffset && p.Precision > 0 {
		c.frac = min(p.Precision, 9)
	}
	return c
}

// Reasons reported in ValueError. Constants, so the success path never allocates.
const (
	rUnsupportedGo   = "unsupported Go type for this EDM type"
	rUnsupportedEdm  = "unsupported EDM type"
	rNotInteger      = "not an integer"
	rOutOfRange      = "out of range for the EDM type"
	rNotBoolean      = "not a boolean"
	rNotDecimal      = "not a decimal literal"
	rNotNumber       = "not a number"
	rNotIntegral     = "float has a fractional part or is not finite"
	rNotFinite       = "not a finite number"
	rNotDate         = "not a date (YYYY-MM-DD)"
	rNotDateTime     = "not a date-time (YYYY-MM-DD[ T]hh:mm[:ss[.f]][Z|±hh:mm])"
	rBadDateTimeVals = "date or time field out of range"
	rNotGuid         = "not a GUID"
)

func (c *column) fail(v any, reason string) error {
	return &ValueError{Property: c.prop.Name, Type: c.prop.Type, GoType: fmt.Sprintf("%T", v), Reason: reason}
}

func (f Format) appendValue(dst []byte, c *column, v any) ([]byte, error) {
	if v == nil {
		return append(dst, "null"...), nil
	}
	if b, ok := v.([]byte); ok && b == nil {
		return append(dst, "null"...), nil
	}
	start := len(dst)
	var reason string
	switch c.kind {
	case kString:
		dst, reason = appendString(dst, v)
	case kBoolean:
		dst, reason = appendBool(dst, v)
	case kByte, kSByte, kInt16, kInt32, kInt64:
		dst, reason = appendInteger(dst, v, c.kind, f.IEEE754Compatible && c.kind == kInt64)
	case kDecimal:
		dst, reason = appendDecimal(dst, v, c.scale, f.IEEE754Compatible)
	case kSingle, kDouble:
		dst, reason = appendFloating(dst, v)
	case kDate:
		dst, reason = appendDateValue(dst, v)
	case kDateTimeOffset:
		dst, reason = appendDateTimeOffsetValue(dst, v, c.frac)
	case kGuid:
		dst, reason = appendGuidValue(dst, v)
	case kBinary:
		dst, reason = appendBinary(dst, v)
	default:
		reason = rUnsupportedEdm
	}
	if reason != "" {
		return dst[:start], c.fail(v, reason)
	}
	return dst, nil
}

func appendString(dst []byte, v any) ([]byte, string) {
	switch x := v.(type) {
	case string:
		dst, _ = jsontext.AppendQuote(dst, x) // invalid UTF-8 becomes U+FFFD
		return dst, ""
	case []byte:
		dst, _ = jsontext.AppendQuote(dst, x)
		return dst, ""
	case bool:
		if x {
			return append(dst, `"true"`...), ""
		}
		return append(dst, `"false"`...), ""
	case float64:
		dst = append(dst, '"')
		dst = jsontext.AppendFloat(dst, x, 64)
		return append(dst, '"'), ""
	case float32:
		dst = append(dst, '"')
		dst = jsontext.AppendFloat(dst, float64(x), 32)
		return append(dst, '"'), ""
	case time.Time:
		dst = append(dst, '"')
		dst = appendDateTimeOffset(dst, x.UTC(), 9)
		return append(dst, '"'), ""
	case uint64:
		dst = append(dst, '"')
		dst = strconv.AppendUint(dst, x, 10)
		return append(dst, '"'), ""
	}
	if n, ok, _ := intValue(v); ok {
		dst = append(dst, '"')
		dst = strconv.AppendInt(dst, n, 10)
		return append(dst, '"'), ""
	}
	return dst, rUnsupportedGo
}

func appendBoolLit(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

func appendBool(dst []byte, v any) ([]byte, string) {
	switch x := v.(type) {
	case bool:
		return appendBoolLit(dst, x), ""
	case []byte:
		if len(x) == 1 && x[0] <= 1 { // MySQL BIT(1)
			return appendBoolLit(dst, x[0] == 1), ""
		}
		b, ok := parseBool(x)
		if !ok {
			return dst, rNotBoolean
		}
		return appendBoolLit(dst, b), ""
	case string:
		b, ok := parseBool(x)
		if !ok {
			return dst, rNotBoolean
		}
		return appendBoolLit(dst, b), ""
	case float64:
		if math.IsNaN(x) {
			return dst, rNotBoolean
		}
		return appendBoolLit(dst, x != 0), ""
	case float32:
		if x != x {
			return dst, rNotBoolean
		}
		return appendBoolLit(dst, x != 0), ""
	case uint64:
		return appendBoolLit(dst, x != 0), ""
	}
	if n, ok, _ := intValue(v); ok {
		return appendBoolLit(dst, n != 0), ""
	}
	return dst, rUnsupportedGo
}

func appendDateValue(dst []byte, v any) ([]byte, string) {
	var dt dateTime
	var r string
	switch x := v.(type) {
	case time.Time:
		y, m, d := x.Date()
		dst = append(dst, '"')
		dst = appendDate(dst, y, int(m), d)
		return append(dst, '"'), ""
	case []byte:
		dt, r = parseDateTime(x)
	case string:
		dt, r = parseDateTime(x)
	default:
		return dst, rUnsupportedGo
	}
	if r != "" {
		return dst, r
	}
	dst = append(dst, '"')
	dst = appendDate(dst, dt.year, dt.month, dt.day)
	return append(dst, '"'), ""
}

func appendDateTimeOffsetValue(dst []byte, v any, frac int) ([]byte, string) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x.UTC()
	case []byte:
		dt, r := parseDateTime(x)
		if r != "" {
			return dst, r
		}
		t = dt.utc()
	case string:
		dt, r := parseDateTime(x)
		if r != "" {
			return dst, r
		}
		t = dt.utc()
	default:
		return dst, rUnsupportedGo
	}
	dst = append(dst, '"')
	dst = appendDateTimeOffset(dst, t, frac)
	return append(dst, '"'), ""
}

func appendGuidValue(dst []byte, v any) ([]byte, string) {
	var g [16]byte
	switch x := v.(type) {
	case [16]byte:
		g = x
	case []byte:
		if len(x) == 16 {
			copy(g[:], x)
		} else if !parseGuid(x, &g) {
			return dst, rNotGuid
		}
	case string:
		if !parseGuid(x, &g) {
			return dst, rNotGuid
		}
	default:
		return dst, rUnsupportedGo
	}
	dst = append(dst, '"')
	dst = appendGuid(dst, &g)
	return append(dst, '"'), ""
}

func appendBinary(dst []byte, v any) ([]byte, string) {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		return dst, rUnsupportedGo
	}
	dst = append(dst, '"')
	dst = base64.StdEncoding.AppendEncode(dst, b)
	return append(dst, '"'), ""
}
