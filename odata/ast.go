package odata

// Request is a parsed OData URL: the resource path and the query options, with names as
// the client wrote them. Binding names to the schema is plan's job; nothing here knows
// the catalog.
type Request struct {
	Path  Path
	Query Options
}

// PathKind says what the resource path addresses.
type PathKind int

const (
	PathServiceDoc    PathKind = iota // /
	PathMetadata                      // /$metadata
	PathEntitySet                     // /Set
	PathEntity                        // /Set(key)
	PathCount                         // /Set/$count
	PathProperty                      // /Set(key)/Prop
	PathPropertyValue                 // /Set(key)/Prop/$value
)

// Path is the resource path relative to the service root.
type Path struct {
	Kind      PathKind
	EntitySet string
	// Key is the key predicate: one unnamed part for `(10248)`, named parts for
	// `(OrderID=1,ProductID=2)`. Nil when the path has no key.
	Key      []KeyPart
	Property string
	// NavKey is the key predicate after a navigation property, as in
	// Customers('ALFKI')/Orders(10643); nil when there is none.
	NavKey []KeyPart
	// NavProp is a primitive property after a single-valued navigation, as in
	// Orders(10248)/Customer/CompanyName or Customers('ALFKI')/Orders(10248)/ShipName
	// (Kind PathProperty, or PathPropertyValue with /$value); empty when there is none.
	NavProp string
	// Ref marks an entity-reference path ending in /$ref: Set/$ref, Set(key)/$ref,
	// Set(key)/Nav/$ref, Set(key)/Nav(key)/$ref. Kind is that of the path without it.
	Ref bool
}

// KeyPart is one value of a key predicate. Name is empty for the single-value form.
type KeyPart struct {
	Name  string
	Value *Literal
}

// Options holds the system query options. Pointers and nil slices mean "absent".
type Options struct {
	Filter    Expr
	Select    []SelectItem // nil: all properties
	OrderBy   []OrderItem
	Top       *int64
	Skip      *int64
	Count     *bool             // $count=true|false; $inlinecount=allpages sets true
	Search    SearchExpr        // nil when absent
	SkipToken string            // opaque, as sent
	Format    string            // "json" or "" ; anything else is rejected by the parser
	Metadata  string            // odata.metadata parameter from $format: "minimal", "none", "full" or ""
	Custom    map[string]string // non-$ options, kept verbatim (ignored by the service)
	Expand    []ExpandItem      // $expand (expand.go); nil when absent
}

// SelectItem is one entry of $select: a property path, or Star for `*`.
type SelectItem struct {
	Path []string
	Star bool
}

// OrderItem is one entry of $orderby.
type OrderItem struct {
	Expr Expr
	Desc bool
}

// Expr is a node of a $filter / $orderby expression (ABNF commonExpr).
//
// String returns the canonical S-expression form used in tests and cache keys, e.g.
// `(or (eq Name 'x') (not (gt Price 5)))`. Format (format.go) prints OData syntax.
type Expr interface {
	String() string
	// Pos is the byte offset of the node in the source text, for error messages.
	Pos() int
	exprNode()
}

// LitKind classifies primitive literals.
type LitKind int

const (
	LitNull           LitKind = iota
	LitBool                   // Value: bool
	LitInt                    // Value: int64 (range checked); `123L` too
	LitDecimal                // Value: string, canonical decimal digits such as "-1.50" (no exponent); `1.5M` too
	LitDouble                 // Value: float64; exponent forms, `1.5d`, `1.5f`, INF, -INF, NaN
	LitString                 // Value: string, with '' unescaped
	LitDate                   // Value: string "YYYY-MM-DD" (validated)
	LitDateTimeOffset         // Value: time.Time, offset preserved; `datetime'…'` (2.0) taken as UTC
	LitTimeOfDay              // Value: string "hh:mm[:ss[.fffffffffff]]" (validated)
	LitDuration               // Value: time.Duration
	LitGuid                   // Value: string, lower-case 8-4-4-4-12
	LitBinary                 // Value: []byte
	LitGeography              // Value: string, the text between the quotes of geography'…'
	LitGeometry               // Value: string, the text between the quotes of geometry'…'
)

var litKindNames = [...]string{"null", "bool", "int", "decimal", "double", "string", "date",
	"datetimeoffset", "timeofday", "duration", "guid", "binary", "geography", "geometry"}

func (k LitKind) String() string {
	if int(k) < len(litKindNames) {
		return litKindNames[k]
	}
	return "?"
}

// Literal is a primitive literal.
type Literal struct {
	Kind   LitKind
	Value  any
	Offset int
}

// Member is a property path (`Name`, `Address/City`), or `$it`/`$root` forms (Path[0]).
type Member struct {
	Path   []string
	Offset int
}

// Binary is a binary operator: eq ne gt ge lt le and or add sub mul div divby mod has.
type Binary struct {
	Op     BinaryOp
	L, R   Expr
	Offset int
}

// Unary is `not X` or `-X` (Op "not" or "-").
type Unary struct {
	Op     UnaryOp
	X      Expr
	Offset int
}

// Call is a canonical function call (Name.Spec() is its row of the Funcs table); the
// OData 2.0 `substringof(a,b)` is kept as written (plan maps it to contains(b,a)).
// For cast/isof the type argument is a *TypeName.
type Call struct {
	Name   Func
	Args   []Expr
	Offset int
}

// TypeName is a qualified type name used as an argument of cast and isof (`Edm.Int32`).
type TypeName struct {
	Name   string
	Offset int
}

// In is `X in (a, b, c)`, `X in ["a", "b"]` or `X in (Y)` (List), or `X in Y` with a
// collection-valued Y (Coll, List nil).
type In struct {
	X      Expr
	List   []Expr
	Coll   Expr
	Offset int
}

// PathExpr is a member path that is more than a chain of property names: it starts at
// $it, $this or $root, or has a $count, $filter(…), type-cast, function-call (bound
// function or key predicate) or annotation segment. Plain property paths stay *Member.
//
//	$it                          Root "$it", no segments
//	Products/$count              [Property Products, Count]
//	Addresses/$filter(…)/$count  [Property Addresses, Filter, Count]
//	Address/NS.Type/City         [Property Address, Cast NS.Type, Property City]
//	NS.Fn(a=1)/Name              [Call NS.Fn, Property Name]
//	Items(1)/Name                [Call Items, Property Name]
//	Items/$filter(…)(1)          [Property Items, Filter, Key]
//	Price/@Measures.Currency     [Property Price, Annotation Measures.Currency]
//	$root/People('x')/Name       Root "$root", [Call People, Property Name]
type PathExpr struct {
	Root   string // "", "$it", "$this" or "$root"
	Segs   []Segment
	Offset int
}

// SegKind classifies a PathExpr segment.
type SegKind int

const (
	SegProperty   SegKind = iota // Name: a property, navigation property or lambda variable
	SegCast                      // Name: a qualified type name
	SegCall                      // Name(Args): a bound function, or a key predicate
	SegCount                     // $count, with optional Filter / Search options
	SegFilter                    // $filter(Filter)
	SegAnnotation                // Name: "NS.Term" or "NS.Term#Qualifier", without the '@'
	SegKey                       // (Args): a key predicate right after a $filter(…) segment
)

// Segment is one segment of a PathExpr.
type Segment struct {
	Kind SegKind
	Name string
	// Args are the parameters of a SegCall: all named (`Fn(a=1,b=2)`), or one unnamed
	// value (a key predicate, `Items(1)`), or none.
	Args   []Arg
	Filter Expr       // SegFilter; SegCount's $filter option (nil when absent)
	Search SearchExpr // SegCount's $search option (nil when absent)
	Offset int
}

// Arg is a named or unnamed parameter of a function-call or key segment.
type Arg struct {
	Name  string // "" for a key value
	Value Expr
}

// Lambda is `Path/any(Var:Body)` or `Path/all(Var:Body)`; `Path/any()` has no Var and
// Body. Path is a *Member or *PathExpr.
type Lambda struct {
	Path   Expr
	Op     string // "any" or "all"
	Var    string
	Body   Expr
	Offset int
}

// Collection is a JSON array literal `[a, "b", 1]`. JSON strings ("b") are *Literal
// of kind LitString, like 'b'.
type Collection struct {
	Items  []Expr
	Offset int
}

// Object is a JSON object literal `{"Name":"x","Size":2}`, members in source order.
type Object struct {
	Members []ObjectMember
	Offset  int
}

// ObjectMember is one name/value pair of an Object.
type ObjectMember struct {
	Name  string
	Value Expr
}

// Enum is an enumeration literal `NS.Type'Value'` (Value may be a comma-separated list
// of members or integers, as written).
type Enum struct {
	Type   string
	Value  string
	Offset int
}

// Alias is a parameter alias `@name`; its value is a query option `@name=…`.
type Alias struct {
	Name   string // without the '@'
	Offset int
}

func (*Literal) exprNode()    {}
func (*Member) exprNode()     {}
func (*Binary) exprNode()     {}
func (*Unary) exprNode()      {}
func (*Call) exprNode()       {}
func (*TypeName) exprNode()   {}
func (*In) exprNode()         {}
func (*PathExpr) exprNode()   {}
func (*Lambda) exprNode()     {}
func (*Collection) exprNode() {}
func (*Object) exprNode()     {}
func (*Enum) exprNode()       {}
func (*Alias) exprNode()      {}

func (n *Literal) Pos() int    { return n.Offset }
func (n *Member) Pos() int     { return n.Offset }
func (n *Binary) Pos() int     { return n.Offset }
func (n *Unary) Pos() int      { return n.Offset }
func (n *Call) Pos() int       { return n.Offset }
func (n *TypeName) Pos() int   { return n.Offset }
func (n *In) Pos() int         { return n.Offset }
func (n *PathExpr) Pos() int   { return n.Offset }
func (n *Lambda) Pos() int     { return n.Offset }
func (n *Collection) Pos() int { return n.Offset }
func (n *Object) Pos() int     { return n.Offset }
func (n *Enum) Pos() int       { return n.Offset }
func (n *Alias) Pos() int      { return n.Offset }

// SearchExpr is a node of a $search expression (ABNF searchExpr).
// String is canonical: `(AND "a b" (NOT c))`.
type SearchExpr interface {
	String() string
	searchNode()
}

// SearchTerm is a word or a quoted phrase.
type SearchTerm struct {
	Text   string
	Phrase bool
}

// SearchBinary is `a AND b` (also implicit juxtaposition) or `a OR b`.
type SearchBinary struct {
	Op   string // "AND" or "OR"
	L, R SearchExpr
}

// SearchNot is `NOT x`.
type SearchNot struct {
	X SearchExpr
}

func (*SearchTerm) searchNode()   {}
func (*SearchBinary) searchNode() {}
func (*SearchNot) searchNode()    {}
