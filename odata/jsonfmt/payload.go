package jsonfmt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/odata/edm"
)

// Payloads other than collections are small: they are built in a []byte (Append*), and
// the Write* forms write that in one call, so a conversion error leaves w untouched.

// ServiceDocument returns the service document of m for the service root root (an
// absolute URL; a missing trailing slash is added):
//
//	{"@odata.context":"<root>$metadata","value":[{"name":"Orders","kind":"EntitySet","url":"Orders"},…]}
//
// The error is always nil; it is there for symmetry with the other payloads.
func ServiceDocument(root string, m *edm.Model) ([]byte, error) {
	return AppendServiceDocument(nil, root, m, Options{}), nil
}

// AppendServiceDocument appends the service document (see ServiceDocument); with
// opts.MetadataNone the @odata.context is left out. opts.ContextURL is not used.
func AppendServiceDocument(dst []byte, root string, m *edm.Model, opts Options) []byte {
	ctx := ""
	if !opts.MetadataNone {
		ctx = ContextServiceDocument(root)
	}
	dst = appendHead(dst, ctx)
	dst = appendSep(dst)
	dst = append(dst, `"value":[`...)
	for i, s := range m.EntitySets {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"name":`...)
		dst, _ = jsontext.AppendQuote(dst, s.Name)
		dst = append(dst, `,"kind":"EntitySet","url":`...)
		dst, _ = jsontext.AppendQuote(dst, s.Name)
		dst = append(dst, '}')
	}
	return append(dst, "]}"...)
}

// contextUnlessNone is the context URL to write, given metadata=none.
func contextUnlessNone(url string, opts *Options) string {
	if opts.MetadataNone {
		return ""
	}
	return url
}

// AppendEntity appends a single entity:
//
//	{"@odata.context":"<root>$metadata#Orders/$entity","OrderID":1,…}
//
// with contextURL as @odata.context (see ContextEntity; left out when empty or with
// opts.MetadataNone) and vals the driver values of props, in order. On error dst is
// returned unchanged.
func AppendEntity(dst []byte, contextURL string, props []*edm.Property, vals []any, opts Options) ([]byte, error) {
	if len(vals) != len(props) {
		return dst, fmt.Errorf("jsonfmt: AppendEntity got %d values for %d properties", len(vals), len(props))
	}
	start := len(dst)
	f := opts.format()
	dst = appendHead(dst, contextUnlessNone(contextURL, &opts))
	if opts.ETag != "" {
		dst = appendSep(dst)
		dst = append(dst, `"@odata.etag":`...)
		dst, _ = jsontext.AppendQuote(dst, opts.ETag)
	}
	var err error
	for i, p := range props {
		dst = appendSep(dst)
		dst, _ = jsontext.AppendQuote(dst, p.Name)
		dst = append(dst, ':')
		c := newColumn(p)
		if dst, err = f.appendValue(dst, &c, vals[i]); err != nil {
			return dst[:start], err
		}
	}
	return append(dst, '}'), nil
}

// WriteEntity writes a single entity to w (see AppendEntity). Nothing is written when
// a value cannot be converted.
func WriteEntity(w io.Writer, contextURL string, props []*edm.Property, vals []any, opts Options) error {
	b, err := AppendEntity(nil, contextURL, props, vals, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// AppendProperty appends a single primitive property:
//
//	{"@odata.context":"<root>$metadata#Orders(10248)/ShipName","value":"Vins et alcools"}
//
// with contextURL as @odata.context (see ContextProperty; left out when empty or with
// opts.MetadataNone). A nil v writes "value":null; OData services usually answer a
// null property with 204 No Content instead, which is the caller's choice. On error
// dst is returned unchanged.
func AppendProperty(dst []byte, contextURL string, p *edm.Property, v any, opts Options) ([]byte, error) {
	start := len(dst)
	dst = appendHead(dst, contextUnlessNone(contextURL, &opts))
	dst = appendSep(dst)
	dst = append(dst, `"value":`...)
	c := newColumn(p)
	dst, err := opts.format().appendValue(dst, &c, v)
	if err != nil {
		return dst[:start], err
	}
	return append(dst, '}'), nil
}

// WriteProperty writes a single property to w (see AppendProperty). Nothing is
// written when the value cannot be converted.
func WriteProperty(w io.Writer, contextURL string, p *edm.Property, v any, opts Options) error {
	b, err := AppendProperty(nil, contextURL, p, v, opts)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// ErrorBody returns an OData error body:
//
//	{"error":{"code":"…","message":"…","target":"…","innererror":{"requestId":"…"}}}
//
// target and innererror are left out when target or requestID are empty. The request
// ID goes in innererror, OData's place for service-defined details. Callers pass only
// client-safe text.
func ErrorBody(code, message, target, requestID string) []byte {
	return AppendError(nil, code, message, target, requestID)
}

// AppendError appends an OData error body (see ErrorBody).
func AppendError(dst []byte, code, message, target, requestID string) []byte {
	dst = append(dst, `{"error":{"code":`...)
	dst, _ = jsontext.AppendQuote(dst, code)
	dst = append(dst, `,"message":`...)
	dst, _ = jsontext.AppendQuote(dst, message)
	if target != "" {
		dst = append(dst, `,"target":`...)
		dst, _ = jsontext.AppendQuote(dst, target)
	}
	if requestID != "" {
		dst = append(dst, `,"innererror":{"requestId":`...)
		dst, _ = jsontext.AppendQuote(dst, requestID)
		dst = append(dst, '}')
	}
	return append(dst, "}}"...)
}

// ErrNull is returned by AppendRawValue for a null value (OData answers $value of a
// null property with 404 Not Found or 204 No Content).
var ErrNull = errors.New("jsonfmt: value is null")

// AppendRawValue appends the plain-text ($value) form of v for property p: strings as
// their UTF-8 text (invalid bytes → U+FFFD), Edm.Binary as the raw bytes, numbers as
// their digits (NaN, INF, -INF for non-finite floats), booleans as true/false, dates
// and date-times, GUIDs as in JSON but without quotes. Serve it with RawContentType.
func AppendRawValue(dst []byte, p *edm.Property, v any) ([]byte, error) {
	if v == nil {
		return dst, ErrNull
	}
	if b, ok := v.([]byte); ok && b == nil {
		return dst, ErrNull
	}
	switch p.Type {
	case edm.Binary:
		switch x := v.(type) {
		case []byte:
			return append(dst, x...), nil
		case string:
			return append(dst, x...), nil
		}
	case edm.String:
		switch x := v.(type) {
		case []byte:
			if utf8.Valid(x) {
				return append(dst, x...), nil
			}
			return append(dst, bytes.ToValidUTF8(x, []byte("\uFFFD"))...), nil
		case string:
			return append(dst, strings.ToValidUTF8(x, "\uFFFD")...), nil
		}
	}
	// Everything else: the JSON form, unquoted when it is a string.
	start := len(dst)
	c := newColumn(p)
	dst, err := Format{}.appendValue(dst, &c, v)
	if err != nil {
		return dst, err
	}
	if dst[start] == '"' {
		unq, err := jsontext.AppendUnquote(nil, dst[start:])
		if err != nil {
			return dst[:start], err
		}
		dst = append(dst[:start], unq...)
	}
	return dst, nil
}

// WriteRawValue writes the $value form of v (see AppendRawValue) to w and returns the
// Content-Type to serve it with. Nothing is written on error; a nil v is ErrNull.
func WriteRawValue(w io.Writer, p *edm.Property, v any) (contentType string, err error) {
	b, err := AppendRawValue(nil, p, v)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(b); err != nil {
		return "", err
	}
	return RawContentType(p.Type), nil
}

// RawContentType is the Content-Type of a $value response for a property of type t.
func RawContentType(t edm.Type) string {
	if t == edm.Binary {
		return "application/octet-stream"
	}
	return "text/plain; charset=utf-8"
}

// Context URL helpers. root is the absolute service root; a missing trailing slash is
// added. Names are used as given: they are OData SimpleIdentifiers.

func metadataURL(root string) string {
	return root + slash(root) + "$metadata"
}

// slash is the "/" root lacks, if any, so that each URL is built in one concatenation.
func slash(root string) string {
	if strings.HasSuffix(root, "/") {
		return ""
	}
	return "/"
}

// ContextServiceDocument returns "<root>$metadata".
func ContextServiceDocument(root string) string { return metadataURL(root) }

// ContextCollection returns "<root>$metadata#Set" or, with a $select list,
// "<root>$metadata#Set(A,B)".
func ContextCollection(root, set string, selected []string) string {
	return root + slash(root) + "$metadata#" + set + selectList(selected)
}

// ContextEntity returns "<root>$metadata#Set/$entity" or, with a $select list,
// "<root>$metadata#Set(A,B)/$entity".
func ContextEntity(root, set string, selected []string) string {
	return root + slash(root) + "$metadata#" + set + selectList(selected) + "/$entity"
}

func selectList(selected []string) string {
	if len(selected) == 0 {
		return ""
	}
	return "(" + strings.Join(selected, ",") + ")"
}

// ContextProperty returns "<root>$metadata#Set<key>/Prop", with key the key predicate
// as it appears in the URL, e.g. "(10248)" or "(OrderID=1,ProductID=2)".
func ContextProperty(root, set, key, prop string) string {
	return root + slash(root) + "$metadata#" + set + key + "/" + prop
}
