package plan

import (
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
)

// DefaultMaxExpandDepth is the $expand nesting a Limits with MaxExpandDepth 0 allows.
const DefaultMaxExpandDepth = 3

// Expand is one expanded navigation property: Q reads the related rows of Nav.To
// (its Select, Filter, OrderBy, paging per parent, WithCount and nested Expand). For a
// to-many navigation Q.Limit bounds the rows of each parent (Q.FetchExtra asks one more
// to know a next link is due); a to-one navigation has Kind Entity and no paging.
type Expand struct {
	Nav *catalog.Nav
	Q   *Query
	// Raw are the nested options as written, for the next link of a cut collection.
	Raw [][2]string
}

func bindExpand(b *binder) error {
	items := b.req.Query.Expand
	if len(items) == 0 {
		return nil
	}
	if b.q.Kind != Collection && b.q.Kind != Entity {
		return odata.BadRequest("InvalidQueryOption", "$expand", "$expand applies to entities and collections of entities")
	}
	exps, err := b.expandItems(b.q.Table, items, 1)
	b.q.Expand = exps
	return err
}

func (b *binder) expandItems(t *catalog.Table, items []odata.ExpandItem, depth int) ([]*Expand, error) {
	if len(items) == 0 { // a leaf at the deepest level is no level deeper
		return nil, nil
	}
	max := b.lim.MaxExpandDepth
	if max <= 0 {
		max = DefaultMaxExpandDepth
	}
	if depth > max {
		return nil, odata.BadRequest("InvalidQueryOption", "$expand", "$expand is nested more than %d levels deep", max)
	}
	var out []*Expand
	seen := map[*catalog.Nav]bool{}
	for _, it := range namedFirst(foldPaths(items)) { // Orders/Customer → Orders($expand=Customer) (expandpath.go)
		levels := it.Levels
		if levels == odata.LevelsMax {
			levels = max - depth + 1 // as deep as -max-expand-depth allows
		}
		var navs []*catalog.Nav
		switch {
		case it.Star:
			for _, n := range t.Navs {
				if !seen[n] {
					navs = append(navs, n)
				}
			}
		default:
			n := t.Nav(it.Path[0])
			if n == nil {
				return nil, odata.BadRequest("PropertyNotFound", "$expand", "$expand: '%s' is not a navigation property of '%s'", it.Path[0], t.SetName)
			}
			if seen[n] {
				return nil, odata.BadRequest("InvalidQueryOption", "$expand", "$expand: '%s' is expanded twice", n.Name)
			}
			if levels > 0 && n.To != t {
				return nil, odata.BadRequest("InvalidQueryOption", "$expand", "$expand: $levels recurses through a navigation property to its own entity type; '%s' leads from '%s' to '%s'", n.Name, t.SetName, n.To.SetName)
			}
			navs = append(navs, n)
		}
		for _, n := range navs {
			seen[n] = true
			opts, raw := it.Options, it.Raw
			switch {
			case it.Star:
				opts, raw = odata.Options{}, nil
				if levels > 1 { // *($levels=N): every navigation property of the next level, N-1 deep
					next := odata.ExpandItem{Star: true, Levels: levels - 1}
					opts.Expand = []odata.ExpandItem{next}
					raw = [][2]string{{"$expand", starText(levels - 1)}}
				}
			case levels > 0: // Nav($levels=N;…): the same navigation property again, N-1 deep
				raw = withoutLevels(it.Raw)
				if levels > 1 {
					next := it
					next.Path, next.Levels = it.Path[:1], levels-1
					next.Raw = append(withoutLevels(it.Raw), [2]string{"$levels", strconv.Itoa(levels - 1)})
					opts.Expand = append(append([]odata.ExpandItem(nil), it.Options.Expand...), next)
					if levels == 2 {
						next.Raw = next.Raw[:len(next.Raw)-1]
					}
					raw = addRawExpand(raw, itemText(next))
				}
			}
			b.expands++
			if b.expands > MaxExpandNavs {
				return nil, odata.BadRequest("QueryTooComplex", "$expand", "$expand expands more than %d navigation properties in all", MaxExpandNavs)
			}
			x, err := b.expandOne(n, opts, depth)
			if err != nil {
				return nil, err
			}
			x.Raw = raw
			out = append(out, x)
		}
	}
	return out, nil
}

// namedFirst puts `*` after the named items, so a navigation property named with its
// own options (`*,Orders($top=3)` as well as `Orders($top=3),*`) keeps them and `*`
// expands the others.
func namedFirst(items []odata.ExpandItem) []odata.ExpandItem {
	star := -1
	for i, it := range items {
		if it.Star {
			star = i
		}
	}
	if star < 0 || star == len(items)-1 {
		return items
	}
	out := make([]odata.ExpandItem, 0, len(items))
	for _, it := range items {
		if !it.Star {
			out = append(out, it)
		}
	}
	for _, it := range items {
		if it.Star {
			out = append(out, it)
		}
	}
	return out
}

// MaxExpandNavs bounds the expanded navigation properties of one request, all levels
// together (each is one query per page): `*($levels=N)` multiplies quickly.
const MaxExpandNavs = 64

// starText is `*` with $levels, as written in a next link.
func starText(levels int) string {
	if levels <= 1 {
		return "*"
	}
	return "*($levels=" + strconv.Itoa(levels) + ")"
}

// withoutLevels drops $levels from raw options: the next link of a cut collection
// carries the remaining recursion as a nested $expand instead.
func withoutLevels(raw [][2]string) [][2]string {
	out := raw[:0:0]
	for _, r := range raw {
		if r[0] != "$levels" {
			out = append(out, r)
		}
	}
	return out
}

func (b *binder) expandOne(n *catalog.Nav, o odata.Options, depth int) (*Expand, error) {
	s := b.sub(n.To)
	s.scope = lambdaScope{noIt: true} // a query of its own: $it (the parent) is out of reach
	defer b.done(s)
	s.req = &odata.Request{Path: odata.Path{Kind: odata.PathEntitySet, EntitySet: n.To.SetName}, Query: o}
	q := s.q
	q.Kind = Collection
	if !n.Many {
		q.Kind = Entity
		if o.Top != nil || o.Skip != nil || o.Count != nil || o.OrderBy != nil || o.Search != nil {
			return nil, odata.BadRequest("InvalidQueryOption", "$expand", "$expand: '%s' is a single entity: $top, $skip, $count, $orderby and $search apply to collections", n.Name)
		}
	}
	for _, p := range []pass{resolveSelect, bindFilter, bindSearch, bindOrderBy, addKeyOrder} {
		if err := p(s); err != nil {
			return nil, err
		}
	}
	if n.Many {
		if o.Top != nil {
			q.Top = *o.Top
		}
		if o.Skip != nil {
			q.Skip = *o.Skip
		}
		q.Offset = q.Skip
		q.WithCount = o.Count != nil && *o.Count
		q.Limit = b.lim.MaxPageSize
		q.FetchExtra = true
		if q.Top >= 0 && q.Top <= q.Limit {
			q.Limit, q.FetchExtra = q.Top, false
		}
	}
	var err error
	if q.Expand, err = s.expandItems(n.To, o.Expand, depth+1); err != nil {
		return nil, err
	}
	return &Expand{Nav: n, Q: q}, nil
}

// expandString adds the expansions to the canonical form of a query (cache keys).
func expandString(sb *strings.Builder, q *Query) {
	for _, x := range q.Expand {
		sb.WriteString(" expand(" + navKey(x.Nav) + " " + x.Q.String() + ")")
	}
}
