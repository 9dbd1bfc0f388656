package odata

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

// Resource paths: the entity set, key predicate, navigation, property, $value and
// $count segments of a request URL (url.go parses the query options).

// ParsePath parses the resource path alone; see ParseURL.
func ParsePath(rawPath string) (Path, error) {
	p, err := parseResourcePath(rawPath)
	if err != nil {
		return Path{}, err
	}
	return p, nil
}

func pathErr(format string, args ...any) *Error {
	return BadRequest(codePath, "", format, args...)
}

// parseResourcePath splits a resource path (not an expression path: see path.go)
// into entity set, key, property and $value/$count segments.
func parseResourcePath(raw string) (Path, *Error) {
	s := strings.TrimPrefix(raw, "/")
	if s == "" {
		return Path{Kind: PathServiceDoc}, nil
	}
	s = strings.TrimSuffix(s, "/")
	if s == "" {
		return Path{}, pathErr("invalid resource path %q", raw)
	}
	var buf [4]string
	segs := buf[:0]
	for rest := s; ; {
		seg, tail, more := strings.Cut(rest, "/")
		d, bad := unescape(seg, false)
		if bad >= 0 {
			return Path{}, pathErr("invalid percent-encoding in path segment %q at position %d", seg, bad)
		}
		if !utf8.ValidString(d) {
			return Path{}, pathErr("invalid UTF-8 in path segment %q", seg)
		}
		if d == "" {
			return Path{}, pathErr("empty segment in resource path %q", raw)
		}
		segs = append(segs, d)
		if !more {
			break
		}
		rest = tail
	}
	first := segs[0]
	if first[0] == '$' {
		switch {
		case first == "$metadata":
			if len(segs) > 1 {
				return Path{}, pathErr("nothing may follow $metadata")
			}
			return Path{Kind: PathMetadata}, nil
		case first == "$batch": // served by POST (server/batch.go)
			return Path{}, Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", first, "$batch accepts only POST")
		case first == "$entity", first == "$all", strings.HasPrefix(first, "$crossjoin"):
			return Path{}, NotImplemented(codeUnsupPath, first, "%s is not supported", first)
		}
		return Path{}, pathErr("unknown resource %q", first)
	}
	name, key, err := parseSegment(first)
	if err != nil {
		return Path{}, err
	}
	p := Path{Kind: PathEntitySet, EntitySet: name}
	if key != nil {
		p.Kind, p.Key = PathEntity, key
	}
	rest := segs[1:]
	if len(rest) == 0 {
		return p, nil
	}
	seg := rest[0]
	if key == nil {
		switch {
		case seg == "$count":
			if len(rest) > 1 {
				return Path{}, pathErr("nothing may follow $count")
			}
			p.Kind = PathCount
			return p, nil
		case seg == "$ref":
			if len(rest) > 1 {
				return Path{}, pathErr("nothing may follow $ref")
			}
			p.Ref = true
			return p, nil
		case seg == "$each", seg == "$query", strings.HasPrefix(seg, "$filter("),
			strings.ContainsAny(seg, ".("):
			return Path{}, NotImplemented(codeUnsupPath, name+"/"+seg, "%s/%s is not supported", name, seg)
		}
		return Path{}, pathErr("%s/%s: a property needs an entity; address one with a key predicate such as %s(1)/%s", name, seg, name, seg)
	}
	switch {
	case seg == "$ref":
		if len(rest) > 1 {
			return Path{}, pathErr("nothing may follow $ref")
		}
		p.Ref = true
		return p, nil
	case seg == "$value":
		return Path{}, NotImplemented(codeUnsupPath, name+"/"+seg, "%s on an entity is not supported", seg)
	case seg == "$count":
		return Path{}, pathErr("$count needs a collection, not a single entity")
	case seg[0] == '$':
		return Path{}, pathErr("unknown path segment %q", seg)
	case strings.Contains(seg, "."):
		return Path{}, NotImplemented(codeUnsupPath, name+"/"+seg, "type casts and bound operations (%s) are not supported", seg)
	case strings.Contains(seg, "("): // keyed navigation: Customers('ALFKI')/Orders(10643)
		nav, navKey, err := parseSegment(seg)
		if err != nil {
			return Path{}, err
		}
		p.Kind, p.Property, p.NavKey = PathProperty, nav, navKey
		return afterNav(p, rest[1:])
	case !isIdentifier(seg):
		return Path{}, pathErr("invalid property name %q", seg)
	}
	p.Kind, p.Property = PathProperty, seg
	rest = rest[1:]
	if len(rest) == 0 {
		return p, nil
	}
	seg = rest[0]
	switch {
	case seg == "$value" && len(rest) == 1:
		p.Kind = PathPropertyValue
		return p, nil
	case seg == "$value":
		return Path{}, pathErr("nothing may follow $value")
	case seg == "$count" && len(rest) == 1:
		p.Kind = PathCount // Set(key)/Nav/$count: a navigation's count (plan decides)
		return p, nil
	case seg == "$count":
		return Path{}, pathErr("nothing may follow $count")
	}
	return afterNav(p, rest)
}

// afterNav parses what may follow Set(key)/Nav or Set(key)/Nav(key), given in rest:
// nothing, $ref, or a primitive property of the related entity with an optional
// $value. Whether Nav is a navigation property, and single-valued where a property
// follows, is plan's to decide.
func afterNav(p Path, rest []string) (Path, *Error) {
	if len(rest) == 0 {
		return p, nil
	}
	seg := rest[0]
	switch {
	case seg == "$ref" && len(rest) == 1:
		p.Ref = true
		return p, nil
	case seg == "$ref":
		return Path{}, pathErr("nothing may follow $ref")
	case seg == "$count" && p.NavKey != nil:
		return Path{}, pathErr("$count needs a collection, not a single entity")
	case seg[0] == '$':
		return Path{}, pathErr("unknown path segment %q", seg)
	case strings.ContainsAny(seg, ".("):
		return Path{}, NotImplemented(codeUnsupPath, p.Property+"/"+seg, "type casts, bound operations and navigation after navigation (%s/%s) are not supported", p.Property, seg)
	case !isIdentifier(seg):
		return Path{}, pathErr("invalid property name %q", seg)
	}
	p.NavProp = seg
	rest = rest[1:]
	switch {
	case len(rest) == 0:
		return p, nil
	case rest[0] == "$value" && len(rest) == 1:
		p.Kind = PathPropertyValue
		return p, nil
	case rest[0] == "$value":
		return Path{}, pathErr("nothing may follow $value")
	case rest[0][0] == '$':
		return Path{}, pathErr("unknown path segment %q", rest[0])
	}
	return Path{}, NotImplemented(codeUnsupPath, seg+"/"+rest[0], "navigation, complex and collection property paths (%s/%s) are not supported", seg, rest[0])
}

// parseSegment parses entitySetName [ keyPredicate ] from a decoded path segment.
func parseSegment(seg string) (string, []KeyPart, *Error) {
	end, runes := scanIdent(seg, 0)
	if end == 0 {
		return "", nil, pathErr("invalid resource path segment %q", seg)
	}
	if runes > maxIdentRunes {
		return "", nil, pathErr("name longer than %d characters in %q", maxIdentRunes, seg)
	}
	name := seg[:end]
	if end == len(seg) {
		return name, nil, nil
	}
	if seg[end] != '(' {
		if seg[end] == '.' {
			return "", nil, NotImplemented(codeUnsupPath, seg, "qualified names in the resource path (%s) are not supported", seg)
		}
		return "", nil, pathErr("invalid resource path segment %q", seg)
	}
	p := parser{src: seg, target: name, code: codeKey}
	key, err := p.parseKey(end)
	if err != nil {
		return "", nil, err
	}
	return name, key, nil
}

// parseKey parses keyPredicate = simpleKey / compoundKey at s[open] == '(' to the end
// of the segment: (value) or (Name=value,Name=value). Values are primitive literals,
// parsed like $filter literals (including the 2.0 forms 10L, guid'…', datetime'…').
// Whitespace around '=' and ',' is tolerated.
func (p *parser) parseKey(open int) ([]KeyPart, *Error) {
	s := p.src
	p.pos = skipWS(s, open+1)
	if p.pos < len(s) && s[p.pos] == ')' {
		return nil, p.errAt(p.pos, "empty key predicate")
	}
	var parts []KeyPart
	for {
		var name string
		if identStartAt(s, p.pos) > 0 {
			e, runes := scanIdent(s, p.pos)
			if j := skipWS(s, e); j < len(s) && s[j] == '=' {
				if runes > maxIdentRunes {
					return nil, p.errAt(p.pos, "key name longer than %d characters", maxIdentRunes)
				}
				name = s[p.pos:e]
				for _, kp := range parts {
					if kp.Name == name {
						return nil, p.errAt(p.pos, "duplicate key property '%s'", name)
					}
				}
				p.pos = skipWS(s, j+1)
			}
		}
		if len(parts) > 0 && (name == "" || parts[0].Name == "") {
			return nil, p.errAt(p.pos, "a key with several values must name each of them (Name=value,…)")
		}
		valPos := p.pos
		if valPos < len(s) && s[valPos] == '@' {
			return nil, p.unsupported(valPos, "parameter aliases in keys")
		}
		x, err := p.parsePrimary()
		if err != nil {
			return nil, err
		}
		lit, ok := x.(*Literal)
		if !ok {
			return nil, p.errAt(valPos, "a key value must be a literal")
		}
		if lit.Kind == LitNull {
			return nil, p.errAt(valPos, "a key value cannot be null")
		}
		parts = append(parts, KeyPart{Name: name, Value: lit})
		p.pos = skipWS(s, p.pos)
		if p.pos < len(s) && s[p.pos] == ',' {
			p.pos = skipWS(s, p.pos+1)
			continue
		}
		if p.pos == len(s)-1 && s[p.pos] == ')' {
			return parts, nil
		}
		return nil, p.expected("',' or ')' at the end of the key predicate")
	}
}
