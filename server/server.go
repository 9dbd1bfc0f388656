// Package server is the HTTP edge: the fiber app, its routes, request IDs, OData
// headers, Server-Timing, the access log and the single ErrorHandler that writes every
// error body. Handlers translate HTTP to gateway calls and return errors; they never
// write error bodies themselves.
package server

import (
	"bufio"
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
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/jsonfmt"
)

// Reader is the part of the gateway the HTTP edge needs.
type Reader interface {
	Read(ctx context.Context, r gateway.Request) (*gateway.Response, error)
}

// Options configure the HTTP edge.
type Options struct {
	BasePath  string // "/odata"; "" serves at the root
	PublicURL string // absolute service root ending in '/'; "" derives it per request
	Log       *slog.Logger
}

// MaxURLBytes is the longest request line accepted; Salesforce's OR-chains are long.
const MaxURLBytes = 64 << 10

const requestIDHeader = "X-Request-ID"

// New builds the fiber app.
func New(svc Reader, o Options) *fiber.App {
	h := &handler{svc: svc, o: o}
	app := fiber.New(fiber.Config{
		AppName:               "odatagw",
		DisableStartupMessage: true,
		ReadBufferSize:        MaxURLBytes + 8<<10,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          130 * time.Second, // above Salesforce's 120 s callout limit
		IdleTimeout:           120 * time.Second,
		ErrorHandler:          h.errorHandler,
		// Paths are read raw (PathOriginal) so keys keep their encoding.
		UnescapePath: false,
	})
	app.Use(h.requestID, h.recover)
	base := o.BasePath
	root := app.Group(base)
	root.Get("/", h.read)
	if base != "" {
		app.Get(base, h.read)
	}
	root.Get("/*", h.read)
	root.All("/*", h.methodNotAllowed)
	if base != "" {
		app.All(base, h.methodNotAllowed)
	}
	app.Use(func(c *fiber.Ctx) error {
		return odata.NotFound("NotFound", "", "no resource at this URL; the service root is %s/", base)
	})
	return app
}

type handler struct {
	svc Reader
	o   Options
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
	c.Set(requestIDHeader, rid)
	c.Set("OData-Version", "4.0")
	err := c.Next()
	if err != nil {
		if herr := h.errorHandler(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	h.log().Log(context.Background(), level, "request",
		"request_id", rid,
		"method", c.Method(),
		"path", string(c.Request().URI().PathOriginal()),
		"status", status,
		"bytes", bodyBytes(c),
		"ms", float64(time.Since(start).Microseconds())/1000)
	return nil
}

// bodyBytes is the response body's length, or -1 for a stream: Body() would read the
// whole stream into memory (the stream logs its own size when it ends).
func bodyBytes(c *fiber.Ctx) int {
	if c.Response().IsBodyStream() {
		return -1
	}
	return len(c.Response().Body())
}

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
	if p := c.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		proto = p
	}
	host := c.Hostname()
	if fh := c.Get("X-Forwarded-Host"); fh != "" && validHost(fh) {
		host = fh
	}
	return proto + "://" + host + h.o.BasePath + "/"
}

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
	raw := string(c.Request().URI().PathOriginal())
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		raw = raw[:i]
	}
	path := strings.TrimPrefix(raw, h.o.BasePath)
	path = strings.TrimPrefix(path, "/")
	// Everything handed to the gateway is copied out of fasthttp's reused buffers
	// (string(...) copies): the gateway may keep it in cache keys and goroutines.
	res, err := h.svc.Read(context.Background(), gateway.Request{
		Path:        path,
		RawQuery:    string(c.Request().URI().QueryString()),
		Root:        h.root(c),
		NoCache:     noCache(c),
		IfNoneMatch: strings.Clone(c.Get(fiber.HeaderIfNoneMatch)),
	})
	if err != nil {
		return err
	}
	c.Set("Server-Timing", serverTiming(res.Timings))
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
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		cw := &countingWriter{w: w}
		err := res.Stream(cw)
		if err == nil {
			err = w.Flush()
		}
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
	for _, h := range []string{fiber.HeaderCacheControl, fiber.HeaderPragma} {
		for _, d := range strings.Split(c.Get(h), ",") {
			if strings.EqualFold(strings.TrimSpace(d), "no-cache") {
				return true
			}
		}
	}
	return false
}

func serverTiming(t gateway.Timings) string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f", float64(d.Microseconds())/1000) }
	return "parse;dur=" + ms(t.Parse) + ", plan;dur=" + ms(t.Plan) + ", db;dur=" + ms(t.DB) + ", encode;dur=" + ms(t.Encode)
}

func (h *handler) methodNotAllowed(c *fiber.Ctx) error {
	c.Set(fiber.HeaderAllow, "GET, HEAD")
	return odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "", "%s is not allowed here; this service is read-only", c.Method())
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
	c.Set("OData-Version", "4.0")
	c.Set(fiber.HeaderContentType, "application/json;charset=utf-8")
	return c.Status(status).Send(jsonfmt.ErrorBody(e.Code, e.Message, e.Target, rid))
}

func errString(e *odata.Error) string {
	if e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}
