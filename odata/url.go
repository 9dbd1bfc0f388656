package odata

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DefaultMaxDepth is the nesting limit of a parse whose ParseOptions.MaxDepth is 0.
const DefaultMaxDepth = 100

// ParseOptions bound what one parse accepts; the zero value means the defaults. They
// are passed with each call (not set process-wide) so that two services in one
// process can use different limits.
type ParseOptions struct {
	// MaxDepth caps the nesting of parentheses, function calls, unary operators and
	// `in` lists in $filter/$orderby, and of parentheses and NOT in $search. Deeper
	// input is rejected with 400 "too deeply nested". 0 means DefaultMaxDepth.
	MaxDepth int
	// Version401 reads the query as OData 4.01 (URL Conventions 4.01 §5.1): system
	// query option names are case-insensitive and may be written without the '$'
	// prefix, and a name that is both a custom and a system option name is the system
	// option. Set it when the response speaks 4.01 (OData-MaxVersion allows it);
	// false keeps the 4.0 reading, where only $-prefixed names are system options.
	Version401 bool
}

// lastOpts is the last of opts (the last one wins), the zero value when none.
func lastOpts(opts []ParseOptions) ParseOptions {
	if len(opts) > 0 {
		return opts[len(opts)-1]
	}
	return ParseOptions{}
}

// maxDepth is the nesting limit of opts (the last one wins), DefaultMaxDepth when unset.
func maxDepth(opts []ParseOptions) int {
	if len(opts) > 0 && opts[len(opts)-1].MaxDepth > 0 {
		return opts[len(opts)-1].MaxDepth
	}
	return DefaultMaxDepth
}

// ParseURL parses an OData request relative to the service root.
//
// path is the resource path after the service root as it appears on the wire, i.e.
// still percent-encoded, with or without a leading '/' ("", "/", "$metadata",
// "Orders", "Orders(10248)", "Customers('A%20B')", "Order_Details(OrderID=1,ProductID=2)",
// "Orders/$count", "Orders(1)/ShipName", "Orders(1)/ShipName/$value"). Following OData
// Part 2 §2.1 it is split at '/' first and each segment is then percent-decoded exactly
// once ('+' stays '+'), so an encoded '/' (%2F) inside a key string is data. One
// trailing '/' is tolerated.
//
// rawQuery is the query string without '?', still percent-encoded: it is split at '&',
// each option at its first '=', and names and values are percent-decoded once with '+'
// meaning space. Empty options (a&&b, a trailing '&') are ignored.
//
// System query options ($-prefixed, names case-insensitive; with
// ParseOptions.Version401 also without the '$') fill Request.Query; other options are
// kept verbatim (decoded) in Options.Custom, first occurrence wins.
// Errors are *Error values: 400 for malformed input, 406 for $format=atom/xml, 404
// never (the parser does not know the catalog), 501 for valid OData this service does
// not implement ($apply, …).
//
// Error positions in messages are 0-based byte offsets into the decoded path segment
// or option value. opts bound the parse (nesting depth); none means the defaults.
func ParseURL(path string, rawQuery string, opts ...ParseOptions) (*Request, error) {
	p, err := parseResourcePath(path)
	if err != nil {
		return nil, err
	}
	q, err := parseQuery(rawQuery, maxDepth(opts), lastOpts(opts).Version401)
	if err != nil {
		return nil, err
	}
	return &Request{Path: p, Query: q}, nil
}

// ParseQuery parses the query string alone; see ParseURL.
func ParseQuery(rawQuery string, opts ...ParseOptions) (Options, error) {
	q, err := parseQuery(rawQuery, maxDepth(opts), lastOpts(opts).Version401)
	if err != nil {
		return Options{}, err
	}
	return q, nil
}

// unescape percent-decodes s once; with plus, '+' decodes to a space. It returns the
// offset of a malformed escape in s, or -1.
func unescape(s string, plus bool) (string, int) {
	n := 0
	hasPlus := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return "", i
			}
			n++
			i += 2
		case '+':
			hasPlus = true
		}
	}
	if n == 0 && (!plus || !hasPlus) {
		return s, -1
	}
	b := make([]byte, 0, len(s)-2*n)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%':
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+' && plus:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b), -1
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// System query options.
type sysOption uint8

const (
	optFilter sysOption = iota + 1
	optSelect
	optOrderBy
	optTop
	optSkip
	optCount
	optInlineCount
	optSearch
	optSkipToken
	optFormat
	optExpand // expand.go
	optUnsupported
)

var sysOptions = map[string]sysOption{
	"$filter":        optFilter,
	"$select":        optSelect,
	"$orderby":       optOrderBy,
	"$top":           optTop,
	"$skip":          optSkip,
	"$count":         optCount,
	"$inlinecount":   optInlineCount,
	"$search":        optSearch,
	"$skiptoken":     optSkipToken,
	"$format":        optFormat,
	"$expand":        optExpand,
	"$apply":         optUnsupported,
	"$levels":        optUnsupported,
	"$compute":       optUnsupported,
	"$index":         optUnsupported,
	"$schemaversion": optUnsupported,
	"$deltatoken":    optUnsupported,
	"$id":            optUnsupported,
}

// canonical option names, for Target and messages.
var optNames = [...]string{
	optFilter: "$filter", optSelect: "$select", optOrderBy: "$orderby", optTop: "$top",
	optSkip: "$skip", optCount: "$count", optInlineCount: "$inlinecount",
	optSearch: "$search", optSkipToken: "$skiptoken", optFormat: "$format",
	optExpand: "$expand",
}

func lowerString(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func optErr(target, format string, args ...any) *Error {
	return BadRequest(codeOption, target, target+": "+format, args...)
}

func parseQuery(raw string, max int, v401 bool) (Options, *Error) {
	var o Options
	var seen [optUnsupported]bool
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(part, "=")
		name, bad := unescape(rawName, true)
		if bad >= 0 {
			return Options{}, BadRequest(codeOption, rawName, "invalid percent-encoding in query option name %q at position %d", rawName, bad)
		}
		if !utf8.ValidString(name) {
			return Options{}, BadRequest(codeOption, "", "invalid UTF-8 in query option name")
		}
		value, bad := unescape(rawValue, true)
		if bad >= 0 {
			return Options{}, BadRequest(codeOption, name, "%s: invalid percent-encoding at position %d", name, bad)
		}
		if name == "" {
			continue
		}
		if name[0] != '$' && v401 {
			if _, sys := sysOptions["$"+lowerString(name)]; sys {
				name = "$" + name // 4.01: a system option written without '$'
			}
		}
		if name[0] != '$' {
			if !utf8.ValidString(value) {
				return Options{}, BadRequest(codeOption, name, "%s: invalid UTF-8", name)
			}
			if o.Custom == nil {
				o.Custom = make(map[string]string)
			}
			if _, dup := o.Custom[name]; !dup {
				o.Custom[name] = value
			}
			continue
		}
		opt, ok := sysOptions[lowerString(name)]
		if !ok {
			return Options{}, BadRequest(codeOption, name, "unknown system query option '%s'", name)
		}
		if opt == optUnsupported {
			return Options{}, NotImplemented(codeUnsupOption, name, "%s is not supported", name)
		}
		target := optNames[opt]
		if seen[opt] {
			return Options{}, optErr(target, "the option is given more than once")
		}
		seen[opt] = true
		if !utf8.ValidString(value) && opt != optFilter && opt != optOrderBy && opt != optSearch {
			return Options{}, optErr(target, "invalid UTF-8")
		}
		if err := o.set(opt, target, value, max); err != nil {
			return Options{}, err
		}
	}
	if seen[optCount] && seen[optInlineCount] {
		return Options{}, optErr("$inlinecount", "cannot be combined with $count")
	}
	return o, nil
}

func (o *Options) set(opt sysOption, target, v string, max int) *Error {
	switch opt {
	case optFilter:
		p := parser{src: v, max: max, target: target, code: codeFilter}
		e, err := p.parseTop()
		if err != nil {
			return err
		}
		o.Filter = e
	case optOrderBy:
		p := parser{src: v, max: max, target: target, code: codeOrderBy}
		items, err := p.parseOrderBy()
		if err != nil {
			return err
		}
		o.OrderBy = items
	case optSearch:
		e, err := parseSearch(v, max)
		if err != nil {
			return err
		}
		o.Search = e
	case optSelect:
		items, err := parseSelect(v)
		if err != nil {
			return err
		}
		o.Select = items
	case optTop, optSkip:
		n, err := parseNonNegative(target, v)
		if err != nil {
			return err
		}
		if opt == optTop {
			o.Top = &n
		} else {
			o.Skip = &n
		}
	case optCount:
		var b bool
		switch {
		case strings.EqualFold(v, "true"):
			b = true
		case strings.EqualFold(v, "false"):
		default:
			return optErr(target, "expected true or false, got %q", v)
		}
		o.Count = &b
	case optInlineCount:
		var b bool
		switch {
		case strings.EqualFold(v, "allpages"):
			b = true
		case strings.EqualFold(v, "none"):
		default:
			return optErr(target, "expected allpages or none, got %q", v)
		}
		o.Count = &b
	case optSkipToken:
		if v == "" {
			return optErr(target, "empty value")
		}
		o.SkipToken = v
	case optExpand:
		items, err := parseExpand(v, max, 1)
		if err != nil {
			return err
		}
		o.Expand = items
	case optFormat:
		f, m, err := parseFormat(v)
		if err != nil {
			return err
		}
		o.Format, o.Metadata = f, m
	}
	return nil
}

// parseNonNegative parses $top/$skip: 1*DIGIT within int64.
func parseNonNegative(target, v string) (int64, *Error) {
	if v == "" {
		return 0, optErr(target, "expected a non-negative integer, got an empty value")
	}
	for i := 0; i < len(v); i++ {
		if !isDigit(v[i]) {
			return 0, optErr(target, "expected a non-negative integer, got %q", v)
		}
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, optErr(target, "%s is out of range", v)
	}
	return n, nil
}

// parseSelect parses $select: comma-separated property paths (A/B) or '*', whitespace
// around the commas allowed. Qualified names (type casts, actions, Namespace.*),
// nested options and annotations are valid OData but not supported (501).
func parseSelect(v string) ([]SelectItem, *Error) {
	selErr := func(pos int, format string, args ...any) *Error {
		return BadRequest(codeSelect, "$select", "$select: %s at position %d", fmtArgs(format, args...), pos)
	}
	if v == "" {
		return nil, selErr(0, "empty value")
	}
	items := make([]SelectItem, 0, strings.Count(v, ",")+1)
	pos := 0
	for {
		part, _, more := strings.Cut(v[pos:], ",")
		i := skipWS(part, 0)
		j := len(part)
		for j > i && isWS(part[j-1]) {
			j--
		}
		item := part[i:j]
		at := pos + i
		switch {
		case item == "":
			return nil, selErr(at, "empty item")
		case item == "*":
			items = append(items, SelectItem{Star: true})
		default:
			if k := strings.IndexAny(item, ".(@*"); k >= 0 {
				return nil, NotImplemented(codeUnsupOption, "$select", "$select: %q is not supported (only property paths and *)", item)
			}
			n := strings.Count(item, "/") + 1
			path := make([]string, 0, n)
			off := at
			for _, seg := range strings.Split(item, "/") {
				if !isIdentifier(seg) {
					if seg == "" {
						return nil, selErr(off, "empty path segment")
					}
					return nil, selErr(off, "invalid property name %q", seg)
				}
				path = append(path, seg)
				off += len(seg) + 1
			}
			items = append(items, SelectItem{Path: path})
		}
		if !more {
			return items, nil
		}
		pos += len(part) + 1
	}
}

func fmtArgs(format string, args ...any) string {
	return fmt.Sprintf(format, args...)
}

// parseFormat accepts json and application/json with the parameters odata.metadata
// (minimal, none, full), odata.streaming, IEEE754Compatible=false and charset=utf-8.
// Atom and XML give 406;
// anything else 400. Both have code "UnsupportedFormat".
func parseFormat(v string) (format, metadata string, err *Error) {
	mt, params, _ := strings.Cut(v, ";")
	mt = strings.ToLower(strings.Trim(mt, " \t"))
	switch mt {
	case "json", "application/json":
	case "atom", "xml", "application/atom+xml", "application/atom xml", "application/xml", "text/xml":
		return "", "", Errorf(http.StatusNotAcceptable, codeFormat, "$format", "$format: %q is not available; this service produces JSON only", v)
	default:
		return "", "", BadRequest(codeFormat, "$format", "$format: unsupported format %q (use json)", v)
	}
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ";")
		k, val, _ := strings.Cut(param, "=")
		k = strings.ToLower(strings.Trim(k, " \t"))
		val = strings.ToLower(strings.Trim(val, " \t"))
		switch k {
		case "odata.metadata", "metadata":
			switch val {
			case "minimal", "none", "full":
				metadata = val
				continue
			}
		case "odata.streaming", "streaming":
			if val == "true" || val == "false" {
				continue
			}
		case "charset":
			if val == "utf-8" {
				continue
			}
		case "ieee754compatible":
			if val == "false" { // the default; =true (numbers as strings) is not implemented
				continue
			}
		case "":
			if val == "" {
				continue // stray ';'
			}
		}
		return "", "", BadRequest(codeFormat, "$format", "$format: unsupported parameter %q", strings.Trim(param, " \t"))
	}
	return "json", metadata, nil
}
