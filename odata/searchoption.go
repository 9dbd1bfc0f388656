package odata

import (
	"net/url"
	"strings"
)

// RewriteSearchOption serves a custom query option as $search: `doSearch=Acme`
// becomes `$search='Acme'` (one phrase, quotes doubled), which is what Salesforce
// Connect's "Custom Query Option for Salesforce Search" means (the 2.0 adapter
// sends the term in a custom option instead of a substringof chain). name "" or an
// absent option leaves rawQuery as it is; an empty term is dropped. An explicit
// $search in the same query wins (the custom option is then ignored).
func RewriteSearchOption(rawQuery, name string) string {
	if name == "" || !strings.Contains(rawQuery, name) {
		return rawQuery
	}
	parts := strings.Split(rawQuery, "&")
	out := parts[:0:0]
	hasSearch := false
	for _, p := range parts {
		n, _, _ := strings.Cut(p, "=")
		if d, err := url.QueryUnescape(n); err == nil && strings.EqualFold(d, "$search") {
			hasSearch = true
		}
	}
	changed := false
	for _, p := range parts {
		n, v, _ := strings.Cut(p, "=")
		d, err := url.QueryUnescape(n)
		if err != nil || d != name {
			out = append(out, p)
			continue
		}
		changed = true
		term, err := url.QueryUnescape(v)
		if err != nil || hasSearch || strings.TrimSpace(term) == "" {
			continue
		}
		out = append(out, "$search="+url.QueryEscape("'"+strings.ReplaceAll(term, "'", "''")+"'"))
	}
	if !changed {
		return rawQuery
	}
	return strings.Join(out, "&")
}
