package gateway

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/odata/jsonfmt"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// fetch runs a read against the database. The query gets its own deadline
// (QueryTimeout) that does not end when the HTTP handler returns, because a streamed
// page is written after that; the caller's ctx can cancel it only until the Response
// is handed over.
func (s *Service) fetch(ctx context.Context, x *read) (*Response, error) {
	dbCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.QueryTimeout)
	stop := context.AfterFunc(ctx, cancel)
	res, err := s.fetchDB(dbCtx, cancel, x)
	if err != nil {
		// Classify against the caller's context too: its deadline is a timeout.
		if ctx.Err() != nil && dbCtx.Err() != nil {
			return nil, s.readError(ctx, err)
		}
		return nil, err
	}
	if !stop() && ctx.Err() != nil {
		res.Close()
		return nil, dbError(ctx, ctx.Err())
	}
	return res, nil
}

// fetchDB owns cancel: it calls it before returning, unless it returns a Stream,
// whose end (or Close) calls it.
func (s *Service) fetchDB(ctx context.Context, cancel context.CancelFunc, x *read) (*Response, error) {
	q := x.q
	switch q.Kind {
	case plan.Count:
		defer cancel()
		start := time.Now()
		n, err := s.count(ctx, q)
		x.t.DB = time.Since(start)
		if err != nil {
			return nil, err
		}
		return &Response{Status: http.StatusOK, ContentType: textType,
			Body: strconv.AppendInt(nil, n, 10), Timings: x.t}, nil
	case plan.Collection:
		return s.collection(ctx, cancel, x)
	default:
		defer cancel()
		return s.single(ctx, x)
	}
}

// query runs SQL through the prepared-statement cache, under admission control (see
// admit: the slot is held until ctx ends), logs it (debug, or warn past SlowQuery) and
// marks the adapter's failure kinds for dbError.
func (s *Service) query(ctx context.Context, text string, args []any) (*sql.Rows, error) {
	if err := s.admit(ctx); err != nil {
		return nil, err
	}
	if s.hooks.query != nil {
		s.hooks.query(text)
	}
	start := time.Now()
	rows, err := s.stmts.query(ctx, text, args)
	s.logSQL(ctx, text, len(args), time.Since(start), err)
	return rows, s.classify(err)
}

func (s *Service) count(ctx context.Context, q *plan.Query) (int64, error) {
	// Its own context: the count's database slot is released as soon as it is read,
	// so a request never holds two slots.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	text, args, err := sqlgen.Count(q, s.Dialect)
	if err != nil {
		return 0, s.readError(ctx, err)
	}
	rows, err := s.query(ctx, text, args)
	if err != nil {
		return 0, s.readError(ctx, err)
	}
	defer rows.Close()
	var n int64
	if !rows.Next() {
		err := rows.Err()
		if err == nil {
			err = sql.ErrNoRows
		}
		return 0, s.readError(ctx, err)
	}
	if err := rows.Scan(&n); err != nil {
		return 0, s.readError(ctx, err)
	}
	s.estimates.record(q, n)
	return n, nil
}

// RowTooLarge is the error for a single row whose encoding alone passes the page byte
// cap: no page could carry it, so the request cannot succeed as asked (a narrower
// $select may help). It is a server-side limit, hence 500-class, with its own code.
func rowTooLarge(limit int64) error {
	return &odata.Error{Status: http.StatusInternalServerError, Code: "RowTooLarge",
		Message: "a single row is larger than the response size limit of " + strconv.FormatInt(limit, 10) +
			" bytes; select fewer properties with $select"}
}

// single answers Entity, Property and PropertyValue reads: one row, buffered.
func (s *Service) single(ctx context.Context, x *read) (*Response, error) {
	q, req, r := x.q, x.req, x.r
	res := &Response{Status: http.StatusOK, ContentType: jsonTypeOf(x), Rows: 1}
	start := time.Now()
	text, args, err := sqlgen.Select(q, s.Dialect)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	x.t.Plan += time.Since(start)
	start = time.Now()
	rows, err := s.query(ctx, text, args)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	defer rows.Close()
	props, vals, ptrs := s.columns(q, false)
	ok := rows.Next()
	if ok {
		err = rows.Scan(ptrs...)
	} else {
		err = rows.Err()
	}
	x.t.DB = time.Since(start)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	set := q.Table.SetName
	if !ok {
		return nil, odata.NotFound("EntityNotFound", set, "no entity in '%s' has this key", set)
	}
	start = time.Now()
	var body []byte
	switch q.Kind {
	case plan.Entity:
		o := s.opts(req, r)
		if tag := etagOf(q.Table, q.Select, vals); tag != "" {
			o.ETag, res.ETag = tag, tag
		}
		body, err = jsonfmt.AppendEntity(nil, r.Root+"$metadata#"+set+selectList(req, q)+"/$entity", props, vals, o)
	case plan.Property:
		if vals[0] == nil {
			res.Status, res.ContentType = http.StatusNoContent, ""
			break
		}
		ctxURL := r.Root + "$metadata#" + set + keySegment(req) + "/" + q.Property.Prop
		body, err = jsonfmt.AppendProperty(nil, ctxURL, props[0], vals[0], s.opts(req, r))
	case plan.PropertyValue:
		if vals[0] == nil {
			return nil, odata.NotFound("NullValue", set+"/"+q.Property.Prop, "the property is null")
		}
		res.ContentType = jsonfmt.RawContentType(props[0].Type)
		body, err = jsonfmt.AppendRawValue(nil, props[0], vals[0])
	}
	if err != nil {
		return nil, dataError(err)
	}
	if int64(len(body)) > s.tuning.MaxPageBytes {
		return nil, rowTooLarge(s.tuning.MaxPageBytes)
	}
	x.t.Encode = time.Since(start)
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
	vals := make([]any, len(q.Select))
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

// collection answers a page of an entity set. It runs the query and encodes rows into
// memory; a page that completes within MaxEntryBytes is returned as Body (and can be
// cached), a larger one is returned as a Stream that continues from the open rows.
func (s *Service) collection(ctx context.Context, cancel context.CancelFunc, x *read) (res *Response, err error) {
	q := x.q
	p := pagePool.Get().(*page)
	p.s, p.x, p.ctx, p.cancel, p.n, p.pending, p.done, p.db = s, x, ctx, cancel, 0, false, false, 0
	defer func() {
		if err != nil {
			p.release()
		}
	}()

	start := time.Now()
	var count *int64
	window := q.WithCount && s.windowCount(q)
	if q.WithCount && !window {
		n, err := s.count(ctx, q)
		if err != nil {
			return nil, err
		}
		count = &n
	}
	p.db += time.Since(start)
	start = time.Now()
	render := sqlgen.Select
	if window {
		render = sqlgen.SelectWithCount
	}
	text, args, err := render(q, s.Dialect)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	p.props, p.vals, p.ptrs = s.columns(q, window)
	if window {
		p.ptrs[len(p.vals)] = &p.winN
	}
	x.t.Plan += time.Since(start)

	start = time.Now()
	p.rows, err = s.query(ctx, text, args)
	p.db += time.Since(start)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	// The first row decides the count of the one-round-trip shape, and any error up
	// to here still becomes a proper error response.
	p.pending, err = p.next()
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	if window {
		n := p.winN
		if !p.pending && q.Offset > 0 { // an empty page past the end carries no count
			if n, err = s.count(ctx, q); err != nil {
				return nil, err
			}
		} else if !p.pending {
			n = 0
		}
		s.estimates.record(q, n)
		count = &n
	}

	encStart, dbBefore := time.Now(), p.db
	o := s.opts(x.req, x.r)
	o.ContextURL = x.r.Root + "$metadata#" + q.Table.SetName + selectList(x.req, q)
	o.Count = count
	o.MaxBytes = s.tuning.MaxPageBytes - s.nextLinkReserve(x)
	if o.MaxBytes < 1 {
		o.MaxBytes = 1
	}
	p.cw.Reset(&p.out, o)
	if err := p.write(s.tuning.MaxEntryBytes); err != nil {
		return nil, err
	}
	x.t.DB += p.db
	x.t.Encode = time.Since(encStart) - (p.db - dbBefore)
	if x.t.Encode < 0 {
		x.t.Encode = 0
	}
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
		err := p.cw.WriteRow(p.props, p.vals)
		if errors.Is(err, jsonfmt.ErrPageFull) {
			if p.n == 0 {
				return rowTooLarge(s.tuning.MaxPageBytes)
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
		nextLink = nextLinkURL(p.x.r, q.Table.SetName, q.Delivered+p.n)
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
	link := nextLinkURL(x.r, q.Table.SetName, q.Delivered+q.Limit+1)
	quoted, _ := jsontext.AppendQuote(nil, link)
	return int64(len(`,"@odata.nextLink":`) + len(quoted))
}
