package odata

import (
	"math"
	"strconv"
	"strings"
)

// Literals in expressions: numbers, dates, times, durations, GUIDs and typed
// literals (literal.go holds their values and scanning).

// parseNumberish parses a literal that starts with a digit or a sign: integers,
// decimals, doubles (ABNF decimalLiteral/doubleLiteral/int*Literal, nanInfinity),
// dates, date-times, times of day and guids, plus the OData 2.0 suffixes L, M, D, F.
//
//	123        LitInt (int64); beyond int64 → LitDecimal (per the ABNF an integer
//	           literal too large for Int64 is a Decimal)
//	1.50       LitDecimal "1.50"
//	1.5e3      LitDouble
//	123L       LitInt (2.0)         1.5M LitDecimal (2.0)     1.5d / 1.5f LitDouble (2.0)
func (p *parser) parseNumberish() (Expr, *Error) {
	s, start := p.src, p.pos
	i := start
	if isDigit(s[i]) && guidAt(s, i) {
		p.pos = i + 36
		return &Literal{Kind: LitGuid, Value: strings.ToLower(s[i : i+36]), Offset: start}, nil
	}
	var sign byte
	if s[i] == '-' || s[i] == '+' {
		sign = s[i]
		i++
		if sign == '-' && exactWordAt(s, i, "INF") {
			p.pos = i + 3
			return &Literal{Kind: LitDouble, Value: math.Inf(-1), Offset: start}, nil
		}
	}
	ds := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == ds {
		return nil, p.errAt(ds, "expected a digit")
	}
	if i < len(s) {
		switch {
		case s[i] == '-' && i-ds >= 4:
			if sign == '+' {
				return nil, p.errAt(start, "invalid date: a year cannot have a '+' sign")
			}
			return p.parseDateOrDTO(start)
		case s[i] == ':' && i-ds == 2 && sign == 0:
			_, _, _, _, end, e := scanTimeOfDay(s, start, false)
			if e != nil {
				return nil, p.scanErr(e, 0)
			}
			if err := p.literalEnd(end); err != nil {
				return nil, err
			}
			p.pos = end
			return &Literal{Kind: LitTimeOfDay, Value: s[start:end], Offset: start}, nil
		}
	}
	hasFrac, hasExp := false, false
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == fs {
			return nil, p.errAt(i, "expected a digit after '.'")
		}
		hasFrac = true
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		es := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == es {
			return nil, p.errAt(i, "expected exponent digits")
		}
		hasExp = true
	}
	numEnd := i
	var suffix byte
	if i < len(s) {
		switch c := lowerASCII(s[i]); c {
		case 'l', 'm', 'd', 'f':
			suffix = c
			i++
		}
	}
	if err := p.literalEnd(i); err != nil {
		return nil, err
	}
	text := s[start:numEnd]
	if sign == '+' {
		text = text[1:]
	}
	p.pos = i
	switch {
	case suffix == 'l':
		if hasFrac || hasExp {
			return nil, p.errAt(numEnd, "the L suffix needs an integer")
		}
		v, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, p.errAt(start, "integer literal out of Int64 range")
		}
		return &Literal{Kind: LitInt, Value: v, Offset: start}, nil
	case suffix == 'm':
		if hasExp {
			return nil, p.errAt(numEnd, "the M suffix cannot follow an exponent")
		}
		return &Literal{Kind: LitDecimal, Value: text, Offset: start}, nil
	case suffix == 'd' || suffix == 'f' || hasExp:
		v, err := strconv.ParseFloat(text, 64)
		if err != nil && math.IsInf(v, 0) {
			return nil, p.errAt(start, "floating-point literal out of range")
		}
		return &Literal{Kind: LitDouble, Value: v, Offset: start}, nil
	case hasFrac:
		return &Literal{Kind: LitDecimal, Value: text, Offset: start}, nil
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return &Literal{Kind: LitDecimal, Value: text, Offset: start}, nil
	}
	return &Literal{Kind: LitInt, Value: v, Offset: start}, nil
}

// literalEnd rejects a literal that runs into an identifier character or a '.'
// (`12abc`, `2020-01-01x`).
func (p *parser) literalEnd(i int) *Error {
	if i < len(p.src) && (identPartAt(p.src, i) > 0 || p.src[i] == '.') {
		return p.errAt(i, "unexpected %s after literal", describeRune(p.src, i))
	}
	return nil
}

func (p *parser) parseDateOrDTO(start int) (Expr, *Error) {
	s := p.src
	_, _, _, end, e := scanDate(s, start)
	if e != nil {
		return nil, p.scanErr(e, 0)
	}
	if end < len(s) && (s[end] == 'T' || s[end] == 't') {
		t, end, e := scanDateTimeOffset(s, start, true)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		if err := p.literalEnd(end); err != nil {
			return nil, err
		}
		p.pos = end
		return &Literal{Kind: LitDateTimeOffset, Value: t, Offset: start}, nil
	}
	if err := p.literalEnd(end); err != nil {
		return nil, err
	}
	p.pos = end
	return &Literal{Kind: LitDate, Value: s[start:end], Offset: start}, nil
}

// parseTypedLiteral parses prefix'…' where s[start:q] is the prefix and s[q] == '\”.
func (p *parser) parseTypedLiteral(start, q int) (Expr, *Error) {
	s := p.src
	prefix := s[start:q]
	is := func(w string) bool { return strings.EqualFold(prefix, w) }
	switch {
	case is("time"):
		return nil, p.unsupported(start, "OData 2.0 time'…' literals")
	case is("geography"):
		return p.parseGeoLiteral(start, q, LitGeography)
	case is("geometry"):
		return p.parseGeoLiteral(start, q, LitGeometry)
	case !is("duration") && !is("binary") && !is("x") && !is("datetime") &&
		!is("datetimeoffset") && !is("guid"):
		return nil, p.errAt(start, "unknown literal prefix '%s'", prefix)
	}
	ce, e := scanQuotedRaw(s, q)
	if e != nil {
		return nil, p.scanErr(e, 0)
	}
	content := s[q+1 : ce]
	lit := &Literal{Offset: start}
	switch {
	case is("duration"):
		d, e := scanDuration(s, q+1, ce)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		lit.Kind, lit.Value = LitDuration, d
	case is("binary"):
		b, e := decodeBase64URL(content, q+1)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		lit.Kind, lit.Value = LitBinary, b
	case is("x"):
		b, e := decodeHex(content, q+1)
		if e != nil {
			return nil, p.scanErr(e, 0)
		}
		lit.Kind, lit.Value = LitBinary, b
	case is("guid"):
		if len(content) != 36 || !guidAt(content, 0) {
			return nil, p.errAt(q+1, "invalid guid")
		}
		lit.Kind, lit.Value = LitGuid, strings.ToLower(content)
	case is("datetime"), is("datetimeoffset"):
		// A '+' in the offset that arrived unencoded in a query string has been
		// decoded to a space; take it back.
		c := content
		if strings.IndexByte(c, ' ') >= 0 {
			c = strings.ReplaceAll(c, " ", "+")
		}
		t, end, e := scanDateTimeOffset(c, 0, is("datetimeoffset"))
		if e != nil {
			return nil, p.scanErr(e, q+1)
		}
		if end != len(c) {
			return nil, p.errAt(q+1+end, "unexpected character in %s literal", strings.ToLower(prefix))
		}
		if is("datetime") {
			_, off := t.Zone()
			if off == 0 {
				t = t.UTC()
			}
		}
		lit.Kind, lit.Value = LitDateTimeOffset, t
	}
	if err := p.literalEnd(ce + 1); err != nil {
		return nil, err
	}
	p.pos = ce + 1
	return lit, nil
}

// parseGeoLiteral parses geography'…' / geometry'…' (prefix s[start:q]): an optional
// SRID=n; and a well-known-text value with balanced parentheses. The text is kept as
// written.
func (p *parser) parseGeoLiteral(start, q int, kind LitKind) (Expr, *Error) {
	s := p.src
	ce, e := scanQuotedRaw(s, q)
	if e != nil {
		return nil, p.scanErr(e, 0)
	}
	v := s[q+1 : ce]
	body := v
	if len(body) >= 5 && strings.EqualFold(body[:5], "SRID=") {
		k := strings.IndexByte(body, ';')
		if k < 0 {
			return nil, p.errAt(q+1, "expected ';' after SRID")
		}
		if _, err := strconv.ParseUint(body[5:k], 10, 32); err != nil {
			return nil, p.errAt(q+1, "invalid SRID")
		}
		body = body[k+1:]
	}
	if body == "" || !isAlpha(body[0]) {
		return nil, p.errAt(q+1, "expected a geospatial value such as Point(1 2)")
	}
	depth, opened := 0, false
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '(':
			depth++
			opened = true
		case ')':
			depth--
			if depth < 0 {
				return nil, p.errAt(q+1, "unbalanced ')' in geospatial value")
			}
		}
	}
	if depth != 0 || !opened {
		return nil, p.errAt(q+1, "unbalanced parentheses in geospatial value")
	}
	if err := p.literalEnd(ce + 1); err != nil {
		return nil, err
	}
	p.pos = ce + 1
	return &Literal{Kind: kind, Value: v, Offset: start}, nil
}
