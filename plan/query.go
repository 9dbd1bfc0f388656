// Package plan binds a parsed OData request (package odata) to the catalog: it resolves
// entity sets, properties and types, builds a typed filter tree, fixes the order (key
// columns always last) and the page. It is a list of small named passes and performs no
// I/O; the SQL text is sqlgen's job.
package plan

import (
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Kind says what the query returns.
type Kind int

const (
	Collection    Kind = iota // a page of entities
	Entity                    // one entity by key
	Count                     // /Set/$count: a bare number
	Property                  // /Set(key)/Prop
	PropertyValue             // /Set(key)/Prop/$value
)

// Query is a bound read request, ready for SQL rendering.
type Query struct {
	Kind  Kind
	Table *catalog.Table
	// Select lists the columns written to the client, in $select order (all columns
	// when $select is absent or `*`).
	Select []*catalog.Column
	// Filter is the whole WHERE condition (key predicate, $filter and $search combined
	// with and), nil when there is none.
	Filter  Expr
	OrderBy []Order // always ends with the key columns, so paging is deterministic
	// Offset is the number of rows to skip ($skip plus the rows earlier pages returned;
	// 0 on a keyset page after the first).
	Offset int64
	// Limit is the number of rows this page returns at most; -1 for no limit (Count,
	// Entity). The renderer fetches Limit+1 rows when More is wanted so the gateway can
	// tell whether a next page exists.
	Limit int64
	// FetchExtra asks for one row beyond Limit, to detect a next page.
	FetchExtra bool
	// WithCount asks for the number of rows matching Filter, ignoring paging ($count=true).
	WithCount bool
	// Top is the client's $top, -1 when absent; Skip the client's $skip (0 when absent);
	// Delivered the rows earlier pages of the same request already returned (from
	// $skiptoken). Kept for next links.
	Top, Skip, Delivered int64
	// Extra lists columns read after Select but not written to the client: the sort
	// values of a keyset page that $select left out.
	Extra []*catalog.Column
	// Keyset, when set, pages by seeking past the sort values of a row instead of an
	// OFFSET (keyset.go).
	Keyset *Keyset
	// Property is the addressed property for Property and PropertyValue queries.
	Property *catalog.Column
	// Expand lists the expanded navigation properties ($expand; expand.go).
	Expand []*Expand
	// Parent is set on a navigation path (Set(key)/Nav): a Count query of the addressed
	// parent entity. When the read finds no row, the gateway asks it to tell a parent
	// that does not exist (404) from one without related rows (204 or an empty list).
	Parent *Query
	// Ref marks an entity-reference read (…/$ref): Select is the key, and the gateway
	// writes each entity's @odata.id instead of its properties.
	Ref bool
}

// Order is one ORDER BY term.
type Order struct {
	Expr Expr
	Desc bool
}

// Expr is a typed node of a bound filter or order expression. Type is the EDM type of
// the value (edm.Boolean for predicates); Nullable reports whether it can be null.
type Expr interface {
	Type() edm.Type
	Nullable() bool
	String() string
}

// ColumnRef is a column of the queried table.
type ColumnRef struct {
	Col *catalog.Column
}

// Const is a bound value. V holds the Go value to bind, by type:
// String, Guid: string; Boolean: bool; integer types: int64; Decimal: string (exact
// digits); Single/Double: float64; Date: string "YYYY-MM-DD"; DateTimeOffset:
// time.Time (UTC); Binary: []byte. A null constant has V == nil and T == "" (typed by
// its context).
type Const struct {
	T edm.Type
	V any
}

// Compare is eq ne lt le gt ge. Null operands follow OData's lifted-operator rules
// (see sqlgen): eq/ne treat null as a value; relational operators with a null operand
// are false. Op is one of odata.OpEq … odata.OpLe (Op.Comparison()).
type Compare struct {
	Op   odata.BinaryOp
	L, R Expr
}

// Logical is and / or (odata.OpAnd, odata.OpOr) over predicates.
type Logical struct {
	Op   odata.BinaryOp
	L, R Expr
}

// Not negates a predicate.
type Not struct {
	X Expr
}

// IsNull is `X eq null` (Negate false) or `X ne null` (Negate true).
// Blank also counts the empty string as null ("null as blank").
type IsNull struct {
	X      Expr
	Negate bool
	Blank  bool
}

// Arith is add sub mul div divby mod (Op.Arithmetic()). T is the result type.
type Arith struct {
	Op   odata.BinaryOp
	L, R Expr
	T    edm.Type
}

// Neg is unary minus.
type Neg struct {
	X Expr
}

// Func is a canonical function with bound arguments; Name is its constant of the
// odata.Funcs table (odata.FnContains, odata.FnYear, …), T its result type.
type Func struct {
	Name odata.Func
	Args []Expr
	T    edm.Type
}

// In is `X in (…)`.
type In struct {
	X    Expr
	List []Expr
}

// Search is a $search term matched as a case-insensitive substring of any of Cols.
type Search struct {
	Text string
	Cols []*catalog.Column
}

func (e *ColumnRef) Type() edm.Type { return e.Col.Type }
func (e *Const) Type() edm.Type     { return e.T }
func (e *Compare) Type() edm.Type   { return edm.Boolean }
func (e *Logical) Type() edm.Type   { return edm.Boolean }
func (e *Not) Type() edm.Type       { return edm.Boolean }
func (e *IsNull) Type() edm.Type    { return edm.Boolean }
func (e *Arith) Type() edm.Type     { return e.T }
func (e *Neg) Type() edm.Type       { return e.X.Type() }
func (e *Func) Type() edm.Type      { return e.T }
func (e *In) Type() edm.Type        { return edm.Boolean }
func (e *Search) Type() edm.Type    { return edm.Boolean }

func (e *ColumnRef) Nullable() bool { return e.Col.Nullable }
func (e *Const) Nullable() bool     { return e.V == nil }
func (e *Compare) Nullable() bool   { return false }
func (e *Logical) Nullable() bool   { return false }
func (e *Not) Nullable() bool       { return false }
func (e *IsNull) Nullable() bool    { return false }
func (e *Arith) Nullable() bool     { return true } // division by zero yields null on some databases
func (e *Neg) Nullable() bool       { return e.X.Nullable() }
func (e *Func) Nullable() bool {
	switch e.Name {
	case odata.FnNow, odata.FnMaxDateTime, odata.FnMinDateTime:
		return false
	} // Boolean functions of a null argument are null too; sqlgen guards them
	for _, a := range e.Args {
		if a.Nullable() {
			return true
		}
	}
	return false
}
func (e *In) Nullable() bool     { return false }
func (e *Search) Nullable() bool { return false }

// List is a collection written in the request (a JSON array, `[1,2]`), its items bound.
// It never reaches SQL: the binder evaluates what can be computed from constant lists
// (comparisons, in, the collection forms of the canonical functions) and refuses the
// rest.
type List struct {
	Items []Expr
}

// Record is a structured value written in the request (a JSON object), its member
// values bound. Like List, it never reaches SQL.
type Record struct {
	Names  []string
	Values []Expr
}

// ListType and RecordType are the types of List and Record values.
const (
	ListType   edm.Type = "Collection"
	RecordType edm.Type = "Structured"
)

func (e *List) Type() edm.Type   { return ListType }
func (e *Record) Type() edm.Type { return RecordType }
func (e *List) Nullable() bool   { return false }
func (e *Record) Nullable() bool { return false }

// Deferred is a value the binder can type but the service cannot compute (a canonical
// function it does not implement, such as time or geo.length of a geography). Binding
// goes on, so that a type error elsewhere is still reported as one and ordering by a
// constant still orders nothing; a Deferred left in the filter or the order is the 501
// in Err. It never reaches SQL.
type Deferred struct {
	T    edm.Type
	Args []Expr
	Err  error
}

func (e *Deferred) Type() edm.Type { return e.T }
func (e *Deferred) Nullable() bool { return true }
