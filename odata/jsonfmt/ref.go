package jsonfmt

import "github.com/go-json-experiment/json/jsontext"

// Entity references (OData 4.0 JSON Format §13): a …/$ref read answers the ids of the
// entities instead of their properties.

// ContextRef returns "<root>$metadata#$ref", the context of a single reference.
func ContextRef(root string) string { return root + slash(root) + "$metadata#$ref" }

// ContextRefs returns "<root>$metadata#Collection($ref)", the context of a collection
// of references.
func ContextRefs(root string) string { return root + slash(root) + "$metadata#Collection($ref)" }

// AppendRef appends a single entity reference: {"@odata.context":"…","@odata.id":"…"}.
func AppendRef(dst []byte, contextURL, id string, opts Options) []byte {
	dst = appendHead(dst, contextUnlessNone(contextURL, &opts))
	dst = appendSep(dst)
	dst = append(dst, `"@odata.id":`...)
	dst, _ = jsontext.AppendQuote(dst, id)
	return append(dst, '}')
}

// WriteRef writes one entity reference {"@odata.id":"…"} of a collection of
// references, under the same rules as WriteRow (budget, sticky errors, Close).
func (cw *CollectionWriter) WriteRef(id string) error {
	if cw.err != nil {
		return cw.err
	}
	if cw.closed {
		return ErrClosed
	}
	start := len(cw.buf)
	b := cw.buf
	if cw.rows > 0 {
		b = append(b, ',')
	}
	b = append(b, `{"@odata.id":`...)
	b, _ = jsontext.AppendQuote(b, id)
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
