package gateway

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/odata/jsonfmt"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// deadline is a read's hold on its query context: the caller's ctx cancels the query
// until the Response is handed over.
type deadline struct {
	caller context.Context
	stop   func() bool
}

// queryContext gives a read its own deadline (QueryTimeout) that does not end when the
// caller returns, because a streamed page is written after that; until handOver, the
// caller's ctx (its deadline, or the server shutting down) cancels it too.
func (s *Service) queryContext(caller context.Context) (context.Context, context.CancelFunc, deadline) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(caller), s.QueryTimeout)
	return ctx, cancel, deadline{caller: caller, stop: context.AfterFunc(caller, cancel)}
}

// handOver ends the caller's hold on the query. When the caller left first, its reason
// (504 past its deadline, 503 at shutdown) is the answer, and a Stream is released.
func (d deadline) handOver(res *Response, err error) (*Response, error) {
	if d.stop() {
		return res, err
	}
	if res != nil {
		res.Close()
	}
	return nil, dbError(d.caller, context.Cause(d.caller))
}

// render is the SQL of the read: the count, the page (with COUNT(*) OVER () when its
// $count rides on it), or the one row.
func (s *Service) render(x *read) (string, []any, error) {
	switch {
	case x.q.Kind == plan.Count:
		return sqlgen.Count(x.q, s.Dialect)
	case x.window:
		return sqlgen.SelectWithCount(x.q, s.Dialect)
	}
	return sqlgen.Select(x.q, s.Dialect)
}

// query runs a read's SQL through the prepared-statement cache, on the one database
// path (db: admission, log, failure kinds). The slot is held until ctx ends.
func (s *Service) query(ctx context.Context, text string, args []any) (*sql.Rows, error) {
	var rows *sql.Rows
	err := s.db(ctx, call{sql: text, nargs: len(args), admit: true}, func() (err error) {
		rows, err = s.stmts.query(ctx, text, args)
		return err
	})
	return rows, err
}

// encode turns the query's rows into the Response. It owns rows and cancel: both end
// before it returns, unless it returns a Stream, whose end (or Close) ends them.
func (s *Service) encode(ctx context.Context, cancel context.CancelFunc, x *read, rows *sql.Rows, c *clock) (*Response, error) {
	switch x.q.Kind {
	case plan.Count:
		n, err := scanCount(rows)
		rows.Close()
		c.stage(&x.t.DB)
		if err != nil {
			return nil, s.readError(ctx, err)
		}
		if n == 0 {
			if _, err := s.navMiss(ctx, x); err != nil { // Set('no such key')/Nav/$count is 404 (navmiss.go)
				return nil, err
			}
		}
		s.estimates.record(x.q, n)
		body := strconv.AppendInt(nil, n, 10)
		c.stage(&x.t.Encode)
		return &Response{Status: http.StatusOK, ContentType: textType, Body: body, Timings: x.t}, nil
	case plan.Collection:
		return s.page(ctx, cancel, x, rows, c)
	}
	defer rows.Close()
	return s.single(ctx, x, rows, c)
}

// count runs the separate COUNT(*) of a page. Its own context gives its database slot
// back as soon as it is read, so a request never holds two slots.
func (s *Service) count(ctx context.Context, q *plan.Query) (*int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	text, args, err := sqlgen.Count(q, s.Dialect)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	rows, err := s.query(ctx, text, args)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	defer rows.Close()
	n, err := scanCount(rows)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	s.estimates.record(q, n)
	return &n, nil
}

// scanCount reads the one integer of a COUNT(*).
func scanCount(rows *sql.Rows) (int64, error) {
	var n int64
	if !rows.Next() {
		err := rows.Err()
		if err == nil {
			err = sql.ErrNoRows
		}
		return 0, err
	}
	return n, rows.Scan(&n)
}

// RowTooLarge is the error for a single row whose encoding alone passes the page byte
// cap: no page could carry it, so the request cannot succeed as asked (a narrower
// $select may help). It is a server-side limit, hence 500-class, with its own code.
func rowTooLarge(limit int64) error {
	return &odata.Error{Status: http.StatusInternalServerError, Code: "RowTooLarge",
		Message: "a single row is larger than the response size limit of " + strconv.FormatInt(limit, 10) +
			" bytes; select fewer properties with $select"}
}

// single encodes Entity, Property and PropertyValue reads: one row, buffered.
func (s *Service) single(ctx context.Context, x *read, rows *sql.Rows, c *clock) (*Response, error) {
	q, req, r := x.q, x.req, x.r
	props, vals, ptrs := s.columns(q, false)
	ok := rows.Next()
	var err error
	if ok {
		err = rows.Scan(ptrs...)
	} else {
		err = rows.Err()
	}
	c.stage(&x.t.DB)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	set := q.Table.SetName
	if !ok && q.Parent != nil {
		return s.navMiss(ctx, x) // 404, or 204 for a to-one without a related entity (navmiss.go)
	}
	if !ok {
		return nil, odata.NotFound("EntityNotFound", set, "no entity in '%s' has this key", set)
	}
	res := &Response{Status: http.StatusOK, ContentType: jsonTypeOf(x), Rows: 1}
	var body []byte
	switch {
	case q.Ref: // Set(key)/$ref, Set(key)/Nav/$ref (ref.go)
		body = jsonfmt.AppendRef(nil, jsonfmt.ContextRef(r.Root), s.entityID(r.Root, q.Table, vals), s.opts(req, r))
	case q.Kind == plan.Entity:
		o := s.opts(req, r)
		if tag := etagOf(q.Table, q.Select, vals); tag != "" {
			o.ETag, res.ETag = tag, tag
		}
		body, err = jsonfmt.AppendEntity(nil, jsonfmt.ContextEntity(r.Root, set, selected(req, q)), props, vals, o)
	case q.Kind == plan.Property:
		if vals[0] == nil {
			res.Status, res.ContentType = http.StatusNoContent, ""
			break
		}
		ctxURL := jsonfmt.ContextProperty(r.Root, set, keySegment(req), q.Property.Prop)
		if p := req.Path; p.NavProp != "" { // Orders(1)/Customer/CompanyName: the path as addressed
			nav := p.Property
			if p.NavKey != nil {
				nav += keyParts(p.NavKey)
			}
			ctxURL = jsonfmt.ContextProperty(r.Root, p.EntitySet, keySegment(req), nav+"/"+p.NavProp)
		}
		body, err = jsonfmt.AppendProperty(nil, ctxURL, props[0], vals[0], s.opts(req, r))
	case q.Kind == plan.PropertyValue:
		if vals[0] == nil {
			return nil, odata.NotFound("NullValue", set+"/"+q.Property.Prop, "the property is null")
		}
		res.ContentType = jsonfmt.RawContentType(props[0].Type)
		body, err = jsonfmt.AppendRawValue(nil, props[0], vals[0])
	}
	if err != nil {
		return nil, dataError(err)
	}
	if int64(len(body)) > s.Tuning.MaxPageBytes {
		return nil, rowTooLarge(s.Tuning.MaxPageBytes)
	}
	c.stage(&x.t.Encode)
	res.Body, res.Timings = body, x.t
	return res, nil
}

// columns returns the page's properties and scan destinations; with count, one more
// destination (an int64) receives COUNT(*) OVER ().
func (s *Service) columns(q *plan.Query, count bool) ([]*edm.Property, []any, []any) {
	props := make([]*edm.Property, len(q.Select))
	for i, c := range q.Select {
		props[i] = s.props[c]
	}
	vals := make([]any, len(q.Select)+len(q.Extra)) // Extra: sort values of a keyset page
	n := len(vals)
	if count {
		n++
	}
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return props, vals, ptrs
}

// page is one collection read in progress: open rows, the JSON writer and the
// buffered head of the payload. Pages are pooled: the writer's and the spool's
// buffers are reused, so an encoded row allocates nothing.
type page struct {
	s      *Service
	x      *read
	ctx    context.Context
	cancel context.CancelFunc
	rows   *sql.Rows
	cw     *jsonfmt.CollectionWriter
	out    spool
	props  []*edm.Property
	vals   []any
	ptrs   []any
	winN   int64 // COUNT(*) OVER () of the current row

	n       int64 // rows written
	pending bool  // a row is scanned but not written yet
	done    bool
	db      time.Duration
}

var pagePool = sync.Pool{New: func() any {
	return &page{cw: jsonfmt.NewCollectionWriter(io.Discard, jsonfmt.Options{})}
}}

// spool collects the payload in memory until it is handed a writer; then it writes
// through (flushing the writer when it can), so memory stays bounded while streaming.
type spool struct {
	buf []byte
	w   io.Writer
}

func (o *spool) Write(p []byte) (int, error) {
	if o.w == nil {
		o.buf = append(o.buf, p...)
		return len(p), nil
	}
	n, err := o.w.Write(p)
	if f, ok := o.w.(interface{ Flush() error }); ok && err == nil {
		err = f.Flush() // a flush error means the client has gone: stop reading rows
	}
	return n, err
}

func (p *page) release() {
	if p.rows != nil {
		p.rows.Close()
		p.rows = nil
	}
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	p.x, p.ctx, p.props, p.vals, p.ptrs = nil, nil, nil, nil, nil
	p.out.w = nil
	if cap(p.out.buf) <= 2*DefaultMaxEntryBytes {
		p.out.buf = p.out.buf[:0]
		pagePool.Put(p)
	}
}

// next scans the next row into vals; false at the end.
func (p *page) next() (bool, error) {
	t := time.Now()
	defer func() { p.db += time.Since(t) }()
	if !p.rows.Next() {
		return false, p.rows.Err()
	}
	if h := p.s.hooks.row; h != nil {
		h()
	}
	return true, p.rows.Scan(p.ptrs...)
}

// page encodes a page of an entity set from its open rows into memory; a page that
// completes within MaxEntryBytes is returned as Body (and can be cached), a larger one
// is returned as a Stream that continues from the open rows.
func (s *Service) page(ctx context.Context, cancel context.CancelFunc, x *read, rows *sql.Rows, c *clock) (res *Response, err error) {
	q := x.q
	p := pagePool.Get().(*page)
	p.s, p.x, p.ctx, p.cancel, p.rows, p.n, p.pending, p.done, p.db = s, x, ctx, cancel, rows, 0, false, false, 0
	defer func() {
		if err != nil {
			p.release()
		}
	}()
	p.props, p.vals, p.ptrs = s.columns(q, x.window)
	if x.window {
		p.ptrs[len(p.vals)] = &p.winN
	}
	// The first row decides the count of the one-round-trip shape, and any error up
	// to here still becomes a proper error response.
	p.pending, err = p.next()
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	if !p.pending && q.Parent != nil { // the rows are closed: Set('no such key')/Nav is 404 (navmiss.go)
		if _, err := s.navMiss(ctx, x); err != nil {
			return nil, err
		}
	}
	if x.window {
		n := p.winN
		if !p.pending && q.Offset > 0 { // an empty page past the end carries no count
			count, err := s.count(ctx, q)
			if err != nil {
				return nil, err
			}
			n = *count
		} else if !p.pending {
			n = 0
		}
		s.estimates.record(q, n)
		x.count = &n
	}
	c.stage(&x.t.DB)
	p.db = 0

	o := s.opts(x.req, x.r)
	o.ContextURL = jsonfmt.ContextCollection(x.r.Root, q.Table.SetName, selected(x.req, q))
	if q.Ref {
		o.ContextURL = jsonfmt.ContextRefs(x.r.Root)
	}
	o.Count = x.count
	o.MaxBytes = s.Tuning.MaxPageBytes - s.nextLinkReserve(x)
	if o.MaxBytes < 1 {
		o.MaxBytes = 1
	}
	p.cw.Reset(&p.out, o)
	if err := p.write(s.Tuning.MaxEntryBytes); err != nil {
		return nil, err
	}
	c.split(&x.t.Encode, &x.t.DB, p.db) // rows scanned while encoding are database time
	res = &Response{Status: http.StatusOK, ContentType: jsonTypeOf(x), Timings: x.t}
	if p.done {
		res.Rows = p.n
		res.Body = append([]byte(nil), p.out.buf...) // exact-size copy; the spool goes back to the pool
		p.release()
		return res, nil
	}
	var once sync.Once
	res.release = func() { once.Do(p.release) }
	res.Stream = func(w io.Writer) error {
		defer res.Close()
		p.out.w = w
		if _, err := p.out.Write(p.out.buf); err != nil {
			return err
		}
		p.out.buf = p.out.buf[:0]
		err := p.write(-1)
		res.Rows = p.n
		return err
	}
	return res, nil
}

// write encodes rows until the page is complete (and closes it), or, with
// bufferLimit >= 0, until more than bufferLimit bytes are buffered (the caller then
// streams the rest). Before the first byte is sent every error is a proper OData
// error; after that it can only truncate the body.
func (p *page) write(bufferLimit int64) error {
	q, s := p.x.q, p.s
	more, capped := false, false
	for p.pending {
		if q.Limit >= 0 && p.n == q.Limit {
			more = true
			break
		}
		var err error
		if q.Ref { // Set/$ref, Set(key)/Nav/$ref: the ids only (ref.go)
			err = p.cw.WriteRef(s.entityID(p.x.r.Root, q.Table, p.vals))
		} else {
			err = p.cw.WriteRow(p.props, p.vals[:len(p.props)])
		}
		if errors.Is(err, jsonfmt.ErrPageFull) {
			if p.n == 0 {
				return rowTooLarge(s.Tuning.MaxPageBytes)
			}
			capped = true
			break
		}
		if err != nil {
			var ve *jsonfmt.ValueError
			if errors.As(err, &ve) {
				return dataError(err)
			}
			return err // the writer failed: the client has gone
		}
		p.n++
		if p.pending, err = p.next(); err != nil {
			return p.s.readError(p.ctx, err)
		}
		if bufferLimit >= 0 && p.cw.Written() > bufferLimit && p.pending {
			return nil // hand over to the stream
		}
	}
	nextLink := ""
	if capped || (more && q.FetchExtra) {
		// The next page starts at the row in vals (scanned, not written): a keyset
		// token seeks to it; an order on expressions gets an offset token.
		tok := plan.KeysetToken(s.Limits, q, q.Delivered+p.n, p.vals)
		if tok == "" {
			tok = plan.OffsetToken(s.Limits, q, q.Delivered+p.n)
		}
		nextLink = NextLinkURL(p.x.r, linkSet(p.x), tok)
	}
	if err := p.cw.Close(nextLink); err != nil {
		return err
	}
	p.done = true
	return nil
}

// nextLinkReserve is the room a next link takes at most in this page's payload.
func (s *Service) nextLinkReserve(x *read) int64 {
	q := x.q
	tok := plan.OffsetToken(s.Limits, q, q.Delivered+q.Limit+1)
	if q.Keyset != nil && len(tok) < plan.MaxSkipTokenLen {
		tok = strings.Repeat("x", plan.MaxSkipTokenLen)
	}
	link := NextLinkURL(x.r, linkSet(x), tok)
	quoted, _ := jsontext.AppendQuote(nil, link)
	return int64(len(`,"@odata.nextLink":`) + len(quoted))
}
