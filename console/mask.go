package console

import (
	"net/url"
	"strings"
)

// Masking: a request's URL carries data — filter literals, key values, search terms,
// skip tokens. The console shows the shape of a request, never those values. Masking
// happens when a page is rendered, so the request path pays nothing for it.

const masked = "…"

// MaskURL returns path?query with every literal replaced by "…": key predicates in
// the path, literals in $filter/$orderby/$apply/$compute expressions, and the whole
// value of $search, $skiptoken, $deltatoken, parameter aliases and any option that is
// not a system query option. Option names, property names, operators and paging
// numbers ($top, $skip) stay.
func MaskURL(path, query string) string {
	var b strings.Builder
	b.WriteString(maskPath(path))
	if query == "" {
		return b.String()
	}
	b.WriteByte('?')
	for i, part := range strings.Split(query, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		k, v, hasV := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = masked
		}
		b.WriteString(name)
		if !hasV {
			continue
		}
		b.WriteByte('=')
		val, err := url.QueryUnescape(v)
		if err != nil {
			b.WriteString(masked)
			continue
		}
		switch strings.ToLower(strings.TrimPrefix(name, "$")) {
		case "top", "skip":
			if strings.HasPrefix(name, "$") && digits(val) { // paging, not data
				b.WriteString(val)
				continue
			}
			b.WriteString(masked)
		case "count", "format", "select", "expand":
			if strings.HasPrefix(name, "$") {
				b.WriteString(maskExpr(val)) // no literals expected; mask any all the same
				continue
			}
			b.WriteString(masked)
		case "filter", "orderby", "apply", "compute":
			if strings.HasPrefix(name, "$") {
				b.WriteString(maskExpr(val))
				continue
			}
			b.WriteString(masked)
		default: // $search, $skiptoken, aliases (@p), custom options: all data
			b.WriteString(masked)
		}
	}
	return b.String()
}

// maskPath masks what is inside parentheses (key predicates, function parameters).
func maskPath(p string) string {
	if !strings.Contains(p, "(") {
		return p
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(p, '(')
		if i < 0 {
			b.WriteString(p)
			return b.String()
		}
		b.WriteString(p[:i+1])
		j := closing(p, i)
		if j < 0 {
			b.WriteString(masked)
			return b.String()
		}
		b.WriteString(maskKey(p[i+1 : j]))
		b.WriteByte(')')
		p = p[j+1:]
	}
}

// closing finds the ')' matching p[open], skipping quoted strings.
func closing(p string, open int) int {
	depth := 0
	for i := open; i < len(p); i++ {
		switch p[i] {
		case '\'':
			for i++; i < len(p) && p[i] != '\''; i++ {
			}
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// maskKey masks a key predicate: "10248" → "…", "OrderID=1,Line=2" → "OrderID=…,Line=…".
func maskKey(k string) string {
	if !strings.Contains(k, "=") {
		return masked
	}
	parts := strings.Split(k, ",")
	for i, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if !isIdent(name) {
			return masked
		}
		parts[i] = name + "=" + masked
	}
	return strings.Join(parts, ",")
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !identByte(s[i], i == 0) {
			return false
		}
	}
	return true
}

func identByte(c byte, first bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || !first && (c >= '0' && c <= '9' || c == '.')
}

// maskExpr masks the literals of an OData expression: quoted strings (and the typed
// literals built on them: duration'…', geography'…'), JSON strings in "in" lists,
// numbers, dates, times and GUIDs. Names, operators, functions, true/false/null stay.
func maskExpr(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' { // '' escapes a quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			b.WriteString("'" + masked + "'")
			i = j + 1
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			b.WriteString(`"` + masked + `"`)
			i = j + 1
		case c >= '0' && c <= '9' || (c == '-' || c == '+') && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && !afterOperand(s[:i]):
			j := i + 1
			for j < len(s) && literalByte(s[j]) {
				j++
			}
			b.WriteString(masked)
			i = j
		case identByte(c, true):
			j := i + 1
			for j < len(s) && (identByte(s[j], false) || s[j] == '/') {
				j++
			}
			word := s[i:j]
			if j < len(s) && s[j] == '-' && isHex(word) { // a GUID that starts with a letter
				for j < len(s) && literalByte(s[j]) {
					j++
				}
				b.WriteString(masked)
			} else if isHex(word) && len(word) >= 8 && hasDigit(word) {
				b.WriteString(masked)
			} else {
				b.WriteString(word)
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// afterOperand reports whether a sign at the end of prefix is an infix operator: it
// follows a name, a literal or ')'. In OData syntax '-' is only ever a sign or part of
// a literal, so this matters little; it keeps "a-1" readable.
func afterOperand(prefix string) bool {
	p := strings.TrimRight(prefix, " ")
	if p == "" || len(p) < len(prefix) {
		return false
	}
	c := p[len(p)-1]
	return c == ')' || identByte(c, false)
}

// literalByte continues a number, date, time, duration or GUID literal.
func literalByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == ':' || c == '-' || c == '+'
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != "" && len(s) <= 9
}
