package odata

import (
	"math"
	"strconv"
	"strings"
)

// The one table of canonical functions. The parser reads its arity, plan its argument
// classes, result types and binding kind, sqlgen its predicate flag; dialects render
// by switching on the Func constants. Adding a function: a constant, a Funcs entry, and
// a rendering in the dialects that can express it (the others' default answers
// sqlgen.Unsupported, a 501). adapters' TestFuncTable renders every row that reaches
// SQL in every registered dialect: SQL or ErrUnsupported naming the function, the core
// functions everywhere, each row somewhere.

// Func names a canonical function: its canonical lower-case spelling, which is also the
// key the 4.01 case-insensitive lookup uses. It prints in plan trees and cache keys.
type Func string

const (
	FnContains           Func = "contains"
	FnStartsWith         Func = "startswith"
	FnEndsWith           Func = "endswith"
	FnLength             Func = "length"
	FnIndexOf            Func = "indexof"
	FnSubstring          Func = "substring"
	FnToLower            Func = "tolower"
	FnToUpper            Func = "toupper"
	FnTrim               Func = "trim"
	FnConcat             Func = "concat"
	FnMatchesPattern     Func = "matchespattern"
	FnYear               Func = "year"
	FnMonth              Func = "month"
	FnDay                Func = "day"
	FnHour               Func = "hour"
	FnMinute             Func = "minute"
	FnSecond             Func = "second"
	FnFractionalSeconds  Func = "fractionalseconds"
	FnTotalSeconds       Func = "totalseconds"
	FnDate               Func = "date"
	FnTime               Func = "time"
	FnTotalOffsetMinutes Func = "totaloffsetminutes"
	FnNow                Func = "now"
	FnMaxDateTime        Func = "maxdatetime"
	FnMinDateTime        Func = "mindatetime"
	FnRound              Func = "round"
	FnFloor              Func = "floor"
	FnCeiling            Func = "ceiling"
	FnCast               Func = "cast"
	FnIsOf               Func = "isof"
	FnSubstringOf        Func = "substringof"
	FnHasSubset          Func = "hassubset"
	FnHasSubsequence     Func = "hassubsequence"
	FnGeoDistance        Func = "geo.distance"
	FnGeoLength          Func = "geo.length"
	FnGeoIntersects      Func = "geo.intersects"
	FnCase               Func = "case"
)

// ArgClass is the class of types an argument position accepts.
type ArgClass uint8

const (
	ArgAny      ArgClass = iota
	ArgString            // Edm.String (and Edm.Guid, compared as text)
	ArgNumber            // any numeric type
	ArgInteger           // an integral type
	ArgDateTime          // Edm.Date or Edm.DateTimeOffset
	ArgDTO               // Edm.DateTimeOffset
)

var argClassNames = [...]string{"any", "string", "number", "integer", "datetime", "dto"}

func (c ArgClass) String() string { return argClassNames[c] }

// Binding says how plan binds a call.
type Binding uint8

const (
	// BindSQL: a typed plan.Func that the dialects render.
	BindSQL Binding = iota
	// BindSpecial: plan rewrites or folds the call itself (cast, isof, substringof,
	// maxdatetime, mindatetime); only cast reaches the dialects as a plan.Func.
	BindSpecial
	// BindCollection: collection arguments only, folded by plan when constant.
	BindCollection
	// BindDeferred: typed (Result) but not evaluated: a 501 if it reaches SQL.
	BindDeferred
	// BindRejected: refused by the parser (501).
	BindRejected
)

// Versions is a set of OData versions.
type Versions uint8

const (
	V2   Versions = 1 << iota // OData 2.0
	V4                        // OData 4.0
	V401                      // OData 4.01

	v4up = V4 | V401
	v2up = V2 | V4 | V401
)

// FuncSpec is one row of the table.
type FuncSpec struct {
	Name     Func
	Spelling string // as printed back (matchesPattern); Name when empty
	Min, Max int    // arity
	// Args are the argument classes by position (len Max when typed; nil for the
	// special and collection-only functions).
	Args []ArgClass
	// Result is the EDM type name of the result; "" with SameAsArg for the rounding
	// functions (the type of the first argument), "" for a type not known (case).
	Result    string
	SameAsArg bool
	// Predicate marks Boolean-valued functions rendered as SQL conditions, never as
	// values (contains, startswith, endswith, matchesPattern).
	Predicate bool
	// Collection marks functions with a collection form (4.01 Part 2 §5.1.1.5,
	// §5.1.1.11), folded by plan when the collections are constant.
	Collection bool
	Binding    Binding
	Versions   Versions
}

// Print is the canonical spelling of the function in OData syntax.
func (s *FuncSpec) Print() string {
	if s.Spelling != "" {
		return s.Spelling
	}
	return string(s.Name)
}

var (
	argS  = []ArgClass{ArgString}
	argSS = []ArgClass{ArgString, ArgString}
	argDT = []ArgClass{ArgDateTime}
	argO  = []ArgClass{ArgDTO}
	argN  = []ArgClass{ArgNumber}
)

const (
	tBool   = "Edm.Boolean"
	tInt32  = "Edm.Int32"
	tString = "Edm.String"
	tDec    = "Edm.Decimal"
	tDouble = "Edm.Double"
)

// Funcs is the table, in no particular order.
var Funcs = []FuncSpec{
	{Name: FnContains, Min: 2, Max: 2, Args: argSS, Result: tBool, Predicate: true, Collection: true, Versions: v4up},
	{Name: FnStartsWith, Min: 2, Max: 2, Args: argSS, Result: tBool, Predicate: true, Collection: true, Versions: v2up},
	{Name: FnEndsWith, Min: 2, Max: 2, Args: argSS, Result: tBool, Predicate: true, Collection: true, Versions: v2up},
	{Name: FnMatchesPattern, Spelling: "matchesPattern", Min: 2, Max: 2, Args: argSS, Result: tBool, Predicate: true, Versions: V401},
	{Name: FnLength, Min: 1, Max: 1, Args: argS, Result: tInt32, Collection: true, Versions: v2up},
	{Name: FnIndexOf, Min: 2, Max: 2, Args: argSS, Result: tInt32, Collection: true, Versions: v2up},
	{Name: FnSubstring, Min: 2, Max: 3, Args: []ArgClass{ArgString, ArgInteger, ArgInteger}, Result: tString, Versions: v2up},
	{Name: FnToLower, Min: 1, Max: 1, Args: argS, Result: tString, Versions: v2up},
	{Name: FnToUpper, Min: 1, Max: 1, Args: argS, Result: tString, Versions: v2up},
	{Name: FnTrim, Min: 1, Max: 1, Args: argS, Result: tString, Versions: v2up},
	{Name: FnConcat, Min: 2, Max: 2, Args: argSS, Result: tString, Collection: true, Versions: v2up},
	{Name: FnYear, Min: 1, Max: 1, Args: argDT, Result: tInt32, Versions: v2up},
	{Name: FnMonth, Min: 1, Max: 1, Args: argDT, Result: tInt32, Versions: v2up},
	{Name: FnDay, Min: 1, Max: 1, Args: argDT, Result: tInt32, Versions: v2up},
	{Name: FnHour, Min: 1, Max: 1, Args: argO, Result: tInt32, Versions: v2up},
	{Name: FnMinute, Min: 1, Max: 1, Args: argO, Result: tInt32, Versions: v2up},
	{Name: FnSecond, Min: 1, Max: 1, Args: argO, Result: tInt32, Versions: v2up},
	{Name: FnFractionalSeconds, Min: 1, Max: 1, Args: argO, Result: tDec, Versions: v4up},
	{Name: FnTotalOffsetMinutes, Min: 1, Max: 1, Args: argO, Result: tInt32, Versions: v4up},
	{Name: FnDate, Min: 1, Max: 1, Args: argO, Result: "Edm.Date", Versions: v4up},
	{Name: FnNow, Min: 0, Max: 0, Result: "Edm.DateTimeOffset", Versions: v4up},
	{Name: FnRound, Min: 1, Max: 1, Args: argN, SameAsArg: true, Versions: v2up},
	{Name: FnFloor, Min: 1, Max: 1, Args: argN, SameAsArg: true, Versions: v2up},
	{Name: FnCeiling, Min: 1, Max: 1, Args: argN, SameAsArg: true, Versions: v2up},

	{Name: FnCast, Min: 1, Max: 2, Binding: BindSpecial, Versions: v2up},
	{Name: FnIsOf, Min: 1, Max: 2, Result: tBool, Binding: BindSpecial, Versions: v2up},
	{Name: FnSubstringOf, Min: 2, Max: 2, Result: tBool, Binding: BindSpecial, Versions: V2}, // substringof(needle, haystack)
	{Name: FnMaxDateTime, Min: 0, Max: 0, Result: "Edm.DateTimeOffset", Binding: BindSpecial, Versions: v4up},
	{Name: FnMinDateTime, Min: 0, Max: 0, Result: "Edm.DateTimeOffset", Binding: BindSpecial, Versions: v4up},

	{Name: FnHasSubset, Min: 2, Max: 2, Result: tBool, Collection: true, Binding: BindCollection, Versions: V401},
	{Name: FnHasSubsequence, Min: 2, Max: 2, Result: tBool, Collection: true, Binding: BindCollection, Versions: V401},

	{Name: FnTime, Min: 1, Max: 1, Result: "Edm.TimeOfDay", Binding: BindDeferred, Versions: v4up},
	{Name: FnTotalSeconds, Min: 1, Max: 1, Result: tDec, Binding: BindDeferred, Versions: v4up},
	{Name: FnGeoDistance, Min: 2, Max: 2, Result: tDouble, Binding: BindDeferred, Versions: v4up},
	{Name: FnGeoLength, Min: 1, Max: 1, Result: tDouble, Binding: BindDeferred, Versions: v4up},
	{Name: FnGeoIntersects, Min: 2, Max: 2, Result: tBool, Binding: BindDeferred, Versions: v4up},
	{Name: FnCase, Min: 1, Max: math.MaxInt, Binding: BindRejected, Versions: V401},
}

var funcIndex = func() map[Func]*FuncSpec {
	m := make(map[Func]*FuncSpec, len(Funcs))
	for i := range Funcs {
		m[Funcs[i].Name] = &Funcs[i]
	}
	return m
}()

// Spec returns the table row of f, nil when f is not a canonical function.
func (f Func) Spec() *FuncSpec { return funcIndex[f] }

// predicates are the Predicate rows' names, scanned rather than hashed: Predicate is
// asked for every function sqlgen renders.
var predicates = func() (r []Func) {
	for i := range Funcs {
		if Funcs[i].Predicate {
			r = append(r, Funcs[i].Name)
		}
	}
	return r
}()

// Predicate reports whether f is a Boolean function rendered as a condition.
func (f Func) Predicate() bool {
	for _, p := range predicates {
		if p == f {
			return true
		}
	}
	return false
}

// String is the lower-case name.
func (f Func) String() string { return string(f) }

// respelled are the rows whose printed spelling is not their name, so that Print
// (called for every Call an S-expression or Format prints) costs no map lookup.
var respelled = func() (r []*FuncSpec) {
	for i := range Funcs {
		if Funcs[i].Spelling != "" {
			r = append(r, &Funcs[i])
		}
	}
	return r
}()

// Print is the canonical spelling in OData syntax (matchesPattern).
func (f Func) Print() string {
	for _, s := range respelled {
		if s.Name == f {
			return s.Spelling
		}
	}
	return string(f)
}

// LookupFunc finds a canonical function by name, case-insensitively (4.01 services
// must accept case-insensitive canonical function names, Part 2 §5.1.1.4).
func LookupFunc(word string) (*FuncSpec, bool) {
	if f, ok := funcIndex[Func(word)]; ok {
		return f, true
	}
	f, ok := funcIndex[Func(strings.ToLower(word))]
	return f, ok
}

// Arity describes the argument count for error messages.
func (s *FuncSpec) Arity() string {
	switch {
	case s.Min == s.Max && s.Min == 1:
		return "1 argument"
	case s.Min == s.Max:
		return strconv.Itoa(s.Min) + " arguments"
	default:
		return strconv.Itoa(s.Min) + " or " + strconv.Itoa(s.Max) + " arguments"
	}
}
