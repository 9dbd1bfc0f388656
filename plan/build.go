package plan

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
)

// Limits are the server-side bounds and options that shape every plan.
type Limits struct {
	// MaxPageSize caps the rows of one page; a larger or absent $top gets a next link.
	MaxPageSize int64
	// MaxNodes caps the number of nodes of $filter, $orderby and $search together.
	MaxNodes int
	// NullAsBlank makes `F eq null` also match '' and `F ne null` exclude it, for
	// string properties (Salesforce treats empty text as null).
	NullAsBlank bool
	// TokenSecret keys the HMAC of $skiptoken values: replicas sharing it accept each
	// other's next links, also after a restart. Empty: a random key per process.
	TokenSecret string
	// Seekable, when set, says whether a column may carry keyset paging (the
	// dialect's Seekable); nil allows every column of a seekable type.
	Seekable func(*catalog.Column) bool
	// MaxDepth caps the nesting of $filter, $orderby and $search, and of parameter
	// alias values (odata.DefaultMaxDepth when 0). The service parses the URL with
	// it too, so one value bounds both.
	MaxDepth int
	// MaxExpandDepth caps the nesting of $expand (DefaultMaxExpandDepth when 0).
	MaxExpandDepth int
	// Times is the range of instants the database's date and time columns can hold
	// (nil: unbounded). A comparison with a date or time outside it is decided in the
	// plan (see ranges.go) instead of sending a value the database would reject.
	Times *TimeRange
}

// TimeRange is a closed range of instants.
type TimeRange struct{ Min, Max time.Time }

// The limits used when a field of Limits is zero.
const (
	DefaultMaxPageSize = 2000
	DefaultMaxNodes    = 1000
)

// pass is one step of planning. Passes run in order and each does one thing.
type pass func(b *binder) error

var passes = []pass{
	resolveEntitySet,
	resolveKey,
	resolveSelect,
	bindFilter,
	bindSearch,
	bindOrderBy,
	addKeyOrder,
	applyPaging,
	bindExpand, // expand.go
}

// binder carries the request, catalog and the query being built through the passes.
type binder struct {
	req   *odata.Request
	cat   *catalog.Catalog
	lim   Limits
	q     *Query
	nodes int
	// expands counts the expanded navigation properties, all levels (MaxExpandNavs).
	expands int
	// aliases are the parameter aliases being expanded, to refuse one that refers to
	// itself.
	aliases map[string]bool
	// navPath marks a resource path through a navigation property (Set(key)/Nav): the
	// key belongs to the parent, already bound (nav.go).
	navPath bool
	// scope is what names inside lambdas can refer to (outer.go).
	scope lambdaScope
}

// Build binds req to the catalog. Errors are *odata.Error with the right status.
func Build(req *odata.Request, cat *catalog.Catalog, lim Limits) (*Query, error) {
	if lim.MaxPageSize <= 0 {
		lim.MaxPageSize = DefaultMaxPageSize
	}
	if lim.MaxNodes <= 0 {
		lim.MaxNodes = DefaultMaxNodes
	}
	b := &binder{req: req, cat: cat, lim: lim, q: &Query{Limit: -1, Top: -1}}
	for _, p := range passes {
		if err := p(b); err != nil {
			return nil, err
		}
	}
	return b.q, nil
}

func resolveEntitySet(b *binder) error {
	p := b.req.Path
	t := b.cat.Set(p.EntitySet)
	if t == nil {
		return odata.NotFound("EntitySetNotFound", p.EntitySet, "no entity set named '%s'", p.EntitySet)
	}
	b.q.Table = t
	if p.Ref {
		if err := refPath(b, t); err != nil {
			return err
		}
	}
	switch p.Kind {
	case odata.PathEntitySet:
		b.q.Kind = Collection
	case odata.PathEntity:
		b.q.Kind = Entity
	case odata.PathCount:
		if p.Property != "" {
			if nav := t.Nav(p.Property); nav != nil {
				return resolveNavPath(b, t, nav) // nav.go
			}
			return odata.NotFound("PropertyNotFound", p.EntitySet+"/"+p.Property, "entity set '%s' has no navigation property '%s'", p.EntitySet, p.Property)
		}
		b.q.Kind = Count
	case odata.PathProperty, odata.PathPropertyValue:
		if nav := t.Nav(p.Property); nav != nil && t.Column(p.Property) == nil && (p.Kind == odata.PathProperty || p.NavProp != "") {
			return resolveNavPath(b, t, nav) // nav.go
		}
		if p.NavProp != "" { // Set(key)/Name/Prop where Name is no navigation property
			if t.Column(p.Property) != nil {
				return odata.BadRequest("InvalidPath", p.EntitySet+"/"+p.Property, "'%s' is a primitive property: it has no property '%s'", p.Property, p.NavProp)
			}
			return odata.NotFound("PropertyNotFound", p.EntitySet+"/"+p.Property, "entity set '%s' has no navigation property '%s'", p.EntitySet, p.Property)
		}
		if p.NavKey != nil { // Set(key)/Name(key) where Name is no navigation property
			if t.Column(p.Property) != nil {
				return odata.BadRequest("InvalidPath", p.EntitySet+"/"+p.Property, "'%s' is a property, not a navigation property: it takes no key", p.Property)
			}
			return odata.NotFound("PropertyNotFound", p.EntitySet+"/"+p.Property, "entity set '%s' has no navigation property '%s'", p.EntitySet, p.Property)
		}
		b.q.Kind = Property
		if p.Kind == odata.PathPropertyValue {
			b.q.Kind = PropertyValue
		}
		col := t.Column(p.Property)
		if col == nil {
			return odata.NotFound("PropertyNotFound", p.EntitySet+"/"+p.Property, "entity set '%s' has no property '%s'", p.EntitySet, p.Property)
		}
		b.q.Property = col
	default:
		return odata.BadRequest("InvalidPath", "", "this resource path cannot be queried")
	}
	return nil
}

// refPath checks an entity-reference path (…/$ref) and marks the query: it addresses
// entities (a set, an entity, a navigation), and $select and $expand do not apply.
func refPath(b *binder, t *catalog.Table) error {
	p := b.req.Path
	if p.Property != "" && (t.Nav(p.Property) == nil || t.Column(p.Property) != nil) {
		if t.Column(p.Property) != nil {
			return odata.BadRequest("InvalidPath", p.EntitySet+"/"+p.Property, "'%s' is a property: $ref needs an entity or a collection of entities", p.Property)
		}
		return odata.NotFound("PropertyNotFound", p.EntitySet+"/"+p.Property, "entity set '%s' has no navigation property '%s'", p.EntitySet, p.Property)
	}
	if b.req.Query.Select != nil || b.req.Query.Expand != nil {
		return odata.BadRequest("InvalidQueryOption", "$ref", "$select and $expand do not apply to entity references ($ref)")
	}
	b.q.Ref = true
	return nil
}

// resolveKey turns the key predicate into equality conditions on the key columns.
func resolveKey(b *binder) error {
	key := b.req.Path.Key
	if key == nil || b.navPath {
		return nil
	}
	t := b.q.Table
	target := t.SetName
	if len(key) != len(t.Key) {
		return odata.BadRequest("InvalidKey", target, "entity set '%s' has a key of %d propert%s; the request gave %d", t.SetName, len(t.Key), plural(len(t.Key), "y", "ies"), len(key))
	}
	var cond Expr
	for i, part := range key {
		col := t.Key[i]
		if part.Name != "" {
			col = nil
			for _, k := range t.Key {
				if k.Prop == part.Name {
					col = k
				}
			}
			if col == nil {
				return odata.BadRequest("InvalidKey", target, "'%s' is not a key property of '%s'", part.Name, t.SetName)
			}
		} else if len(key) > 1 {
			return odata.BadRequest("InvalidKey", target, "a composite key needs named values: (%s)", keyNames(t))
		}
		if part.Value.Kind == odata.LitNull {
			return odata.BadRequest("InvalidKey", target, "key property '%s' cannot be null", col.Prop)
		}
		c, err := constFor(part.Value, col.Type)
		if err != nil {
			return odata.BadRequest("InvalidKey", target, "key property '%s': %v", col.Prop, err)
		}
		// The same rules as a $filter comparison: a key the column cannot hold
		// (Orders(2147483648) on an Int32 key) matches nothing, without asking.
		var eq Expr = &Compare{Op: odata.OpEq, L: &ColumnRef{Col: col}, R: c}
		if s := b.columnRange(&ColumnRef{Col: col}, c); s != inside {
			eq = decideOutside("eq", &ColumnRef{Col: col}, s)
		} else {
			eq = exactCompare(eq.(*Compare))
		}
		cond = and(cond, eq)
	}
	b.q.Filter = cond
	return nil
}

func keyNames(t *catalog.Table) string {
	names := make([]string, len(t.Key))
	for i, k := range t.Key {
		names[i] = k.Prop + "=…"
	}
	return strings.Join(names, ",")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func and(a, b Expr) Expr {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return &Logical{Op: odata.OpAnd, L: a, R: b}
}

func resolveSelect(b *binder) error {
	t := b.q.Table
	if b.q.Property != nil {
		b.q.Select = []*catalog.Column{b.q.Property}
		return nil
	}
	if b.q.Ref {
		b.q.Select = append([]*catalog.Column(nil), t.Key...) // the @odata.id of each entity
		return nil
	}
	items := b.req.Query.Select
	if len(items) == 0 {
		b.q.Select = t.Columns
		return nil
	}
	seen := map[*catalog.Column]bool{}
	var cols []*catalog.Column
	for _, it := range items {
		if it.Star {
			b.q.Select = t.Columns
			return nil
		}
		name := strings.Join(it.Path, "/")
		col := t.Column(name)
		if col == nil || len(it.Path) != 1 {
			return odata.BadRequest("PropertyNotFound", "$select", "'%s' is not a property of '%s'", name, t.SetName)
		}
		if !seen[col] {
			seen[col] = true
			cols = append(cols, col)
		}
	}
	b.q.Select = cols
	return nil
}

func bindFilter(b *binder) error {
	f := b.req.Query.Filter
	if f == nil {
		return nil
	}
	if err := b.names(f, "$filter"); err != nil {
		return err
	}
	e, err := b.bindPredicate(f, "$filter")
	if err != nil {
		return err
	}
	if err := deferredIn(e); err != nil {
		return err
	}
	b.q.Filter = and(b.q.Filter, e)
	return nil
}

func bindSearch(b *binder) error {
	s := b.req.Query.Search
	if s == nil {
		return nil
	}
	e, err := b.bindSearchExpr(s)
	if err != nil {
		return err
	}
	b.q.Filter = and(b.q.Filter, e)
	return nil
}

func (b *binder) bindSearchExpr(s odata.SearchExpr) (Expr, error) {
	if err := b.count("$search"); err != nil {
		return nil, err
	}
	switch s := s.(type) {
	case *odata.SearchTerm:
		return &Search{Text: s.Text, Cols: b.q.Table.Searchable}, nil
	case *odata.SearchNot:
		x, err := b.bindSearchExpr(s.X)
		if err != nil {
			return nil, err
		}
		return &Not{X: x}, nil
	case *odata.SearchBinary:
		l, err := b.bindSearchExpr(s.L)
		if err != nil {
			return nil, err
		}
		r, err := b.bindSearchExpr(s.R)
		if err != nil {
			return nil, err
		}
		return &Logical{Op: odata.BinaryOp(strings.ToLower(s.Op)), L: l, R: r}, nil
	}
	return nil, odata.BadRequest("InvalidSearch", "$search", "unsupported search expression")
}

func bindOrderBy(b *binder) error {
	for _, o := range b.req.Query.OrderBy {
		if err := b.names(o.Expr, "$orderby"); err != nil {
			return err
		}
	}
	for _, o := range b.req.Query.OrderBy {
		e, err := b.bindValue(o.Expr, "$orderby")
		if err != nil {
			return err
		}
		if isConstant(e) {
			continue // ordering by a constant orders nothing
		}
		if err := deferredIn(e); err != nil {
			return err
		}
		if isPredicate(e) {
			return odata.NotImplemented("NotSupported", "$orderby", "ordering by a condition is not supported")
		}
		switch e.(type) {
		case *List, *Record:
			return odata.BadRequest("InvalidOrderBy", "$orderby", "$orderby: cannot order by a %s value (position %d)", e.Type(), o.Expr.Pos()+1)
		}
		b.q.OrderBy = append(b.q.OrderBy, Order{Expr: e, Desc: o.Desc})
	}
	return nil
}

// addKeyOrder appends the key columns not already ordered by, so that paging is
// deterministic on every database.
func addKeyOrder(b *binder) error {
	if b.q.Kind == Count {
		b.q.OrderBy = nil
		return nil
	}
	for _, k := range b.q.Table.Key {
		found := false
		for _, o := range b.q.OrderBy {
			if r, ok := o.Expr.(*ColumnRef); ok && r.Col == k {
				found = true
			}
		}
		if !found {
			b.q.OrderBy = append(b.q.OrderBy, Order{Expr: &ColumnRef{Col: k}})
		}
	}
	return nil
}

func applyPaging(b *binder) error {
	o := b.req.Query
	q := b.q
	if o.Count != nil && *o.Count {
		q.WithCount = q.Kind == Collection
	}
	if q.Kind != Collection {
		return nil
	}
	if o.Top != nil {
		q.Top = *o.Top
	}
	if o.Skip != nil {
		q.Skip = *o.Skip
	}
	if o.SkipToken != "" {
		if err := applySkipToken(b, o.SkipToken); err != nil {
			return err
		}
	}
	q.Offset = q.Skip + q.Delivered
	if q.Keyset != nil {
		q.Offset = 0 // the seek predicate starts the page; $skip was applied on page 1
	}
	if q.Offset < 0 { // overflow
		return odata.BadRequest("InvalidQueryOption", "$skip", "$skip is too large")
	}
	page := b.lim.MaxPageSize
	q.Limit = page
	q.FetchExtra = true
	if q.Top >= 0 {
		remaining := q.Top - q.Delivered
		if remaining < 0 {
			remaining = 0
		}
		if remaining <= page {
			q.Limit, q.FetchExtra = remaining, false
		}
	}
	// A page that may have a next link reads the sort values of its rows, for a
	// keyset token (keyset.go).
	// ($expand pages read their own levels and keep offset next links.)
	if q.FetchExtra && q.Keyset == nil && len(b.req.Query.Expand) == 0 {
		q.Keyset = keysetOf(q, &b.lim)
	}
	if q.Keyset != nil {
		q.Keyset.index(q)
	}
	return nil
}

func (b *binder) count(target string) error {
	b.nodes++
	if b.nodes > b.lim.MaxNodes {
		return &odata.Error{Status: http.StatusBadRequest, Code: "QueryTooComplex", Target: target,
			Message: fmt.Sprintf("the query has more than %d expression nodes", b.lim.MaxNodes)}
	}
	return nil
}
