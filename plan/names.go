package plan

import (
	"fmt"
	"strings"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Names first. Before anything is typed or judged supported, every name an
// expression uses is looked up: properties (the first segment of a path), entity sets
// ($root/…), functions, types, enumeration types, annotations and parameter aliases.
// A name the schema does not have is a 400 that names it, whatever else is wrong with
// the expression; 501 is kept for known names used in ways the service cannot evaluate.
//
// The service publishes flat entity types: primitive properties, no navigation or
// collection properties, no functions, no enumeration types, no annotations.

func notAProperty(target, name, set string, pos int) *odata.Error {
	return odata.BadRequest("PropertyNotFound", target, "%s: '%s' is not a property of '%s' (position %d)", target, name, set, pos+1)
}

func unknownFunction(target, name string, pos int) *odata.Error {
	return odata.BadRequest("UnknownFunction", target, "%s: unknown function '%s' (position %d)", target, name, pos+1)
}

func unknownType(target, name string, pos int) *odata.Error {
	return odata.BadRequest("UnknownType", target, "%s: unknown type '%s' (position %d)", target, name, pos+1)
}

func unknownAnnotation(target, name string, pos int) *odata.Error {
	return odata.BadRequest("UnknownAnnotation", target, "%s: unknown annotation '@%s' (position %d)", target, name, pos+1)
}

func unsupported(target string, pos int, format string, args ...any) *odata.Error {
	return odata.NotImplemented("NotSupported", target, "%s: %s (position %d)", target, fmt.Sprintf(format, args...), pos+1)
}

// edmTypes are the primitive and abstract EDM type names.
var edmTypes = map[string]bool{}

func init() {
	for _, n := range []string{"Binary", "Boolean", "Byte", "Date", "DateTimeOffset", "Decimal",
		"Double", "Duration", "Guid", "Int16", "Int32", "Int64", "SByte", "Single", "Stream",
		"String", "TimeOfDay", "Untyped", "PrimitiveType",
		"Geography", "GeographyPoint", "GeographyLineString", "GeographyPolygon",
		"GeographyMultiPoint", "GeographyMultiLineString", "GeographyMultiPolygon", "GeographyCollection",
		"Geometry", "GeometryPoint", "GeometryLineString", "GeometryPolygon",
		"GeometryMultiPoint", "GeometryMultiLineString", "GeometryMultiPolygon", "GeometryCollection"} {
		edmTypes["Edm."+n] = true
	}
}

// entityType returns the served entity type named by name (qualified with
// any namespace or alias, or not), or nil.
func (b *binder) entityType(name string) string {
	if strings.HasPrefix(name, "Edm.") {
		return ""
	}
	short := name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		short = name[i+1:]
	}
	for _, t := range b.cat.Tables {
		if t.TypeName == short {
			return t.TypeName
		}
	}
	return ""
}

// knownType reports whether name is a type the service knows: an EDM primitive, an
// entity type it serves, or a collection of one of those.
func (b *binder) knownType(name string) bool {
	if inner, ok := strings.CutPrefix(name, "Collection("); ok && strings.HasSuffix(inner, ")") {
		return b.knownType(inner[:len(inner)-1])
	}
	return edmTypes[name] || b.entityType(name) != ""
}

// checkNames reports the first name in e that the schema does not have. vars are the
// lambda variables in scope.
func (b *binder) checkNames(e odata.Expr, target string, vars []string) error {
	if err := b.count(target); err != nil {
		return err
	}
	inScope := func(name string) bool {
		for _, v := range vars {
			if v == name {
				return true
			}
		}
		return false
	}
	switch e := e.(type) {
	case *odata.Member:
		if inScope(e.Path[0]) {
			return nil
		}
		rel, row, err := b.resolve(e, target)
		if err != nil {
			return err
		}
		m, t := rel.(*odata.Member), b.q.Table
		if row != nil {
			t = row.t
		}
		if t.Column(m.Path[0]) == nil && t.Nav(m.Path[0]) == nil {
			return notAProperty(target, m.Path[0], t.SetName, m.Pos())
		}
	case *odata.PathExpr:
		if !(e.Root == "" && len(e.Segs) > 0 && inScope(e.Segs[0].Name)) {
			rel, row, err := b.resolve(e, target)
			if err != nil {
				return err
			}
			if row != nil {
				o := b.sub(row.t)
				o.scope = lambdaScope{depth: row.level, it: b.scope.it, noIt: b.scope.noIt}
				return o.checkPathNames(rel.(*odata.PathExpr), target, nil, func(string) bool { return false })
			}
			e = rel.(*odata.PathExpr)
		}
		return b.checkPathNames(e, target, vars, inScope)
	case *odata.Lambda:
		if err := b.checkNames(e.Path, target, vars); err != nil {
			return err
		}
		if e.Body != nil {
			return b.checkNames(e.Body, target, append(vars[:len(vars):len(vars)], e.Var))
		}
	case *odata.Binary:
		if err := b.checkNames(e.L, target, vars); err != nil {
			return err
		}
		return b.checkNames(e.R, target, vars)
	case *odata.Unary:
		return b.checkNames(e.X, target, vars)
	case *odata.In:
		if err := b.checkNames(e.X, target, vars); err != nil {
			return err
		}
		for _, x := range e.List {
			if err := b.checkNames(x, target, vars); err != nil {
				return err
			}
		}
		if e.Coll != nil {
			return b.checkNames(e.Coll, target, vars)
		}
	case *odata.Call:
		for _, a := range e.Args {
			if err := b.checkNames(a, target, vars); err != nil {
				return err
			}
		}
	case *odata.TypeName:
		if !b.knownType(e.Name) {
			return unknownType(target, e.Name, e.Pos())
		}
	case *odata.Enum:
		return unknownType(target, e.Type, e.Pos()) // no enumeration types are published
	case *odata.Alias:
		return b.withAlias(e.Name, e.Pos(), target, func(x odata.Expr) error {
			return b.checkNames(x, target, vars)
		})
	case *odata.Collection:
		for _, x := range e.Items {
			if err := b.checkNames(x, target, vars); err != nil {
				return err
			}
		}
	case *odata.Object:
		for _, m := range e.Members {
			if err := b.checkNames(m.Value, target, vars); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *binder) checkPathNames(e *odata.PathExpr, target string, vars []string, inScope func(string) bool) error {
	segs := e.Segs
	switch {
	case e.Root == "$root":
		if b.cat.Set(segs[0].Name) == nil {
			return odata.BadRequest("EntitySetNotFound", target, "%s: '%s' is not an entity set (position %d)", target, segs[0].Name, segs[0].Offset+1)
		}
		return nil // what follows is relative to that set
	case strings.HasPrefix(e.Root, "@"):
		if err := b.withAlias(e.Root[1:], e.Pos(), target, func(odata.Expr) error { return nil }); err != nil {
			return err
		}
		return nil // what follows is relative to the alias value
	}
	// Relative to the current instance ($it, $this, or implicitly).
	if len(segs) == 0 {
		return nil
	}
	first := segs[0]
	switch first.Kind {
	case odata.SegProperty:
		if !(e.Root == "" && inScope(first.Name)) && b.q.Table.Column(first.Name) == nil && b.q.Table.Nav(first.Name) == nil {
			return notAProperty(target, first.Name, b.q.Table.SetName, first.Offset)
		}
	case odata.SegCast:
		if b.entityType(first.Name) == "" {
			return unknownType(target, first.Name, first.Offset)
		}
	case odata.SegCall:
		if strings.Contains(first.Name, ".") || b.q.Table.Column(first.Name) == nil {
			return unknownFunction(target, first.Name, first.Offset)
		}
	case odata.SegAnnotation:
		return unknownAnnotation(target, first.Name, first.Offset)
	}
	// Later segments are relative to a property of the current instance. Function,
	// type and annotation names are global; the names inside $filter(…) and key
	// predicates belong to a collection this service does not have, so they are left
	// to the type checks.
	for _, sg := range segs[1:] {
		switch sg.Kind {
		case odata.SegCast:
			if !b.knownType(sg.Name) {
				return unknownType(target, sg.Name, sg.Offset)
			}
		case odata.SegCall:
			if strings.Contains(sg.Name, ".") {
				return unknownFunction(target, sg.Name, sg.Offset)
			}
		case odata.SegAnnotation:
			return unknownAnnotation(target, sg.Name, sg.Offset)
		}
	}
	for _, sg := range segs {
		if sg.Kind == odata.SegCall && strings.Contains(sg.Name, ".") {
			for _, a := range sg.Args {
				if err := b.checkNames(a.Value, target, vars); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// withAlias parses the value of the parameter alias @name (the query option
// `@name=…`) and hands it to f. A missing alias is a 400 naming it; so is an alias
// whose value refers to itself.
func (b *binder) withAlias(name string, pos int, target string, f func(odata.Expr) error) error {
	raw, ok := b.req.Query.Custom["@"+name]
	if !ok {
		return odata.BadRequest("UnknownAlias", target, "%s: unknown alias '@%s': the request has no @%s=… query option (position %d)", target, name, name, pos+1)
	}
	if b.aliases[name] {
		return odata.BadRequest("InvalidAlias", target, "%s: the value of @%s refers to itself", target, name)
	}
	x, err := odata.ParseFilter(raw, odata.ParseOptions{MaxDepth: b.lim.MaxDepth})
	if err != nil {
		if oe, ok := odata.AsError(err); ok {
			return &odata.Error{Status: oe.Status, Code: oe.Code, Target: "@" + name,
				Message: strings.Replace(oe.Message, "$filter:", "@"+name+":", 1), Err: oe}
		}
		return err
	}
	if b.aliases == nil {
		b.aliases = map[string]bool{}
	}
	b.aliases[name] = true
	defer delete(b.aliases, name)
	return f(x)
}

// names runs the names pass over e. Its nodes count against MaxNodes like the binding
// that follows, but are not added to it.
func (b *binder) names(e odata.Expr, target string) error {
	n := b.nodes
	err := b.checkNames(e, target, nil)
	b.nodes = n
	return err
}

// bindPath binds a path expression. Every name in it exists (checkNames); what is left
// are the ways a known name can be misused, and the constructs the service cannot
// evaluate.
func (b *binder) bindPath(e *odata.PathExpr, target string) (Expr, error) {
	x, rel, done, err := b.scoped(e, target) // outer.go
	if done {
		return x, err
	}
	e = rel.(*odata.PathExpr)
	segs := e.Segs
	switch {
	case e.Root == "$root":
		return nil, unsupported(target, e.Pos(), "$root paths are not supported")
	case strings.HasPrefix(e.Root, "@"):
		return nil, unsupported(target, e.Pos(), "paths on a parameter alias are not supported")
	case e.Root != "" && len(segs) == 0:
		return nil, typeErr(target, e.Pos(), "%s is the current '%s' entity, not a primitive value", e.Root, b.q.Table.SetName)
	}
	set := b.q.Table.SetName
	first := segs[0]
	switch first.Kind {
	case odata.SegCast:
		// A cast of the current instance to its own type: what follows is relative to it.
		if len(segs) == 1 {
			return nil, typeErr(target, first.Offset, "'%s' is the current '%s' entity, not a primitive value", first.Name, set)
		}
		return b.bindPath(&odata.PathExpr{Root: "$it", Segs: segs[1:], Offset: segs[1].Offset}, target)
	case odata.SegProperty, odata.SegCall:
	default:
		return nil, typeErr(target, first.Offset, "%s needs a collection; '%s' is a single entity", segName(first), set)
	}
	if first.Kind == odata.SegProperty && b.q.Table.Column(first.Name) == nil && b.q.Table.Nav(first.Name) != nil {
		return b.bindNavPathExpr(e, target) // nav.go
	}
	col := b.q.Table.Column(first.Name)
	if col == nil {
		if first.Kind == odata.SegCall {
			return nil, unknownFunction(target, first.Name, first.Offset)
		}
		return nil, notAProperty(target, first.Name, set, first.Offset)
	}
	if first.Kind == odata.SegCall {
		return nil, typeErr(target, first.Offset, "'%s' is a %s property, not a collection: it takes no key predicate", col.Prop, col.Type)
	}
	if len(segs) == 1 {
		return &ColumnRef{Col: col}, nil
	}
	next := segs[1]
	switch next.Kind {
	case odata.SegProperty:
		return nil, typeErr(target, next.Offset, "'%s' is a %s property: it has no property '%s'", col.Prop, col.Type, next.Name)
	case odata.SegCount, odata.SegFilter:
		return nil, typeErr(target, next.Offset, "%s needs a collection; '%s' is a %s property", segName(next), col.Prop, col.Type)
	case odata.SegCall:
		if strings.Contains(next.Name, ".") {
			return nil, unknownFunction(target, next.Name, next.Offset)
		}
		return nil, typeErr(target, next.Offset, "'%s' is a %s property: it has no function or property '%s'", col.Prop, col.Type, next.Name)
	case odata.SegCast:
		return nil, unsupported(target, next.Offset, "type casts in paths are not supported")
	case odata.SegAnnotation:
		return nil, unknownAnnotation(target, next.Name, next.Offset)
	}
	return nil, typeErr(target, next.Offset, "unexpected path segment")
}

func segName(s odata.Segment) string {
	switch s.Kind {
	case odata.SegCount:
		return "$count"
	case odata.SegFilter:
		return "$filter(…)"
	}
	return "'" + s.Name + "'"
}

// bindLambda binds any/all. Every name exists (checkNames); since the service
// publishes no collection-valued properties, the path is a primitive property, the
// current entity, or something the service cannot evaluate.
func (b *binder) bindLambda(e *odata.Lambda, target string) (Expr, error) {
	rel, row, err := b.resolve(e.Path, target)
	if err != nil {
		return nil, err
	}
	if row != nil {
		return nil, unsupported(target, e.Pos(), "inside a lambda, any/all over a collection of an enclosing entity is not supported")
	}
	e = &odata.Lambda{Path: rel, Op: e.Op, Var: e.Var, Body: e.Body, Offset: e.Offset}
	if names := lambdaPath(e.Path); names != nil && b.q.Table.Column(names[0]) == nil && b.q.Table.Nav(names[0]) != nil {
		return b.bindNavLambda(e, names, target) // nav.go
	}
	x, err := b.bindValue(e.Path, target)
	if err != nil {
		return nil, err
	}
	if r, ok := x.(*ColumnRef); ok {
		return nil, typeErr(target, e.Pos(), "%s needs a collection; '%s' is a %s property", e.Op, r.Col.Prop, r.Col.Type)
	}
	if l, ok := x.(*List); ok && e.Body == nil && isConstant(l) {
		return &Const{T: edm.Boolean, V: len(l.Items) > 0}, nil
	}
	return nil, unsupported(target, e.Pos(), "lambda operators over this value are not supported")
}
