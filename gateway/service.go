// Package gateway runs the read pipeline: parse (odata) → plan → render (sqlgen) →
// fetch from the database under a deadline → encode (odata/jsonfmt). Service.Read
// reads top to bottom as the whole product on one screen. It knows nothing of HTTP
// frameworks: it takes a Request and returns a Response.
package gateway

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/odata/jsonfmt"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Service serves one source.
type Service struct {
	DB           *sqlx.DB
	Dialect      sqlgen.Dialect
	Catalog      *catalog.Catalog
	Limits       plan.Limits
	QueryTimeout time.Duration
	Log          *slog.Logger
	// Classify tells constraint and data errors of writes apart (the adapter's
	// ErrorClassifier); nil classifies nothing (every failed write is a 500).
	Classify func(error) sqlgen.Violation
	// OnWrite, when set, is called with the entity set's name after every committed
	// write (cache invalidation).
	OnWrite func(set string)
	Ops          // operational settings: admission, slow-query log, error kinds (ops.go)

	model       *edm.Model
	metadata    []byte
	metadata401 []byte
	props       map[*catalog.Column]*edm.Property
}

// Namespace is the EDM namespace of the published schema.
const Namespace = "odatagw"

// New prepares a service: it builds the EDM model and renders $metadata once.
func New(db *sqlx.DB, d sqlgen.Dialect, cat *catalog.Catalog, lim plan.Limits, timeout time.Duration, log *slog.Logger) (*Service, error) {
	s := &Service{DB: db, Dialect: d, Catalog: cat, Limits: lim, QueryTimeout: timeout, Log: log,
		props: map[*catalog.Column]*edm.Property{}}
	s.model = cat.Model(Namespace)
	if err := s.model.Validate(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := edm.WriteCSDL(&buf, s.model); err != nil {
		return nil, err
	}
	s.metadata = buf.Bytes()
	// The same model declared as 4.01, for clients whose OData-MaxVersion allows it.
	m401 := *s.model
	m401.Version = "4.01"
	var buf401 bytes.Buffer
	if err := edm.WriteCSDL(&buf401, &m401); err != nil {
		return nil, err
	}
	s.metadata401 = buf401.Bytes()
	for _, t := range cat.Tables {
		for _, c := range t.Columns {
			s.props[c] = c.Property()
		}
	}
	return s, nil
}

// Model returns the published EDM model.
func (s *Service) Model() *edm.Model { return s.model }

// Request is one read or write: the resource path below the service root and the raw
// query string, both as received (still percent-encoded).
type Request struct {
	Path     string
	RawQuery string
	// Root is the absolute service-root URL, ending in '/'.
	Root string
	// Metadata is the odata.metadata level the Accept header asked for ("none",
	// "minimal" or ""); $format in the query wins over it.
	Metadata string
	// Principal is the authenticated caller ("basic:alice", "jwt:<sub>",
	// "apikey:<name>"), "" when anonymous: part of cache keys, and logged.
	Principal string
	// Version is the OData version the response speaks: "4.0" or "4.01" (from the
	// request's OData-MaxVersion). "" means 4.0.
	Version string

	// Writes only.
	Method  string // POST, PATCH, MERGE, PUT or DELETE, after X-HTTP-Method tunnelling
	Body    []byte // the decompressed request body
	IfMatch string // If-Match header
	Prefer  string // Prefer header (return=representation|minimal)
}

// Response is a complete answer.
type Response struct {
	Status      int
	ContentType string
	Body        []byte
	Timings     Timings
	// Header holds extra response headers (Location, ETag, Preference-Applied, …).
	Header http.Header
	Rows        int64 // entities or values written, for logs and metrics
}

// Timings are the durations of the pipeline's stages, for Server-Timing.
type Timings struct {
	Parse, Plan, DB, Encode time.Duration
}

const (
	jsonType     = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	jsonTypeNone = "application/json;odata.metadata=none;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"
	xmlType      = "application/xml;charset=utf-8"
	textType     = "text/plain;charset=utf-8"
)

// Read answers a GET: service document, $metadata, collections, entities, counts and
// properties.
func (s *Service) Read(ctx context.Context, r Request) (*Response, error) {
	res := &Response{Status: http.StatusOK, ContentType: jsonType}
	start := time.Now()
	req, err := odata.ParseURL(r.Path, r.RawQuery)
	res.Timings.Parse = time.Since(start)
	if err != nil {
		return nil, err
	}
	switch req.Path.Kind {
	case odata.PathServiceDoc:
		res.Body, err = jsonfmt.ServiceDocument(r.Root, s.model)
		return res, err
	case odata.PathMetadata:
		res.ContentType = xmlType
		res.Body = s.metadata
		if r.Version == "4.01" {
			res.Body = s.metadata401
		}
		return res, nil
	}

	start = time.Now()
	if metadataNone(req, r) {
		res.ContentType = jsonTypeNone
	}
	q, err := plan.Build(req, s.Catalog, s.Limits)
	if err != nil {
		return nil, err
	}
	query, args, err := s.render(q)
	res.Timings.Plan = time.Since(start)
	if err != nil {
		return nil, err
	}

	ctx, cancel := context.WithTimeout(ctx, s.QueryTimeout)
	defer cancel()
	if q.Kind == plan.Count || q.WithCount {
		start = time.Now()
		n, err := s.count(ctx, q)
		res.Timings.DB += time.Since(start)
		if err != nil {
			return nil, err
		}
		if q.Kind == plan.Count {
			res.ContentType = textType
			res.Body = strconv.AppendInt(nil, n, 10)
			return res, nil
		}
		return s.readRows(ctx, q, req, r, query, args, &n, res)
	}
	return s.readRows(ctx, q, req, r, query, args, nil, res)
}

func (s *Service) render(q *plan.Query) (string, []any, error) {
	if q.Kind == plan.Count {
		return "", nil, nil
	}
	query, args, err := sqlgen.Select(q, s.Dialect)
	if err != nil {
		return "", nil, dbError(context.Background(), err)
	}
	return query, args, nil
}

func (s *Service) count(ctx context.Context, q *plan.Query) (int64, error) {
	query, args, err := sqlgen.Count(q, s.Dialect)
	if err != nil {
		return 0, s.readError(ctx, err)
	}
	n, err := s.queryInt(ctx, query, args...)
	if err != nil {
		return 0, s.readError(ctx, err)
	}
	return n, nil
}

// readRows runs the page query and encodes the rows for the query's kind.
func (s *Service) readRows(ctx context.Context, q *plan.Query, req *odata.Request, r Request, query string, args []any, count *int64, res *Response) (*Response, error) {
	start := time.Now()
	rows, err := s.queryContext(ctx, query, args...)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	defer rows.Close()
	dbTime := time.Since(start)

	props := make([]*edm.Property, len(q.Select))
	for i, c := range q.Select {
		props[i] = s.props[c]
	}
	vals := make([]any, len(q.Select))
	ptrs := make([]any, len(q.Select))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() (bool, error) {
		t := time.Now()
		ok := rows.Next()
		if ok {
			if err := rows.Scan(ptrs...); err != nil {
				return false, err
			}
		}
		dbTime += time.Since(t)
		if !ok {
			return false, rows.Err()
		}
		return true, nil
	}

	encStart := time.Now()
	var buf bytes.Buffer
	set := q.Table.SetName
	switch q.Kind {
	case plan.Entity, plan.Property, plan.PropertyValue:
		ok, err := next()
		if err != nil {
			return nil, s.readError(ctx, err)
		}
		if !ok {
			return nil, odata.NotFound("EntityNotFound", set, "no entity in '%s' has this key", set)
		}
		switch q.Kind {
		case plan.Entity:
			o := s.opts(req, r)
			if tag := etagOf(q.Table, q.Select, vals); tag != "" {
				o.ETag = tag
				res.Header = http.Header{"Etag": {tag}}
			}
			err = jsonfmt.WriteEntity(&buf, r.Root+"$metadata#"+set+"/$entity", props, vals, o)
		case plan.Property:
			if vals[0] == nil {
				res.Status, res.ContentType = http.StatusNoContent, ""
				break
			}
			ctxURL := r.Root + "$metadata#" + set + keySegment(req) + "/" + q.Property.Prop
			err = jsonfmt.WriteProperty(&buf, ctxURL, props[0], vals[0], s.opts(req, r))
		case plan.PropertyValue:
			if vals[0] == nil {
				return nil, odata.NotFound("NullValue", set+"/"+q.Property.Prop, "the property is null")
			}
			var ct string
			ct, err = jsonfmt.WriteRawValue(&buf, props[0], vals[0])
			res.ContentType = ct
		}
		if err != nil {
			return nil, dataError(err)
		}
		res.Rows = 1
	default:
		o := s.opts(req, r)
		o.ContextURL = r.Root + "$metadata#" + set + selectList(req, q)
		o.Count = count
		cw := jsonfmt.NewCollectionWriter(&buf, o)
		var n int64
		more := false
		for {
			ok, err := next()
			if err != nil {
				return nil, s.readError(ctx, err)
			}
			if !ok {
				break
			}
			if q.Limit >= 0 && n == q.Limit {
				more = true
				break
			}
			if err := cw.WriteRow(props, vals); err != nil {
				return nil, dataError(err)
			}
			n++
		}
		nextLink := ""
		if more && q.FetchExtra {
			nextLink = nextLinkURL(r, set, q.Delivered+n)
		}
		if err := cw.Close(nextLink); err != nil {
			return nil, dataError(err)
		}
		res.Rows = n
	}
	res.Timings.DB += dbTime
	res.Timings.Encode = time.Since(encStart) - dbTime
	if res.Timings.Encode < 0 {
		res.Timings.Encode = 0
	}
	res.Body = buf.Bytes()
	return res, nil
}

func (s *Service) opts(req *odata.Request, r Request) jsonfmt.Options {
	return jsonfmt.Options{MetadataNone: metadataNone(req, r)}
}

// metadataNone reports whether the client asked for odata.metadata=none, in $format
// or else in the Accept header.
func metadataNone(req *odata.Request, r Request) bool {
	if req.Query.Metadata != "" {
		return req.Query.Metadata == "none"
	}
	return r.Metadata == "none"
}

func dataError(err error) error {
	return &odata.Error{Status: http.StatusInternalServerError, Code: "DataConversion",
		Message: "a database value could not be converted to its OData type", Err: err}
}

// selectList is the context URL's "(A,B)" for a $select, empty otherwise.
func selectList(req *odata.Request, q *plan.Query) string {
	if len(req.Query.Select) == 0 || len(q.Select) == len(q.Table.Columns) {
		return ""
	}
	names := make([]string, len(q.Select))
	for i, c := range q.Select {
		names[i] = c.Prop
	}
	return "(" + strings.Join(names, ",") + ")"
}

// keySegment prints the request's key predicate for a context URL.
func keySegment(req *odata.Request) string {
	parts := make([]string, len(req.Path.Key))
	for i, k := range req.Path.Key {
		v := odata.Format(k.Value)
		if k.Name != "" {
			v = k.Name + "=" + v
		}
		parts[i] = v
	}
	return "(" + strings.Join(parts, ",") + ")"
}

// nextLinkURL keeps the request's query options, replacing $skiptoken with one that
// starts after delivered rows.
func nextLinkURL(r Request, set string, delivered int64) string {
	var sb strings.Builder
	sb.WriteString(r.Root)
	sb.WriteString(set)
	sb.WriteByte('?')
	for _, p := range strings.Split(r.RawQuery, "&") {
		if p == "" {
			continue
		}
		name, _, _ := strings.Cut(p, "=")
		if n := strings.ToLower(strings.ReplaceAll(name, "%24", "$")); n == "$skiptoken" {
			continue
		}
		sb.WriteString(p)
		sb.WriteByte('&')
	}
	sb.WriteString("$skiptoken=")
	sb.WriteString(plan.EncodeSkipToken(delivered))
	return sb.String()
}
