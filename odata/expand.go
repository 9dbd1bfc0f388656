package odata

import (
	"strings"
)

// MaxExpandItems bounds the items of one $expand (at each level).
const MaxExpandItems = 32

// ExpandItem is one entry of $expand: a navigation property (or `*`) with its nested
// options (`Orders($filter=…;$select=…;$orderby=…;$top=…;$skip=…;$count=true;$expand=…)`).
// Raw keeps the nested options as written (name=value pairs, in order) for the next
// link of a cut collection. Levels is $levels (0: absent; LevelsMax: max), the only
// option `*` may take (`*($levels=2)`), and on a named navigation property its
// recursion through the same property.
type ExpandItem struct {
	Path    []string
	Star    bool
	Options Options
	Raw     [][2]string
	Offset  int
	Levels  int
}

// LevelsMax is $levels=max: as many levels as the service allows.
const LevelsMax = -1

// parseExpand parses a $expand value. depth counts the $expand levels already open.
func parseExpand(v string, max, depth int) ([]ExpandItem, *Error) {
	expErr := func(pos int, format string, args ...any) *Error {
		return BadRequest(codeOption, "$expand", "$expand: %s at position %d", fmtArgs(format, args...), pos+1)
	}
	if depth > max {
		return nil, BadRequest(codeOption, "$expand", "$expand is nested too deeply")
	}
	parts, bad := splitTop(v, ',')
	if bad >= 0 {
		return nil, expErr(bad, "unbalanced parentheses or quotes")
	}
	if len(parts) > MaxExpandItems {
		return nil, expErr(0, "more than %d items", MaxExpandItems)
	}
	var items []ExpandItem
	for _, p := range parts {
		text := strings.TrimSpace(v[p[0]:p[1]])
		at := p[0] + (len(v[p[0]:p[1]]) - len(strings.TrimLeft(v[p[0]:p[1]], " ")))
		if text == "" {
			return nil, expErr(at, "empty item")
		}
		it := ExpandItem{Offset: at}
		name, opts := text, ""
		if i := strings.IndexByte(text, '('); i >= 0 {
			if !strings.HasSuffix(text, ")") {
				return nil, expErr(at+i, "expected ')' at the end of the nested options")
			}
			name, opts = strings.TrimSpace(text[:i]), text[i+1:len(text)-1]
		}
		switch {
		case name == "*":
			it.Star = true
		case name == "*/$ref" || name == "*/%24ref":
			return nil, NotImplemented(codeUnsupOption, "$expand", "$expand: %q is not supported (navigation properties and * only)", name)
		default:
			for _, seg := range strings.Split(name, "/") {
				switch {
				case seg == "$ref", seg == "$count", strings.Contains(seg, "."):
					return nil, NotImplemented(codeUnsupOption, "$expand", "$expand: %q is not supported (navigation properties and * only)", name)
				case !isIdentifier(seg):
					return nil, expErr(at, "invalid navigation property name %q", seg)
				}
				it.Path = append(it.Path, seg)
			}
		}
		if opts != "" || strings.HasSuffix(text, ")") {
			if it.Star {
				if err := it.parseStarOptions(opts); err != nil {
					return nil, err
				}
				items = append(items, it)
				continue
			}
			if err := it.parseOptions(opts, max, depth); err != nil {
				return nil, err
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// parseOptions parses the ';'-separated nested options of one item.
func (it *ExpandItem) parseOptions(s string, max, depth int) *Error {
	parts, bad := splitTop(s, ';')
	if bad >= 0 {
		return BadRequest(codeOption, "$expand", "$expand: unbalanced parentheses or quotes in the options of %s", strings.Join(it.Path, "/"))
	}
	var seen [optUnsupported + 1]bool
	for _, p := range parts {
		part := strings.TrimSpace(s[p[0]:p[1]])
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return BadRequest(codeOption, "$expand", "$expand: expected name=value in the options of %s, got %q", strings.Join(it.Path, "/"), part)
		}
		lname := lowerString(strings.TrimSpace(name))
		if _, sys := sysOptions["$"+lname]; sys && !strings.HasPrefix(lname, "$") {
			lname = "$" + lname // 4.01: nested options may omit the '$' too
		}
		if lname == "$levels" {
			if it.Levels != 0 {
				return BadRequest(codeOption, "$expand", "$expand: $levels is given more than once")
			}
			n, err := parseLevels(value)
			if err != nil {
				return err
			}
			it.Levels = n
			it.Raw = append(it.Raw, [2]string{"$levels", strings.TrimSpace(value)})
			continue
		}
		if lname == "$expand" {
			if seen[optUnsupported] {
				return BadRequest(codeOption, "$expand", "$expand: $expand is given more than once")
			}
			seen[optUnsupported] = true
			sub, err := parseExpand(value, max, depth+1)
			if err != nil {
				return err
			}
			it.Options.Expand = sub
			it.Raw = append(it.Raw, [2]string{"$expand", value})
			continue
		}
		opt, known := sysOptions[lname]
		switch {
		case !known:
			return BadRequest(codeOption, "$expand", "$expand: unknown option %q in the options of %s", name, strings.Join(it.Path, "/"))
		case opt == optFilter, opt == optSelect, opt == optOrderBy, opt == optTop, opt == optSkip, opt == optCount, opt == optSearch:
		default:
			return NotImplemented(codeUnsupOption, "$expand", "$expand: %s is not supported inside $expand", name)
		}
		if seen[opt] {
			return BadRequest(codeOption, "$expand", "$expand: %s is given more than once", name)
		}
		seen[opt] = true
		if err := it.Options.set(opt, optNames[opt], value, max); err != nil {
			return err
		}
		it.Raw = append(it.Raw, [2]string{optNames[opt], value})
	}
	return nil
}

// parseStarOptions parses the options of `*`: OData's grammar (expandPath: STAR [ ref /
// OPEN levels CLOSE ]) allows $levels only, since the other options would apply to
// navigation properties of different entity types.
func (it *ExpandItem) parseStarOptions(s string) *Error {
	name, value, ok := strings.Cut(strings.TrimSpace(s), "=")
	lname := lowerString(strings.TrimSpace(name))
	if !ok || (lname != "$levels" && lname != "levels") || strings.ContainsRune(value, ';') {
		return BadRequest(codeOption, "$expand", "$expand: * takes only $levels (as in *($levels=2)); options such as $select or $top go on a named navigation property")
	}
	n, err := parseLevels(value)
	if err != nil {
		return err
	}
	it.Levels = n
	return nil
}

// parseLevels reads a $levels value: a positive integer or max.
func parseLevels(v string) (int, *Error) {
	v = strings.TrimSpace(v)
	if v == "max" {
		return LevelsMax, nil
	}
	n := 0
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) || (i == 0 && v[i] == '0') || n > 1000 {
			return 0, BadRequest(codeOption, "$expand", "$expand: $levels must be a positive integer or max, not %q", v)
		}
		n = n*10 + int(v[i]-'0')
	}
	if n == 0 {
		return 0, BadRequest(codeOption, "$expand", "$expand: $levels must be a positive integer or max, not %q", v)
	}
	return n, nil
}

// splitTop splits s at sep outside parentheses and quoted strings; it returns the
// [start, end) ranges, or the offset of an unbalanced parenthesis or quote.
func splitTop(s string, sep byte) ([][2]int, int) {
	var out [][2]int
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"':
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == c {
					if c == '\'' && j+1 < len(s) && s[j+1] == '\'' {
						j++
						continue
					}
					break
				}
				if c == '"' && s[j] == '\\' {
					j++
				}
			}
			if j >= len(s) {
				return nil, i
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil, i
			}
		case sep:
			if depth == 0 {
				out = append(out, [2]int{start, i})
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, len(s)
	}
	return append(out, [2]int{start, len(s)}), -1
}
