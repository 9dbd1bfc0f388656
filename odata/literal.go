package odata

import (
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"
)

// Primitive literals (ABNF §7 primitiveLiteral), plus the OData 2.0 forms that
// Salesforce Connect's 2.0 adapter sends: datetime'…', datetimeoffset'…', guid'…',
// X'…', 123L, 1.5M, 1.5d, 1.5f.
//
// The scanners here are pure functions over (text, offset) returning the end offset
// or a *scanErr with an absolute position; the parser turns that into an *Error.
// The canonical text a literal prints as is in literaltext.go.

type scanErr struct {
	pos int
	msg string
}

func serr(pos int, msg string) *scanErr { return &scanErr{pos: pos, msg: msg} }

// scanString scans a stringLiteral (ABNF: SQUOTE *( SQUOTE-in-string / pchar-no-SQUOTE )
// SQUOTE) at s[i] == '\”. Two consecutive quotes stand for one.
func scanString(s string, i int) (val string, end int, e *scanErr) {
	j := i + 1
	seg := j
	var b []byte
	for j < len(s) {
		if s[j] != '\'' {
			j++
			continue
		}
		if j+1 < len(s) && s[j+1] == '\'' {
			b = append(b, s[seg:j+1]...)
			j += 2
			seg = j
			continue
		}
		if b == nil {
			return s[seg:j], j + 1, nil
		}
		b = append(b, s[seg:j]...)
		return string(b), j + 1, nil
	}
	return "", 0, serr(i, "unterminated string literal")
}

// scanQuotedRaw finds the closing quote of a typed literal whose value cannot contain
// quotes (duration'…', binary'…', guid'…'). s[i] == '\”.
func scanQuotedRaw(s string, i int) (contentEnd int, e *scanErr) {
	k := strings.IndexByte(s[i+1:], '\'')
	if k < 0 {
		return 0, serr(i, "unterminated literal")
	}
	return i + 1 + k, nil
}

func digitsAt(s string, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for k := i; k < i+n; k++ {
		if !isDigit(s[k]) {
			return 0, false
		}
		v = v*10 + int(s[k]-'0')
	}
	return v, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// scanDate scans ABNF date = year "-" month "-" day, with
// year = [ "-" ] ( "0" 3DIGIT / oneToNine 3*DIGIT ), and validates the calendar date
// (proleptic Gregorian, astronomical year numbering).
func scanDate(s string, i int) (y, m, d, end int, e *scanErr) {
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	ys := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	nd := i - ys
	switch {
	case nd < 4:
		return 0, 0, 0, 0, serr(ys, "invalid year: expected 4 digits")
	case nd > 4 && s[ys] == '0':
		return 0, 0, 0, 0, serr(ys, "invalid year: leading zero")
	case nd > 9:
		return 0, 0, 0, 0, serr(ys, "year out of range")
	}
	y, _ = digitsAt(s, ys, nd)
	if neg {
		y = -y
	}
	if i >= len(s) || s[i] != '-' {
		return 0, 0, 0, 0, serr(i, "expected '-' in date")
	}
	i++
	m, ok := digitsAt(s, i, 2)
	if !ok || m < 1 || m > 12 {
		return 0, 0, 0, 0, serr(i, "invalid month")
	}
	i += 2
	if i >= len(s) || s[i] != '-' {
		return 0, 0, 0, 0, serr(i, "expected '-' in date")
	}
	i++
	d, ok = digitsAt(s, i, 2)
	if !ok || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, 0, serr(i, "invalid day of month")
	}
	return y, m, d, i + 2, nil
}

// scanTimeOfDay scans ABNF timeOfDayValue = hour ":" minute [ ":" second [ "."
// fractionalSeconds ] ] with fractionalSeconds = 1*12DIGIT. Digits beyond
// nanoseconds are truncated. allowLeap admits second 60 (ABNF second rule).
func scanTimeOfDay(s string, i int, allowLeap bool) (h, mi, sec, ns, end int, e *scanErr) {
	h, ok := digitsAt(s, i, 2)
	if !ok || h > 23 {
		return 0, 0, 0, 0, 0, serr(i, "invalid hour")
	}
	i += 2
	if i >= len(s) || s[i] != ':' {
		return 0, 0, 0, 0, 0, serr(i, "expected ':' in time")
	}
	i++
	mi, ok = digitsAt(s, i, 2)
	if !ok || mi > 59 {
		return 0, 0, 0, 0, 0, serr(i, "invalid minute")
	}
	i += 2
	if i < len(s) && s[i] == ':' {
		i++
		sec, ok = digitsAt(s, i, 2)
		if !ok || sec > 60 || sec == 60 && !allowLeap {
			return 0, 0, 0, 0, 0, serr(i, "invalid second")
		}
		i += 2
		if i < len(s) && s[i] == '.' {
			i++
			fs := i
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			if i == fs || i-fs > 12 {
				return 0, 0, 0, 0, 0, serr(fs, "invalid fractional seconds")
			}
			scale := 100000000
			for k := fs; k < i && k < fs+9; k++ {
				ns += int(s[k]-'0') * scale
				scale /= 10
			}
		}
	}
	return h, mi, sec, ns, i, nil
}

// scanDateTimeOffset scans ABNF dateTimeOffsetValue = date "T" timeOfDayValue
// ( "Z" / SIGN hour ":" minute ). A leap second (:60) is normalised to the next
// minute. If zone is false the zone designator is optional (OData 2.0 datetime'…')
// and the value is UTC.
func scanDateTimeOffset(s string, i int, zone bool) (t time.Time, end int, e *scanErr) {
	y, mo, d, i, e := scanDate(s, i)
	if e != nil {
		return time.Time{}, 0, e
	}
	if i >= len(s) || s[i] != 'T' && s[i] != 't' {
		return time.Time{}, 0, serr(i, "expected 'T' in date-time")
	}
	h, mi, sec, ns, i, e := scanTimeOfDay(s, i+1, true)
	if e != nil {
		return time.Time{}, 0, e
	}
	loc := time.UTC
	switch {
	case i < len(s) && (s[i] == 'Z' || s[i] == 'z'):
		i++
	case i < len(s) && (s[i] == '+' || s[i] == '-'):
		sign := 1
		if s[i] == '-' {
			sign = -1
		}
		i++
		oh, ok := digitsAt(s, i, 2)
		if !ok || oh > 23 {
			return time.Time{}, 0, serr(i, "invalid time zone offset")
		}
		i += 2
		if i >= len(s) || s[i] != ':' {
			return time.Time{}, 0, serr(i, "expected ':' in time zone offset")
		}
		i++
		om, ok := digitsAt(s, i, 2)
		if !ok || om > 59 {
			return time.Time{}, 0, serr(i, "invalid time zone offset")
		}
		i += 2
		if off := sign * (oh*3600 + om*60); off != 0 {
			loc = time.FixedZone("", off)
		}
	default:
		if zone {
			return time.Time{}, 0, serr(i, "date-time literal needs 'Z' or an offset such as +01:00")
		}
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc), i, nil
}

// guidAt reports whether a guid (ABNF: 8HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-" 4HEXDIG "-"
// 12HEXDIG) starts at s[i] and is not followed by an identifier character or '-'.
func guidAt(s string, i int) bool {
	if len(s)-i < 36 {
		return false
	}
	for k := 0; k < 36; k++ {
		c := s[i+k]
		switch k {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	j := i + 36
	return identPartAt(s, j) == 0 && (j >= len(s) || s[j] != '-' && s[j] != '.')
}

// scanDuration parses ABNF durationValue = [ "-" ] "P" [ 1*DIGIT "D" ] [ "T" [ 1*DIGIT
// "H" ] [ 1*DIGIT "M" ] [ 1*DIGIT [ "." 1*DIGIT ] "S" ] ] (an xs:dayTimeDuration) in
// s[i:end]. Years and months are rejected; fractions below a nanosecond are truncated.
func scanDuration(s string, i, end int) (time.Duration, *scanErr) {
	neg := false
	if i < end && s[i] == '-' {
		neg = true
		i++
	}
	if i >= end || s[i] != 'P' && s[i] != 'p' {
		return 0, serr(i, "duration must start with 'P'")
	}
	i++
	var total int64
	add := func(pos int, v int64, unit int64) *scanErr {
		if v > math.MaxInt64/unit || total > math.MaxInt64-v*unit {
			return serr(pos, "duration out of range")
		}
		total += v * unit
		return nil
	}
	num := func() (int64, int, *scanErr) {
		st := i
		for i < end && isDigit(s[i]) {
			i++
		}
		if i == st {
			return 0, st, serr(st, "expected a number in duration")
		}
		v, err := strconv.ParseInt(s[st:i], 10, 64)
		if err != nil {
			return 0, st, serr(st, "duration out of range")
		}
		return v, st, nil
	}
	any := false
	if i < end && isDigit(s[i]) {
		v, st, e := num()
		if e != nil {
			return 0, e
		}
		if i >= end || s[i] != 'D' && s[i] != 'd' {
			if i < end && (s[i] == 'Y' || s[i] == 'y' || s[i] == 'M' || s[i] == 'm') {
				return 0, serr(i, "years and months are not allowed in a duration")
			}
			return 0, serr(i, "expected 'D' in duration")
		}
		i++
		if e := add(st, v, int64(24*time.Hour)); e != nil {
			return 0, e
		}
		any = true
	}
	if i < end && (s[i] == 'T' || s[i] == 't') {
		i++
		tAny := false
		stage := 0 // 1 after H, 2 after M, 3 after S
		for i < end {
			v, st, e := num()
			if e != nil {
				return 0, e
			}
			var frac int64
			if i < end && s[i] == '.' {
				i++
				fs := i
				scale := int64(100000000)
				for i < end && isDigit(s[i]) {
					if i-fs < 9 {
						frac += int64(s[i]-'0') * scale
						scale /= 10
					}
					i++
				}
				if i == fs || i >= end || s[i] != 'S' && s[i] != 's' {
					return 0, serr(fs, "invalid fractional seconds in duration")
				}
			}
			if i >= end {
				return 0, serr(i, "expected 'H', 'M' or 'S' in duration")
			}
			var unit int64
			var next int
			switch s[i] {
			case 'H', 'h':
				unit, next = int64(time.Hour), 1
			case 'M', 'm':
				unit, next = int64(time.Minute), 2
			case 'S', 's':
				unit, next = int64(time.Second), 3
			default:
				return 0, serr(i, "expected 'H', 'M' or 'S' in duration")
			}
			if next <= stage {
				return 0, serr(i, "duration components out of order")
			}
			stage = next
			i++
			if e := add(st, v, unit); e != nil {
				return 0, e
			}
			if e := add(st, frac, 1); e != nil {
				return 0, e
			}
			tAny = true
		}
		if !tAny {
			return 0, serr(i, "expected a time component after 'T' in duration")
		}
		any = true
	}
	if i != end {
		return 0, serr(i, "invalid character in duration")
	}
	if !any {
		return 0, serr(i, "empty duration")
	}
	if neg {
		total = -total
	}
	return time.Duration(total), nil
}

// decodeBase64URL decodes ABNF binaryValue (base64url, padding optional). The standard
// alphabet's '+' and '/' are tolerated.
func decodeBase64URL(v string, base int) ([]byte, *scanErr) {
	pad := 0
	for len(v) > 0 && v[len(v)-1] == '=' {
		v = v[:len(v)-1]
		pad++
	}
	if pad > 2 || pad > 0 && (len(v)+pad)%4 != 0 {
		return nil, serr(base+len(v), "invalid base64 padding")
	}
	if strings.ContainsAny(v, "+/") {
		v = strings.NewReplacer("+", "-", "/", "_").Replace(v)
	}
	for k := 0; k < len(v); k++ {
		c := v[k]
		if !(isAlpha(c) || isDigit(c) || c == '-' || c == '_') {
			return nil, serr(base+k, "invalid character in base64url value")
		}
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(v)
	if err != nil {
		return nil, serr(base, "invalid base64url value")
	}
	return b, nil
}

// decodeHex decodes the OData 2.0 X'…' binary form.
func decodeHex(v string, base int) ([]byte, *scanErr) {
	for k := 0; k < len(v); k++ {
		if !isHex(v[k]) {
			return nil, serr(base+k, "invalid hex digit in binary literal")
		}
	}
	if len(v)%2 != 0 {
		return nil, serr(base+len(v), "odd number of hex digits in binary literal")
	}
	b, err := hex.DecodeString(v)
	if err != nil {
		return nil, serr(base, "invalid hex binary literal")
	}
	return b, nil
}
