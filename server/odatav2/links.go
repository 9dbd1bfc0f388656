package odatav2

import (
	"bytes"
	"context"
	"net/http"
	"strings"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
)

// $links (OData 2.0 URI conventions §3.2): Set(key)/$links/Nav and
// Set(key)/$links/Nav(key) answer the URIs of the related entities, the 2.0 form of a
// 4.0 $ref. The edge reads the navigation Set(key)/Nav with only the key selected
// (so $filter, $orderby, $top, $skip, $inlinecount and paging are the gateway's) and
// writes each entity's 2.0 URI: {"d":{"results":[{"uri":…}]}} or <links><uri>…</uri></links>,
// {"d":{"uri":…}} or <uri>…</uri> for a single entity.

// linksPath turns Set(key)/$links/Nav[(key)] into the navigation path Set(key)/Nav[(key)];
// ok is false when the path has no $links segment.
func linksPath(p string) (nav string, ok bool, err error) {
	head, tail, found := strings.Cut(strings.Trim(p, "/"), "/$links/")
	if !found {
		if strings.HasSuffix(strings.Trim(p, "/"), "/$links") {
			return "", true, odata.BadRequest("InvalidPath", p, "$links needs a navigation property: Set(key)/$links/Nav")
		}
		return "", false, nil
	}
	if strings.Contains(tail, "/") {
		return "", true, odata.BadRequest("InvalidPath", p, "nothing may follow the navigation property of $links")
	}
	return head + "/" + tail, true, nil
}

// links answers a $links read.
func (s *Service) links(ctx context.Context, r gateway.Request, q query, asJSON bool, navPath string) (*gateway.Response, error) {
	path, err := odata.ParsePath(navPath)
	if err != nil {
		return nil, err
	}
	if path.Kind != odata.PathProperty || path.NavProp != "" || path.Ref {
		return nil, odata.BadRequest("InvalidPath", r.Path, "$links addresses Set(key)/$links/Nav or Set(key)/$links/Nav(key)")
	}
	if q.items != nil || q.expand != "" {
		return nil, odata.BadRequest("InvalidQueryOption", "$links", "$select and $expand do not apply to $links")
	}
	m, rel, _, _ := s.metadata()
	tgt, err := resolve(m, rel, path)
	if err != nil {
		return nil, err
	}
	if tgt.nav == nil {
		return nil, odata.NotFound("PropertyNotFound", path.Property, "'%s' is not a navigation property of '%s'", path.Property, path.EntitySet)
	}
	inner := r
	inner.Path = navPath
	inner.RawQuery = s.innerQuery(q, tgt.t, nil)
	if inner.RawQuery != "" {
		inner.RawQuery += "&"
	}
	inner.RawQuery += "$select=" + strings.Join(tgt.t.Key, ",")
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
	if res.Status != http.StatusOK {
		return header(res, "1.0"), nil // 204: a to-one without a related entity
	}
	out := &gateway.Response{Status: http.StatusOK, Cache: res.Cache, Age: res.Age, Timings: res.Timings, Rows: res.Rows}
	var b bytes.Buffer
	if !tgt.many {
		var row map[string]any
		if err := decode(body, &row); err != nil {
			return nil, encodeError(err)
		}
		uri, err := entityPath(tgt.set.Name, tgt.t, row)
		if err != nil {
			return nil, encodeError(err)
		}
		if asJSON {
			b.WriteString(`{"d":{"uri":`)
			b.Write(appendJSONString(nil, r.Root+uri))
			b.WriteString("}}")
		} else {
			b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
			b.WriteString(`<uri xmlns="` + nsD + `">` + escText(r.Root+uri) + "</uri>\n")
		}
		out.Body, out.ContentType = b.Bytes(), pick(asJSON, jsonType, xmlType)
		return header(out, "1.0"), nil
	}
	var c collection
	if err := decode(body, &c); err != nil {
		return nil, encodeError(err)
	}
	next := ""
	if c.Next != "" {
		next = nextLink(r, c.Next)
	}
	if asJSON {
		b.WriteString(`{"d":{"results":[`)
	} else {
		b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
		b.WriteString(`<links xmlns="` + nsD + `" xmlns:m="` + nsM + `">`)
		if c.Count != nil {
			b.WriteString("<m:count>" + c.Count.String() + "</m:count>")
		}
	}
	for i, row := range c.Value {
		uri, err := entityPath(tgt.set.Name, tgt.t, row)
		if err != nil {
			return nil, encodeError(err)
		}
		switch {
		case asJSON && i > 0:
			b.WriteString(`,{"uri":`)
		case asJSON:
			b.WriteString(`{"uri":`)
		}
		if asJSON {
			b.Write(appendJSONString(nil, r.Root+uri))
			b.WriteByte('}')
		} else {
			b.WriteString("<uri>" + escText(r.Root+uri) + "</uri>")
		}
	}
	if asJSON {
		b.WriteByte(']')
		if c.Count != nil {
			b.WriteString(`,"__count":`)
			b.Write(appendJSONString(nil, c.Count.String()))
		}
		if next != "" {
			b.WriteString(`,"__next":`)
			b.Write(appendJSONString(nil, next))
		}
		b.WriteString("}}")
	} else {
		if next != "" {
			b.WriteString(`<next xmlns="` + nsD + `">` + escText(next) + "</next>")
		}
		b.WriteString("</links>\n")
	}
	out.Body, out.ContentType = b.Bytes(), pick(asJSON, jsonType, xmlType)
	return header(out, "2.0"), nil
}
