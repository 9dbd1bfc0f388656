package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/odatagw/odatagw/batch"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/jsonfmt"
)

// ChangeSetter is the part of the gateway a $batch change set needs (gateway.Service
// and gateway.Live): a Writer without it answers change sets with 405.
type ChangeSetter interface {
	BeginChangeSet(ctx context.Context) (*gateway.ChangeSet, error)
}

// ChangeSetWriter is implemented by an edge that translates each write of a change
// set itself (the 2.0 edge: 2.0 bodies in, 2.0 answers out); the batch then hands it
// the gateway's change set instead of calling cs.Write directly.
type ChangeSetWriter interface {
	WriteInChangeSet(cs *gateway.ChangeSet, r gateway.Request) (*gateway.Response, error)
}

// batch answers POST <root>/$batch (on the 4.0 root and, in the 2.0 multipart form,
// on the 2.0 root, where every inner request goes through the 2.0 edge): the body (gunzipped, ≤ MaxBodyBytes) is parsed
// by package batch (multipart/mixed or JSON, ≤ MaxBatchRequests requests), then every
// inner request runs, in order, through the same gateway calls as a single request:
// reads through Read (cache included), writes outside change sets through Write (one
// transaction each), each change set through one gateway.ChangeSet (one transaction:
// all or nothing). The batch request passed the OData group's authentication,
// concurrency limit and CSRF check once, as any POST; every inner request runs as
// its principal, and credentials or CSRF tokens inside parts are ignored.
func (h *handler) batch(c *fiber.Ctx) error {
	body, err := h.body(c)
	if err != nil {
		return err
	}
	b, err := batch.Parse(c.Get(fiber.HeaderContentType), body, batch.Limits{MaxRequests: h.o.MaxBatchRequests})
	if err != nil {
		return err
	}
	if h.v2 && b.Format != batch.Multipart {
		return odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "", "a $batch on the OData 2.0 root is multipart/mixed")
	}
	x := &batchRun{
		h:         h,
		root:      h.root(c),
		principal: principal(c),
		version:   h.maxVersion(c),
		rid:       localString(c, "rid"),
		// 2.0 processes every part of a batch whatever an earlier change set did.
		cont:   h.v2 || continueOnError(c.Get("Prefer")),
		budget: h.o.MaxBatchResponseBytes,
		refs:   map[string]string{},
		failed: map[string]bool{},
	}
	rs := x.run(b)
	if x.cont && !h.v2 {
		c.Set("Preference-Applied", "odata.continue-on-error")
	}
	var out bytes.Buffer
	if h.v2 {
		c.Set("DataServiceVersion", "1.0")
	}
	if b.Format == batch.JSON {
		batch.WriteJSON(&out, rs)
		c.Set(fiber.HeaderContentType, "application/json;charset=utf-8")
	} else {
		boundary := batch.NewBoundary()
		batch.WriteMultipart(&out, boundary, rs)
		c.Set(fiber.HeaderContentType, "multipart/mixed; boundary="+boundary)
	}
	c.Status(http.StatusOK)
	c.Response().SetBody(out.Bytes())
	return nil
}

// isBatch reports whether the path below the root is $batch (also percent-encoded).
func isBatch(rel string) bool {
	return rel == "$batch" || strings.EqualFold(rel, "%24batch")
}

func localString(c *fiber.Ctx, key string) string {
	s, _ := c.Locals(key).(string)
	return s
}

// continueOnError reads the (odata.)continue-on-error preference.
func continueOnError(prefer string) bool {
	for _, p := range strings.Split(prefer, ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(p), "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "odata.continue-on-error" || name == "continue-on-error" {
			v := strings.ToLower(strings.Trim(strings.TrimSpace(val), `"`))
			return v == "" || v == "true"
		}
	}
	return false
}

// batchRun is one batch on its way through the gateway.
type batchRun struct {
	h                        *handler
	root, principal, version string
	rid                      string
	cont                     bool
	budget                   int64             // response body bytes still allowed
	refs                     map[string]string // Content-ID → entity path below the root, of committed inserts
	failed                   map[string]bool   // ids and groups that failed
	out                      []batch.Response
}

// run executes the batch in order and returns the responses. Without the
// continue-on-error preference it stops after the first failed request or change set.
func (x *batchRun) run(b *batch.Batch) []batch.Response {
	reqs := b.Requests
	for i := 0; i < len(reqs); {
		r := reqs[i]
		ok := true
		if r.Group == "" {
			res := x.one(r, nil, nil)
			x.out = append(x.out, res)
			if res.Status >= 400 {
				if r.ID != "" {
					x.failed[r.ID] = true
				}
				ok = false
			} else {
				x.remember(r.ID, res, x.refs)
			}
			i++
		} else {
			j := i
			for j < len(reqs) && reqs[j].Group == r.Group {
				j++
			}
			ok = x.changeSet(b.Format, reqs[i:j])
			i = j
		}
		if !ok && !x.cont {
			break
		}
	}
	return x.out
}

// changeSet runs one change set in one transaction. On success every request's
// response is kept; on failure the transaction is rolled back and the answer is the
// failed request's error: in multipart one response for the whole change set, in
// JSON the error for the failed request and 424 for the others of the group.
func (x *batchRun) changeSet(format batch.Format, reqs []batch.Request) bool {
	group := reqs[0].Group
	fail := func(at int, res batch.Response) bool {
		x.failed[group] = true
		for _, r := range reqs {
			if r.ID != "" {
				x.failed[r.ID] = true
			}
		}
		if format == batch.Multipart {
			res.Group = ""
			x.out = append(x.out, res)
			return false
		}
		for i, r := range reqs {
			if i == at {
				res.Group = group
				x.out = append(x.out, res)
				continue
			}
			dep := x.errorResponse(r, &odata.Error{Status: http.StatusFailedDependency, Code: "ChangeSetFailed",
				Message: "another request of this change set failed; none of its changes were kept"})
			dep.Group = group
			x.out = append(x.out, dep)
		}
		return false
	}
	cser, ok := x.h.svc.(ChangeSetter)
	if !ok {
		return fail(0, x.errorResponse(reqs[0], odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "", "this service does not accept writes")))
	}
	cs, err := cser.BeginChangeSet(x.h.o.Context)
	if err != nil {
		return fail(0, x.errorResponse(reqs[0], err))
	}
	local := map[string]string{}
	results := make([]batch.Response, 0, len(reqs))
	for i, r := range reqs {
		res := x.one(r, cs, local)
		if res.Status >= 400 {
			cs.Rollback()
			return fail(i, res)
		}
		x.remember(r.ID, res, local)
		res.Group = group
		results = append(results, res)
	}
	if err := cs.Commit(); err != nil {
		return fail(len(reqs)-1, x.errorResponse(reqs[len(reqs)-1], err))
	}
	for id, path := range local {
		x.refs[id] = path
	}
	x.out = append(x.out, results...)
	return true
}

// remember keeps the entity path a request created (its Location) for "$<id>"
// references.
func (x *batchRun) remember(id string, res batch.Response, into map[string]string) {
	if id == "" {
		return
	}
	loc := res.Header.Get("Location")
	if loc == "" {
		loc = res.Header.Get("OData-EntityId")
	}
	if path, ok := strings.CutPrefix(loc, x.root); ok && path != "" {
		into[id] = path
	}
}

// one runs one inner request: in cs when not nil (local holds the change set's own
// references), else on its own.
func (x *batchRun) one(r batch.Request, cs *gateway.ChangeSet, local map[string]string) batch.Response {
	res := x.exec(r, cs, local)
	// One debug line per inner request (the access log has the batch's own line); no
	// URL: its values stay out of the log, as in the access log's masked form.
	x.h.log().Debug("batch request", "request_id", x.rid, "batch_id", r.ID, "method", r.Method,
		"change_set", r.Group != "", "status", res.Status)
	return res
}

func (x *batchRun) exec(r batch.Request, cs *gateway.ChangeSet, local map[string]string) batch.Response {
	for _, d := range r.DependsOn {
		if x.failed[d] {
			return x.errorResponse(r, &odata.Error{Status: http.StatusFailedDependency, Code: "FailedDependency",
				Message: "request " + quote(d) + ", which this request depends on, failed"})
		}
	}
	gr, err := x.request(r, local)
	if err != nil {
		return x.errorResponse(r, err)
	}
	var res *gateway.Response
	switch {
	case gr.Method == "":
		res, err = x.h.svc.Read(x.h.o.Context, gr)
	case cs != nil:
		if w, ok := x.h.svc.(ChangeSetWriter); ok {
			res, err = w.WriteInChangeSet(cs, gr)
		} else {
			res, err = cs.Write(gr)
		}
	default:
		w, ok := x.h.svc.(Writer)
		if !ok {
			err = odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "", "this service does not accept writes")
			break
		}
		res, err = w.Write(x.h.o.Context, gr)
	}
	if err != nil {
		return x.errorResponse(r, err)
	}
	return x.response(r, res)
}

func quote(s string) string { return "'" + s + "'" }

// request turns an inner request into the gateway.Request a single request with the
// same URL and headers would make, applying the single requests' rules (URL length,
// X-HTTP-Method tunnelling, JSON bodies).
func (x *batchRun) request(r batch.Request, local map[string]string) (gateway.Request, error) {
	if len(r.URL) > MaxURLBytes {
		return gateway.Request{}, odata.Errorf(http.StatusRequestURITooLong, "URITooLong", "", "the URL is %d bytes long; at most %d are accepted", len(r.URL), MaxURLBytes)
	}
	path, query, err := x.resolve(r.URL, local)
	if err != nil {
		return gateway.Request{}, err
	}
	gr := gateway.Request{
		Path:        path,
		RawQuery:    query,
		Root:        x.root,
		Principal:   x.principal,
		Version:     x.version,
		Metadata:    acceptedMetadata(r.Header.Get("Accept")),
		NoCache:     headerNoCache(r.Header),
		IfNoneMatch: r.Header.Get("If-None-Match"),
	}
	if x.h.v2 {
		// The 2.0 edge negotiates Atom or JSON verbose per part; Version carries the
		// part's MaxDataServiceVersion (else the batch's).
		gr.Accept = r.Header.Get("Accept")
		if mv := r.Header.Get("MaxDataServiceVersion"); mv != "" {
			gr.Version = mv
		}
	}
	if r.Method == "GET" {
		return gr, nil
	}
	method := r.Method
	if tunnel := strings.ToUpper(strings.TrimSpace(r.Header.Get("X-HTTP-Method"))); tunnel != "" && method == "POST" {
		switch tunnel {
		case methodMerge, fiber.MethodPatch, fiber.MethodPut, fiber.MethodDelete:
			method = tunnel
		default:
			return gateway.Request{}, odata.BadRequest("InvalidMethod", "X-HTTP-Method", "X-HTTP-Method must be MERGE, PATCH, PUT or DELETE")
		}
	}
	if enc := strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))); enc != "" && enc != "identity" {
		return gateway.Request{}, odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedEncoding", "", "Content-Encoding %q is not supported inside a batch", enc)
	}
	if len(r.Body) > 0 && method != fiber.MethodDelete {
		ct := strings.ToLower(r.Header.Get("Content-Type"))
		if ct != "" && !strings.HasPrefix(ct, "application/json") && !x.h.v2Body(ct) {
			return gateway.Request{}, odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "", "the request body must be application/json")
		}
	}
	gr.Method = method
	if x.h.v2 {
		gr.Body = x.resolveBinds2(r.Body, local) // batch2.go
	} else {
		gr.Body = x.resolveBinds(r.Body, local)
	}
	gr.IfMatch = r.Header.Get("If-Match")
	gr.Prefer = r.Header.Get("Prefer")
	return gr, nil
}

func headerNoCache(h http.Header) bool {
	for _, name := range []string{"Cache-Control", "Pragma"} {
		for _, d := range strings.Split(h.Get(name), ",") {
			if strings.EqualFold(strings.TrimSpace(d), "no-cache") {
				return true
			}
		}
	}
	return false
}

// resolve turns an inner request's URL into a path below the service root and a raw
// query: "$<id>" references become the entity path the referenced request created,
// absolute URLs and absolute paths must lie under the service root.
func (x *batchRun) resolve(u string, local map[string]string) (path, query string, err error) {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	path, query, _ = strings.Cut(u, "?")
	switch {
	case strings.HasPrefix(path, "$"):
		name, rest, _ := strings.Cut(path[1:], "/")
		target, ok := local[name]
		if !ok {
			target, ok = x.refs[name]
		}
		if ok {
			path = target
			if rest != "" {
				path += "/" + rest
			}
		} else if x.failed[name] {
			return "", "", &odata.Error{Status: http.StatusFailedDependency, Code: "FailedDependency",
				Message: "the request referenced by $" + name + " failed"}
		}
	case strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://"):
		rest := path[strings.Index(path, "//")+2:]
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return "", "", odata.NotFound("NotFound", "", "the URL is not below the service root")
		}
		path = rest[i:]
		fallthrough
	case strings.HasPrefix(path, "/"):
		base := x.h.o.BasePath + "/"
		if !strings.HasPrefix(path, base) {
			return "", "", odata.NotFound("NotFound", "", "the URL is not below the service root")
		}
		path = path[len(base):]
	}
	if strings.EqualFold(path, "$batch") || strings.EqualFold(path, "%24batch") {
		return "", "", odata.BadRequest("InvalidBatch", "", "a batch cannot hold another $batch request")
	}
	return path, query, nil
}

// response turns a gateway response into a batch part (a stream is read whole: its
// page is bounded by the same byte cap as a single response).
func (x *batchRun) response(r batch.Request, res *gateway.Response) batch.Response {
	out := batch.Response{ID: r.ID, Status: res.Status, Header: http.Header{}}
	for name, vals := range res.Header {
		out.Header[name] = append([]string(nil), vals...)
	}
	if res.ContentType != "" && res.Status != http.StatusNoContent {
		out.Header.Set("Content-Type", res.ContentType)
	}
	if res.ETag != "" {
		out.Header.Set("ETag", res.ETag)
	}
	if res.Stream != nil {
		buf := &budgetBuffer{left: x.budget}
		if err := res.Stream(buf); err != nil {
			return x.errorResponse(r, err)
		}
		out.Body = buf.b.Bytes()
	} else if res.Status != http.StatusNoContent {
		if int64(len(res.Body)) > x.budget {
			return x.errorResponse(r, x.tooLarge())
		}
		out.Body = bytes.Clone(res.Body)
	}
	x.budget -= int64(len(out.Body))
	return out
}

func (x *batchRun) tooLarge() error { return errBatchBudget }

// budgetBuffer collects a streamed page, failing once it passes the batch's budget
// (the stream then stops and releases its query).
type budgetBuffer struct {
	b    bytes.Buffer
	left int64
}

var errBatchBudget = &odata.Error{Status: http.StatusInternalServerError, Code: "BatchResponseTooLarge",
	Message: "the batch's responses pass the response size limit; send fewer or smaller reads per batch"}

func (w *budgetBuffer) Write(p []byte) (int, error) {
	if int64(len(p)) > w.left {
		return 0, errBatchBudget
	}
	w.left -= int64(len(p))
	return w.b.Write(p)
}

// errorResponse is the errorHandler's answer, as a batch part: the client gets the
// safe message, the log the cause with the batch's request ID.
func (x *batchRun) errorResponse(r batch.Request, err error) batch.Response {
	e, ok := odata.AsError(err)
	if !ok {
		e = &odata.Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "internal error", Err: err}
	}
	status := e.Status
	if status == 499 {
		status = http.StatusServiceUnavailable
	}
	if status >= 500 {
		x.h.log().Error("batch request failed", "request_id", x.rid, "batch_id", r.ID, "status", status, "code", e.Code, "cause", errString(e))
	} else {
		x.h.log().Debug("batch request rejected", "request_id", x.rid, "batch_id", r.ID, "status", status, "code", e.Code, "message", e.Message)
	}
	h := http.Header{"Content-Type": {"application/json;charset=utf-8"}}
	if status == http.StatusServiceUnavailable {
		h.Set("Retry-After", "5")
	}
	if x.h.v2 && x.h.o.V2 != nil {
		_, query, _ := strings.Cut(r.URL, "?")
		ct, body := x.h.o.V2.ErrorBody(e, x.h.o.V2.WantsJSON(query, r.Header.Get("Accept")), x.rid)
		h.Set("Content-Type", ct)
		h.Set("DataServiceVersion", "1.0")
		return batch.Response{ID: r.ID, Status: status, Header: h, Body: body}
	}
	return batch.Response{ID: r.ID, Status: status, Header: h, Body: jsonfmt.ErrorBody(e.Code, e.Message, e.Target, x.rid)}
}

// ref is the entity path "$<id>[/rest]" refers to, or v unchanged.
func (x *batchRun) ref(v string, local map[string]string) string {
	if !strings.HasPrefix(v, "$") {
		return v
	}
	name, rest, _ := strings.Cut(v[1:], "/")
	target, ok := local[name]
	if !ok {
		target, ok = x.refs[name]
	}
	if !ok {
		return v
	}
	if rest != "" {
		target += "/" + rest
	}
	return target
}

// DefaultMaxBatchResponseBytes bounds a batch's response bodies together when
// Ops.MaxBatchResponseBytes is 0: a few full pages (each page has its own byte cap).
const DefaultMaxBatchResponseBytes = 32 << 20

// resolveBinds replaces "$<id>" references in the body's "…@odata.bind" values (a
// string or an array of strings) with the referenced entity's path below the root, so
// a later request can bind to an entity an earlier one created. A body that is not a
// JSON object, or holds no such reference, is returned as it is.
func (x *batchRun) resolveBinds(body []byte, local map[string]string) []byte {
	if !bytes.Contains(body, []byte("@odata.bind")) || !bytes.Contains(body, []byte(`"$`)) {
		return body
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body // the write pipeline answers the malformed body
	}
	ref := func(v string) string { return x.ref(v, local) }
	changed := false
	for k, raw := range m {
		if !strings.HasSuffix(k, "@odata.bind") {
			continue
		}
		var one string
		var many []string
		switch {
		case json.Unmarshal(raw, &one) == nil:
			if r := ref(one); r != one {
				m[k], _ = json.Marshal(r)
				changed = true
			}
		case json.Unmarshal(raw, &many) == nil:
			c := false
			for i, v := range many {
				if r := ref(v); r != v {
					many[i], c = r, true
				}
			}
			if c {
				m[k], _ = json.Marshal(many)
				changed = true
			}
		}
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
