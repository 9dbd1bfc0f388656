// Package server is the HTTP edge: the fiber app, its routes, request IDs, OData
// headers, Server-Timing, the access log and the single ErrorHandler that writes every
// error body. Handlers translate HTTP to gateway calls and return errors; they never
// write error bodies themselves.
package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/odatagw/odatagw/auth"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/jsonfmt"
)

// Reader is the part of the gateway the HTTP edge needs.
type Reader interface {
	Read(ctx context.Context, r gateway.Request) (*gateway.Response, error)
}

// Writer is the write side of the gateway; a Reader that is not a Writer answers
// every write with 405.
type Writer interface {
	Write(ctx context.Context, r gateway.Request) (*gateway.Response, error)
}

// Options configure the HTTP edge.
type Options struct {
	BasePath  string // "/odata"; "" serves at the root
	PublicURL string // absolute service root ending in '/'; "" derives it per request
	Log       *slog.Logger
	// Auth, when enabled, guards every OData route (not health endpoints); the
	// principal it returns goes to the gateway and the access log.
	Auth *auth.Authenticator
	// CSRF, when not nil, requires its token on writes and hands one out on any GET
	// carrying "<Header>: Fetch".
	CSRF *auth.CSRF
	// Context is the context of every read and write (fasthttp's RequestCtx cannot
	// outlive its handler, and a streamed page does). The owner cancels it when the
	// graceful-shutdown window ends, which stops the queries still running; the
	// gateway adds each query's deadline. nil means context.Background().
	Context context.Context
	// V2, when not nil, is the OData 2.0 edge served at V2Path (v2.go).
	V2     V2Edge
	V2Path string
	// SearchOption names a custom query option served as $search on the 4.0 root
	// (-search-option; the 2.0 edge applies it itself).
	SearchOption string
	Ops          // health, metrics, admin reload, limits (ops.go); Ops.MaxBodyBytes also bounds decompressed write bodies
}

// DefaultMaxBodyBytes is Salesforce's 8 MB callout limit.
const DefaultMaxBodyBytes = 8 << 20

// MaxURLBytes is the longest request line accepted; Salesforce's OR-chains are long.
const MaxURLBytes = 64 << 10

const requestIDHeader = "X-Request-ID"

// New builds the fiber app.
func New(svc Reader, o Options) *fiber.App {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	if o.MaxBatchResponseBytes <= 0 {
		o.MaxBatchResponseBytes = DefaultMaxBatchResponseBytes
	}
	h := &handler{svc: svc, o: o, lastRoot: new(atomic.Pointer[rootMemo])}
	app := fiber.New(fiber.Config{
		// MERGE is the OData 2.0 update verb Salesforce's 2.0 adapter may send.
		RequestMethods:        append(append([]string(nil), fiber.DefaultMethods...), methodMerge),
		BodyLimit:             o.MaxBodyBytes,
		AppName:               "odatagw",
		DisableStartupMessage: true,
		ReadBufferSize:        MaxURLBytes + 8<<10,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          130 * time.Second, // above Salesforce's 120 s callout limit
		IdleTimeout:           120 * time.Second,
		ErrorHandler:          h.errorHandler,
		// Paths are read raw (see rawPath) so keys keep their encoding.
		UnescapePath: false,
	})
	app.Use(h.requestID, h.recover)
	h.opsRoutes(app)
	base := o.BasePath
	// The concurrency limiter runs after authentication so that the per-principal
	// limit sees the principal.
	guard := []fiber.Handler{h.authenticate, h.limit, h.csrf}
	h.mountV2(app, guard)
	root := app.Group(base, guard...)
	root.Get("/", h.read)
	if base != "" {
		app.Get(base, append(guard, h.read)...)
	}
	root.Get("/*", h.read)
	for _, m := range []string{fiber.MethodPost, fiber.MethodPatch, fiber.MethodPut, fiber.MethodDelete, methodMerge} {
		root.Add(m, "/*", h.write)
	}
	root.All("/*", h.methodNotAllowed)
	if base != "" {
		app.All(base, append(guard, h.methodNotAllowed)...)
	}
	app.Use(func(c *fiber.Ctx) error {
		return odata.NotFound("NotFound", "", "no resource at this URL; the service root is %s/", base)
	})
	return app
}

type handler struct {
	svc      Reader
	o        Options
	lim      *limiter
	v2       bool                      // the OData 2.0 root (v2.go)
	lastRoot *atomic.Pointer[rootMemo] // shared by copies of the handler (the 2.0 root): base is in the memo
}

func (h *handler) log() *slog.Logger {
	if h.o.Log != nil {
		return h.o.Log
	}
	return slog.Default()
}

// recover turns a panic into a 500 OData error; the stack goes to the log only.
func (h *handler) recover(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			h.log().Error("panic", "request_id", c.Locals("rid"), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = &odata.Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "internal error"}
		}
	}()
	return c.Next()
}

// requestID assigns a request ID (keeping a sane incoming one), sets the OData
// version header, and logs one line per request.
func (h *handler) requestID(c *fiber.Ctx) error {
	start := time.Now()
	rid := c.Get(requestIDHeader)
	if !validRequestID(rid) {
		rid = newRequestID()
	} else {
		rid = strings.Clone(rid)
	}
	c.Locals("rid", rid)
	c.Locals(handlerKey, h)
	ex := h.begin(c, rid, start)
	c.Set(requestIDHeader, rid)
	c.Locals("odataVersion", negotiateVersion(c.Get("OData-MaxVersion")))
	c.Set("OData-Version", version(c))
	var err error
	if n := len(c.Request().Header.RequestURI()); n > MaxURLBytes { // not Request().RequestURI(): it rewrites the raw URI
		err = odata.Errorf(http.StatusRequestURITooLong, "URITooLong", "", "the URL is %d bytes long; at most %d are accepted", n, MaxURLBytes)
	} else {
		err = c.Next()
	}
	if err != nil {
		noteError(c, err)
		if herr := h.errorHandler(c, err); herr != nil {
			h.end(c, ex)
			return herr
		}
	}
	h.end(c, ex) // the access-log line and metrics (ops.go); streams finish later
	return nil
}

// bodyBytes is the response body's length, or -1 for a stream: Body() would read the
// whole stream into memory (the stream logs its own size when it ends).

func validRequestID(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// root is the absolute service-root URL for context URLs and next links.
func (h *handler) root(c *fiber.Ctx) string {
	if h.o.PublicURL != "" {
		return h.o.PublicURL
	}
	proto := c.Protocol()
	switch c.Get("X-Forwarded-Proto") { // constants: the header aliases a reused buffer
	case "https":
		proto = "https"
	case "http":
		proto = "http"
	}
	host := c.Hostname()
	if fh := c.Get("X-Forwarded-Host"); fh != "" && validHost(fh) {
		host = fh
	}
	if r := h.lastRoot.Load(); r != nil && r.proto == proto && r.host == host && r.base == h.o.BasePath {
		return r.root // the same root as the previous request: no new string
	}
	r := &rootMemo{proto: strings.Clone(proto), host: strings.Clone(host), base: h.o.BasePath, // proto and host may alias fasthttp buffers
		root: proto + "://" + host + h.o.BasePath + "/"}
	h.lastRoot.Store(r)
	return r.root
}

// rootMemo is the service root last derived from a request's protocol and host.
type rootMemo struct{ proto, host, base, root string }

func validHost(h string) bool {
	if len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == ':' || c == '[' || c == ']') {
			return false
		}
	}
	return true
}

func (h *handler) read(c *fiber.Ctx) error {
	// Everything handed to the gateway is copied out of fasthttp's reused buffers
	// (string(...) copies): the gateway may keep it in cache keys and goroutines.
	res, err := h.svc.Read(h.o.Context, gateway.Request{
		Path:        h.relPath(c),
		RawQuery:    h.rawQuery(c),
		Root:        h.root(c),
		Principal:   principal(c),
		Version:     h.maxVersion(c),
		Metadata:    acceptedMetadata(c.Get(fiber.HeaderAccept)),
		Accept:      strings.Clone(c.Get(fiber.HeaderAccept)),
		NoCache:     noCache(c),
		IfNoneMatch: strings.Clone(c.Get(fiber.HeaderIfNoneMatch)),
		Prefer:      strings.Clone(c.Get("Prefer")),
	})
	if err != nil {
		return err
	}
	return h.respond(c, res)
}

func (h *handler) respond(c *fiber.Ctx, res *gateway.Response) error {
	noteResponse(c, res)
	c.Set("Server-Timing", serverTiming(res.Timings))
	for name, vals := range res.Header {
		for _, v := range vals {
			c.Response().Header.Add(name, v)
		}
	}
	if res.Cache != "" {
		c.Set("X-Cache", res.Cache)
		if res.Cache == "hit" {
			c.Set(fiber.HeaderAge, strconv.FormatInt(int64(res.Age/time.Second), 10))
		}
	}
	if res.ETag != "" {
		c.Set(fiber.HeaderETag, res.ETag)
	}
	c.Status(res.Status)
	if res.ContentType != "" {
		c.Set(fiber.HeaderContentType, res.ContentType)
	}
	if res.Status == fiber.StatusNoContent {
		return nil
	}
	if res.Stream != nil {
		h.stream(c, res)
		return nil
	}
	// SetBody copies: res.Body may be shared with the cache, and fasthttp (or a later
	// middleware) may write into the response's buffer.
	c.Response().SetBody(res.Body)
	return nil
}

// stream hands a large page to fasthttp's body stream writer. The writer runs after
// this handler returns, in its own goroutine: it must not touch c, and the stream's
// query has its own deadline. A mid-stream error can only truncate the body: it is
// logged with the request ID and the connection closes.
func (h *handler) stream(c *fiber.Ctx, res *gateway.Response) {
	rid, _ := c.Locals("rid").(string)
	log := h.log()
	start := time.Now()
	done := StreamDone(c) // the access log and metrics wait for the last byte
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		cw := &countingWriter{w: w}
		err := res.Stream(cw)
		if err == nil {
			err = w.Flush()
		}
		done(cw.n, res.Rows)
		if err != nil {
			log.Error("stream truncated", "request_id", rid, "bytes", cw.n, "cause", err.Error())
			return
		}
		log.Debug("stream done", "request_id", rid, "bytes", cw.n, "ms", float64(time.Since(start).Microseconds())/1000)
	})
}

type countingWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) Flush() error { return c.w.Flush() }

// noCache reports Cache-Control: no-cache (or the HTTP/1.0 Pragma: no-cache).
func noCache(c *fiber.Ctx) bool {
	return hasNoCache(c.Get(fiber.HeaderCacheControl)) || hasNoCache(c.Get(fiber.HeaderPragma))
}

// hasNoCache reports a no-cache directive in a comma-separated header value.
func hasNoCache(v string) bool {
	for v != "" {
		var d string
		d, v, _ = strings.Cut(v, ",")
		if strings.EqualFold(strings.TrimSpace(d), "no-cache") {
			return true
		}
	}
	return false
}

// relPath is the resource path below the service root, still percent-encoded.
func (h *handler) relPath(c *fiber.Ctx) string {
	return strings.TrimPrefix(strings.TrimPrefix(rawPath(c), h.o.BasePath), "/")
}

// zeroTiming is the Server-Timing of a response that ran no stage (a cache hit).
var zeroTiming = serverTimingOf(gateway.Timings{})

func serverTiming(t gateway.Timings) string {
	if t == (gateway.Timings{}) {
		return zeroTiming
	}
	return serverTimingOf(t)
}

func serverTimingOf(t gateway.Timings) string {
	b := make([]byte, 0, 80)
	for i, st := range [...]struct {
		name string
		d    time.Duration
	}{{"parse", t.Parse}, {"plan", t.Plan}, {"db", t.DB}, {"encode", t.Encode}} {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, st.name...)
		b = append(b, ";dur="...)
		b = strconv.AppendFloat(b, float64(st.d.Microseconds())/1000, 'f', 3, 64)
	}
	return string(b)
}

func (h *handler) methodNotAllowed(c *fiber.Ctx) error {
	c.Set(fiber.HeaderAllow, "GET, HEAD, POST, PATCH, MERGE, PUT, DELETE")
	return odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "", "%s is not allowed here", c.Method())
}

// errorHandler is the one place that writes error bodies. The client gets the safe
// message; the log gets the cause with the request ID.
func (h *handler) errorHandler(c *fiber.Ctx, err error) error {
	rid, _ := c.Locals("rid").(string)
	e, ok := odata.AsError(err)
	if !ok {
		var fe *fiber.Error
		if errors.As(err, &fe) {
			e = &odata.Error{Status: fe.Code, Code: http.StatusText(fe.Code), Message: fe.Message}
			e.Code = strings.ReplaceAll(e.Code, " ", "")
		} else {
			e = &odata.Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "internal error", Err: err}
		}
	}
	status := e.Status
	if status == 499 { // client went away; nothing to send
		status = http.StatusServiceUnavailable
	}
	if status >= 500 {
		h.log().Error("request failed", "request_id", rid, "status", status, "code", e.Code, "cause", errString(e))
	} else {
		h.log().Debug("request rejected", "request_id", rid, "status", status, "code", e.Code, "message", e.Message)
	}
	if status == http.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, "5")
	}
	if isV2(c) && h.o.V2 != nil {
		return h.v2Error(c, e, status, rid)
	}
	c.Set("OData-Version", version(c))
	c.Set(fiber.HeaderContentType, "application/json;charset=utf-8")
	return c.Status(status).Send(jsonfmt.ErrorBody(e.Code, e.Message, e.Target, rid))
}

func errString(e *odata.Error) string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

// rawPath is the request's path exactly as the client sent it (still percent-encoded):
// fasthttp's URI decodes %2F into '/' and re-encodes the rest, which would split a key
// such as ('A%2FB') in two.
func rawPath(c *fiber.Ctx) string {
	b := c.Request().Header.RequestURI()
	if i := bytes.IndexByte(b, '?'); i >= 0 {
		b = b[:i]
	}
	// The usual origin form is the path the exchange already copied: no second copy.
	if ex := exchangeOf(c); ex != nil && ex.path == string(b) {
		return ex.path
	}
	uri := string(b)
	if strings.HasPrefix(uri, "http://") || strings.HasPrefix(uri, "https://") { // absolute form
		if i := strings.Index(uri[strings.Index(uri, "//")+2:], "/"); i >= 0 {
			return uri[strings.Index(uri, "//")+2+i:]
		}
		return "/"
	}
	return uri
}

// acceptedMetadata returns the odata.metadata parameter of a JSON media range in an
// Accept header ("none", "minimal", "full"), or "".
func acceptedMetadata(accept string) string {
	for accept != "" {
		var part string
		part, accept, _ = strings.Cut(accept, ",")
		for part != "" {
			var param string
			param, part, _ = strings.Cut(part, ";")
			k, v, ok := strings.Cut(strings.TrimSpace(param), "=")
			if ok && strings.EqualFold(k, "odata.metadata") {
				return strings.ToLower(strings.TrimSpace(v))
			}
		}
	}
	return ""
}
