package odatav2

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
)

// OData 2.0 has no Partner or NavigationPropertyBinding: a relationship is an
// Association (two typed Ends with multiplicities and a ReferentialConstraint), an
// AssociationSet binding its Ends to entity sets, and on each entity type a
// NavigationProperty naming the Association and its from and to roles. The 4.0 model
// gives every foreign key as a pair of partner navigation properties: a to-one one on
// the dependent (referencing) type, carrying the constraints, and a to-many one on the
// principal (referenced) type. Each pair becomes one Association here.

// assoc is one relationship of the 2.0 model.
type assoc struct {
	Name string
	// The dependent end (the to-one navigation's type and set) and the principal end.
	DepType, DepSet, DepRole    string
	PrinType, PrinSet, PrinRole string
	// PrinMult is "1" or "0..1" (a nullable foreign key); the dependent end is "*".
	PrinMult string
	// DepNav is the to-one navigation on the dependent type, PrinNav its partner on
	// the principal type ("" when the model has none).
	DepNav, PrinNav string
	// Constraint pairs, in the principal's key order; nil when the foreign key does not
	// reference the principal's key (CSDL 2.0 allows only the key as principal).
	Principal, Dependent []string
}

// navEnd is what a NavigationProperty of the 2.0 model says about its association.
type navEnd struct {
	Assoc    *assoc
	From, To string // roles
}

// relations is the 2.0 view of a model's relationships.
type relations struct {
	list []*assoc
	nav  map[string]navEnd // "Type/Nav" → its association end
}

// associations derives the 2.0 associations of m. Names are `<DependentType>_<Nav>`,
// deterministic (types and navigations in model order) and unique within the schema
// (against entity types, entity sets and each other: a clash gets _2, _3, …). Roles are the two
// types' names; a self-reference's dependent role is `<Type>_<Nav>`. A navigation
// whose target set is not in the model (hidden) is left out.
func associations(m *edm.Model) *relations {
	r := &relations{nav: map[string]navEnd{}}
	taken := map[string]bool{}
	for _, t := range m.EntityTypes {
		taken[strings.ToLower(t.Name)] = true
	}
	for _, s := range m.EntitySets { // AssociationSets share the container's names
		taken[strings.ToLower(s.Name)] = true
	}
	setOf := map[string]*edm.EntitySet{}
	for _, s := range m.EntitySets {
		if setOf[s.EntityType] == nil {
			setOf[s.EntityType] = s
		}
	}
	prefix := m.Namespace + "."
	for _, t := range m.EntityTypes {
		depSet := setOf[t.Name]
		if depSet == nil {
			continue
		}
		for _, n := range t.NavProps {
			if n.Collection {
				continue // the to-many end is the partner of a to-one end
			}
			pt := m.Type(strings.TrimPrefix(n.Type, prefix))
			prinSet := bindingTarget(m, depSet, n.Name)
			if pt == nil || prinSet == nil {
				continue
			}
			a := &assoc{DepType: t.Name, DepSet: depSet.Name, PrinType: pt.Name, PrinSet: prinSet.Name,
				DepNav: n.Name, PrinMult: "1", DepRole: t.Name, PrinRole: pt.Name}
			if n.Nullable {
				a.PrinMult = "0..1"
			}
			if a.DepRole == a.PrinRole {
				a.DepRole = t.Name + "_" + n.Name
			}
			if p := pt.Nav(n.Partner); p != nil && p.Collection && strings.TrimPrefix(p.Type, prefix) == t.Name {
				a.PrinNav = p.Name
			}
			a.Principal, a.Dependent = keyConstraint(pt, n.Constraints)
			name := t.Name + "_" + n.Name
			for i := 2; taken[strings.ToLower(name)]; i++ {
				name = t.Name + "_" + n.Name + "_" + strconv.Itoa(i)
			}
			taken[strings.ToLower(name)] = true
			a.Name = name
			r.list = append(r.list, a)
			r.nav[t.Name+"/"+n.Name] = navEnd{Assoc: a, From: a.DepRole, To: a.PrinRole}
			if a.PrinNav != "" {
				r.nav[pt.Name+"/"+a.PrinNav] = navEnd{Assoc: a, From: a.PrinRole, To: a.DepRole}
			}
		}
	}
	return r
}

// bindingTarget is the entity set a navigation of set s leads to, or nil.
func bindingTarget(m *edm.Model, s *edm.EntitySet, nav string) *edm.EntitySet {
	for _, b := range s.Bindings {
		if b.Path == nav {
			return m.Set(b.Target)
		}
	}
	return nil
}

// keyConstraint orders the constraint pairs by the principal's key; it returns nil
// when the referenced properties are not exactly that key.
func keyConstraint(pt *edm.EntityType, cs []edm.ReferentialConstraint) (principal, dependent []string) {
	if len(cs) != len(pt.Key) {
		return nil, nil
	}
	for _, k := range pt.Key {
		found := false
		for _, c := range cs {
			if c.ReferencedProperty == k {
				principal, dependent = append(principal, k), append(dependent, c.Property)
				found = true
				break
			}
		}
		if !found {
			return nil, nil
		}
	}
	return principal, dependent
}

// writeNavProps writes t's NavigationProperty elements.
func (r *relations) writeNavProps(b *bytes.Buffer, ns string, t *edm.EntityType) {
	for _, n := range t.NavProps {
		e, ok := r.nav[t.Name+"/"+n.Name]
		if !ok {
			continue
		}
		b.WriteString(`        <NavigationProperty Name="` + esc(n.Name) + `" Relationship="` + esc(ns+"."+e.Assoc.Name) +
			`" FromRole="` + esc(e.From) + `" ToRole="` + esc(e.To) + "\"/>\n")
	}
}

// writeAssociations writes the schema's Association elements.
func (r *relations) writeAssociations(b *bytes.Buffer, ns string) {
	for _, a := range r.list {
		b.WriteString(`      <Association Name="` + esc(a.Name) + "\">\n")
		b.WriteString(`        <End Type="` + esc(ns+"."+a.PrinType) + `" Role="` + esc(a.PrinRole) + `" Multiplicity="` + a.PrinMult + "\"/>\n")
		b.WriteString(`        <End Type="` + esc(ns+"."+a.DepType) + `" Role="` + esc(a.DepRole) + "\" Multiplicity=\"*\"/>\n")
		if a.Principal != nil {
			b.WriteString("        <ReferentialConstraint>\n")
			b.WriteString(`          <Principal Role="` + esc(a.PrinRole) + "\">\n")
			for _, p := range a.Principal {
				b.WriteString(`            <PropertyRef Name="` + esc(p) + "\"/>\n")
			}
			b.WriteString("          </Principal>\n")
			b.WriteString(`          <Dependent Role="` + esc(a.DepRole) + "\">\n")
			for _, p := range a.Dependent {
				b.WriteString(`            <PropertyRef Name="` + esc(p) + "\"/>\n")
			}
			b.WriteString("          </Dependent>\n        </ReferentialConstraint>\n")
		}
		b.WriteString("      </Association>\n")
	}
}

// writeAssociationSets writes the container's AssociationSet elements.
func (r *relations) writeAssociationSets(b *bytes.Buffer, ns string) {
	for _, a := range r.list {
		b.WriteString(`        <AssociationSet Name="` + esc(a.Name) + `" Association="` + esc(ns+"."+a.Name) + "\">\n")
		b.WriteString(`          <End EntitySet="` + esc(a.PrinSet) + `" Role="` + esc(a.PrinRole) + "\"/>\n")
		b.WriteString(`          <End EntitySet="` + esc(a.DepSet) + `" Role="` + esc(a.DepRole) + "\"/>\n")
		b.WriteString("        </AssociationSet>\n")
	}
}
