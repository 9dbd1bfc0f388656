package odata

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// The 4.01 JSON array and object literals (ABNF arrayOrObject, valueInUrl) inside a
// commonExpr: [1,'a',…] and {"name":value,…}, with JSON strings and their \u escapes.

// parseArray parses a JSON array [valueInUrl, …] at p.pos.
func (p *parser) parseArray() (*Collection, *Error) {
	s, start := p.src, p.pos
	if err := p.enter(start); err != nil {
		return nil, err
	}
	c := &Collection{Items: []Expr{}, Offset: start}
	p.pos = skipWS(s, start+1)
	if p.pos < len(s) && s[p.pos] == ']' {
		p.pos++
		p.depth--
		return c, nil
	}
	for {
		v, err := p.parseJSONValue()
		if err != nil {
			return nil, err
		}
		c.Items = append(c.Items, v)
		more, err := p.listNext(']')
		if err != nil {
			return nil, err
		}
		if !more {
			return c, nil
		}
	}
}

// parseObject parses a JSON object {"name":valueInUrl, …} at p.pos.
func (p *parser) parseObject() (*Object, *Error) {
	s, start := p.src, p.pos
	if err := p.enter(start); err != nil {
		return nil, err
	}
	o := &Object{Members: []ObjectMember{}, Offset: start}
	p.pos = skipWS(s, start+1)
	if p.pos < len(s) && s[p.pos] == '}' {
		p.pos++
		p.depth--
		return o, nil
	}
	for {
		if p.pos >= len(s) || s[p.pos] != '"' {
			return nil, p.expected("a member name in double quotes")
		}
		name, err := p.scanJSONString()
		if err != nil {
			return nil, err
		}
		p.pos = skipWS(s, p.pos)
		if p.pos >= len(s) || s[p.pos] != ':' {
			return nil, p.expected("':'")
		}
		p.pos = skipWS(s, p.pos+1)
		v, err := p.parseJSONValue()
		if err != nil {
			return nil, err
		}
		o.Members = append(o.Members, ObjectMember{Name: name, Value: v})
		more, err := p.listNext('}')
		if err != nil {
			return nil, err
		}
		if !more {
			return o, nil
		}
	}
}

// parseJSONValue parses valueInUrl: a JSON string, or a commonExpr.
func (p *parser) parseJSONValue() (Expr, *Error) {
	if p.pos < len(p.src) && p.src[p.pos] == '"' {
		start := p.pos
		v, err := p.scanJSONString()
		if err != nil {
			return nil, err
		}
		return &Literal{Kind: LitString, Value: v, Offset: start}, nil
	}
	return p.parseExpr(precOr)
}

// scanJSONString scans a JSON string at p.pos (a '"') and returns its value.
func (p *parser) scanJSONString() (string, *Error) {
	s, start := p.src, p.pos
	var b []byte
	i := start + 1
	for {
		if i >= len(s) {
			return "", p.errAt(start, "unterminated string (missing '\"')")
		}
		c := s[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return string(b), nil
		case c < 0x20:
			return "", p.errAt(i, "control character in a JSON string")
		case c == '\\':
			if i+1 >= len(s) {
				return "", p.errAt(i, "unterminated escape")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, n, ok := jsonUnicode(s, i)
				if !ok {
					return "", p.errAt(i, "invalid \\u escape")
				}
				b = utf8.AppendRune(b, r)
				i += n
				continue
			default:
				return "", p.errAt(i, "invalid escape '\\%c'", e)
			}
			i += 2
		default:
			b = append(b, c)
			i++
		}
	}
}

// jsonUnicode decodes \uXXXX (and a following low surrogate) at s[i].
func jsonUnicode(s string, i int) (rune, int, bool) {
	hex4 := func(k int) (rune, bool) {
		if k+6 > len(s) || s[k] != '\\' || s[k+1] != 'u' {
			return 0, false
		}
		v, err := strconv.ParseUint(s[k+2:k+6], 16, 32)
		return rune(v), err == nil
	}
	r, ok := hex4(i)
	if !ok {
		return 0, 0, false
	}
	if utf16.IsSurrogate(r) {
		r2, ok := hex4(i + 6)
		if !ok {
			return 0, 0, false
		}
		d := utf16.DecodeRune(r, r2)
		if d == utf8.RuneError {
			return 0, 0, false
		}
		return d, 12, true
	}
	return r, 6, true
}
