package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata"
)

// query is a collection request as the test table writes it, parsed for the oracle.
type query struct {
	set     string
	raw     string      // readable: $filter=Name eq 'x'&$top=5
	opts    [][2]string // name, decoded value, in order
	filter  odata.Expr
	orderby []odata.OrderItem
	search  sNode
	sel     []string
	top     *int64
	skip    *int64
	count   bool
}

// parseQuery splits raw at every '&' that starts a new option ('&$' or '&name=' of a
// custom option), so literals may contain '&'.
func parseQuery(set, raw string) (*query, error) {
	q := &query{set: set, raw: raw}
	if raw == "" {
		return q, nil
	}
	var parts []string
	start := 0
	for i := 0; i < len(raw); i++ {
		if raw[i] == '&' && optionStart(raw[i+1:]) {
			parts = append(parts, raw[start:i])
			start = i + 1
		}
	}
	parts = append(parts, raw[start:])
	for _, p := range parts {
		name, val, ok := strings.Cut(p, "=")
		if !ok {
			return nil, fmt.Errorf("option %q has no '='", p)
		}
		q.opts = append(q.opts, [2]string{name, val})
		var err error
		switch name {
		case "$filter":
			q.filter, err = odata.ParseFilter(val)
		case "$orderby":
			q.orderby, err = odata.ParseOrderBy(val)
		case "$search":
			q.search, err = parseSearch(val)
		case "$select":
			for _, s := range strings.Split(val, ",") {
				q.sel = append(q.sel, strings.TrimSpace(s))
			}
		case "$top", "$skip":
			n, perr := strconv.ParseInt(val, 10, 64)
			if perr != nil {
				return nil, fmt.Errorf("%s=%s", name, val)
			}
			if name == "$top" {
				q.top = &n
			} else {
				q.skip = &n
			}
		case "$count":
			q.count = val == "true"
		case "$inlinecount":
			q.count = val == "allpages"
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return q, nil
}

// optionStart reports whether s starts like a query option: $name= or name=.
func optionStart(s string) bool {
	i := 0
	if i < len(s) && s[i] == '$' {
		i++
	}
	j := i
	for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		j++
	}
	return j > i && j < len(s) && s[j] == '='
}

// encode renders the query string, percent-encoding each value (spaces as %20, or as
// '+' when plus is set).
func (q *query) encode(plus bool) string {
	var b strings.Builder
	for i, o := range q.opts {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(o[0])
		b.WriteByte('=')
		v := url.QueryEscape(o[1])
		if !plus {
			v = strings.ReplaceAll(v, "+", "%20")
		}
		b.WriteString(v)
	}
	return b.String()
}

// expected computes the oracle's answer: the rows (in order, after $skip/$top) and the
// count after $filter/$search.
func (e *env) expected(q *query) ([]*row, int, error) {
	si, err := e.set(q.set)
	if err != nil {
		return nil, 0, err
	}
	all, err := e.allRows(q.set)
	if err != nil {
		return nil, 0, err
	}
	ev := &evaluator{props: si.et.byName, now: time.Now()}
	var out []*row
	for _, r := range all {
		if q.filter != nil {
			ok, err := ev.cond(q.filter, r)
			if err != nil {
				return nil, 0, err
			}
			if !ok {
				continue
			}
		}
		if q.search != nil && !searchMatch(q.search, r, si.et.stringProps()) {
			continue
		}
		out = append(out, r)
	}
	if err := e.sortRows(si, out, q.orderby, ev); err != nil {
		return nil, 0, err
	}
	count := len(out)
	if q.skip != nil {
		s := min(int(*q.skip), len(out))
		out = out[s:]
	}
	if q.top != nil {
		t := min(int(*q.top), len(out))
		out = out[:t]
	}
	return out, count, nil
}

// sortRows orders rows as the gateway must: by the $orderby items, then by the key
// properties not already ordered by. Plain properties are ordered by the database's
// own ORDER BY (rank); other expressions by their Go value with nulls first.
func (e *env) sortRows(si *setInfo, rows []*row, items []odata.OrderItem, ev *evaluator) error {
	type sortKey struct {
		rank map[string]int
		expr odata.Expr
		desc bool
	}
	var keys []sortKey
	used := map[string]bool{}
	for _, it := range items {
		if m, ok := it.Expr.(*odata.Member); ok && len(m.Path) == 1 {
			rk, err := e.rank(si.name, m.Path[0])
			if err != nil {
				return err
			}
			keys = append(keys, sortKey{rank: rk, desc: it.Desc})
			used[m.Path[0]] = true
			continue
		}
		keys = append(keys, sortKey{expr: it.Expr, desc: it.Desc})
	}
	for _, k := range si.et.Key {
		if used[k] {
			continue
		}
		rk, err := e.rank(si.name, k)
		if err != nil {
			return err
		}
		keys = append(keys, sortKey{rank: rk})
	}
	vals := make([][]any, len(rows))
	for i, r := range rows {
		for _, k := range keys {
			if k.expr == nil {
				continue
			}
			v, err := ev.value(k.expr, r)
			if err != nil {
				return err
			}
			switch v.(type) {
			case nil, num, dateV, time.Time, bool:
			default:
				return oerr("ordering by %s (%T) needs the database's collation; order by a property instead", k.expr, v)
			}
			vals[i] = append(vals[i], v)
		}
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	var sortErr error
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := rows[idx[a]], rows[idx[b]]
		ei := 0
		for _, k := range keys {
			var c int
			if k.expr == nil {
				c = k.rank[ra.key] - k.rank[rb.key]
			} else {
				va, vb := vals[idx[a]][ei], vals[idx[b]][ei]
				ei++
				switch {
				case va == nil && vb == nil:
				case va == nil:
					c = -1
				case vb == nil:
					c = 1
				default:
					var err error
					c, err = compareValues(va, vb)
					if err != nil && sortErr == nil {
						sortErr = err
					}
				}
			}
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c < 0
			}
		}
		return false
	})
	if sortErr != nil {
		return sortErr
	}
	sorted := make([]*row, len(rows))
	for i, j := range idx {
		sorted[i] = rows[j]
	}
	copy(rows, sorted)
	return nil
}

// ---- gateway answers -------------------------------------------------------------

// collection is a decoded collection response.
type collection struct {
	pages  int
	values []map[string]any
	counts []json.RawMessage // @odata.count of each page (nil when absent)
	next   []string
}

func decodeJSON(body []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	return dec.Decode(v)
}

// fetchAll GETs url and follows @odata.nextLink, checking that each page has at most
// the gateway's page size and that links are absolute.
func (g *gateway) fetchAll(u string) (*collection, *response, error) {
	c := &collection{}
	for hops := 0; ; hops++ {
		if hops > 1000 {
			return c, nil, fmt.Errorf("more than 1000 pages: next links loop")
		}
		res, err := g.get(u)
		if err != nil {
			return c, nil, err
		}
		if res.status != 200 {
			return c, res, nil
		}
		if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			return c, res, fmt.Errorf("Content-Type %q, want application/json\n%s", ct, res)
		}
		if v := res.header.Get("OData-Version"); v != "4.0" {
			return c, res, fmt.Errorf("OData-Version %q, want 4.0", v)
		}
		var body struct {
			Context  string           `json:"@odata.context"`
			Count    json.RawMessage  `json:"@odata.count"`
			NextLink string           `json:"@odata.nextLink"`
			Value    []map[string]any `json:"value"`
		}
		if err := decodeJSON(res.body, &body); err != nil {
			return c, res, fmt.Errorf("not JSON: %v\n%s", err, res)
		}
		if body.Value == nil {
			return c, res, fmt.Errorf("no value array\n%s", res)
		}
		if !strings.Contains(body.Context, "$metadata#") {
			return c, res, fmt.Errorf("@odata.context %q has no $metadata#", body.Context)
		}
		if int64(len(body.Value)) > g.page {
			return c, res, fmt.Errorf("page %d has %d rows, more than the page size %d\n%s", c.pages+1, len(body.Value), g.page, res)
		}
		c.pages++
		c.values = append(c.values, body.Value...)
		c.counts = append(c.counts, body.Count)
		if body.NextLink == "" {
			return c, res, nil
		}
		if !strings.HasPrefix(body.NextLink, "http://") || !strings.Contains(body.NextLink, "$skiptoken=") {
			return c, res, fmt.Errorf("next link %q is not absolute or has no $skiptoken", body.NextLink)
		}
		c.next = append(c.next, body.NextLink)
		u = body.NextLink
	}
}

// compareRows compares the gateway's rows with the oracle's, position by position,
// on the selected properties (all when sel is empty). It returns problems, at most max.
func (e *env) compareRows(si *setInfo, sel []string, exp []*row, got []map[string]any, max int) []string {
	var probs []string
	add := func(format string, args ...any) {
		if len(probs) < max {
			probs = append(probs, fmt.Sprintf(format, args...))
		}
	}
	props := sel
	if len(props) == 0 || (len(props) == 1 && props[0] == "*") {
		props = nil
		for _, p := range si.et.Props {
			props = append(props, p.Name)
		}
	}
	if len(exp) != len(got) {
		add("got %d rows, want %d", len(got), len(exp))
	}
	// Identify rows by key when the key is selected, to report order problems clearly.
	for i := 0; i < min(len(exp), len(got)); i++ {
		g := got[i]
		for k := range g {
			if strings.HasPrefix(k, "@") {
				continue
			}
			if !contains(props, k) {
				add("row %d: unexpected property %s (not selected)", i, k)
			}
		}
		for _, pn := range props {
			p := si.et.byName[pn]
			if p == nil {
				add("unknown property %s", pn)
				continue
			}
			raw, ok := g[pn]
			if !ok {
				add("row %d (key %s): property %s missing", i, exp[i].key, pn)
				continue
			}
			gv, err := fromJSON(raw, p)
			if err != nil {
				add("row %d (key %s): %v", i, exp[i].key, err)
				continue
			}
			if !sameValue(exp[i].vals[pn], gv, p, e.engine) {
				add("row %d (oracle key %s): %s = %s, want %s", i, strings.ReplaceAll(exp[i].key, "\x00", ","), pn, canon(gv), canon(exp[i].vals[pn]))
			}
		}
	}
	return probs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// keysOf lists the canonical keys of rows, for messages.
func keysOf(rows []*row, n int) string {
	var ks []string
	for i, r := range rows {
		if i == n {
			ks = append(ks, "…")
			break
		}
		ks = append(ks, strings.ReplaceAll(r.key, "\x00", ","))
	}
	return "[" + strings.Join(ks, " ") + "]"
}

// gotKeys lists the keys of gateway rows (when the key properties were returned).
func gotKeys(si *setInfo, vals []map[string]any, n int) string {
	var ks []string
	for i, v := range vals {
		if i == n {
			ks = append(ks, "…")
			break
		}
		kv := map[string]any{}
		for _, k := range si.et.Key {
			x, err := fromJSON(v[k], si.et.byName[k])
			if err != nil {
				kv[k] = "?"
				continue
			}
			kv[k] = x
		}
		ks = append(ks, strings.ReplaceAll(keyOf(si, kv), "\x00", ","))
	}
	return "[" + strings.Join(ks, " ") + "]"
}

// isODataError reports whether body is an OData JSON error {"error":{"code","message"}}.
func isODataError(body []byte) bool {
	var e struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	return json.Unmarshal(body, &e) == nil && e.Error != nil && e.Error.Code != "" && e.Error.Message != ""
}
