package plan

import (
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Canonical functions: their argument classes and result types, and how calls,
// casts and isof are bound.

// castTargets are the EDM types cast can produce.
var castTargets = map[string]edm.Type{
	"Edm.String": edm.String, "Edm.Int16": edm.Int16, "Edm.Int32": edm.Int32, "Edm.Int64": edm.Int64,
	"Edm.Decimal": edm.Decimal, "Edm.Double": edm.Double, "Edm.Single": edm.Single,
	"Edm.Date": edm.Date, "Edm.DateTimeOffset": edm.DateTimeOffset, "Edm.Boolean": edm.Boolean,
}

func argOK(class odata.ArgClass, t edm.Type) bool {
	switch class {
	case odata.ArgString:
		return t == edm.String || t == edm.Guid
	case odata.ArgNumber:
		return t.IsNumeric()
	case odata.ArgInteger:
		return t.IsIntegral()
	case odata.ArgDateTime:
		return t == edm.Date || t == edm.DateTimeOffset
	case odata.ArgDTO:
		return t == edm.DateTimeOffset
	}
	return true
}

func (b *binder) bindCall(e *odata.Call, target string) (Expr, error) {
	spec := e.Name.Spec()
	if spec == nil {
		return nil, unsupported(target, e.Pos(), "the function '%s' is not supported", e.Name)
	}
	name := e.Name
	switch name {
	case odata.FnSubstringOf: // OData 2.0: substringof(needle, haystack) = contains(haystack, needle)
		if len(e.Args) != 2 {
			return nil, typeErr(target, e.Pos(), "substringof takes 2 arguments")
		}
		return b.bindCall(&odata.Call{Name: odata.FnContains, Args: []odata.Expr{e.Args[1], e.Args[0]}, Offset: e.Offset}, target)
	case odata.FnMaxDateTime:
		return &Const{T: edm.DateTimeOffset, V: time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)}, nil
	case odata.FnMinDateTime:
		return &Const{T: edm.DateTimeOffset, V: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}, nil
	case odata.FnCast:
		return b.bindCast(e, target)
	case odata.FnIsOf:
		return b.bindIsOf(e, target)
	}
	// Arguments first: a misused name in them is a 400 even where the function itself
	// is not supported.
	args := make([]Expr, len(e.Args))
	for i, a := range e.Args {
		x, err := b.bindValue(a, target)
		if err != nil {
			return nil, err
		}
		args[i] = x
	}
	if spec.Binding == odata.BindDeferred || spec.Binding == odata.BindRejected {
		if strings.HasPrefix(string(name), "geo.") {
			if c, ok := foldGeo(name, args); ok {
				return c, nil
			}
		}
		err := unsupported(target, e.Pos(), "the function '%s' is not supported", e.Name)
		if spec.Result == "" {
			return nil, err
		}
		return &Deferred{T: edm.Type(spec.Result), Args: args, Err: err}, nil
	}
	if spec.Collection {
		if f, err, ok := b.bindListCall(e, spec, args, target); ok {
			return f, err
		}
	}
	if spec.Binding != odata.BindSQL {
		return nil, unsupported(target, e.Pos(), "the function '%s' is not supported", e.Name)
	}
	if len(e.Args) < spec.Min || len(e.Args) > spec.Max {
		return nil, typeErr(target, e.Pos(), "%s takes %d argument(s)", name, spec.Min)
	}
	f := &Func{Name: name}
	for i, x := range args {
		a := e.Args[i]
		if isNullConst(x) {
			if spec.Predicate {
				return &Const{T: edm.Boolean, V: false}, nil
			}
			return &Const{}, nil // a canonical function of null is null
		}
		if !argOK(spec.Args[i], x.Type()) {
			return nil, typeErr(target, a.Pos(), "argument %d of %s must be a %s, not %s", i+1, name, spec.Args[i], x.Type())
		}
		if c, ok := x.(*Const); ok && c.T == edm.Guid {
			x = &Const{T: edm.String, V: c.V}
		}
		f.Args = append(f.Args, x)
	}
	if name == odata.FnMatchesPattern {
		if err := checkPattern(f.Args[1], e.Args[1].Pos(), target); err != nil {
			return nil, err
		}
	}
	if spec.SameAsArg {
		f.T = f.Args[0].Type()
	} else {
		f.T = edm.Type(spec.Result)
	}
	return f, nil
}

// bindListCall handles the collection forms of the canonical functions: when an
// argument is a collection written in the request, every argument must be one, and
// the function is evaluated here when they are constant. ok is false when no argument
// is a collection (the ordinary string forms apply).
func (b *binder) bindListCall(e *odata.Call, spec *odata.FuncSpec, args []Expr, target string) (Expr, error, bool) {
	name := spec.Name
	coll := spec.Binding == odata.BindCollection // collection-only functions
	for _, x := range args {
		coll = coll || isList(x)
	}
	if !coll {
		return nil, nil, false
	}
	lists := make([]*List, len(args))
	for i, x := range args {
		if isNullConst(x) {
			if spec.Result != string(edm.Boolean) {
				return &Const{}, nil, true
			}
			return &Const{T: edm.Boolean, V: false}, nil, true
		}
		l, ok := x.(*List)
		if !ok {
			return nil, typeErr(target, e.Args[i].Pos(), "argument %d of %s must be a collection like the others, not %s", i+1, name, x.Type()), true
		}
		if !isConstant(l) {
			return nil, unsupported(target, e.Args[i].Pos(), "%s over collections that refer to properties is not supported", name), true
		}
		lists[i] = l
	}
	v, ok := foldListFunc(name, lists)
	if !ok {
		return nil, unsupported(target, e.Pos(), "%s over these collections is not supported", name), true
	}
	return v, nil, true
}

func (b *binder) bindCast(e *odata.Call, target string) (Expr, error) {
	if len(e.Args) != 2 {
		return nil, unsupported(target, e.Pos(), "cast of the current instance is not supported")
	}
	tn, ok := e.Args[1].(*odata.TypeName)
	if !ok {
		return nil, typeErr(target, e.Args[1].Pos(), "cast needs a type name")
	}
	x, err := b.bindValue(e.Args[0], target)
	if err != nil {
		return nil, err
	}
	t, ok := castTargets[tn.Name]
	if !ok {
		if b.entityType(tn.Name) != "" {
			return nil, typeErr(target, tn.Pos(), "cannot cast %s to the entity type %s", x.Type(), tn.Name)
		}
		return nil, unsupported(target, tn.Pos(), "cast to %s is not supported", tn.Name)
	}
	if isNullConst(x) {
		return &Const{}, nil
	}
	if isList(x) || isRecord(x) {
		return nil, typeErr(target, e.Args[0].Pos(), "cannot cast a %s value to %s", x.Type(), tn.Name)
	}
	if t == edm.Boolean && x.Type() == edm.Boolean {
		return x, nil // cast(condition, Edm.Boolean) is the condition: no SQL cast of a predicate
	}
	return &Func{Name: odata.FnCast, Args: []Expr{x, &Const{T: edm.String, V: tn.Name}}, T: t}, nil
}

// bindIsOf binds isof(Type) (the current instance) and isof(X, Type).
func (b *binder) bindIsOf(e *odata.Call, target string) (Expr, error) {
	tn, ok := e.Args[len(e.Args)-1].(*odata.TypeName)
	if !ok {
		return nil, typeErr(target, e.Pos(), "isof needs a type name")
	}
	if len(e.Args) == 1 {
		// The current instance is of its entity type, and of no other.
		return &Const{T: edm.Boolean, V: b.entityType(tn.Name) == b.q.Table.TypeName}, nil
	}
	x, err := b.bindValue(e.Args[0], target)
	if err != nil {
		return nil, err
	}
	if isNullConst(x) {
		return &Const{T: edm.Boolean, V: false}, nil
	}
	if b.entityType(tn.Name) != "" {
		return &Const{T: edm.Boolean, V: false}, nil // a primitive value is not an entity
	}
	return nil, unsupported(target, e.Pos(), "the function 'isof' is not supported")
}
