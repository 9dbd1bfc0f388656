package plan

import (
	"github.com/odatagw/odatagw/odata"
	"math"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
)

// Geometry constants. The service publishes no geospatial properties, so the geo
// functions only ever see values written in the request. Planar (geometry) values are
// simple enough to compute exactly: geo.distance of two points, geo.length of a line
// string, geo.intersects of a point and a polygon. Geography values need geodesics on
// an ellipsoid; they, and every other shape, stay unsupported (501).

type point struct{ x, y float64 }

type shape struct {
	srid  string
	kind  string    // "point", "linestring", "polygon"
	pts   []point   // point (one), linestring
	rings [][]point // polygon: the exterior ring, then holes
}

// parseGeometry reads the text of a geometry'…' literal: [SRID=n;]Point(x y),
// LineString(x y, …) or Polygon((x y, …)[, (…)]).
func parseGeometry(s string) (*shape, bool) {
	g := &shape{srid: "0"}
	if len(s) >= 5 && strings.EqualFold(s[:5], "SRID=") {
		k := strings.IndexByte(s, ';')
		if k < 0 {
			return nil, false
		}
		g.srid, s = s[5:k], s[k+1:]
	}
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.HasSuffix(s, ")") {
		return nil, false
	}
	g.kind = strings.ToLower(strings.TrimSpace(s[:open]))
	body := s[open+1 : len(s)-1]
	var ok bool
	switch g.kind {
	case "point", "linestring":
		g.pts, ok = parsePoints(body)
		if g.kind == "point" && len(g.pts) != 1 {
			return nil, false
		}
		return g, ok
	case "polygon":
		for body = strings.TrimSpace(body); body != ""; {
			if body[0] != '(' {
				return nil, false
			}
			end := strings.IndexByte(body, ')')
			if end < 0 {
				return nil, false
			}
			ring, ok := parsePoints(body[1:end])
			if !ok {
				return nil, false
			}
			g.rings = append(g.rings, ring)
			body = strings.TrimSpace(body[end+1:])
			if body != "" {
				if body[0] != ',' {
					return nil, false
				}
				body = strings.TrimSpace(body[1:])
			}
		}
		return g, len(g.rings) > 0
	}
	return nil, false
}

func parsePoints(s string) ([]point, bool) {
	var pts []point
	for _, p := range strings.Split(s, ",") {
		f := strings.Fields(p)
		if len(f) != 2 {
			return nil, false
		}
		x, err1 := strconv.ParseFloat(f[0], 64)
		y, err2 := strconv.ParseFloat(f[1], 64)
		if err1 != nil || err2 != nil {
			return nil, false
		}
		pts = append(pts, point{x, y})
	}
	return pts, len(pts) > 0
}

// geometryArgs returns the geometry constants among args, or false when any argument
// is not one (or they do not share an SRID).
func geometryArgs(args []Expr) ([]*shape, bool) {
	var out []*shape
	for _, a := range args {
		c, ok := a.(*Const)
		if !ok || c.T != edm.Type("Edm.Geometry") {
			return nil, false
		}
		g, ok := parseGeometry(c.V.(string))
		if !ok {
			return nil, false
		}
		if len(out) > 0 && out[0].srid != g.srid {
			return nil, false
		}
		out = append(out, g)
	}
	return out, true
}

// foldGeo computes geo.distance, geo.length and geo.intersects on geometry constants
// where it can; false otherwise.
func foldGeo(name odata.Func, args []Expr) (*Const, bool) {
	gs, ok := geometryArgs(args)
	if !ok {
		return nil, false
	}
	switch name {
	case odata.FnGeoDistance:
		if gs[0].kind == "point" && gs[1].kind == "point" {
			a, b := gs[0].pts[0], gs[1].pts[0]
			return &Const{T: edm.Double, V: math.Hypot(a.x-b.x, a.y-b.y)}, true
		}
	case odata.FnGeoLength:
		if gs[0].kind == "linestring" {
			n := 0.0
			for i := 1; i < len(gs[0].pts); i++ {
				a, b := gs[0].pts[i-1], gs[0].pts[i]
				n += math.Hypot(a.x-b.x, a.y-b.y)
			}
			return &Const{T: edm.Double, V: n}, true
		}
	case odata.FnGeoIntersects:
		p, poly := gs[0], gs[1]
		if p.kind == "polygon" {
			p, poly = poly, p
		}
		if p.kind == "point" && poly.kind == "polygon" {
			return &Const{T: edm.Boolean, V: pointInPolygon(p.pts[0], poly.rings)}, true
		}
	}
	return nil, false
}

// pointInPolygon reports whether p lies in the polygon (exterior ring minus holes) or
// on any of its rings.
func pointInPolygon(p point, rings [][]point) bool {
	for _, r := range rings {
		if onRing(p, r) {
			return true
		}
	}
	if !insideRing(p, rings[0]) {
		return false
	}
	for _, hole := range rings[1:] {
		if insideRing(p, hole) {
			return false
		}
	}
	return true
}

func onRing(p point, r []point) bool {
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		cross := (b.x-a.x)*(p.y-a.y) - (b.y-a.y)*(p.x-a.x)
		if cross == 0 && min(a.x, b.x) <= p.x && p.x <= max(a.x, b.x) && min(a.y, b.y) <= p.y && p.y <= max(a.y, b.y) {
			return true
		}
	}
	return false
}

// insideRing is the even-odd ray-casting test.
func insideRing(p point, r []point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a.y > p.y) != (b.y > p.y) && p.x < (b.x-a.x)*(p.y-a.y)/(b.y-a.y)+a.x {
			in = !in
		}
	}
	return in
}
