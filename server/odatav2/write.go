package odatav2

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Write answers POST, MERGE, PATCH, PUT and DELETE on the 2.0 root: the body (an Atom
// entry or JSON verbose) becomes a 4.0 JSON body, gateway.Write runs the write, and a
// created entity comes back as an Atom entry or JSON verbose with its 2.0 Location.
func (s *Service) Write(ctx context.Context, r gateway.Request) (*gateway.Response, error) {
	return s.write(r, func(in gateway.Request) (*gateway.Response, error) { return s.b.Write(ctx, in) })
}

// changeSetter is the backend's side of a $batch change set (gateway.Live).
type changeSetter interface {
	BeginChangeSet(ctx context.Context) (*gateway.ChangeSet, error)
}

// BeginChangeSet starts a $batch change set on the backend: one transaction, whose
// writes go through WriteInChangeSet.
func (s *Service) BeginChangeSet(ctx context.Context) (*gateway.ChangeSet, error) {
	cs, ok := s.b.(changeSetter)
	if !ok {
		return nil, odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "", "this service does not accept change sets")
	}
	return cs.BeginChangeSet(ctx)
}

// WriteInChangeSet is Write inside a change set's transaction: the same 2.0 body
// conversion and 2.0 answer, the write itself by cs.
func (s *Service) WriteInChangeSet(cs *gateway.ChangeSet, r gateway.Request) (*gateway.Response, error) {
	return s.write(r, cs.Write)
}

// write converts r, runs it through do (the backend, or a change set) and converts
// the answer.
func (s *Service) write(r gateway.Request, do func(gateway.Request) (*gateway.Response, error)) (*gateway.Response, error) {
	q := parseQuery(r.RawQuery)
	asJSON, err := wantsJSON(q, r.Accept)
	if err != nil {
		return nil, err
	}
	if _, ok, _ := linksPath(r.Path); ok { // reads only (links.go)
		return nil, odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", r.Path, "%s is not allowed on $links; set the foreign key on the related entity instead", r.Method)
	}
	path, err := odata.ParsePath(r.Path)
	if err != nil {
		return nil, err
	}
	m, rel, _, _ := s.metadata()
	var et *edm.EntityType
	set := m.Set(path.EntitySet)
	if set != nil {
		et = m.Type(set.EntityType)
	}
	inner := r
	inner.Version, inner.Accept = "4.0", ""
	inner.RawQuery = ""
	if r.Method == http.MethodPost {
		inner.Prefer = "return=representation"
	} else {
		inner.Prefer = "return=minimal"
	}
	if et != nil && len(bytes.TrimSpace(r.Body)) > 0 && r.Method != http.MethodDelete {
		if inner.Body, err = toJSON4(et, r.Body); err != nil {
			return nil, err
		}
	}
	res, err := do(inner)
	if err != nil {
		return nil, err
	}
	header(res, "1.0").Header.Del("Preference-Applied")
	res.Header.Del("OData-EntityId") // a 4.0 header; 2.0 answers a create with Location
	if res.Status != http.StatusCreated || et == nil {
		return header(res, "1.0"), nil
	}
	body, err := drain(res)
	if err != nil {
		return nil, err
	}
	var row map[string]any
	if err := decode(body, &row); err != nil {
		return nil, encodeError(err)
	}
	e := encoder{root: r.Root, ns: m.Namespace, rel: rel, m: m, json: asJSON}
	out, err := e.entry(newShape(set, et), row)
	if err != nil {
		return nil, encodeError(err)
	}
	if loc, err := entityPath(path.EntitySet, et, row); err == nil {
		res.Header.Set("Location", r.Root+loc)
	}
	res.Body, res.ContentType = out, pick(asJSON, jsonType, atomEntry)
	return header(res, "1.0"), nil
}

func badBody(format string, args ...any) error {
	return odata.BadRequest("InvalidBody", "", format, args...)
}

// toJSON4 converts an Atom entry or a JSON verbose body to the 4.0 JSON body the
// gateway's write pipeline type-checks.
func toJSON4(t *edm.EntityType, body []byte) ([]byte, error) {
	body = bytes.TrimSpace(body)
	var props map[string]any
	var err error
	if body[0] == '<' {
		props, err = fromAtom(t, body)
	} else {
		props, err = fromVerbose(t, body)
	}
	if err != nil {
		return nil, err
	}
	return json.Marshal(props)
}

func fromVerbose(t *edm.EntityType, body []byte) (map[string]any, error) {
	var obj map[string]any
	if err := decode(body, &obj); err != nil || obj == nil {
		return nil, badBody("the request body is not a JSON object")
	}
	if d, ok := obj["d"].(map[string]any); ok && len(obj) == 1 {
		obj = d
	}
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if strings.HasPrefix(k, "__") {
			continue // __metadata
		}
		if m, ok := v.(map[string]any); ok {
			if _, deferred := m["__deferred"]; deferred {
				continue
			}
			if md, ok := m["__metadata"].(map[string]any); ok && t.Property(k) == nil {
				// "Customer": {"__metadata": {"uri": "Customers('ALFKI')"}} binds a
				// to-one navigation (2.0's form of Customer@odata.bind).
				if uri, _ := md["uri"].(string); bindable(t, k, uri) {
					out[k+"@odata.bind"] = uri
					continue
				}
			}
		}
		p := t.Property(k)
		if p != nil && (p.Type == edm.Date || p.Type == edm.DateTimeOffset) {
			if s, ok := v.(string); ok {
				tm, err := parseDateTime(s)
				if err != nil {
					return nil, odata.BadRequest("InvalidValue", k, "property '%s' (Edm.DateTime): expected \"\\/Date(<ms>)\\/\" or an ISO 8601 date-time", k)
				}
				v = format4(p.Type, tm)
			}
		}
		if p != nil && p.Type.IsNumeric() {
			// JSON verbose sends Int64 and Decimal as strings, and clients often
			// send the other numbers that way too.
			if s, ok := v.(string); ok {
				if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
					v = json.Number(strings.TrimSpace(s))
				}
			}
		}
		out[k] = v
	}
	return out, nil
}

var jsonDate = regexp.MustCompile(`^/Date\((-?\d+)([+-]\d{4})?\)/$`)

// bindable reports whether ref, given for navigation name of t, binds it: a to-one
// navigation and a reference to an entity (Set(key), relative or absolute), not a
// navigation path such as the deferred link Orders(10248)/Customer a client may echo.
func bindable(t *edm.EntityType, name, ref string) bool {
	n := t.Nav(name)
	if n == nil || n.Collection || ref == "" {
		return false
	}
	if u, err := url.Parse(ref); err == nil && u.IsAbs() {
		ref = u.EscapedPath()
	}
	p, err := odata.ParsePath(ref[strings.LastIndexByte(ref, '/')+1:])
	return err == nil && p.Kind == odata.PathEntity
}

// parseDateTime reads Edm.DateTime: "/Date(ms)/" (JSON verbose, the escaped slashes
// already decoded) or ISO 8601 with or without a zone (taken as UTC without).
func parseDateTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if m := jsonDate.FindStringSubmatch(s); m != nil {
		ms, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil {
			return time.Time{}, err
		}
		return time.UnixMilli(ms).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return tm.UTC(), nil
		}
	}
	return time.Parse(time.RFC3339Nano, s)
}

func format4(t edm.Type, tm time.Time) string {
	if t == edm.Date {
		return tm.Format("2006-01-02")
	}
	return tm.Format(time.RFC3339Nano)
}

// fromAtom reads the m:properties of an Atom entry (under content, or directly under
// the entry for media-link entries).
func fromAtom(t *edm.EntityType, body []byte) (map[string]any, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	out := map[string]any{}
	depth, inProps := 0, -1
	found := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, badBody("the Atom entry is not well-formed XML")
		}
		switch x := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && x.Name.Space == nsAtom && x.Name.Local == "link" {
				// <link rel="…/related/Customer" href="Customers('ALFKI')"/> binds a to-one
				// navigation; links to navigation paths (deferred links) are skipped.
				var rel, href string
				for _, a := range x.Attr {
					switch a.Name.Local {
					case "rel":
						rel = a.Value
					case "href":
						href = a.Value
					}
				}
				if name, ok := strings.CutPrefix(rel, nsRelated); ok && bindable(t, name, href) {
					out[name+"@odata.bind"] = href
				}
			}
			if x.Name.Space == nsM && x.Name.Local == "properties" && inProps < 0 {
				inProps, found = depth, true
				continue
			}
			if inProps >= 0 && depth == inProps+1 {
				if x.Name.Space != nsD {
					return nil, badBody("property %s is not in the data-services namespace", x.Name.Local)
				}
				null := false
				for _, a := range x.Attr {
					if a.Name.Space == nsM && a.Name.Local == "null" && a.Value == "true" {
						null = true
					}
				}
				var txt string
				if err := d.DecodeElement(&txt, &x); err != nil {
					return nil, badBody("property %s: %v", x.Name.Local, "malformed content")
				}
				depth--
				if null {
					out[x.Name.Local] = nil
					continue
				}
				v, err := atomValue(t.Property(x.Name.Local), x.Name.Local, txt)
				if err != nil {
					return nil, err
				}
				out[x.Name.Local] = v
			}
		case xml.EndElement:
			if depth == inProps {
				inProps = -1
			}
			depth--
		}
	}
	if !found {
		return nil, badBody("the Atom entry has no m:properties")
	}
	return out, nil
}

// atomValue converts an Atom property's text to its 4.0 JSON value; type errors are
// left to the gateway's checks, which name the property.
func atomValue(p *edm.Property, name, s string) (any, error) {
	if p == nil {
		return s, nil // unknown: the gateway answers 400 naming it
	}
	switch {
	case p.Type == edm.Boolean:
		switch strings.TrimSpace(s) {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
	case p.Type == edm.Date || p.Type == edm.DateTimeOffset:
		tm, err := parseDateTime(s)
		if err != nil {
			return nil, odata.BadRequest("InvalidValue", name, "property '%s' (Edm.DateTime): expected an ISO 8601 date-time", name)
		}
		return format4(p.Type, tm), nil
	case p.Type.IsNumeric():
		s = strings.TrimSpace(s)
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return json.Number(s), nil
		}
	}
	return s, nil
}
