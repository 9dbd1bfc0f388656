package odata

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"time"
)

// Canonical text of literals. The same text is used by String() (cache keys) and by
// Format (OData syntax), so a literal always re-parses to an equal literal.
//
//	null, true, false
//	int        -42
//	decimal    1.50 (as written, leading '+' dropped); a decimal without '.' that
//	           would re-parse as an integer gets the 2.0 suffix: 5M
//	double     shortest round-trip mantissa/exponent, exponent always present and
//	           without '+': 1.5e3, 1e-2, 0e0; INF, -INF, NaN
//	string     'O''Reilly'
//	date       2020-01-31 (as written)
//	dto        2020-01-31T10:00:00Z, 2020-01-31T10:00:00.1234567+02:00 (seconds
//	           always, fraction trimmed, zero offset as Z)
//	timeofday  as written: 10:00, 10:00:00.123
//	duration   duration'P1DT2H3M4.5S', duration'-PT1S', duration'PT0S'
//	guid       lower-case, bare: 01234567-89ab-cdef-0123-456789abcdef
//	binary     binary'<base64url with padding>'

func appendLiteral(b []byte, l *Literal) []byte {
	switch l.Kind {
	case LitNull:
		return append(b, "null"...)
	case LitBool:
		if v, ok := l.Value.(bool); ok {
			return strconv.AppendBool(b, v)
		}
	case LitInt:
		if v, ok := l.Value.(int64); ok {
			return strconv.AppendInt(b, v, 10)
		}
	case LitDecimal:
		if v, ok := l.Value.(string); ok {
			b = append(b, v...)
			if !strings.ContainsRune(v, '.') {
				if _, err := strconv.ParseInt(v, 10, 64); err == nil {
					b = append(b, 'M')
				}
			}
			return b
		}
	case LitDouble:
		if v, ok := l.Value.(float64); ok {
			return appendDouble(b, v)
		}
	case LitString:
		if v, ok := l.Value.(string); ok {
			return appendQuoted(b, v)
		}
	case LitDate, LitTimeOfDay:
		if v, ok := l.Value.(string); ok {
			return append(b, v...)
		}
	case LitDateTimeOffset:
		if v, ok := l.Value.(time.Time); ok {
			return appendDateTimeOffset(b, v)
		}
	case LitDuration:
		if v, ok := l.Value.(time.Duration); ok {
			b = append(b, "duration'"...)
			b = appendDuration(b, v)
			return append(b, '\'')
		}
	case LitGuid:
		if v, ok := l.Value.(string); ok {
			return append(b, strings.ToLower(v)...)
		}
	case LitBinary:
		if v, ok := l.Value.([]byte); ok {
			b = append(b, "binary'"...)
			b = base64.URLEncoding.AppendEncode(b, v)
			return append(b, '\'')
		}
	case LitGeography, LitGeometry:
		if v, ok := l.Value.(string); ok {
			b = append(b, l.Kind.String()...)
			b = append(b, '\'')
			b = append(b, v...)
			return append(b, '\'')
		}
	}
	// A Literal built by hand with an unexpected Value type: print something
	// recognisable rather than panic.
	b = append(b, "<invalid "...)
	b = append(b, l.Kind.String()...)
	return append(b, '>')
}

func appendQuoted(b []byte, v string) []byte {
	b = append(b, '\'')
	for {
		k := strings.IndexByte(v, '\'')
		if k < 0 {
			break
		}
		b = append(b, v[:k+1]...)
		b = append(b, '\'')
		v = v[k+1:]
	}
	b = append(b, v...)
	return append(b, '\'')
}

func appendDouble(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "INF"...)
	case math.IsInf(v, -1):
		return append(b, "-INF"...)
	}
	var tmp [32]byte
	t := strconv.AppendFloat(tmp[:0], v, 'e', -1, 64) // e.g. 1.5e+03, 1e-02
	k := 0
	for k < len(t) && t[k] != 'e' {
		k++
	}
	b = append(b, t[:k+1]...)
	k++
	if k < len(t) && t[k] == '-' {
		b = append(b, '-')
		k++
	} else if k < len(t) && t[k] == '+' {
		k++
	}
	for k < len(t)-1 && t[k] == '0' {
		k++
	}
	return append(b, t[k:]...)
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10%10), byte('0'+v%10))
}

func appendDateTimeOffset(b []byte, t time.Time) []byte {
	y := t.Year()
	if y < 0 {
		b = append(b, '-')
		y = -y
	}
	if y < 1000 {
		b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	} else {
		b = strconv.AppendInt(b, int64(y), 10)
	}
	b = append(b, '-')
	b = append2(b, int(t.Month()))
	b = append(b, '-')
	b = append2(b, t.Day())
	b = append(b, 'T')
	b = append2(b, t.Hour())
	b = append(b, ':')
	b = append2(b, t.Minute())
	b = append(b, ':')
	b = append2(b, t.Second())
	if ns := t.Nanosecond(); ns != 0 {
		b = appendFraction(b, ns)
	}
	_, off := t.Zone()
	if off == 0 {
		return append(b, 'Z')
	}
	if off < 0 {
		b = append(b, '-')
		off = -off
	} else {
		b = append(b, '+')
	}
	b = append2(b, off/3600)
	b = append(b, ':')
	return append2(b, off/60%60)
}

// appendFraction appends "." and ns (0 < ns < 1e9) as 9 digits with trailing zeros
// trimmed.
func appendFraction(b []byte, ns int) []byte {
	var d [9]byte
	for k := 8; k >= 0; k-- {
		d[k] = byte('0' + ns%10)
		ns /= 10
	}
	n := 9
	for n > 1 && d[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, d[:n]...)
}

func appendDuration(b []byte, d time.Duration) []byte {
	if d < 0 {
		b = append(b, '-')
	}
	u := uint64(d)
	if d < 0 {
		u = uint64(-(d + 1)) + 1 // avoids overflow at math.MinInt64
	}
	const day = uint64(24 * time.Hour)
	days := u / day
	u %= day
	h := u / uint64(time.Hour)
	u %= uint64(time.Hour)
	m := u / uint64(time.Minute)
	u %= uint64(time.Minute)
	sec := u / uint64(time.Second)
	ns := u % uint64(time.Second)
	b = append(b, 'P')
	if days > 0 {
		b = strconv.AppendUint(b, days, 10)
		b = append(b, 'D')
	}
	if h == 0 && m == 0 && sec == 0 && ns == 0 {
		if days == 0 {
			b = append(b, "T0S"...)
		}
		return b
	}
	b = append(b, 'T')
	if h > 0 {
		b = strconv.AppendUint(b, h, 10)
		b = append(b, 'H')
	}
	if m > 0 {
		b = strconv.AppendUint(b, m, 10)
		b = append(b, 'M')
	}
	if sec > 0 || ns > 0 {
		b = strconv.AppendUint(b, sec, 10)
		if ns > 0 {
			b = appendFraction(b, int(ns))
		}
		b = append(b, 'S')
	}
	return b
}
