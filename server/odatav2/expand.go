package odatav2

import (
	"net/url"
	"strings"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// A 2.0 request shapes its entries with two flat options: $expand lists navigation
// paths (`Orders/Order_Details`), $select lists properties of any expanded level
// (`CompanyName,Orders/OrderID,Orders/*`) and navigation properties to show. The
// gateway reads the 4.0 nested form, so the edge turns both into one tree and the tree
// into `$select=…&$expand=Orders($select=…;$expand=Order_Details)`, each level's key
// added to its $select (a 2.0 entry always carries its URI). The same tree then tells
// the encoder, level by level, which properties to write, which navigations are
// inline and which are deferred links.

// shape is one level of an entry: the root, or an expanded navigation.
type shape struct {
	set *edm.EntitySet
	t   *edm.EntityType
	// explicit: $select names something at this level; then only props (or all with
	// star) and the navigations in navs are shown.
	explicit, star bool
	props          []string
	navs           map[string]bool
	kids           []*kid // expanded navigations, in $expand order
}

type kid struct {
	name string
	many bool
	s    *shape
}

func newShape(set *edm.EntitySet, t *edm.EntityType) *shape {
	return &shape{set: set, t: t, navs: map[string]bool{}}
}

func (s *shape) kid(name string) *kid {
	if s == nil {
		return nil
	}
	for _, k := range s.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// showProp reports whether property p is written at this level.
func (s *shape) showProp(p string) bool {
	if s == nil || !s.explicit || s.star {
		return true
	}
	for _, n := range s.props {
		if n == p {
			return true
		}
	}
	return false
}

// showNav reports whether navigation n (not expanded) is written as a deferred link
// ('*' selects navigations too, as links).
func (s *shape) showNav(n string) bool {
	return s == nil || !s.explicit || s.star || s.navs[n]
}

// buildShape reads the 2.0 $select items and $expand value for an entry of type t in
// set. rel says which navigations the 2.0 model publishes.
func buildShape(m *edm.Model, rel *relations, set *edm.EntitySet, t *edm.EntityType, selects []string, expand string) (*shape, error) {
	root := newShape(set, t)
	for _, path := range strings.Split(expand, ",") {
		path = strings.TrimSpace(path)
		if path == "" {
			continue
		}
		at := root
		for _, seg := range strings.Split(path, "/") {
			seg = strings.TrimSpace(seg)
			k := at.kid(seg)
			if k == nil {
				n, ts, tt := navTarget(m, rel, at, seg)
				if n == nil {
					return nil, odata.BadRequest("PropertyNotFound", "$expand", "$expand: '%s' is not a navigation property of '%s'", seg, at.set.Name)
				}
				k = &kid{name: seg, many: n.Collection, s: newShape(ts, tt)}
				at.kids = append(at.kids, k)
			}
			at = k.s
		}
	}
	for _, item := range selects {
		if item == "" {
			continue
		}
		segs := strings.Split(item, "/")
		at := root
		for _, seg := range segs[:len(segs)-1] {
			k := at.kid(seg)
			if k == nil {
				return nil, odata.BadRequest("InvalidSelect", "$select", "$select: '%s' is not an expanded navigation property (add it to $expand)", seg)
			}
			at = k.s
		}
		last := segs[len(segs)-1]
		at.explicit = true
		switch {
		case last == "*":
			at.star = true
		case at.t.Property(last) != nil:
			at.props = append(at.props, last)
		case at.kid(last) != nil:
			k := at.kid(last)
			at.navs[last] = true
			_ = k // an expanded navigation is always written inline
		case isNav(rel, at.t, last):
			at.navs[last] = true
		default:
			return nil, odata.BadRequest("PropertyNotFound", "$select", "$select: '%s' is not a property of '%s'", last, at.set.Name)
		}
	}
	return root, nil
}

func isNav(rel *relations, t *edm.EntityType, name string) bool {
	_, ok := rel.nav[t.Name+"/"+name]
	return ok
}

// navTarget is the navigation property name of s's type and the set and type it leads
// to, or nils when the 2.0 model does not publish it.
func navTarget(m *edm.Model, rel *relations, s *shape, name string) (*edm.NavigationProperty, *edm.EntitySet, *edm.EntityType) {
	n := s.t.Nav(name)
	if n == nil || !isNav(rel, s.t, name) {
		return nil, nil, nil
	}
	ts := bindingTarget(m, s.set, name)
	if ts == nil {
		return nil, nil, nil
	}
	tt := m.Type(ts.EntityType)
	if tt == nil {
		return nil, nil, nil
	}
	return n, ts, tt
}

// selectList is the level's 4.0 $select items (its key included), "" for all.
func (s *shape) selectList() string {
	if !s.explicit || s.star {
		return ""
	}
	items := append([]string(nil), s.props...)
	for _, k := range s.t.Key {
		found := false
		for _, p := range items {
			found = found || p == k
		}
		if !found {
			items = append(items, k)
		}
	}
	return strings.Join(items, ",")
}

// expandList is the level's 4.0 $expand value: `A($select=…;$expand=B),C`.
func (s *shape) expandList() string {
	var parts []string
	for _, k := range s.kids {
		var opts []string
		if sel := k.s.selectList(); sel != "" {
			opts = append(opts, "$select="+sel)
		}
		if exp := k.s.expandList(); exp != "" {
			opts = append(opts, "$expand="+exp)
		}
		if len(opts) == 0 {
			parts = append(parts, k.name)
		} else {
			parts = append(parts, k.name+"("+strings.Join(opts, ";")+")")
		}
	}
	return strings.Join(parts, ",")
}

// query4 is the shape as the 4.0 $select and $expand query parameters (already
// encoded), in the order select, expand; absent ones are left out.
func (s *shape) query4() []string {
	var out []string
	if sel := s.selectList(); sel != "" {
		out = append(out, "%24select="+url.QueryEscape(sel))
	}
	if exp := s.expandList(); exp != "" {
		out = append(out, "%24expand="+url.QueryEscape(exp))
	}
	return out
}
