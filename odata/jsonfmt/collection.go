package jsonfmt

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/odata/edm"
)

// Options shape a payload. The zero value writes plain OData 4.0 JSON with no
// @odata.context, no count and no byte budget.
type Options struct {
	// ContextURL is the collection's absolute @odata.context, e.g.
	// "https://host/svc/$metadata#Orders(OrderID,ShipName)" (see ContextCollection).
	// Empty writes none. (Single entities and properties take theirs as an argument.)
	ContextURL string
	// MetadataNone is odata.metadata=none: @odata.context is left out (next links are
	// still written).
	MetadataNone bool
	// IEEE754Compatible writes Edm.Int64 and Edm.Decimal values, and @odata.count, as
	// JSON strings.
	IEEE754Compatible bool

	// Count, when not nil, is written as @odata.count before the rows (collections).
	Count *int64
	// MaxBytes, when > 0, is the collection's byte budget: WriteRow refuses (with
	// ErrPageFull, writing nothing) a row that would make the payload, closed with
	// "]}", longer than MaxBytes. It does not include the next link Close may add, so
	// leave room for it. (The envelope itself is always written, even if it alone is
	// longer than MaxBytes.)
	MaxBytes int64

	// ETag, when not empty, is written as @odata.etag of a single entity (AppendEntity).
	ETag string
}

func (o *Options) format() Format { return Format{IEEE754Compatible: o.IEEE754Compatible} }

func (o *Options) context() string {
	if o.MetadataNone {
		return ""
	}
	return o.ContextURL
}

// ErrPageFull is returned by CollectionWriter.WriteRow when the row would exceed
// Options.MaxBytes. The row is not written; the writer stays usable, so the caller
// ends the page with Close and a next link that starts at this row.
var ErrPageFull = errors.New("jsonfmt: page byte budget reached")

// ErrClosed is returned by WriteRow and Close after Close.
var ErrClosed = errors.New("jsonfmt: collection writer closed")

const (
	flushSize   = 32 << 10 // flush the buffer to w once it holds this much
	initBufSize = 40 << 10
	closeLen    = len("]}")
)

// CollectionWriter streams an entity collection:
//
//	{"@odata.context":"…","@odata.count":N,"value":[{row},…],"@odata.nextLink":"…"}
//
// Rows are buffered and written to w in chunks of about 32 KiB, always at row
// boundaries, so nothing reaches w for a small page until Close (and a caller that
// hits an error before the first flush can still send an error response instead).
//
// Allocations: a new writer allocates its buffer, and the first row (or a row with a
// different props slice) allocates the per-column formatting state; rows after that
// allocate nothing. A CollectionWriter is not safe for concurrent use; Reset lets a
// pool reuse one without any allocation.
type CollectionWriter struct {
	w       io.Writer
	buf     []byte
	flushed int64 // bytes already written to w
	err     error // sticky write error
	closed  bool
	fmt     Format
	max     int64
	rows    int

	// Per-column state for the props slice of the last row.
	props []*edm.Property
	cols  []column
	names []byte // `"Name":` for every column, concatenated
	ends  []int  // end offset of each column's name in names
}

// NewCollectionWriter starts a collection written to w. The envelope's head
// (@odata.context, @odata.count, `"value":[`) is buffered at once.
func NewCollectionWriter(w io.Writer, opts Options) *CollectionWriter {
	cw := &CollectionWriter{}
	cw.Reset(w, opts)
	return cw
}

// Reset makes cw write a new collection to w, reusing its buffers.
func (cw *CollectionWriter) Reset(w io.Writer, opts Options) {
	cw.w = w
	if cw.buf == nil {
		cw.buf = make([]byte, 0, initBufSize)
	}
	cw.buf = cw.buf[:0]
	cw.flushed, cw.err, cw.closed, cw.rows = 0, nil, false, 0
	cw.fmt = opts.format()
	cw.max = opts.MaxBytes

	cw.buf = appendHead(cw.buf, opts.context())
	if opts.Count != nil {
		cw.buf = appendCount(cw.buf, *opts.Count, opts.IEEE754Compatible)
	}
	cw.buf = appendSep(cw.buf)
	cw.buf = append(cw.buf, `"value":[`...)
}

// setProps precomputes the columns of props, unless they are the ones of the last row
// (the same properties in the same order: the usual case of one slice reused for every
// row of a page).
func (cw *CollectionWriter) setProps(props []*edm.Property) {
	if len(props) == len(cw.props) {
		same := true
		for i, p := range props {
			if p != cw.props[i] {
				same = false
				break
			}
		}
		if same {
			return
		}
	}
	nameBytes := 0
	for _, p := range props {
		nameBytes += len(p.Name) + 3 // quotes and colon, before any escaping
	}
	if cap(cw.cols) < len(props) {
		cw.props = make([]*edm.Property, 0, len(props))
		cw.cols = make([]column, 0, len(props))
		cw.ends = make([]int, 0, len(props))
	}
	if cap(cw.names) < nameBytes {
		cw.names = make([]byte, 0, nameBytes)
	}
	cw.props = append(cw.props[:0], props...)
	cw.cols = cw.cols[:0]
	cw.names = cw.names[:0]
	cw.ends = cw.ends[:0]
	for _, p := range props {
		cw.cols = append(cw.cols, newColumn(p))
		cw.names, _ = jsontext.AppendQuote(cw.names, p.Name)
		cw.names = append(cw.names, ':')
		cw.ends = append(cw.ends, len(cw.names))
	}
}

// appendHead appends `{` and the @odata.context annotation unless ctx is empty.
func appendHead(dst []byte, ctx string) []byte {
	dst = append(dst, '{')
	if ctx != "" {
		dst = append(dst, `"@odata.context":`...)
		dst, _ = jsontext.AppendQuote(dst, ctx)
	}
	return dst
}

func appendCount(dst []byte, n int64, quote bool) []byte {
	dst = appendSep(dst)
	dst = append(dst, `"@odata.count":`...)
	if quote {
		dst = append(dst, '"')
		dst = strconv.AppendInt(dst, n, 10)
		return append(dst, '"')
	}
	return strconv.AppendInt(dst, n, 10)
}

// appendSep appends a comma unless dst ends an object opening.
func appendSep(dst []byte) []byte {
	if len(dst) > 0 && dst[len(dst)-1] != '{' {
		dst = append(dst, ',')
	}
	return dst
}

// WriteRow writes one entity: the properties props, in that order (the $select order,
// without duplicates: JSON member names must be unique), with vals their driver
// values as database/sql scanned them. Pass the same props slice for every row of a
// page: the per-column work is then done once.
//
// A value that cannot be converted returns its *ValueError; with a budget, a row that
// does not fit returns ErrPageFull. In both cases nothing of the row is written and
// the writer can go on (or be closed). A write error from w is sticky.
func (cw *CollectionWriter) WriteRow(props []*edm.Property, vals []any) error {
	if cw.err != nil {
		return cw.err
	}
	if cw.closed {
		return ErrClosed
	}
	if len(vals) != len(props) {
		return fmt.Errorf("jsonfmt: WriteRow got %d values for %d properties", len(vals), len(props))
	}
	cw.setProps(props)
	start := len(cw.buf)
	b := cw.buf
	if cw.rows > 0 {
		b = append(b, ',')
	}
	b = append(b, '{')
	prev := 0
	var err error
	for i := range cw.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, cw.names[prev:cw.ends[i]]...)
		prev = cw.ends[i]
		if b, err = cw.fmt.appendValue(b, &cw.cols[i], vals[i]); err != nil {
			cw.buf = b[:start]
			return err
		}
	}
	b = append(b, '}')
	if cw.max > 0 && cw.flushed+int64(len(b)+closeLen) > cw.max {
		cw.buf = b[:start]
		return ErrPageFull
	}
	cw.buf = b
	cw.rows++
	if len(cw.buf) >= flushSize {
		return cw.Flush()
	}
	return nil
}

// Rows returns the number of rows written.
func (cw *CollectionWriter) Rows() int { return cw.rows }

// Written returns the payload's size so far: bytes written to w plus bytes buffered.
// After Close it is the size of the whole payload.
func (cw *CollectionWriter) Written() int64 { return cw.flushed + int64(len(cw.buf)) }

// Flush writes the buffered bytes to w (it does not flush w itself).
func (cw *CollectionWriter) Flush() error {
	if cw.err != nil {
		return cw.err
	}
	if len(cw.buf) == 0 {
		return nil
	}
	n, err := cw.w.Write(cw.buf)
	cw.flushed += int64(n)
	if err == nil && n < len(cw.buf) {
		err = io.ErrShortWrite
	}
	cw.buf = cw.buf[:0]
	cw.err = err
	return err
}

// Close ends the collection, adding "@odata.nextLink" when nextLink is not empty (it
// must be absolute for Salesforce), and flushes to w.
func (cw *CollectionWriter) Close(nextLink string) error {
	if cw.err != nil {
		return cw.err
	}
	if cw.closed {
		return ErrClosed
	}
	cw.closed = true
	cw.buf = append(cw.buf, ']')
	if nextLink != "" {
		cw.buf = append(cw.buf, `,"@odata.nextLink":`...)
		cw.buf, _ = jsontext.AppendQuote(cw.buf, nextLink)
	}
	cw.buf = append(cw.buf, '}')
	return cw.Flush()
}
