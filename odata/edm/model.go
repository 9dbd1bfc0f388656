// Package edm owns the Entity Data Model that the service publishes (entity types,
// properties, keys, entity sets) and its CSDL XML rendering. It knows nothing of SQL
// or HTTP and imports only the standard library.
package edm

// Type is a primitive EDM type name.
type Type string

// The primitive types the service emits. Salesforce Connect accepts only these (see
// the contract's type table): never TimeOfDay, Duration, spatial, Stream or Enum.
const (
	Binary         Type = "Edm.Binary"
	Boolean        Type = "Edm.Boolean"
	Byte           Type = "Edm.Byte"
	SByte          Type = "Edm.SByte"
	Int16          Type = "Edm.Int16"
	Int32          Type = "Edm.Int32"
	Int64          Type = "Edm.Int64"
	Single         Type = "Edm.Single"
	Double         Type = "Edm.Double"
	Decimal        Type = "Edm.Decimal"
	Date           Type = "Edm.Date"
	DateTimeOffset Type = "Edm.DateTimeOffset"
	Guid           Type = "Edm.Guid"
	String         Type = "Edm.String"
)

// DateLayout is the text form of an Edm.Date value (YYYY-MM-DD), as a time layout.
const DateLayout = "2006-01-02"

// IsNumeric reports whether t is an integer or floating/decimal type.
func (t Type) IsNumeric() bool {
	switch t {
	case Byte, SByte, Int16, Int32, Int64, Single, Double, Decimal:
		return true
	}
	return false
}

// IsIntegral reports whether t is an integer type.
func (t Type) IsIntegral() bool {
	switch t {
	case Byte, SByte, Int16, Int32, Int64:
		return true
	}
	return false
}

// Model is a whole service's schema: one namespace, one container.
type Model struct {
	Namespace   string // e.g. "odatagw"
	Container   string // e.g. "Container"
	EntityTypes []*EntityType
	EntitySets  []*EntitySet
	// Version is the CSDL/OData version written to $metadata: "4.0" (the default when
	// empty) or "4.01".
	Version string
}

// EntityType is a structured type with a key.
type EntityType struct {
	Name       string
	Key        []string // property names, in key order; never empty
	Properties []*Property
	NavProps   []*NavigationProperty // nav.go
}

// Property is a structural property of a primitive type.
type Property struct {
	Name      string
	Type      Type
	Nullable  bool
	MaxLength int // strings and binary; 0 = unspecified (never emitted for strings: callers always set it)
	Precision int // Decimal: total digits; DateTimeOffset: fractional-second digits (0 = default)
	Scale     int // Decimal only
	// ScaleVariable marks a Decimal whose scale is not fixed (Scale="variable").
	ScaleVariable bool
}

// EntitySet exposes an entity type at the service root.
type EntitySet struct {
	Name       string
	EntityType string // unqualified type name
	Bindings   []NavigationPropertyBinding
}

// Set returns the entity set with the given name, or nil.
func (m *Model) Set(name string) *EntitySet {
	for _, s := range m.EntitySets {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Type returns the entity type with the given (unqualified) name, or nil.
func (m *Model) Type(name string) *EntityType {
	for _, t := range m.EntityTypes {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Property returns the property with the given name, or nil.
func (t *EntityType) Property(name string) *Property {
	for _, p := range t.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// IsKey reports whether the named property is part of the type's key.
func (t *EntityType) IsKey(name string) bool {
	for _, k := range t.Key {
		if k == name {
			return true
		}
	}
	return false
}
