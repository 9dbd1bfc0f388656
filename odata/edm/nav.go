package edm

// NavigationProperty relates an entity type to another (CSDL §8). Type is the
// qualified target type; Collection makes it Collection(Type).
type NavigationProperty struct {
	Name       string
	Type       string // qualified entity type name, e.g. "odatagw.Customers"
	Collection bool
	Nullable   bool // to-one only
	Partner    string
	// Constraints pair a property of this type with the referenced property of the
	// target (to-one ends only).
	Constraints []ReferentialConstraint
}

// ReferentialConstraint is Property (here) = ReferencedProperty (on the target).
type ReferentialConstraint struct {
	Property, ReferencedProperty string
}

// NavigationPropertyBinding says which entity set a navigation property of an entity
// set's type leads to.
type NavigationPropertyBinding struct {
	Path, Target string
}

// Nav returns the navigation property with the given name, or nil.
func (t *EntityType) Nav(name string) *NavigationProperty {
	for _, n := range t.NavProps {
		if n.Name == name {
			return n
		}
	}
	return nil
}

func writeNavProps(x *xmlWriter, t *EntityType) {
	for _, n := range t.NavProps {
		x.raw(`        <NavigationProperty Name="`)
		x.attr(n.Name)
		x.raw(`" Type="`)
		if n.Collection {
			x.raw("Collection(")
			x.attr(n.Type)
			x.raw(")")
		} else {
			x.attr(n.Type)
		}
		x.raw(`"`)
		if !n.Collection && !n.Nullable {
			x.raw(` Nullable="false"`)
		}
		if n.Partner != "" {
			x.raw(` Partner="`)
			x.attr(n.Partner)
			x.raw(`"`)
		}
		if len(n.Constraints) == 0 {
			x.raw("/>\n")
			continue
		}
		x.raw(">\n")
		for _, c := range n.Constraints {
			x.raw(`          <ReferentialConstraint Property="`)
			x.attr(c.Property)
			x.raw(`" ReferencedProperty="`)
			x.attr(c.ReferencedProperty)
			x.raw("\"/>\n")
		}
		x.raw("        </NavigationProperty>\n")
	}
}

func writeBindings(x *xmlWriter, s *EntitySet) {
	for _, b := range s.Bindings {
		x.raw(`          <NavigationPropertyBinding Path="`)
		x.attr(b.Path)
		x.raw(`" Target="`)
		x.attr(b.Target)
		x.raw("\"/>\n")
	}
}
