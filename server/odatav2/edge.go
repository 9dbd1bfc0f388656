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
		rel  *relations
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

// metadata is the EDMX document of the current model and its 2.0 relationships,
// derived once per model.
func (s *Service) metadata() (*edm.Model, *relations, []byte, string) {
	m := s.model()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.meta.m != m {
		s.meta.rel = associations(m)
		s.meta.m, s.meta.body = m, metadataOf(m, s.meta.rel)
		sum := sha256.Sum256(s.meta.body)
		s.meta.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
	}
	return m, s.meta.rel, s.meta.body, s.meta.etag
}

// query is a 2.0 query string split into what the edge handles and what it passes on.
type query struct {
	params  []string // raw name=value pairs, in order
	format  string   // $format value, decoded
	hasFmt  bool
	selects []string // $select names as decoded, nil when absent or '*'
	items   []string // every $select item as decoded ('*' and paths included)
	expand  string   // $expand as decoded
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
			for _, f := range strings.Split(v, ",") {
				q.items = append(q.items, strings.TrimSpace(f))
			}
			if strings.Contains(v, "*") {
				q.selects = nil
				break
			}
			for _, f := range strings.Split(v, ",") {
				q.selects = append(q.selects, strings.TrimSpace(f))
			}
		case "$expand":
			q.expand = optValue(p)
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
	if nav, ok, err := linksPath(r.Path); ok || err != nil { // Set(key)/$links/Nav (links.go)
		if err != nil {
			return nil, err
		}
		return s.links(ctx, r, q, asJSON, nav)
	}
	path, err := odata.ParsePath(r.Path)
	if err != nil {
		return nil, err
	}
	if path.Ref {
		return nil, odata.BadRequest("InvalidPath", r.Path, "$ref is OData 4.0; OData 2.0 addresses links as Set(key)/$links/Nav")
	}
	switch path.Kind {
	case odata.PathMetadata:
		_, _, body, tag := s.metadata()
		return header(static(r, xmlType, body, tag), "1.0"), nil
	case odata.PathServiceDoc:
		m := s.model()
		if asJSON {
			return header(&gateway.Response{Status: http.StatusOK, ContentType: jsonType, Body: ServiceDocumentJSON(m)}, "1.0"), nil
		}
		return header(&gateway.Response{Status: http.StatusOK, ContentType: xmlType, Body: ServiceDocumentAtom(r.Root, m)}, "1.0"), nil
	}
	m, rel, _, _ := s.metadata()
	tgt, err := resolve(m, rel, path)
	if err != nil {
		return nil, err
	}
	var lv *level
	if tgt.set != nil && path.NavProp == "" && (path.Kind == odata.PathEntitySet || path.Kind == odata.PathEntity || tgt.nav != nil) {
		if lv, err = buildShape(m, rel, tgt.set, tgt.t, q.items, q.expand); err != nil {
			return nil, err
		}
	}
	inner := r
	inner.RawQuery = s.innerQuery(q, tgt.t, lv)
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
	if res.Status != http.StatusOK || tgt.t == nil {
		return header(res, "1.0"), nil
	}
	switch path.Kind {
	case odata.PathCount, odata.PathPropertyValue:
		res.Body = body
		return header(res, "2.0"), nil
	}
	e := encoder{root: r.Root, ns: m.Namespace, rel: rel, m: m, json: asJSON}
	out := &gateway.Response{Status: http.StatusOK, Cache: res.Cache, Age: res.Age, Timings: res.Timings, Rows: res.Rows, ETag: res.ETag}
	version := "1.0"
	if q.selects != nil || q.inline || lv != nil && len(lv.kids) > 0 && asJSON {
		version = "2.0" // $select, $inlinecount, the {"results": …} of an inline collection
	}
	switch {
	case lv != nil && tgt.many:
		var c collection
		if err := decode(body, &c); err != nil {
			return nil, encodeError(err)
		}
		next := ""
		if c.Next != "" {
			next = nextLink(r, c.Next)
			version = "2.0"
		}
		if asJSON {
			version = "2.0" // the {"results": …} wrapper
		}
		out.Body, err = e.feed(lv, r.Path, c.Value, c.Count, next)
		out.ContentType = pick(asJSON, jsonType, atomFeed)
	case lv != nil:
		var row map[string]any
		if err := decode(body, &row); err != nil {
			return nil, encodeError(err)
		}
		out.Body, err = e.entry(lv, row)
		out.ContentType = pick(asJSON, jsonType, atomEntry)
	case path.Kind == odata.PathProperty:
		var v struct {
			Value any `json:"value"`
		}
		if err := decode(body, &v); err != nil {
			return nil, encodeError(err)
		}
		name := path.Property
		if path.NavProp != "" { // Orders(1)/Customer/CompanyName: tgt is the related type
			name = path.NavProp
		}
		p := tgt.t.Property(name)
		if p == nil {
			return nil, odata.NotFound("PropertyNotFound", name, "no property '%s'", name)
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

// target is what a 2.0 path reads: the entity set and type of its entries (for a
// navigation path, the navigation's target), whether it is a collection, and the
// navigation when the path has one.
type target struct {
	set  *edm.EntitySet
	t    *edm.EntityType
	many bool
	nav  *edm.NavigationProperty
}

// resolve finds the target of a path. A name the model lacks is left to the gateway
// (it answers the 404); a navigation the 2.0 model does not publish is a 404 here.
func resolve(m *edm.Model, rel *relations, path odata.Path) (target, error) {
	var tg target
	tg.set = m.Set(path.EntitySet)
	if tg.set == nil {
		return tg, nil
	}
	tg.t = m.Type(tg.set.EntityType)
	if tg.t == nil {
		return target{}, nil
	}
	tg.many = path.Kind == odata.PathEntitySet
	if path.Property == "" || tg.t.Property(path.Property) != nil {
		return tg, nil
	}
	n, ts, tt := navTarget(m, rel, newShape(tg.set, tg.t), path.Property)
	if n == nil {
		return tg, nil // the gateway names the missing property
	}
	tg.set, tg.t, tg.nav = ts, tt, n
	tg.many = n.Collection && path.NavKey == nil && path.Kind != odata.PathCount
	return tg, nil
}

func pick(j bool, a, b string) string {
	if j {
		return a
	}
	return b
}

// innerQuery is the query the gateway sees: no $format (the 2.0 names atom/json mean
// other things there), the search option as $search, and $select/$expand in their
// 4.0 nested form with every level's key selected (expand.go).
func (s *Service) innerQuery(q query, et *edm.EntityType, lv *level) string {
	out := make([]string, 0, len(q.params)+1)
	for _, p := range q.params {
		_, n := optName(p)
		switch {
		case n == "$format":
			continue
		case (n == "$select" || n == "$expand") && lv != nil:
			continue // rebuilt below
		}
		out = append(out, p)
	}
	if lv != nil {
		out = append(out, lv.query4()...)
	}
	return odata.RewriteSearchOption(strings.Join(out, "&"), s.o.SearchOption)
}

// nextLink rebuilds the gateway's next link on the 2.0 query (with $format and the
// client's own $select), carrying only the gateway's $skiptoken over.
func nextLink(r gateway.Request, link4 string) string {
	token := ""
	if u, err := url.Parse(link4); err == nil {
		token = u.Query().Get("$skiptoken")
	}
	return gateway.NextLinkURL(r, r.Path, url.QueryEscape(token))
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
