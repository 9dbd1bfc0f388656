package plan

import (
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// NavValue is a value read through a to-one navigation (`Customer/Country`): X is
// bound on Nav.To and evaluated on the related row; null when there is none. sqlgen
// renders it as a correlated scalar subquery.
//
// Outer marks a path from an enclosing row inside a lambda (`$it/Customer/Country`):
// the navigation starts from the row at nesting level Level (outer.go), not from the
// row of the expression that contains it.
type NavValue struct {
	Nav   *catalog.Nav
	X     Expr
	Outer bool
	Level int
}

// NavExists is `Nav/any(v: Pred)` (All false) or `Nav/all(v: Pred)` (All true) over
// the rows related through Nav; Pred is bound on Nav.To and nil for `any()`. A to-one
// step before a collection (`Customer/Orders/any(…)`) is a NavExists with All false
// whose Pred is the next step. sqlgen renders EXISTS / NOT EXISTS subqueries.
type NavExists struct {
	Nav  *catalog.Nav
	Pred Expr
	All  bool
}

// NavCount is `Nav/$count`, optionally `Nav/$count($filter=…)`: the number of related
// rows (Filter bound on Nav.To, nil when absent).
type NavCount struct {
	Nav    *catalog.Nav
	Filter Expr
}

func (e *NavValue) Type() edm.Type  { return e.X.Type() }
func (e *NavExists) Type() edm.Type { return edm.Boolean }
func (e *NavCount) Type() edm.Type  { return edm.Int64 }
func (e *NavValue) Nullable() bool  { return true }
func (e *NavExists) Nullable() bool { return false }
func (e *NavCount) Nullable() bool  { return false }

func navKey(n *catalog.Nav) string { return strings.ToLower(n.From.SetName) + "." + n.Name }

func (e *NavValue) String() string {
	op := "(nav "
	if e.Outer {
		op = "(nav@" + strconv.Itoa(e.Level) + " "
	}
	return op + navKey(e.Nav) + " " + e.X.String() + ")"
}
func (e *NavExists) String() string {
	op := "any"
	if e.All {
		op = "all"
	}
	p := ""
	if e.Pred != nil {
		p = " " + e.Pred.String()
	}
	return "(" + op + " " + navKey(e.Nav) + p + ")"
}
func (e *NavCount) String() string {
	f := ""
	if e.Filter != nil {
		f = " " + e.Filter.String()
	}
	return "(navcount " + navKey(e.Nav) + f + ")"
}

// sub returns a binder for expressions relative to table t (a lambda body, a path
// step, an expanded collection); its node count is shared through done.
func (b *binder) sub(t *catalog.Table) *binder {
	s := &binder{req: b.req, cat: b.cat, lim: b.lim, q: &Query{Table: t, Limit: -1, Top: -1}, nodes: b.nodes, aliases: b.aliases,
		expands: b.expands, scope: b.scope}
	if b.scope.it == nil && !b.scope.noIt {
		// The first step below the query's own table: that table is $it.
		s.scope.it = &rowScope{name: "$it", t: b.q.Table, level: b.scope.depth}
	}
	return s
}

func (b *binder) done(s *binder) { b.nodes, b.expands = s.nodes, s.expands }

// bindNavMember binds a member path whose first segment is a navigation property:
// to-one steps ending in a primitive property.
func (b *binder) bindNavMember(path []string, pos int, target string) (Expr, error) {
	t := b.q.Table
	nav := t.Nav(path[0])
	if nav.Many {
		return nil, typeErr(target, pos, "'%s' is a collection of '%s'; use any/all or $count", nav.Name, nav.To.SetName)
	}
	if len(path) == 1 {
		return nil, typeErr(target, pos, "'%s' is an entity of '%s', not a primitive value", nav.Name, nav.To.SetName)
	}
	s := b.sub(nav.To)
	s.scope = s.scope.nested(t, b.scope.depth+1)
	defer b.done(s)
	next := path[1:]
	if nav.To.Nav(next[0]) != nil && nav.To.Column(next[0]) == nil {
		x, err := s.bindNavMember(next, pos+len(path[0])+1, target)
		if err != nil {
			return nil, err
		}
		return &NavValue{Nav: nav, X: x}, nil
	}
	col := nav.To.Column(next[0])
	if col == nil {
		return nil, notAProperty(target, next[0], nav.To.SetName, pos+len(path[0])+1)
	}
	if len(next) > 1 {
		return nil, typeErr(target, pos, "'%s' is a %s property: it has no property '%s'", col.Prop, col.Type, next[1])
	}
	return &NavValue{Nav: nav, X: &ColumnRef{Col: col}}, nil
}

// navChain resolves names as navigation steps from t: every step but the last must be
// to-one; the last must be to-many when many is set.
func navChain(t *catalog.Table, names []string, pos int, target string) ([]*catalog.Nav, error) {
	var out []*catalog.Nav
	for i, n := range names {
		nav := t.Nav(n)
		if nav == nil {
			if t.Column(n) != nil {
				return nil, typeErr(target, pos, "'%s' is a primitive property, not a collection", n)
			}
			return nil, notAProperty(target, n, t.SetName, pos)
		}
		if nav.Many && i < len(names)-1 {
			return nil, typeErr(target, pos, "'%s' is a collection; only its any/all or $count can follow", n)
		}
		out = append(out, nav)
		t = nav.To
	}
	if !out[len(out)-1].Many {
		return nil, typeErr(target, pos, "'%s' is a single entity, not a collection", names[len(names)-1])
	}
	return out, nil
}

// wrapSteps puts inner under the to-one steps of a chain: EXISTS of the related row.
func wrapSteps(steps []*catalog.Nav, inner Expr) Expr {
	for i := len(steps) - 1; i >= 0; i-- {
		inner = &NavExists{Nav: steps[i], Pred: inner}
	}
	return inner
}

// lambdaPath returns the navigation names of a lambda's path, or nil when it is not
// a plain chain of names.
func lambdaPath(e odata.Expr) []string {
	switch p := e.(type) {
	case *odata.Member:
		return p.Path
	case *odata.PathExpr:
		if p.Root != "" {
			return nil
		}
		var names []string
		for _, s := range p.Segs {
			if s.Kind != odata.SegProperty {
				return nil
			}
			names = append(names, s.Name)
		}
		return names
	}
	return nil
}

// bindNavLambda binds Path/any(v: Body) and Path/all(v: Body) over a navigation.
func (b *binder) bindNavLambda(e *odata.Lambda, names []string, target string) (Expr, error) {
	chain, err := navChain(b.q.Table, names, e.Pos(), target)
	if err != nil {
		return nil, err
	}
	last := chain[len(chain)-1]
	x := &NavExists{Nav: last, All: e.Op == "all"}
	if e.Body != nil {
		s := b.sub(last.To)
		s.scope = s.scope.inner(b.q.Table, b.scope.depth+len(chain), e.Var)
		if err := s.names(e.Body, target); err != nil {
			return nil, err
		}
		var err error
		x.Pred, err = s.bindPredicate(e.Body, target)
		b.done(s)
		if err != nil {
			return nil, err
		}
		if err := deferredIn(x.Pred); err != nil {
			return nil, err
		}
	} else if x.All {
		return nil, typeErr(target, e.Pos(), "all() needs a condition")
	}
	return wrapSteps(chain[:len(chain)-1], x), nil
}

// bindNavCount binds Nav/$count and Nav/$count($filter=…) path expressions.
func (b *binder) bindNavCount(e *odata.PathExpr, target string) (Expr, error) {
	segs := e.Segs
	cnt := segs[len(segs)-1]
	var names []string
	for _, s := range segs[:len(segs)-1] {
		if s.Kind != odata.SegProperty {
			return nil, unsupported(target, s.Offset, "this path is not supported")
		}
		names = append(names, s.Name)
	}
	chain, err := navChain(b.q.Table, names, e.Pos(), target)
	if err != nil {
		return nil, err
	}
	if cnt.Search != nil {
		return nil, unsupported(target, cnt.Offset, "$search inside $count is not supported")
	}
	last := chain[len(chain)-1]
	c := &NavCount{Nav: last}
	if cnt.Filter != nil {
		s := b.sub(last.To)
		s.scope = s.scope.nested(b.q.Table, b.scope.depth+len(chain))
		if err := s.names(cnt.Filter, target); err != nil {
			return nil, err
		}
		c.Filter, err = s.bindPredicate(cnt.Filter, target)
		b.done(s)
		if err != nil {
			return nil, err
		}
	}
	steps := chain[:len(chain)-1]
	if len(steps) == 0 {
		return c, nil
	}
	// Through to-one steps the count is a value of the related row.
	var x Expr = c
	for i := len(steps) - 1; i >= 0; i-- {
		x = &NavValue{Nav: steps[i], X: x}
	}
	return x, nil
}

// navSegment resolves the resource path Set(key)/Nav: the query reads Nav.To, limited
// to the rows related to the addressed entity.
func resolveNavPath(b *binder, parent *catalog.Table, nav *catalog.Nav) error {
	s := b.sub(parent)
	s.req = &odata.Request{Path: odata.Path{Kind: odata.PathEntity, EntitySet: parent.SetName, Key: b.req.Path.Key}}
	if err := resolveKey(s); err != nil {
		return err
	}
	b.done(s)
	b.q.Table = nav.To
	b.q.Filter = &NavExists{Nav: nav.Partner, Pred: s.q.Filter}
	b.q.Parent = &Query{Kind: Count, Table: parent, Filter: s.q.Filter, Limit: -1, Top: -1}
	b.navPath = true
	if key := b.req.Path.NavKey; key != nil {
		// Set(key)/Nav(key): the related entity with that key, if it belongs to the
		// parent; 404 otherwise, whatever the reason.
		if !nav.Many {
			return odata.BadRequest("InvalidKey", nav.Name, "'%s' is a single entity, not a collection: it takes no key", nav.Name)
		}
		k := b.sub(nav.To)
		k.req = &odata.Request{Path: odata.Path{Kind: odata.PathEntity, EntitySet: nav.To.SetName, Key: key}}
		if err := resolveKey(k); err != nil {
			return err
		}
		b.done(k)
		b.q.Filter = and(k.q.Filter, b.q.Filter)
		b.q.Kind, b.q.Parent = Entity, nil
		return navProperty(b, nav)
	}
	switch {
	case b.req.Path.Kind == odata.PathCount:
		b.q.Kind = Count
		if !nav.Many {
			return odata.BadRequest("InvalidPath", nav.Name, "$count needs a collection; '%s' is a single entity", nav.Name)
		}
	case nav.Many:
		b.q.Kind = Collection
	default:
		b.q.Kind = Entity
	}
	if b.req.Path.NavProp != "" && nav.Many {
		return odata.BadRequest("InvalidPath", nav.Name+"/"+b.req.Path.NavProp, "'%s' is a collection: address one entity with a key, such as %s(…)/%s", nav.Name, nav.Name, b.req.Path.NavProp)
	}
	return navProperty(b, nav)
}

// navProperty narrows a single-entity navigation read to the primitive property after
// it (Set(key)/Nav/Prop, Set(key)/Nav(key)/Prop, optionally /$value).
func navProperty(b *binder, nav *catalog.Nav) error {
	name := b.req.Path.NavProp
	if name == "" {
		return nil
	}
	col := nav.To.Column(name)
	if col == nil {
		return odata.NotFound("PropertyNotFound", nav.Name+"/"+name, "entity set '%s' has no property '%s'", nav.To.SetName, name)
	}
	b.q.Kind, b.q.Property = Property, col
	if b.req.Path.Kind == odata.PathPropertyValue {
		b.q.Kind = PropertyValue
	}
	return nil
}

// Sets returns the entity sets q reads: its own, those its filter and order reach
// through navigation, and those of its expansions. A cached page depends on all of them.
func Sets(q *Query) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t *catalog.Table) {
		if !seen[t.SetName] {
			seen[t.SetName] = true
			out = append(out, t.SetName)
		}
	}
	var walk func(e Expr)
	walk = func(e Expr) {
		switch e := e.(type) {
		case *NavValue:
			add(e.Nav.To)
			walk(e.X)
		case *NavExists:
			add(e.Nav.To)
			walk(e.Pred)
		case *NavCount:
			add(e.Nav.To)
			walk(e.Filter)
		case *Compare:
			walk(e.L)
			walk(e.R)
		case *Logical:
			walk(e.L)
			walk(e.R)
		case *Arith:
			walk(e.L)
			walk(e.R)
		case *Not:
			walk(e.X)
		case *Neg:
			walk(e.X)
		case *IsNull:
			walk(e.X)
		case *In:
			walk(e.X)
			for _, x := range e.List {
				walk(x)
			}
		case *Func:
			for _, x := range e.Args {
				walk(x)
			}
		}
	}
	var query func(q *Query)
	query = func(q *Query) {
		add(q.Table)
		walk(q.Filter)
		for _, o := range q.OrderBy {
			walk(o.Expr)
		}
		for _, x := range q.Expand {
			query(x.Q)
		}
	}
	query(q)
	return out
}

// bindNavPathExpr binds a path expression starting with a navigation property:
// to-one steps to a property, or a collection's $count.
func (b *binder) bindNavPathExpr(e *odata.PathExpr, target string) (Expr, error) {
	segs := e.Segs
	if segs[len(segs)-1].Kind == odata.SegCount {
		return b.bindNavCount(e, target)
	}
	names := lambdaPath(e)
	if names == nil {
		return nil, unsupported(target, e.Pos(), "this navigation path is not supported")
	}
	return b.bindNavMember(names, e.Pos(), target)
}
