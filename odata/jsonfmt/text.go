package jsonfmt

import (
	"math"
	"time"
)

// Parsers for the text forms databases return. Generic over string and []byte so that
// neither form is converted (and copied) to the other.

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// eqFoldASCII reports whether s equals the lower-case ASCII literal lit, ignoring case.
func eqFoldASCII[T ~string | ~[]byte](s T, lit string) bool {
	if len(s) != len(lit) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lit[i] {
			return false
		}
	}
	return true
}

// parseInt parses optional-sign decimal digits into an int64, exactly.
func parseInt[T ~string | ~[]byte](s T) (int64, string) {
	i := 0
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		i++
	}
	if i == len(s) {
		return 0, rNotInteger
	}
	var u uint64
	for ; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) {
			return 0, rNotInteger
		}
		if u > (1<<63)/10 {
			return 0, rOutOfRange
		}
		u = u*10 + uint64(c-'0')
		if u > 1<<63 {
			return 0, rOutOfRange
		}
	}
	if neg {
		return -int64(u), "" // u == 1<<63 wraps to MinInt64, which is right
	}
	if u > math.MaxInt64 {
		return 0, rOutOfRange
	}
	return int64(u), ""
}

// parseBool accepts true/false/t/f in any case, and integer text (0 is false).
func parseBool[T ~string | ~[]byte](s T) (bool, bool) {
	switch {
	case eqFoldASCII(s, "true"), eqFoldASCII(s, "t"):
		return true, true
	case eqFoldASCII(s, "false"), eqFoldASCII(s, "f"):
		return false, true
	}
	n, r := parseInt(s)
	if r == rNotInteger {
		return false, false
	}
	return n != 0 || r == rOutOfRange, true
}

// specialText recognises the non-finite spellings of PostgreSQL, MySQL and OData and
// returns the OData JSON literal for them.
func specialText[T ~string | ~[]byte](s T) (string, bool) {
	if len(s) < 3 || len(s) > 9 {
		return "", false
	}
	switch {
	case eqFoldASCII(s, "nan"):
		return `"NaN"`, true
	case eqFoldASCII(s, "inf"), eqFoldASCII(s, "infinity"), eqFoldASCII(s, "+inf"), eqFoldASCII(s, "+infinity"):
		return `"INF"`, true
	case eqFoldASCII(s, "-inf"), eqFoldASCII(s, "-infinity"):
		return `"-INF"`, true
	}
	return "", false
}

// appendNumber validates s as a decimal literal — [+-] digits [. digits] [(e|E) [+-]
// digits], with digits on at least one side of the point — and appends it as a JSON
// number: the digits verbatim, without a leading "+" or superfluous leading zeros, "0"
// before a bare ".5", and no trailing bare ".".
func appendNumber[T ~string | ~[]byte](dst []byte, s T) ([]byte, bool) {
	start, n, i := len(dst), len(s), 0
	if n > 0 && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			dst = append(dst, '-')
		}
		i++
	}
	intStart := i
	for i < n && isDigit(s[i]) {
		i++
	}
	intEnd := i
	fracStart, fracEnd := i, i
	if i < n && s[i] == '.' {
		i++
		fracStart = i
		for i < n && isDigit(s[i]) {
			i++
		}
		fracEnd = i
	}
	if intEnd == intStart && fracEnd == fracStart {
		return dst[:start], false
	}
	for intStart < intEnd-1 && s[intStart] == '0' {
		intStart++
	}
	if intEnd == intStart {
		dst = append(dst, '0')
	} else {
		dst = append(dst, s[intStart:intEnd]...)
	}
	if fracEnd > fracStart {
		dst = append(dst, '.')
		dst = append(dst, s[fracStart:fracEnd]...)
	}
	if i < n && (s[i] == 'e' || s[i] == 'E') {
		dst = append(dst, 'e')
		i++
		if i < n && (s[i] == '+' || s[i] == '-') {
			dst = append(dst, s[i])
			i++
		}
		expStart := i
		for i < n && isDigit(s[i]) {
			i++
		}
		if i == expStart {
			return dst[:start], false
		}
		dst = append(dst, s[expStart:i]...)
	}
	if i != n {
		return dst[:start], false
	}
	return dst, true
}

// dateTime is a parsed date or date-time text, fields as written.
type dateTime struct {
	year, month, day  int
	hour, minute, sec int
	nsec              int
	offset            int // seconds east of UTC
}

func (d *dateTime) utc() time.Time {
	t := time.Date(d.year, time.Month(d.month), d.day, d.hour, d.minute, d.sec, d.nsec, time.UTC)
	if d.offset != 0 {
		t = t.Add(-time.Duration(d.offset) * time.Second)
	}
	return t
}

// digits parses exactly n digits at s[i:].
func digits[T ~string | ~[]byte](s T, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for j := i; j < i+n; j++ {
		if !isDigit(s[j]) {
			return 0, false
		}
		v = v*10 + int(s[j]-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseDateTime parses the date and date-time text forms of SQLite, MySQL and
// PostgreSQL:
//
//	YYYY-MM-DD
//	YYYY-MM-DD[T| ]hh:mm[:ss[(.|,)f…]][ ][Z|±hh[[:]mm]]
//
// Text without a zone is UTC. Fractional digits beyond nanoseconds are dropped.
func parseDateTime[T ~string | ~[]byte](s T) (dateTime, string) {
	var d dateTime
	n := len(s)
	// Year: four or more digits (PostgreSQL allows years past 9999).
	i := 0
	for i < n && i < 9 && isDigit(s[i]) {
		d.year = d.year*10 + int(s[i]-'0')
		i++
	}
	if i < 4 || i >= n || s[i] != '-' {
		return d, rNotDate
	}
	var ok bool
	if d.month, ok = digits(s, i+1, 2); !ok || i+3 >= n || s[i+3] != '-' {
		return d, rNotDate
	}
	if d.day, ok = digits(s, i+4, 2); !ok {
		return d, rNotDate
	}
	i += 6
	if d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysIn(d.year, d.month) {
		return d, rBadDateTimeVals
	}
	if i == n {
		return d, ""
	}
	if c := s[i]; c != 'T' && c != 't' && c != ' ' {
		return d, rNotDateTime
	}
	i++
	if d.hour, ok = digits(s, i, 2); !ok || i+2 >= n || s[i+2] != ':' {
		return d, rNotDateTime
	}
	if d.minute, ok = digits(s, i+3, 2); !ok {
		return d, rNotDateTime
	}
	i += 5
	if i < n && s[i] == ':' {
		if d.sec, ok = digits(s, i+1, 2); !ok {
			return d, rNotDateTime
		}
		i += 3
		if i < n && (s[i] == '.' || s[i] == ',') {
			i++
			j, scale := i, 100000000
			for i < n && isDigit(s[i]) {
				d.nsec += int(s[i]-'0') * scale
				scale /= 10
				i++
			}
			if i == j {
				return d, rNotDateTime
			}
		}
	}
	// sec 60 is a leap second (allowed by OData); time.Date normalises it.
	if d.hour > 23 || d.minute > 59 || d.sec > 60 {
		return d, rBadDateTimeVals
	}
	if i < n && s[i] == ' ' {
		i++
	}
	if i == n {
		return d, ""
	}
	switch s[i] {
	case 'Z', 'z':
		i++
	case '+', '-':
		sign := 1
		if s[i] == '-' {
			sign = -1
		}
		i++
		hh, ok := digits(s, i, 2)
		if !ok {
			return d, rNotDateTime
		}
		i += 2
		mm := 0
		if i < n && s[i] == ':' {
			i++
		}
		if i < n {
			if mm, ok = digits(s, i, 2); !ok {
				return d, rNotDateTime
			}
			i += 2
		}
		if hh > 23 || mm > 59 {
			return d, rBadDateTimeVals
		}
		d.offset = sign * (hh*3600 + mm*60)
	default:
		return d, rNotDateTime
	}
	if i != n {
		return d, rNotDateTime
	}
	return d, ""
}

func append2(dst []byte, v int) []byte {
	return append(dst, byte('0'+v/10), byte('0'+v%10))
}

// appendDate appends YYYY-MM-DD; years beyond 0..9999 get a sign or more digits, as
// the OData ABNF allows.
func appendDate(dst []byte, year, month, day int) []byte {
	if year < 0 {
		dst = append(dst, '-')
		year = -year
	}
	switch {
	case year < 10:
		dst = append(dst, "000"...)
	case year < 100:
		dst = append(dst, "00"...)
	case year < 1000:
		dst = append(dst, '0')
	}
	dst = appendUint(dst, uint64(year))
	dst = append(dst, '-')
	dst = append2(dst, month)
	dst = append(dst, '-')
	return append2(dst, day)
}

func appendUint(dst []byte, v uint64) []byte {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

var pow10 = [10]int{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// appendDateTimeOffset appends t (already in UTC) as YYYY-MM-DDThh:mm:ss[.f…]Z with at
// most frac (1..9) fractional digits, truncated, trailing zeros trimmed.
func appendDateTimeOffset(dst []byte, t time.Time, frac int) []byte {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	dst = appendDate(dst, y, int(mo), d)
	dst = append(dst, 'T')
	dst = append2(dst, h)
	dst = append(dst, ':')
	dst = append2(dst, mi)
	dst = append(dst, ':')
	dst = append2(dst, s)
	if ns := t.Nanosecond(); ns != 0 && frac > 0 {
		f := ns / pow10[9-frac]
		if f != 0 {
			for f%10 == 0 {
				f /= 10
				frac--
			}
			dst = append(dst, '.')
			for p := frac - 1; p >= 0; p-- {
				dst = append(dst, byte('0'+f/pow10[p]%10))
			}
		}
	}
	return append(dst, 'Z')
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// parseGuid accepts 8-4-4-4-12 hex with hyphens, 32 hex digits, either in braces.
func parseGuid[T ~string | ~[]byte](s T, g *[16]byte) bool {
	if len(s) >= 2 && s[0] == '{' && s[len(s)-1] == '}' {
		s = s[1 : len(s)-1]
	}
	hyphens := false
	switch len(s) {
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return false
		}
		hyphens = true
	case 32:
	default:
		return false
	}
	j := 0
	for i := 0; i < 16; i++ {
		if hyphens && (j == 8 || j == 13 || j == 18 || j == 23) {
			j++
		}
		hi, ok1 := unhex(s[j])
		lo, ok2 := unhex(s[j+1])
		if !ok1 || !ok2 {
			return false
		}
		g[i] = hi<<4 | lo
		j += 2
	}
	return true
}

const hexDigits = "0123456789abcdef"

func appendGuid(dst []byte, g *[16]byte) []byte {
	for i, b := range g {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexDigits[b>>4], hexDigits[b&0xf])
	}
	return dst
}
