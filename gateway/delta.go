package gateway

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/big"
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

// ChangeFeed is what the read pipeline needs from change tracking (package changes
// implements it): which sets are tracked, a token for "now", and the changed keys since
// a token. The gateway keeps no row data: it reads the current rows of those keys.
type ChangeFeed interface {
	// Tracked reports whether the entity set has a change source.
	Tracked(set string) bool
	// Start returns an opaque delta token for the set's current position, carrying the
	// request's raw (still percent-encoded) $filter and $select.
	Start(ctx context.Context, set, filter, sel string) (string, error)
	// Next decodes a delta token and returns at most max changes after its position.
	// A forged token is a 400, an expired one a 410 (*odata.Error).
	Next(ctx context.Context, token string, max int) (*Delta, error)
}

// Delta is one batch of changes of a set since a token.
type Delta struct {
	Set, Filter, Select string // from the token: the tracked request's set and options
	Changes             []Change
	// Next is the token after the last change of the batch; More reports whether the
	// feed already knows of further changes (the page then ends with a next link).
	Next string
	More bool
}

// Change is one changed key, in key order of the table, its values normalized with
// NormalizeKey. Token is the position just after this change, so a page cut short by
// the byte cap can continue from any change.
type Change struct {
	Key     []any
	Deleted bool
	Token   string
}

// Invalidate makes every cached page of the set unreachable (its generation is bumped
// through the cache.Generations API, and OnWrite is told): the change feed calls it for
// changes made by other applications.
func (s *Service) Invalidate(set string) { s.invalidate(set) }

// NormalizeKey turns a driver's value of a key column into the value a plan.Const of
// its EDM type binds (int64, string, time.Time, bool, float64), so that keys read from
// a change source and from the rows compare equal.
func NormalizeKey(c *catalog.Column, v any) (any, error) {
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	if v == nil {
		return nil, nil
	}
	switch c.Type {
	case edm.Int16, edm.Int32, edm.Int64, edm.Byte, edm.SByte:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int:
			return int64(x), nil
		case uint64:
			return int64(x), nil
		case float64:
			return int64(x), nil
		case string:
			return strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		}
	case edm.String, edm.Guid:
		return fmt.Sprint(v), nil
	case edm.Decimal:
		switch x := v.(type) {
		case string:
			return x, nil
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case *big.Rat:
			return x.FloatString(10), nil
		}
		return fmt.Sprint(v), nil
	case edm.Date:
		if t, ok := v.(time.Time); ok {
			return t.Format(edm.DateLayout), nil
		}
		return fmt.Sprint(v), nil
	case edm.DateTimeOffset:
		if t, ok := v.(time.Time); ok {
			return t.UTC(), nil
		}
	case edm.Boolean:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	}
	return v, nil
}

// keyString is a map key for a normalized key.
func keyString(key []any) string {
	var sb strings.Builder
	for i, v := range key {
		if i > 0 {
			sb.WriteByte(0)
		}
		if t, ok := v.(time.Time); ok {
			sb.WriteString(t.UTC().Format(time.RFC3339Nano))
			continue
		}
		fmt.Fprintf(&sb, "%T:%v", v, v)
	}
	return sb.String()
}

// wantsTracking reports whether a Prefer header asks for odata.track-changes.
func wantsTracking(prefer string) bool {
	for _, p := range strings.Split(prefer, ",") {
		p, _, _ = strings.Cut(strings.TrimSpace(p), ";")
		if strings.EqualFold(strings.TrimSpace(p), "odata.track-changes") {
			return true
		}
	}
	return false
}

// queryOption returns the raw value of a system query option ($name, also written
// %24name), and whether it is present.
func queryOption(raw, name string) (string, bool) {
	for _, p := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.ReplaceAll(k, "%24", "$"), name) {
			return v, true
		}
	}
	return "", false
}

// deltaLink is the absolute link carrying token.
func deltaLink(root, set, token string) string {
	return root + set + "?$deltatoken=" + url.QueryEscape(token)
}

// track answers a collection read with Prefer: odata.track-changes on a tracked set:
// the token is taken before the read (a change during it shows again in the first
// delta, never goes missing), the cache is bypassed, and the last page carries the
// delta link.
func (s *Service) track(ctx context.Context, x *read, run func() (*Response, error)) (*Response, error) {
	filter, _ := queryOption(x.r.RawQuery, "$filter")
	sel, _ := queryOption(x.r.RawQuery, "$select")
	tok, err := s.Changes.Start(ctx, x.q.Table.SetName, filter, sel)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	res, err := run()
	if err != nil || res == nil {
		return res, err
	}
	h := http.Header{}
	for k, v := range res.Header {
		h[k] = v
	}
	h.Set("Preference-Applied", "odata.track-changes")
	out := *res
	out.Header = h
	out.Cache = "bypass"
	link := deltaLink(x.r.Root, x.q.Table.SetName, tok)
	if res.Body != nil {
		out.Body = withDeltaLink(res.Body, link)
		return &out, nil
	}
	if res.Stream != nil {
		stream := res.Stream
		out.Stream = func(w io.Writer) error {
			t := &tailWriter{w: w}
			if err := stream(t); err != nil {
				return err
			}
			_, err := w.Write(withDeltaLink(t.tail, link))
			return err
		}
		// The page's own Stream releases it at its end (its release is idempotent, so
		// out.Close, which shares it, is safe too).
	}
	return &out, nil
}

// withDeltaLink returns a copy of a collection payload ending in "}" with
// "@odata.deltaLink" added, unless it carries a next link (not the last page).
func withDeltaLink(body []byte, link string) []byte {
	i := bytes.LastIndexByte(body, ']')
	if i < 0 || bytes.Contains(body[i:], []byte(`"@odata.nextLink"`)) || !bytes.HasSuffix(body, []byte("}")) {
		return body
	}
	out := make([]byte, 0, len(body)+len(link)+24)
	out = append(out, body[:len(body)-1]...)
	out = append(out, `,"@odata.deltaLink":`...)
	out, _ = jsontext.AppendQuote(out, link)
	return append(out, '}')
}

// tailWriter passes everything through except the last tailKeep bytes, which it
// holds so the caller can inspect and finish the payload.
type tailWriter struct {
	w    io.Writer
	tail []byte
}

const tailKeep = 16 << 10

func (t *tailWriter) Write(p []byte) (int, error) {
	t.tail = append(t.tail, p...)
	if n := len(t.tail) - tailKeep; n > 0 {
		if _, err := t.w.Write(t.tail[:n]); err != nil {
			return 0, err
		}
		t.tail = append(t.tail[:0], t.tail[n:]...)
	}
	return len(p), nil
}

// delta answers a GET of a delta link: the changed entities read live with the
// tracked request's $filter and $select, removed entities (deleted, or changed out of
// the filter) in the 4.0 or 4.01 shape, then a delta link or, when paged, a next link.
func (s *Service) delta(ctx context.Context, r Request, token string) (*Response, error) {
	clock := startClock()
	var t Timings
	tok, err := url.QueryUnescape(token)
	if err != nil {
		return nil, badDeltaToken()
	}
	// At most 1,000 changes a page: the live read binds one value per changed key, and
	// Oracle refuses IN lists over 1,000 (SQL Server, over 2,100 parameters).
	max := int(min(s.Limits.MaxPageSize, 1000))
	if max <= 0 {
		max = 1000
	}
	d, err := s.Changes.Next(ctx, tok, max)
	clock.stage(&t.DB)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	raw := ""
	if d.Filter != "" {
		raw = "$filter=" + d.Filter
	}
	if d.Select != "" {
		if raw != "" {
			raw += "&"
		}
		raw += "$select=" + d.Select
	}
	req, err := odata.ParseURL(d.Set, raw, s.parse)
	if err != nil {
		return nil, err
	}
	q, err := plan.Build(req, s.Catalog, s.Limits)
	if err != nil {
		return nil, err
	}
	if q.Kind != plan.Collection {
		return nil, badDeltaToken()
	}
	clock.stage(&t.Plan)

	rows, err := s.liveRows(ctx, q, d.Changes)
	clock.stage(&t.DB)
	if err != nil {
		return nil, err
	}

	v401 := r.Version == "4.01"
	none := metadataNone(req, r)
	var b []byte
	b = append(b, '{')
	if !none {
		b = append(b, `"@odata.context":`...)
		b, _ = jsontext.AppendQuote(b, r.Root+"$metadata#"+q.Table.SetName+"/$delta")
		b = append(b, ',')
	}
	b = append(b, `"value":[`...)
	limit := s.Tuning.MaxPageBytes - int64(len(r.Root)+len(q.Table.SetName)+600)
	next, more := d.Next, d.More
	seen := map[string]bool{}
	n := int64(0)
	for i, c := range d.Changes {
		k := keyString(c.Key)
		if seen[k] {
			continue
		}
		var item []byte
		if row, ok := rows[k]; ok {
			item = row
		} else {
			reason := "changed"
			if c.Deleted {
				reason = "deleted"
			}
			item, err = s.removed(r.Root, q.Table, c.Key, reason, v401, none)
			if err != nil {
				return nil, dataError(err)
			}
		}
		if limit > 0 && int64(len(b)+len(item)) > limit {
			if n == 0 {
				return nil, rowTooLarge(s.Tuning.MaxPageBytes)
			}
			next, more = d.Changes[i-1].Token, true
			break
		}
		seen[k] = true
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, item...)
		n++
	}
	b = append(b, ']')
	if more {
		b = append(b, `,"@odata.nextLink":`...)
	} else {
		b = append(b, `,"@odata.deltaLink":`...)
	}
	b, _ = jsontext.AppendQuote(b, deltaLink(r.Root, q.Table.SetName, next))
	b = append(b, '}')
	clock.stage(&t.Encode)
	ct := jsonType
	if none {
		ct = jsonTypeNone
	}
	return &Response{Status: http.StatusOK, ContentType: ct, Body: b, Timings: t, Rows: n}, nil
}

func badDeltaToken() error {
	return &odata.Error{Status: http.StatusBadRequest, Code: "InvalidDeltaToken",
		Message: "the $deltatoken is not valid; start change tracking again with Prefer: odata.track-changes"}
}

// liveRows reads the current rows of the changed keys that still match the tracked
// filter, each encoded as a JSON object (the selected properties plus the key), by key.
func (s *Service) liveRows(ctx context.Context, q *plan.Query, changes []Change) (map[string][]byte, error) {
	out := map[string][]byte{}
	if len(changes) == 0 {
		return out, nil
	}
	lq := *q
	lq.Select = append([]*catalog.Column(nil), q.Select...)
	for _, k := range q.Table.Key {
		if !containsCol(lq.Select, k) {
			lq.Select = append(lq.Select, k)
		}
	}
	lq.Limit, lq.Offset, lq.FetchExtra, lq.WithCount = -1, 0, false, false
	lq.Extra, lq.Keyset = nil, nil // no paging here: no sort values to read, no seek
	keyFilter, err := keyMatch(q.Table, changes)
	if err != nil {
		return nil, dataError(err)
	}
	if lq.Filter == nil {
		lq.Filter = keyFilter
	} else {
		lq.Filter = &plan.Logical{Op: odata.OpAnd, L: lq.Filter, R: keyFilter}
	}
	text, args, err := sqlgen.Select(&lq, s.Dialect)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.QueryTimeout)
	defer cancel()
	var rows interface {
		Next() bool
		Scan(...any) error
		Err() error
		Close() error
	}
	err = s.db(ctx, call{sql: text, nargs: len(args), admit: true}, func() error {
		r, err := s.DB.QueryContext(ctx, text, args...)
		if err == nil {
			rows = r
		}
		return err
	})
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	defer rows.Close()
	props, vals, ptrs := s.columns(&lq, false)
	keyIdx := make([]int, len(q.Table.Key))
	for i, k := range q.Table.Key {
		for j, c := range lq.Select {
			if c == k {
				keyIdx[i] = j
			}
		}
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, s.readError(ctx, err)
		}
		key := make([]any, len(keyIdx))
		for i, j := range keyIdx {
			if key[i], err = NormalizeKey(q.Table.Key[i], vals[j]); err != nil {
				return nil, dataError(err)
			}
		}
		b, err := jsonfmt.AppendEntity(nil, "", props, vals, jsonfmt.Options{})
		if err != nil {
			return nil, dataError(err)
		}
		out[keyString(key)] = b
	}
	if err := rows.Err(); err != nil {
		return nil, s.readError(ctx, err)
	}
	return out, nil
}

func containsCol(cols []*catalog.Column, c *catalog.Column) bool {
	for _, x := range cols {
		if x == c {
			return true
		}
	}
	return false
}

// keyMatch is the predicate "the key is one of the changed keys": K in (…) for a
// single-column key, an or of ands for a composite one.
func keyMatch(t *catalog.Table, changes []Change) (plan.Expr, error) {
	if len(t.Key) == 1 {
		in := &plan.In{X: &plan.ColumnRef{Col: t.Key[0]}}
		for _, c := range changes {
			in.List = append(in.List, &plan.Const{T: t.Key[0].Type, V: c.Key[0]})
		}
		return in, nil
	}
	var or plan.Expr
	for _, c := range changes {
		if len(c.Key) != len(t.Key) {
			return nil, fmt.Errorf("change key has %d values for %d key columns", len(c.Key), len(t.Key))
		}
		var and plan.Expr
		for i, k := range t.Key {
			var e plan.Expr = &plan.Compare{Op: odata.OpEq, L: &plan.ColumnRef{Col: k}, R: &plan.Const{T: k.Type, V: c.Key[i]}}
			if and != nil {
				e = &plan.Logical{Op: odata.OpAnd, L: and, R: e}
			}
			and = e
		}
		if or != nil {
			and = &plan.Logical{Op: odata.OpOr, L: or, R: and}
		}
		or = and
	}
	return or, nil
}

// removed is one removed entity: 4.0's deleted-entity object, or 4.01's @removed
// entity with its @id and key properties.
func (s *Service) removed(root string, t *catalog.Table, key []any, reason string, v401, none bool) ([]byte, error) {
	consts := make([]*plan.Const, len(key))
	for i, k := range t.Key {
		consts[i] = &plan.Const{T: k.Type, V: key[i]}
	}
	id := root + t.SetName + keyPredicate(t, consts)
	var b []byte
	if !v401 {
		b = append(b, '{')
		if !none {
			b = append(b, `"@odata.context":`...)
			b, _ = jsontext.AppendQuote(b, root+"$metadata#"+t.SetName+"/$deletedEntity")
			b = append(b, ',')
		}
		b = append(b, `"id":`...)
		b, _ = jsontext.AppendQuote(b, id)
		b = append(b, `,"reason":`...)
		b, _ = jsontext.AppendQuote(b, reason)
		return append(b, '}'), nil
	}
	b = append(b, `{"@removed":{"reason":`...)
	b, _ = jsontext.AppendQuote(b, reason)
	b = append(b, `},"@id":`...)
	b, _ = jsontext.AppendQuote(b, id)
	for i, k := range t.Key {
		b = append(b, ',')
		b, _ = jsontext.AppendQuote(b, k.Prop)
		b = append(b, ':')
		var err error
		if b, err = jsonfmt.AppendValue(b, s.props[k], key[i]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}
