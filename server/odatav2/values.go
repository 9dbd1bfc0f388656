package odatav2

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/odatagw/odatagw/odata/edm"
)

// The gateway's pipeline encodes 4.0 JSON (odata/jsonfmt); this edge re-encodes
// each value for 2.0. A value arrives as the 4.0 JSON decoder gives it: string,
// json.Number, bool or nil.

// dateTimeLayout is Edm.DateTime's text in Atom and in datetime'…' literals: UTC, no
// zone designator, fractional seconds only when present.
const dateTimeLayout = "2006-01-02T15:04:05.9999999"

// toTime parses a 4.0 Date ("2020-01-31") or DateTimeOffset (RFC 3339) value.
func toTime(t edm.Type, s string) (time.Time, error) {
	if t == edm.Date {
		return time.Parse("2006-01-02", s)
	}
	tm, err := time.Parse(time.RFC3339Nano, s)
	return tm.UTC(), err
}

// text is the value as Atom element text (m:null is handled by the caller).
func text(p *edm.Property, v any) (string, error) {
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x), nil
	case json.Number:
		return x.String(), nil
	case string:
		if p.Type == edm.Date || p.Type == edm.DateTimeOffset {
			tm, err := toTime(p.Type, x)
			if err != nil {
				return "", fmt.Errorf("property %s: %w", p.Name, err)
			}
			return tm.Format(dateTimeLayout), nil
		}
		return x, nil
	}
	return "", fmt.Errorf("property %s: unexpected value %T", p.Name, v)
}

// appendVerbose appends the value in JSON verbose form: Int64 and Decimal as strings,
// Edm.DateTime as "\/Date(<ms>)\/".
func appendVerbose(b []byte, p *edm.Property, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case json.Number:
		if p.Type == edm.Int64 || p.Type == edm.Decimal {
			return appendJSONString(b, x.String()), nil
		}
		return append(b, x.String()...), nil
	case string:
		if p.Type == edm.Date || p.Type == edm.DateTimeOffset {
			tm, err := toTime(p.Type, x)
			if err != nil {
				return b, fmt.Errorf("property %s: %w", p.Name, err)
			}
			b = append(b, `"\/Date(`...)
			b = strconv.AppendInt(b, tm.UnixMilli(), 10)
			return append(b, `)\/"`...), nil
		}
		return appendJSONString(b, x), nil
	}
	return b, fmt.Errorf("property %s: unexpected value %T", p.Name, v)
}

// keyLiteral is the value as a 2.0 URI literal: 10, 10L, 1.5M, 'text', guid'…',
// datetime'…', binary'…'.
func keyLiteral(p *edm.Property, v any) (string, error) {
	s, err := text(p, v)
	if err != nil {
		return "", err
	}
	switch p.Type {
	case edm.String:
		return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
	case edm.Int64:
		return s + "L", nil
	case edm.Decimal:
		return s + "M", nil
	case edm.Double:
		return s + "d", nil
	case edm.Single:
		return s + "f", nil
	case edm.Guid:
		return "guid'" + s + "'", nil
	case edm.Date, edm.DateTimeOffset:
		return "datetime'" + s + "'", nil
	case edm.Binary:
		raw, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return "", err
		}
		return "binary'" + hex.EncodeToString(raw) + "'", nil
	}
	return s, nil
}

// entityPath is `Set(key)` (or `Set(A=…,B=…)`) with the key's 2.0 literals,
// percent-encoded for a URI path segment.
func entityPath(set string, t *edm.EntityType, row map[string]any) (string, error) {
	var sb strings.Builder
	sb.WriteString(url.PathEscape(set))
	sb.WriteByte('(')
	for i, k := range t.Key {
		p := t.Property(k)
		v, ok := row[k]
		if p == nil || !ok || v == nil {
			return "", fmt.Errorf("key property %s missing", k)
		}
		lit, err := keyLiteral(p, v)
		if err != nil {
			return "", err
		}
		if i > 0 {
			sb.WriteByte(',')
		}
		if len(t.Key) > 1 {
			sb.WriteString(url.PathEscape(k))
			sb.WriteByte('=')
		}
		sb.WriteString(escapeLiteral(lit))
	}
	sb.WriteByte(')')
	return sb.String(), nil
}

// escapeLiteral percent-encodes what a path segment cannot carry, keeping the quotes.
func escapeLiteral(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "%27", "'")
}

// appendJSONString appends s as a JSON string (valid UTF-8 assumed from the gateway;
// invalid bytes become U+FFFD). '/' is left alone.
func appendJSONString(b []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, `\ufffd`...)
		} else if r == '\u2028' || r == '\u2029' {
			b = append(b, `\u202`...)
			b = append(b, hexd[r&0xf])
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
