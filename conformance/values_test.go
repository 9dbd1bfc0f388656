package conformance

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// The oracle computes with these normalized values, whatever the engine or the
// direction (direct SQL or the gateway's JSON):
//
//	nil        null
//	bool       Edm.Boolean
//	string     Edm.String, Edm.Guid (lower case)
//	num        every numeric type (exact for integers and decimals)
//	dateV      Edm.Date, "YYYY-MM-DD"
//	time.Time  Edm.DateTimeOffset, UTC
//	[]byte     Edm.Binary

type numKind uint8

const (
	nInt numKind = iota + 1 // exact integer
	nDec                    // exact decimal
	nDbl                    // IEEE double
)

type num struct {
	k numKind
	r *big.Rat // nInt, nDec
	f float64  // nDbl
}

func intNum(i int64) num               { return num{k: nInt, r: new(big.Rat).SetInt64(i)} }
func ratNum(k numKind, r *big.Rat) num { return num{k: k, r: r} }
func dblNum(f float64) num             { return num{k: nDbl, f: f} }

func (n num) float() float64 {
	if n.k == nDbl {
		return n.f
	}
	f, _ := n.r.Float64()
	return f
}

func (n num) String() string {
	switch n.k {
	case nDbl:
		return strconv.FormatFloat(n.f, 'g', -1, 64)
	case nInt:
		return n.r.RatString()
	}
	t := n.r.FloatString(30)
	t = strings.TrimRight(t, "0")
	return strings.TrimSuffix(t, ".")
}

type dateV string

func (d dateV) time() time.Time {
	t, _ := time.Parse("2006-01-02", string(d))
	return t
}

// prop is a property of an entity type, from $metadata.
type prop struct {
	Name      string
	Type      string
	Nullable  bool
	MaxLength int
	Precision int
	Scale     int // -1: variable or unspecified
}

func (p *prop) isString() bool { return p.Type == "Edm.String" }

func parseRat(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// fromSQL normalizes a value scanned from the database into `any` for property p.
// engine is "sqlite", "mysql" or "postgres".
func fromSQL(v any, p *prop, engine string) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func(why string) (any, error) {
		return nil, fmt.Errorf("property %s (%s): cannot normalize SQL value %T %v: %s", p.Name, p.Type, v, short(fmt.Sprint(v)), why)
	}
	switch p.Type {
	case "Edm.String":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		case time.Time:
			return x.String(), nil
		case int64, float64, bool:
			return fmt.Sprint(x), nil
		}
		// pgx may hand over other types for exotic columns.
		return fmt.Sprint(v), nil
	case "Edm.Guid":
		switch x := v.(type) {
		case string:
			return strings.ToLower(x), nil
		case []byte:
			if len(x) == 16 {
				h := hex.EncodeToString(x)
				return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
			}
			return strings.ToLower(string(x)), nil
		case [16]byte:
			h := hex.EncodeToString(x[:])
			return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
		}
		return bad("guid")
	case "Edm.Boolean":
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		case float64:
			return x != 0, nil
		case []byte:
			if len(x) == 1 && (x[0] == 0 || x[0] == 1) { // BIT(1)
				return x[0] == 1, nil
			}
			return parseBoolText(string(x))
		case string:
			return parseBoolText(x)
		}
		return bad("bool")
	case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64":
		switch x := v.(type) {
		case int64:
			return intNum(x), nil
		case int32:
			return intNum(int64(x)), nil
		case uint64:
			return ratNum(nInt, new(big.Rat).SetUint64(x)), nil
		case float64:
			if x == math.Trunc(x) {
				return intNum(int64(x)), nil
			}
		case []byte:
			if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
				return intNum(i), nil
			}
		case string:
			if i, err := strconv.ParseInt(x, 10, 64); err == nil {
				return intNum(i), nil
			}
		case bool:
			if x {
				return intNum(1), nil
			}
			return intNum(0), nil
		}
		return bad("integer")
	case "Edm.Decimal":
		switch x := v.(type) {
		case int64:
			return intNumAs(nDec, x), nil
		case uint64: // MySQL BIGINT UNSIGNED
			return ratNum(nDec, new(big.Rat).SetUint64(x)), nil
		case float64:
			// SQLite stores DECIMAL as REAL: round to the column's scale.
			if p.Scale >= 0 {
				r, _ := parseRat(strconv.FormatFloat(x, 'f', p.Scale, 64))
				return ratNum(nDec, r), nil
			}
			r, _ := parseRat(strconv.FormatFloat(x, 'g', -1, 64))
			return ratNum(nDec, r), nil
		case []byte:
			if r, ok := parseRat(string(x)); ok {
				return ratNum(nDec, r), nil
			}
		case string:
			if r, ok := parseRat(x); ok {
				return ratNum(nDec, r), nil
			}
		}
		return bad("decimal")
	case "Edm.Double", "Edm.Single":
		switch x := v.(type) {
		case float64:
			return dblNum(x), nil
		case float32:
			return dblNum(float64(x)), nil
		case int64:
			return dblNum(float64(x)), nil
		case []byte:
			if f, err := strconv.ParseFloat(string(x), 64); err == nil {
				return dblNum(f), nil
			}
		case string:
			if f, err := strconv.ParseFloat(x, 64); err == nil {
				return dblNum(f), nil
			}
		}
		return bad("double")
	case "Edm.Date":
		switch x := v.(type) {
		case time.Time:
			return dateV(x.Format("2006-01-02")), nil
		case string:
			if len(x) >= 10 {
				return dateV(x[:10]), nil
			}
		case []byte:
			if len(x) >= 10 {
				return dateV(string(x[:10])), nil
			}
		}
		return bad("date")
	case "Edm.DateTimeOffset":
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), nil
		case string:
			if t, ok := parseDateTimeText(x); ok {
				return t, nil
			}
		case []byte:
			if t, ok := parseDateTimeText(string(x)); ok {
				return t, nil
			}
		}
		return bad("datetime")
	case "Edm.Binary":
		switch x := v.(type) {
		case []byte:
			return bytes.Clone(x), nil
		case string:
			return []byte(x), nil
		}
		return bad("binary")
	}
	return bad("unknown EDM type")
}

func intNumAs(k numKind, i int64) num {
	n := intNum(i)
	n.k = k
	return n
}

func parseBoolText(s string) (any, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "t":
		return true, nil
	case "0", "false", "f":
		return false, nil
	}
	return nil, fmt.Errorf("not a boolean: %q", s)
}

// parseDateTimeText reads the text forms SQLite (and some drivers) use for date-times:
// 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS[.fff]', with 'T', optionally with Z or an offset.
// Text without a zone is UTC.
func parseDateTimeText(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	layouts := []string{
		"2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02T15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999-07",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04",
		"2006-01-02T15:04",
		"2006-01-02",
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// fromJSON normalizes a value of the gateway's JSON (decoded with UseNumber) for p.
func fromJSON(v any, p *prop) (any, error) {
	if v == nil {
		return nil, nil
	}
	bad := func(why string) (any, error) {
		return nil, fmt.Errorf("property %s (%s): unexpected JSON value %T %s: %s", p.Name, p.Type, v, short(fmt.Sprint(v)), why)
	}
	switch p.Type {
	case "Edm.String":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return bad("want a string")
	case "Edm.Guid":
		if s, ok := v.(string); ok {
			return strings.ToLower(s), nil
		}
		return bad("want a string")
	case "Edm.Boolean":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return bad("want true/false")
	case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32", "Edm.Int64":
		n, ok := v.(json.Number)
		if !ok {
			return bad("want a JSON number")
		}
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			return bad("not an integer literal")
		}
		return intNum(i), nil
	case "Edm.Decimal":
		var s string
		switch x := v.(type) {
		case json.Number:
			s = string(x)
		case string: // NaN, INF (IEEE754Compatible is not requested)
			s = x
		default:
			return bad("want a JSON number")
		}
		r, ok := parseRat(s)
		if !ok {
			return bad("not a decimal")
		}
		return ratNum(nDec, r), nil
	case "Edm.Double", "Edm.Single":
		switch x := v.(type) {
		case json.Number:
			f, err := strconv.ParseFloat(string(x), 64)
			if err != nil {
				return bad("not a number")
			}
			return dblNum(f), nil
		case string:
			switch x {
			case "NaN":
				return dblNum(math.NaN()), nil
			case "INF":
				return dblNum(math.Inf(1)), nil
			case "-INF":
				return dblNum(math.Inf(-1)), nil
			}
		}
		return bad("want a JSON number")
	case "Edm.Date":
		s, ok := v.(string)
		if !ok || len(s) != 10 {
			return bad("want YYYY-MM-DD")
		}
		if _, err := time.Parse("2006-01-02", s); err != nil {
			return bad("want YYYY-MM-DD")
		}
		return dateV(s), nil
	case "Edm.DateTimeOffset":
		s, ok := v.(string)
		if !ok {
			return bad("want a string")
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return bad("not RFC 3339")
		}
		return t.UTC(), nil
	case "Edm.Binary":
		s, ok := v.(string)
		if !ok {
			return bad("want base64 text")
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			if b2, err2 := base64.URLEncoding.DecodeString(s); err2 == nil {
				return b2, nil
			}
			return bad("not base64")
		}
		return b, nil
	}
	return bad("unknown EDM type")
}

// sameValue compares an oracle value with a gateway value of property p: exact, except
// doubles (relative 1e-12, Single 1e-6) and SQLite decimals (half a unit in the last
// place of the column's scale).
func sameValue(exp, got any, p *prop, engine string) bool {
	if exp == nil || got == nil {
		return exp == nil && got == nil
	}
	switch e := exp.(type) {
	case num:
		g, ok := got.(num)
		if !ok {
			return false
		}
		if e.k == nDbl || g.k == nDbl {
			tol := 1e-12
			if p != nil && p.Type == "Edm.Single" {
				tol = 1e-6
			}
			return floatClose(e.float(), g.float(), tol)
		}
		if engine == "sqlite" && p != nil && p.Type == "Edm.Decimal" {
			scale := p.Scale
			if scale < 0 {
				scale = 6
			}
			diff := new(big.Rat).Sub(e.r, g.r)
			diff.Abs(diff)
			half := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Mul(big.NewInt(2), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)))
			return diff.Cmp(half) <= 0
		}
		return e.r.Cmp(g.r) == 0
	case time.Time:
		g, ok := got.(time.Time)
		return ok && e.Equal(g)
	case []byte:
		g, ok := got.([]byte)
		return ok && bytes.Equal(e, g)
	case dateV:
		g, ok := got.(dateV)
		return ok && e == g
	case string:
		g, ok := got.(string)
		return ok && e == g
	case bool:
		g, ok := got.(bool)
		return ok && e == g
	}
	return false
}

func floatClose(a, b, tol float64) bool {
	if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
		return true
	}
	d := math.Abs(a - b)
	m := math.Max(math.Abs(a), math.Abs(b))
	return d <= tol*m
}

// canon is a canonical text of a normalized value, for keys and messages.
func canon(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case num:
		return x.String()
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case dateV:
		return string(x)
	case []byte:
		return "0x" + hex.EncodeToString(x)
	case string:
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

func short(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
