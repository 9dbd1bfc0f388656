package edm

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidModel is wrapped by every error Validate reports.
var ErrInvalidModel = errors.New("invalid EDM model")

// Validate checks the rules a model must satisfy before it is published as $metadata:
//
//   - Namespace is a valid namespace (dot-separated SimpleIdentifiers, at most 511
//     characters) and not one of the reserved Edm, odata, System, Transient;
//     Container is a SimpleIdentifier; Version is "", "4.0" or "4.01".
//   - Every name (types, properties, sets) is an OData SimpleIdentifier: a letter or
//     underscore followed by letters, digits, underscores and combining marks, at most
//     128 characters.
//   - No duplicates: type names and the container name are unique within the schema,
//     property names within their type, entity-set names within the container.
//   - Every entity type has a key; each key property exists, is listed once, is not
//     nullable, and has a type CSDL allows in keys (not Binary, Single or Double).
//   - Every property has one of the primitive types of this package, and its facets are
//     sensible: no negative values, Decimal Scale ≤ Precision, DateTimeOffset Precision
//     ≤ 12.
//   - Every entity set names an entity type of the model.
//
// It reports all problems at once (joined), each wrapping ErrInvalidModel.
func (m *Model) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidModel}, args...)...))
	}

	if !IsNamespace(m.Namespace) {
		bad("namespace %q is not a valid namespace name", m.Namespace)
	} else if isReservedNamespace(m.Namespace) {
		bad("namespace %q is reserved", m.Namespace)
	}
	switch m.Version {
	case "", "4.0", "4.01":
	default:
		bad("version %q: want 4.0 or 4.01", m.Version)
	}
	if len(m.EntitySets) > 0 && !IsSimpleIdentifier(m.Container) {
		bad("container name %q is not a valid SimpleIdentifier", m.Container)
	}

	schemaNames := make(map[string]bool, len(m.EntityTypes)+1)
	if m.Container != "" {
		schemaNames[m.Container] = true
	}
	for i, t := range m.EntityTypes {
		if t == nil {
			bad("entity type #%d is nil", i)
			continue
		}
		if !IsSimpleIdentifier(t.Name) {
			bad("entity type name %q is not a valid SimpleIdentifier", t.Name)
		}
		if schemaNames[t.Name] {
			bad("entity type %q: name already used in the schema", t.Name)
		}
		schemaNames[t.Name] = true
		validateEntityType(t, bad)
	}

	setNames := make(map[string]bool, len(m.EntitySets))
	for i, s := range m.EntitySets {
		if s == nil {
			bad("entity set #%d is nil", i)
			continue
		}
		if !IsSimpleIdentifier(s.Name) {
			bad("entity set name %q is not a valid SimpleIdentifier", s.Name)
		}
		if setNames[s.Name] {
			bad("entity set %q: duplicate name", s.Name)
		}
		setNames[s.Name] = true
		if m.Type(s.EntityType) == nil {
			bad("entity set %q: entity type %q does not exist", s.Name, s.EntityType)
		}
	}
	return errors.Join(errs...)
}

func validateEntityType(t *EntityType, bad func(string, ...any)) {
	props := make(map[string]*Property, len(t.Properties))
	for i, p := range t.Properties {
		if p == nil {
			bad("entity type %q: property #%d is nil", t.Name, i)
			continue
		}
		if !IsSimpleIdentifier(p.Name) {
			bad("property %s/%q: name is not a valid SimpleIdentifier", t.Name, p.Name)
		}
		if props[p.Name] != nil {
			bad("property %s/%s: duplicate name", t.Name, p.Name)
		}
		props[p.Name] = p
		validateFacets(t.Name, p, bad)
	}

	if len(t.Key) == 0 {
		bad("entity type %q has no key", t.Name)
	}
	seen := make(map[string]bool, len(t.Key))
	for _, k := range t.Key {
		if seen[k] {
			bad("entity type %q: key property %q listed twice", t.Name, k)
			continue
		}
		seen[k] = true
		p := props[k]
		if p == nil {
			bad("entity type %q: key property %q does not exist", t.Name, k)
			continue
		}
		if p.Nullable {
			bad("entity type %q: key property %q is nullable", t.Name, k)
		}
		switch p.Type {
		case Binary, Single, Double:
			bad("entity type %q: key property %q has type %s, which CSDL does not allow in keys", t.Name, k, p.Type)
		}
	}
}

func validateFacets(typeName string, p *Property, bad func(string, ...any)) {
	switch p.Type {
	case Binary, Boolean, Byte, SByte, Int16, Int32, Int64, Single, Double, Decimal, Date, DateTimeOffset, Guid, String:
	default:
		bad("property %s/%s: unsupported type %q", typeName, p.Name, p.Type)
	}
	if p.MaxLength < 0 || p.Precision < 0 || p.Scale < 0 {
		bad("property %s/%s: negative facet", typeName, p.Name)
	}
	switch p.Type {
	case Decimal:
		if p.Precision > 0 && !p.ScaleVariable && p.Scale > p.Precision {
			bad("property %s/%s: Scale %d exceeds Precision %d", typeName, p.Name, p.Scale, p.Precision)
		}
	case DateTimeOffset:
		if p.Precision > 12 {
			bad("property %s/%s: Precision %d exceeds 12", typeName, p.Name, p.Precision)
		}
	}
}

func isReservedNamespace(ns string) bool {
	switch ns {
	case "Edm", "odata", "System", "Transient":
		return true
	}
	return false
}

// IsSimpleIdentifier reports whether s is an OData SimpleIdentifier (CSDL): 1 to 128
// characters, the first a letter (\p{L}, \p{Nl}) or underscore, the rest letters,
// digits (\p{Nd}), combining marks (\p{Mn}, \p{Mc}), connector punctuation (\p{Pc}) or
// format characters (\p{Cf}).
func IsSimpleIdentifier(s string) bool {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > 128 {
		return false
	}
	for i, r := range s {
		if i == 0 {
			if r != '_' && !unicode.In(r, unicode.L, unicode.Nl) {
				return false
			}
			continue
		}
		if !unicode.In(r, unicode.L, unicode.Nl, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Pc, unicode.Cf) {
			return false
		}
	}
	return true
}

// IsNamespace reports whether s is a CSDL namespace name: SimpleIdentifiers separated
// by dots, at most 511 characters in all.
func IsNamespace(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > 511 {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		if !IsSimpleIdentifier(part) {
			return false
		}
	}
	return true
}
