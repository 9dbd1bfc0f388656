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
)

var litKindNames = [...]string{"null", "bool", "int", "decimal", "double", "string", "date",
	"datetimeoffset", "timeofday", "duration", "guid", "binary"}

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
	Op     string
	L, R   Expr
	Offset int
}

// Unary is `not X` or `-X` (Op "not" or "-").
type Unary struct {
	Op     string
	X      Expr
	Offset int
}

// Call is a canonical function call. Name is lower-case as the grammar requires; the
// OData 2.0 `substringof(a,b)` is kept as written (plan maps it to contains(b,a)).
// For cast/isof the type argument is a *TypeName.
type Call struct {
	Name   string
	Args   []Expr
	Offset int
}

// TypeName is a qualified type name used as an argument of cast and isof (`Edm.Int32`).
type TypeName struct {
	Name   string
	Offset int
}

// In is `X in (a, b, c)`.
type In struct {
	X      Expr
	List   []Expr
	Offset int
}

func (*Literal) exprNode()  {}
func (*Member) exprNode()   {}
func (*Binary) exprNode()   {}
func (*Unary) exprNode()    {}
func (*Call) exprNode()     {}
func (*TypeName) exprNode() {}
func (*In) exprNode()       {}

func (n *Literal) Pos() int  { return n.Offset }
func (n *Member) Pos() int   { return n.Offset }
func (n *Binary) Pos() int   { return n.Offset }
func (n *Unary) Pos() int    { return n.Offset }
func (n *Call) Pos() int     { return n.Offset }
func (n *TypeName) Pos() int { return n.Offset }
func (n *In) Pos() int       { return n.Offset }

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
