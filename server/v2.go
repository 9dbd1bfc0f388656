package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/odatagw/odatagw/odata"
)

// V2Edge is the OData 2.0 edge (server/odatav2) mounted at Options.V2Path: a Reader
// and Writer over the same gateway that speaks AtomPub and JSON verbose, serves the
// change sets of a 2.0 $batch, and renders its own errors.
type V2Edge interface {
	Reader
	Writer
	// A $batch change set on the 2.0 root: the gateway's transaction, each write
	// translated by the edge (batch.go).
	ChangeSetter
	ChangeSetWriter
	// WantsJSON reports whether this request's errors are JSON (else XML).
	WantsJSON(rawQuery, accept string) bool
	// ErrorBody renders an error in the 2.0 shape.
	ErrorBody(e *odata.Error, asJSON bool, requestID string) (contentType string, body []byte)
}

const v2Key = "odatagw.v2"

// mountV2 serves the 2.0 edge at o.V2Path with the same guard (auth, limits, CSRF)
// as the 4.0 root. It is mounted before the 4.0 root so that a V2Path below the base
// path is not taken for an entity set (an entity set named "v2" is shadowed).
func (h *handler) mountV2(app *fiber.App, guard []fiber.Handler) {
	if h.o.V2 == nil || h.o.V2Path == "" {
		return
	}
	h2 := *h
	h2.svc, h2.v2 = h.o.V2, true
	h2.o.BasePath = h.o.V2Path
	if h.o.PublicURL != "" {
		origin := strings.TrimSuffix(strings.TrimSuffix(h.o.PublicURL, "/"), h.o.BasePath)
		h2.o.PublicURL = origin + h.o.V2Path + "/"
	}
	mark := func(c *fiber.Ctx) error {
		c.Locals(v2Key, true)
		c.Response().Header.Del("OData-Version")
		return c.Next()
	}
	chain := append([]fiber.Handler{mark}, guard...)
	g := app.Group(h.o.V2Path, chain...)
	g.Get("/", h2.read)
	app.Get(h.o.V2Path, append(chain, h2.read)...)
	g.Get("/*", h2.read)
	for _, m := range []string{fiber.MethodPost, fiber.MethodPatch, fiber.MethodPut, fiber.MethodDelete, methodMerge} {
		g.Add(m, "/*", h2.write)
	}
	g.All("/*", h2.methodNotAllowed)
	app.All(h.o.V2Path, append(chain, h2.methodNotAllowed)...)
}

func isV2(c *fiber.Ctx) bool {
	v, _ := c.Locals(v2Key).(bool)
	return v
}

// v2Error writes an error on the 2.0 root in the 2.0 shape, with DataServiceVersion.
func (h *handler) v2Error(c *fiber.Ctx, e *odata.Error, status int, rid string) error {
	c.Response().Header.Del("OData-Version")
	c.Set("DataServiceVersion", "1.0")
	ct, body := h.o.V2.ErrorBody(e, h.o.V2.WantsJSON(string(c.Request().URI().QueryString()), c.Get(fiber.HeaderAccept)), rid)
	c.Set(fiber.HeaderContentType, ct)
	return c.Status(status).Send(body)
}

// maxVersion is what the gateway.Request's Version carries: the OData version on
// the 4.0 root, the client's MaxDataServiceVersion on the 2.0 root.
func (h *handler) maxVersion(c *fiber.Ctx) string {
	if h.v2 {
		return strings.Clone(c.Get("MaxDataServiceVersion"))
	}
	return version(c)
}

// v2Body reports whether a write body's content type is one the 2.0 root accepts
// besides JSON (an Atom entry).
func (h *handler) v2Body(ct string) bool {
	return h.v2 && (strings.HasPrefix(ct, "application/atom+xml") || strings.HasPrefix(ct, "application/xml"))
}

// rawQuery is the request's query string; on the 4.0 root the -search-option
// custom option becomes $search.
func (h *handler) rawQuery(c *fiber.Ctx) string {
	q := string(c.Request().URI().QueryString())
	if h.v2 || h.o.SearchOption == "" {
		return q
	}
	return odata.RewriteSearchOption(q, h.o.SearchOption)
}
