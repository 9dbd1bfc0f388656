package server

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
)

const methodMerge = "MERGE"

// authenticate guards the OData routes: the principal goes to Locals("principal");
// a 401 carries one WWW-Authenticate challenge per configured scheme.
func (h *handler) authenticate(c *fiber.Ctx) error {
	if !h.o.Auth.Enabled() {
		return c.Next()
	}
	p, err := h.o.Auth.Authenticate(func(k string) string { return c.Get(k) })
	if err != nil {
		for _, ch := range h.o.Auth.Challenges() {
			c.Response().Header.Add(fiber.HeaderWWWAuthenticate, ch)
		}
		return err
	}
	c.Locals("principal", p)
	return c.Next()
}

// principal is the authenticated caller, "" when anonymous.
func principal(c *fiber.Ctx) string {
	p, _ := c.Locals("principal").(string)
	return p
}

// csrf hands out a token on any GET/HEAD carrying "<Header>: Fetch" and requires a
// valid one (bound to the principal) on every other method: 403 with
// "<Header>: Required" otherwise.
func (h *handler) csrf(c *fiber.Ctx) error {
	x := h.o.CSRF
	if x == nil {
		return c.Next()
	}
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		if strings.EqualFold(strings.TrimSpace(c.Get(x.Header)), "Fetch") {
			c.Set(x.Header, x.Token(principal(c)))
		}
		return c.Next()
	}
	if err := x.Check(c.Get(x.Header), principal(c)); err != nil {
		c.Set(x.Header, "Required")
		return err
	}
	return c.Next()
}

// negotiateVersion picks the OData version of the response: 4.01 when the client's
// OData-MaxVersion allows it, else 4.0.
func negotiateVersion(maxVersion string) string {
	maxVersion = strings.TrimSpace(maxVersion)
	if maxVersion == "" {
		return "4.0"
	}
	major, minor, _ := strings.Cut(maxVersion, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || minor != "" && err2 != nil {
		return "4.0"
	}
	if ma > 4 || ma == 4 && mi >= 1 {
		return "4.01"
	}
	return "4.0"
}

func version(c *fiber.Ctx) string {
	if v, ok := c.Locals("odataVersion").(string); ok {
		return v
	}
	return "4.0"
}

// write answers POST, PATCH, MERGE, PUT and DELETE. A POST may tunnel another verb
// in X-HTTP-Method (OData 2.0 clients, Salesforce's 2.0 adapter).
func (h *handler) write(c *fiber.Ctx) error {
	if c.Method() == fiber.MethodPost && isBatch(h.relPath(c)) {
		return h.batch(c) // batch.go
	}
	w, ok := h.svc.(Writer)
	if !ok {
		return h.methodNotAllowed(c)
	}
	method := c.Method()
	if tunnel := strings.ToUpper(strings.TrimSpace(c.Get("X-HTTP-Method"))); tunnel != "" && method == fiber.MethodPost {
		switch tunnel {
		case methodMerge, fiber.MethodPatch, fiber.MethodPut, fiber.MethodDelete:
			method = tunnel
		default:
			return odata.BadRequest("InvalidMethod", "X-HTTP-Method", "X-HTTP-Method must be MERGE, PATCH, PUT or DELETE")
		}
	}
	body, err := h.body(c)
	if err != nil {
		return err
	}
	if len(body) > 0 && method != fiber.MethodDelete {
		ct := strings.ToLower(c.Get(fiber.HeaderContentType))
		if ct != "" && !strings.HasPrefix(ct, "application/json") && !h.v2Body(ct) {
			return odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "", "the request body must be application/json")
		}
	}
	res, err := w.Write(h.o.Context, gateway.Request{
		Path:      h.relPath(c),
		RawQuery:  string(c.Request().URI().QueryString()),
		Root:      h.root(c),
		Principal: principal(c),
		Version:   h.maxVersion(c),
		Accept:    strings.Clone(c.Get(fiber.HeaderAccept)),
		Method:    method,
		Body:      body,
		IfMatch:   c.Get(fiber.HeaderIfMatch),
		Prefer:    c.Get("Prefer"),
	})
	if err != nil {
		return err
	}
	return h.respond(c, res)
}

// body returns a copy of the request body, gunzipped when Content-Encoding says so,
// never longer than MaxBodyBytes (413).
func (h *handler) body(c *fiber.Ctx) ([]byte, error) {
	raw := c.Request().Body()
	tooLarge := odata.Errorf(http.StatusRequestEntityTooLarge, "RequestTooLarge", "",
		"the request body is larger than %d bytes", h.o.MaxBodyBytes)
	if len(raw) > h.o.MaxBodyBytes {
		return nil, tooLarge
	}
	switch enc := strings.ToLower(strings.TrimSpace(c.Get(fiber.HeaderContentEncoding))); enc {
	case "", "identity":
		return bytes.Clone(raw), nil
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil, odata.BadRequest("InvalidBody", "", "the gzip request body is malformed")
		}
		out, err := io.ReadAll(io.LimitReader(zr, int64(h.o.MaxBodyBytes)+1))
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, odata.BadRequest("InvalidBody", "", "the gzip request body is malformed")
		}
		if len(out) > h.o.MaxBodyBytes {
			return nil, tooLarge
		}
		return out, nil
	default:
		return nil, odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedEncoding", "", "Content-Encoding %q is not supported (use gzip)", enc)
	}
}
