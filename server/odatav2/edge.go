// Package odatav2 is the OData 2.0 edge: it serves AtomPub and JSON verbose at the
// 2.0 service root from the same pipeline as the 4.0 root. A 2.0 request is already
// valid input to odata.ParseURL (2.0 literals, substringof, $inlinecount); this edge
// only negotiates the format, adds the key properties a 2.0 payload needs to a
// $select, asks the gateway (parse → plan → cache → SQL) for the 4.0 JSON of the
// page, and re-encodes it as an Atom feed/entry or JSON verbose. Writes go the other
// way: an Atom entry or a JSON verbose body becomes the 4.0 JSON body of
// gateway.Write. EDMX 1.0 $metadata and the 2.0 error shapes live here too. It knows
// nothing of HTTP frameworks (server mounts it) and nothing of SQL.
package odatav2

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Backend is the gateway the edge re-encodes: gateway.Live in production.
type Backend interface {
	Read(ctx context.Context, r gateway.Request) (*gateway.Response, error)
	Write(ctx context.Context, r gateway.Request) (*gateway.Response, error)
}

// Options configure the edge.
type Options struct {
	// SearchOption is the name of Salesforce's "custom query option for search"
	// (e.g. doSearch): `doSearch=Acme` is served as `$search='Acme'`. "" keeps every
	// custom option ignored.
	SearchOption string
}

// Service is the 2.0 edge over a Backend. Model returns the current EDM model (it
// changes on schema reload).
type Service struct {
	b     Backend
	model func() *edm.Model
	o     Options

	mu   sync.Mutex
	meta struct {
		m    *edm.Model
		body []byte
		etag string
	}
}

// New builds the edge.
func New(b Backend, model func() *edm.Model, o Options) *Service {
	return &Service{b: b, model: model, o: o}
}

// Content types of the 2.0 payloads.
const (
	atomFeed  = "application/atom+xml;type=feed;charset=utf-8"
	atomEntry = "application/atom+xml;type=entry;charset=utf-8"
	xmlType   = "application/xml;charset=utf-8"
	jsonType  = "application/json;charset=utf-8"
	textType  = "text/plain;charset=utf-8"
)

// metadata is the EDMX document of the current model, rendered once per model.
func (s *Service) metadata() (*edm.Model, []byte, string) {
	m := s.model()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.meta.m != m {
		s.meta.m, s.meta.body = m, Metadata(m)
		sum := sha256.Sum256(s.meta.body)
		s.meta.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	}
	return m, s.meta.body, s.meta.etag
}

// query is a 2.0 query string split into what the edge handles and what it passes on.
type query struct {
	params  []string // raw name=value pairs, in order
	format  string   // $format value, decoded
	hasFmt  bool
	selects []string // $select names as decoded, nil when absent or '*'
	inline  bool     // $inlinecount=allpages
}

func optName(p string) (raw, name string) {
	raw, _, _ = strings.Cut(p, "=")
	n, err := url.QueryUnescape(raw)
	if err != nil {
		n = raw
	}
	return raw, n
}

func optValue(p string) string {
	_, v, _ := strings.Cut(p, "=")
	d, err := url.QueryUnescape(v)
	if err != nil {
		return v
	}
	return d
}

func parseQuery(raw string) query {
	var q query
	for _, p := range strings.Split(raw, "&") {
		if p == "" {
			continue
		}
		q.params = append(q.params, p)
		_, n := optName(p)
		switch n {
		case "$format":
			q.format, q.hasFmt = optValue(p), true
		case "$select":
			v := optValue(p)
			if strings.Contains(v, "*") {
				q.selects = nil
				break
			}
			for _, f := range strings.Split(v, ",") {
				q.selects = append(q.selects, strings.TrimSpace(f))
			}
		case "$inlinecount":
			q.inline = strings.TrimSpace(optValue(p)) == "allpages"
		}
	}
	return q
}

// wantsJSON decides the payload format: $format wins, else the Accept header; Atom
// is the default.
func wantsJSON(q query, accept string) (bool, error) {
	if q.hasFmt {
		switch f := strings.ToLower(strings.TrimSpace(q.format)); {
		case f == "json" || f == "verbosejson" || strings.HasPrefix(f, "application/json"):
			return true, nil
		case f == "atom" || f == "xml" || strings.HasPrefix(f, "application/atom+xml") || strings.HasPrefix(f, "application/xml"):
			return false, nil
		}
		return false, odata.BadRequest("UnsupportedFormat", "$format", "$format: unsupported format %q (use atom or json)", q.format)
	}
	for _, part := range strings.Split(strings.ToLower(accept), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		switch mt {
		case "application/json", "text/json", "application/json-verbose":
			return true, nil
		case "application/atom+xml", "application/xml", "text/xml":
			return false, nil
		}
	}
	return false, nil
}

// WantsJSON reports whether an error for this request should be JSON (else XML).
func (s *Service) WantsJSON(rawQuery, accept string) bool {
	j, _ := wantsJSON(parseQuery(rawQuery), accept)
	return j
}

// tooNew is the error for a request that needs 2.0 from a client whose
// MaxDataServiceVersion is 1.0.
func tooNew(maxVersion string, q query) error {
	mv := strings.TrimSpace(maxVersion)
	if i := strings.IndexByte(mv, ';'); i >= 0 {
		mv = mv[:i]
	}
	if mv == "" || !strings.HasPrefix(mv, "1.") {
		return nil
	}
	if q.inline || q.selects != nil {
		return odata.BadRequest("DataServiceVersionTooLow", "MaxDataServiceVersion",
			"$inlinecount and $select need DataServiceVersion 2.0, but MaxDataServiceVersion is %s", mv)
	}
	return nil
}

func header(res *gateway.Response, version string) *gateway.Response {
	if res.Header == nil {
		res.Header = http.Header{}
	}
	res.Header.Set("DataServiceVersion", version)
	return res
}

// Read answers a GET on the 2.0 root. r.Version carries the client's
// MaxDataServiceVersion, r.Accept its Accept header.
func (s *Service) Read(ctx context.Context, r gateway.Request) (*gateway.Response, error) {
	q := parseQuery(r.RawQuery)
	asJSON, err := wantsJSON(q, r.Accept)
	if err != nil {
		return nil, err
	}
	if err := tooNew(r.Version, q); err != nil {
		return nil, err
	}
	path, err := odata.ParsePath(r.Path)
	if err != nil {
		return nil, err
	}
	switch path.Kind {
	case odata.PathMetadata:
		_, body, tag := s.metadata()
		return header(static(r, xmlType, body, tag), "1.0"), nil
	case odata.PathServiceDoc:
		m := s.model()
		if asJSON {
			return header(&gateway.Response{Status: http.StatusOK, ContentType: jsonType, Body: ServiceDocumentJSON(m)}, "1.0"), nil
		}
		return header(&gateway.Response{Status: http.StatusOK, ContentType: xmlType, Body: ServiceDocumentAtom(r.Root, m)}, "1.0"), nil
	}
	m := s.model()
	var et *edm.EntityType
	if set := m.Set(path.EntitySet); set != nil {
		et = m.Type(set.EntityType)
	}
	inner := r
	inner.RawQuery = s.innerQuery(q, et)
	inner.Metadata, inner.Version, inner.Accept = "minimal", "4.0", ""
	inner.IfNoneMatch = ""
	res, err := s.b.Read(ctx, inner)
	if err != nil {
		return nil, err
	}
	body, err := drain(res)
	if err != nil {
		return nil, err
	}
	if res.Status != http.StatusOK || et == nil {
		return header(res, "1.0"), nil
	}
	switch path.Kind {
	case odata.PathCount, odata.PathPropertyValue:
		res.Body = body
		return header(res, "2.0"), nil
	}
	e := encoder{root: r.Root, set: path.EntitySet, ns: m.Namespace, t: et, json: asJSON}
	e.props = selectedProps(et, q.selects)
	out := &gateway.Response{Status: http.StatusOK, Cache: res.Cache, Age: res.Age, Timings: res.Timings, Rows: res.Rows, ETag: res.ETag}
	version := "1.0"
	if q.selects != nil || q.inline {
		version = "2.0"
	}
	switch path.Kind {
	case odata.PathEntitySet:
		var c collection
		if err := decode(body, &c); err != nil {
			return nil, encodeError(err)
		}
		next := ""
		if c.Next != "" {
			next = nextLink(r, path.EntitySet, c.Next)
			version = "2.0"
		}
		if asJSON {
			version = "2.0" // the {"results": …} wrapper
		}
		out.Body, err = e.feed(c.Value, c.Count, next)
		out.ContentType = pick(asJSON, jsonType, atomFeed)
	case odata.PathEntity:
		var row map[string]any
		if err := decode(body, &row); err != nil {
			return nil, encodeError(err)
		}
		if tag, ok := row["@odata.etag"].(string); ok {
			row["@odata.etag"] = tag
		}
		out.Body, err = e.entry(row, true)
		out.ContentType = pick(asJSON, jsonType, atomEntry)
	case odata.PathProperty:
		var v struct {
			Value any `json:"value"`
		}
		if err := decode(body, &v); err != nil {
			return nil, encodeError(err)
		}
		p := et.Property(path.Property)
		if p == nil {
			return nil, odata.NotFound("PropertyNotFound", path.Property, "no property '%s'", path.Property)
		}
		out.Body, err = e.property(p, v.Value)
		out.ContentType = pick(asJSON, jsonType, xmlType)
	default:
		return header(res, version), nil
	}
	if err != nil {
		return nil, encodeError(err)
	}
	return header(out, version), nil
}

func pick(j bool, a, b string) string {
	if j {
		return a
	}
	return b
}

// innerQuery is the query the gateway sees: no $format (the 2.0 names atom/json mean
// other things there), the search option as $search, and a $select that includes the
// key (a 2.0 entry always carries its URI).
func (s *Service) innerQuery(q query, et *edm.EntityType) string {
	out := make([]string, 0, len(q.params)+1)
	for _, p := range q.params {
		raw, n := optName(p)
		switch {
		case n == "$format":
			continue
		case n == "$select" && q.selects != nil && et != nil:
			for _, k := range et.Key {
				found := false
				for _, f := range q.selects {
					found = found || f == k
				}
				if !found {
					p += "," + url.QueryEscape(k)
				}
			}
			_ = raw
		}
		out = append(out, p)
	}
	return odata.RewriteSearchOption(strings.Join(out, "&"), s.o.SearchOption)
}

// selectedProps is the properties a 2.0 entry shows: the $select list in model
// order, or all.
func selectedProps(t *edm.EntityType, sel []string) []*edm.Property {
	if sel == nil {
		return t.Properties
	}
	var ps []*edm.Property
	for _, p := range t.Properties {
		for _, n := range sel {
			if n == p.Name {
				ps = append(ps, p)
				break
			}
		}
	}
	return ps
}

// nextLink rebuilds the gateway's next link on the 2.0 query (with $format and the
// client's own $select), carrying only the gateway's $skiptoken over.
func nextLink(r gateway.Request, set, link4 string) string {
	token := ""
	if u, err := url.Parse(link4); err == nil {
		token = u.Query().Get("$skiptoken")
	}
	return gateway.NextLinkURL(r, set, url.QueryEscape(token))
}

// collection is the 4.0 JSON of a page.
type collection struct {
	Count *json.Number     `json:"@odata.count"`
	Next  string           `json:"@odata.nextLink"`
	Value []map[string]any `json:"value"`
}

func decode(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	return d.Decode(v)
}

// drain buffers a streamed page (the gateway's page byte cap bounds it).
func drain(res *gateway.Response) ([]byte, error) {
	if res.Stream == nil {
		return res.Body, nil
	}
	var buf bytes.Buffer
	err := res.Stream(&buf)
	res.Stream, res.Body = nil, buf.Bytes()
	if err != nil {
		return nil, err
	}
	return res.Body, nil
}

var _ io.Writer = (*bytes.Buffer)(nil)

func encodeError(err error) error {
	return &odata.Error{Status: http.StatusInternalServerError, Code: "DataConversion",
		Message: "a value could not be encoded for OData 2.0", Err: err}
}

// static answers a document rendered once, or 304 when If-None-Match matches.
func static(r gateway.Request, ct string, body []byte, tag string) *gateway.Response {
	for _, t := range strings.Split(r.IfNoneMatch, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t != "" && (t == "*" || t == tag) {
			return &gateway.Response{Status: http.StatusNotModified, ETag: tag}
		}
	}
	return &gateway.Response{Status: http.StatusOK, ContentType: ct, Body: body, ETag: tag}
}
