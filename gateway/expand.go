package gateway

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/odata/jsonfmt"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// $expand: the page (or entity) is read first, then each expanded navigation property
// in one query per level for all the rows of the level above (sqlgen.ExpandSelect: the
// parents' keys bound in an IN list, at most sqlgen.MaxInList parents per query, each
// parent's related rows bounded by window functions). Rows are matched to parents in
// memory and the payload is buffered: the page byte cap cuts it like a page (a next
// link after the last whole entity).

// MaxExpandRows bounds the rows one $expand level holds in memory (all its parents
// together); a request that would read more is a 400 asking for a $top inside $expand.
const MaxExpandRows = 200_000

// level is the rows one query read: vals[i] are the values of cols.
type level struct {
	t    *catalog.Table
	cols []*catalog.Column
	idx  map[*catalog.Column]int
	rows [][]any
}

// expanded is one expansion over the rows of a level.
type expanded struct {
	x        *plan.Expand
	lvl      *level
	byParent map[string][]int // parent match key → child rows, in order
	counts   map[string]int64 // parent match key → related rows after the filter
	kids     []*expanded
}

// readCols is what a level reads: the selected columns, the key (for next links) and
// the columns its expansions match on.
func readCols(q *plan.Query) []*catalog.Column {
	seen := map[*catalog.Column]bool{}
	var cols []*catalog.Column
	add := func(c *catalog.Column) {
		if !seen[c] {
			seen[c] = true
			cols = append(cols, c)
		}
	}
	for _, c := range q.Select {
		add(c)
	}
	for _, c := range q.Table.Key {
		add(c)
	}
	for _, x := range q.Expand {
		for _, c := range x.Nav.FromCols {
			add(c)
		}
	}
	return cols
}

func newLevel(t *catalog.Table, cols []*catalog.Column) *level {
	l := &level{t: t, cols: cols, idx: make(map[*catalog.Column]int, len(cols))}
	for i, c := range cols {
		l.idx[c] = i
	}
	return l
}

// matchKey is the grouping key of a row's values for cols ("" when one is null: such
// a row has no related rows).
func matchKey(vals []any) string {
	var sb strings.Builder
	for i, v := range vals {
		if i > 0 {
			sb.WriteByte(0)
		}
		switch v := v.(type) {
		case nil:
			return ""
		case []byte:
			sb.WriteString(strings.TrimRight(string(v), " "))
		case string:
			sb.WriteString(strings.TrimRight(v, " "))
		case time.Time:
			sb.WriteString(v.UTC().Format(time.RFC3339Nano))
		default:
			fmt.Fprint(&sb, v)
		}
	}
	return sb.String()
}

func (l *level) values(row []any, cols []*catalog.Column) []any {
	out := make([]any, len(cols))
	for i, c := range cols {
		out[i] = row[l.idx[c]]
	}
	return out
}

// readExpanded answers a read with $expand (Collection or Entity).
func (s *Service) readExpanded(ctx context.Context, x *read, c *clock) (*Response, error) {
	q := x.q
	top := newLevel(q.Table, readCols(q))
	pq := *q
	pq.Select = top.cols
	// $count rides on the page query (COUNT(*) OVER ()), so a page with one expanded
	// collection is two round trips.
	withCount := q.Kind == plan.Collection && q.WithCount
	render := sqlgen.Select
	seek := q.Keyset != nil && q.Keyset.After != nil // a keyset link given $expand
	if withCount && seek {
		var err error
		if x.count, err = s.count(ctx, q); err != nil { // the seek narrows the page query
			return nil, err
		}
		withCount = false
	}
	if withCount {
		render = sqlgen.SelectWithCount
	}
	text, args, err := render(&pq, s.Dialect)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	var total int64
	if err := s.scanLevel(ctx, top, text, args, 0, func(_ int, _ []any, n int64) { total = n }); err != nil {
		return nil, err
	}
	if len(top.rows) == 0 && q.Parent != nil { // navmiss.go: 404 without the parent, 204 for a to-one
		if res, err := s.navMiss(ctx, x); res != nil || err != nil {
			return res, err
		}
	}
	if withCount {
		x.count = &total
		if len(top.rows) == 0 && q.Offset > 0 { // an empty page past the end carries no count
			if x.count, err = s.count(ctx, q); err != nil {
				return nil, err
			}
		}
	}
	kids, err := s.expandAll(ctx, top, q.Expand)
	if err != nil {
		return nil, err
	}
	c.stage(&x.t.DB)
	o := s.opts(x.req, x.r)
	res := &Response{Status: http.StatusOK, ContentType: jsonTypeOf(x), Timings: x.t}
	var body []byte
	if q.Kind == plan.Entity {
		if len(top.rows) == 0 {
			return nil, odata.NotFound("EntityNotFound", q.Table.SetName, "no entity in '%s' has this key", q.Table.SetName)
		}
		body = append(body, '{')
		if !o.MetadataNone {
			body = appendMember(body, "@odata.context")
			body, _ = jsontext.AppendQuote(body, jsonfmt.ContextEntity(x.r.Root, q.Table.SetName, selected(x.req, q)))
		}
		if tag := etagOf(q.Table, q.Select, top.values(top.rows[0], q.Select)); tag != "" {
			body = appendMember(body, "@odata.etag")
			body, _ = jsontext.AppendQuote(body, tag)
			res.ETag = tag
		}
		mark := len(body)
		if body, err = s.appendProps(body, x.r.Root, top, 0, q.Select, kids, 0); err != nil {
			return nil, err
		}
		if int64(len(body)) > s.Tuning.MaxPageBytes-1 {
			// Too large with every expanded row: cut the expanded collections instead.
			if body, err = s.appendProps(body[:mark], x.r.Root, top, 0, q.Select, kids, cutLimit(s.Tuning.MaxPageBytes-1)); err != nil {
				return nil, err
			}
			if int64(len(body)) > s.Tuning.MaxPageBytes-1 {
				return nil, rowTooLarge(s.Tuning.MaxPageBytes)
			}
		}
		res.Body, res.Rows = append(body, '}'), 1
		c.stage(&x.t.Encode)
		return res, nil
	}
	body = append(body, '{')
	if !o.MetadataNone {
		body = appendMember(body, "@odata.context")
		body, _ = jsontext.AppendQuote(body, jsonfmt.ContextCollection(x.r.Root, q.Table.SetName, selected(x.req, q)))
	}
	if x.count != nil {
		body = appendMember(body, "@odata.count")
		body = strconv.AppendInt(body, *x.count, 10)
	}
	body = appendMember(body, "value")
	body = append(body, '[')
	limit := s.Tuning.MaxPageBytes - s.nextLinkReserve(x) - 2
	n := int64(0)
	capped := false
	for i := range top.rows {
		if q.Limit >= 0 && n == q.Limit {
			break
		}
		mark := len(body)
		if n > 0 {
			body = append(body, ',')
		}
		body = append(body, '{')
		start := len(body)
		if body, err = s.appendProps(body, x.r.Root, top, i, q.Select, kids, 0); err != nil {
			return nil, err
		}
		body = append(body, '}')
		if int64(len(body)) > limit && n == 0 {
			// The first entity alone passes the cap with every expanded row: send
			// it with its expanded collections cut (each with its own next link).
			if body, err = s.appendProps(body[:start], x.r.Root, top, i, q.Select, kids, cutLimit(limit-1)); err != nil {
				return nil, err
			}
			body = append(body, '}')
			if int64(len(body)) > limit {
				return nil, rowTooLarge(s.Tuning.MaxPageBytes)
			}
		}
		if int64(len(body)) > limit {
			body, capped = body[:mark], true
			break
		}
		n++
	}
	body = append(body, ']')
	if capped || (q.FetchExtra && int64(len(top.rows)) > q.Limit) {
		body = appendMember(body, "@odata.nextLink")
		body, _ = jsontext.AppendQuote(body, NextLinkURL(x.r, linkSet(x), plan.OffsetToken(s.Limits, q, q.Delivered+n)))
	}
	res.Body, res.Rows = append(body, '}'), n
	c.stage(&x.t.Encode)
	return res, nil
}

// appendMember appends `,"name":` (without the comma right after '{' or '[').
func appendMember(b []byte, name string) []byte {
	if len(b) > 0 && b[len(b)-1] != '{' && b[len(b)-1] != '[' {
		b = append(b, ',')
	}
	b, _ = jsontext.AppendQuote(b, name)
	return append(b, ':')
}

// cutLimit is the buffer length up to which an expanded collection may grow when an
// entity has to be cut to fit under limit: what follows the cut (closing brackets,
// the collection's next link, the entity's remaining properties and expansions, each
// cut to an empty collection with its link) needs room too.
func cutLimit(limit int64) int64 {
	return limit - min(limit/4, 64<<10)
}

// appendProps appends the selected properties of row i and its expansions. With cut >
// 0, an expanded collection stops before the row that would take b past cut and ends
// with its own next link (the rows not sent); the caller checks the final size.
func (s *Service) appendProps(b []byte, root string, l *level, i int, sel []*catalog.Column, kids []*expanded, cut int64) ([]byte, error) {
	row := l.rows[i]
	var err error
	for _, c := range sel {
		b = appendMember(b, c.Prop)
		if b, err = jsonfmt.AppendValue(b, s.props[c], row[l.idx[c]]); err != nil {
			return nil, dataError(err)
		}
	}
	for _, k := range kids {
		nav := k.x.Nav
		key := matchKey(l.values(row, nav.FromCols))
		rows := k.byParent[key]
		if !nav.Many {
			b = appendMember(b, nav.Name)
			if len(rows) == 0 {
				b = append(b, "null"...)
				continue
			}
			b = append(b, '{')
			if b, err = s.appendProps(b, root, k.lvl, rows[0], k.x.Q.Select, k.kids, cut); err != nil {
				return nil, err
			}
			b = append(b, '}')
			continue
		}
		cq := k.x.Q
		if cq.WithCount {
			b = appendMember(b, nav.Name+"@odata.count")
			b = strconv.AppendInt(b, k.counts[key], 10)
		}
		b = appendMember(b, nav.Name)
		b = append(b, '[')
		more := int64(len(rows)) > cq.Limit
		if more {
			rows = rows[:cq.Limit]
		}
		sent := len(rows)
		for j, r := range rows {
			mark := len(b)
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			if b, err = s.appendProps(b, root, k.lvl, r, cq.Select, k.kids, cut); err != nil {
				return nil, err
			}
			b = append(b, '}')
			if cut > 0 && int64(len(b)) > cut {
				b, sent = b[:mark], j
				break
			}
		}
		b = append(b, ']')
		if sent < len(rows) {
			b = appendMember(b, nav.Name+"@odata.nextLink")
			b, _ = jsontext.AppendQuote(b, s.expandNextLink(root, l, row, k.x, cq.Offset+int64(sent)))
		} else if more && cq.FetchExtra {
			b = appendMember(b, nav.Name+"@odata.nextLink")
			b, _ = jsontext.AppendQuote(b, s.expandNextLink(root, l, row, k.x, cq.Offset+cq.Limit))
		}
	}
	return b, nil
}

// expandNextLink addresses the rest of a cut expanded collection:
// <root>Parent(key)/Nav?<nested options>&$skip=<next>.
func (s *Service) expandNextLink(root string, l *level, row []any, x *plan.Expand, skip int64) string {
	var sb strings.Builder
	sb.WriteString(root + l.t.SetName + "(")
	for i, k := range l.t.Key {
		if i > 0 {
			sb.WriteByte(',')
		}
		if len(l.t.Key) > 1 {
			sb.WriteString(k.Prop + "=")
		}
		sb.WriteString(keyText(s.props[k], row[l.idx[k]]))
	}
	sb.WriteString(")/" + x.Nav.Name + "?")
	for _, o := range x.Raw {
		if o[0] == "$skip" || o[0] == "$top" {
			continue
		}
		sb.WriteString(o[0] + "=" + url.QueryEscape(o[1]) + "&")
	}
	if x.Q.Top >= 0 {
		sb.WriteString("$top=" + strconv.FormatInt(x.Q.Top-(skip-x.Q.Skip), 10) + "&")
	}
	sb.WriteString("$skip=" + strconv.FormatInt(skip, 10))
	return sb.String()
}

// keyText prints a key value as an OData literal for a URL.
func keyText(p *edm.Property, v any) string {
	j, err := jsonfmt.AppendValue(nil, p, v)
	if err != nil {
		return "null"
	}
	if len(j) > 0 && j[0] == '"' {
		var sv string
		if err := jsontextUnquote(j, &sv); err == nil {
			switch p.Type {
			case edm.String:
				return "'" + url.PathEscape(strings.ReplaceAll(sv, "'", "''")) + "'"
			default:
				return url.PathEscape(sv)
			}
		}
	}
	return string(j)
}

func jsontextUnquote(j []byte, out *string) error {
	v, err := jsontext.AppendUnquote(nil, j)
	if err != nil {
		return err
	}
	*out = string(v)
	return nil
}

// expandAll reads every expansion over the rows of l, depth first.
func (s *Service) expandAll(ctx context.Context, l *level, xs []*plan.Expand) ([]*expanded, error) {
	var out []*expanded
	for _, x := range xs {
		e, err := s.expandLevel(ctx, l, x)
		if err != nil {
			return nil, err
		}
		if e.kids, err = s.expandAll(ctx, e.lvl, x.Q.Expand); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// expandLevel reads the rows related to the rows of parent through x.Nav.
func (s *Service) expandLevel(ctx context.Context, parent *level, x *plan.Expand) (*expanded, error) {
	nav := x.Nav
	e := &expanded{x: x, lvl: newLevel(nav.To, readCols(x.Q)), byParent: map[string][]int{}, counts: map[string]int64{}}
	seen := map[string]bool{}
	var keys [][]any
	for _, row := range parent.rows {
		vals := parent.values(row, nav.FromCols)
		k := matchKey(vals)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		keys = append(keys, vals)
	}
	for start := 0; start < len(keys); start += sqlgen.MaxInList {
		batch := keys[start:min(start+sqlgen.MaxInList, len(keys))]
		text, args, err := sqlgen.ExpandSelect(x, e.lvl.cols, batch, s.Dialect)
		if err != nil {
			return nil, s.readError(ctx, err)
		}
		if err := s.scanLevel(ctx, e.lvl, text, args, len(nav.ToCols), func(i int, match []any, n int64) {
			k := matchKey(match)
			e.byParent[k] = append(e.byParent[k], i)
			e.counts[k] = n
		}); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// scanLevel runs one query and appends its rows to l. With extra > 0 each row has
// extra match columns after l's columns (and, for a to-many level, a count), handed
// to each with the row's index.
func (s *Service) scanLevel(ctx context.Context, l *level, text string, args []any, extra int, each func(i int, match []any, n int64)) error {
	ctx, cancel := context.WithCancel(ctx) // gives the database slot back at once
	defer cancel()
	rows, err := s.query(ctx, text, args)
	if err != nil {
		return s.readError(ctx, err)
	}
	defer rows.Close()
	colTypes, err := rows.Columns()
	if err != nil {
		return s.readError(ctx, err)
	}
	width := len(colTypes)
	for rows.Next() {
		vals := make([]any, width)
		ptrs := make([]any, width)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return s.readError(ctx, err)
		}
		l.rows = append(l.rows, vals[:len(l.cols):len(l.cols)])
		if extra > 0 && len(l.rows) > MaxExpandRows {
			return &odata.Error{Status: http.StatusBadRequest, Code: "QueryTooComplex", Target: "$expand",
				Message: fmt.Sprintf("$expand: the expansion of '%s' reads more than %d rows; limit it with $top inside $expand or page the outer collection", l.t.SetName, MaxExpandRows)}
		}
		if each != nil {
			var n int64
			if width > len(l.cols)+extra {
				n, _ = toInt64(vals[width-1])
			}
			each(len(l.rows)-1, vals[len(l.cols):len(l.cols)+extra], n)
		}
	}
	if err := rows.Err(); err != nil {
		return s.readError(ctx, err)
	}
	return nil
}

func toInt64(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int32:
		return int64(v), true
	case int:
		return int64(v), true
	case uint64:
		return int64(v), true
	case []byte:
		n, err := strconv.ParseInt(string(v), 10, 64)
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil
	case float64:
		return int64(v), true
	}
	return 0, false
}

// linkSet is the resource path of a read's next link: the entity set, or the
// navigation path as requested (Customers('ALFKI')/Orders).
func linkSet(x *read) string {
	if x.req != nil && (x.req.Path.Property != "" && x.q.Property == nil || x.req.Path.Ref) {
		return strings.TrimPrefix(x.r.Path, "/")
	}
	return x.q.Table.SetName
}
