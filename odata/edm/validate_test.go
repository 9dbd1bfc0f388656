package edm

import (
	"errors"
	"strings"
	"testing"
)

func TestIsSimpleIdentifier(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"Orders", true},
		{"_x", true},
		{"Order_Details", true},
		{"a1", true},
		{"Straße", true},
		{"名前", true},
		{"Pc_‿⁀", true},
		{"", false},
		{"1a", false},
		{"a b", false},
		{"a-b", false},
		{"a.b", false},
		{"$a", false},
		{"a$", false},
		{strings.Repeat("a", 128), true},
		{strings.Repeat("a", 129), false},
		{"a\xff", false},
	} {
		if got := IsSimpleIdentifier(c.s); got != c.want {
			t.Errorf("IsSimpleIdentifier(%q) = %v, want %v", c.s, got, c.want)
		}
	}
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"odatagw", true},
		{"a.b.c", true},
		{"a..b", false},
		{".a", false},
		{"a.", false},
		{"", false},
	} {
		if got := IsNamespace(c.s); got != c.want {
			t.Errorf("IsNamespace(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := fullModel().Validate(); err != nil {
		t.Fatalf("valid model rejected: %v", err)
	}
	for _, c := range []struct {
		name string
		mut  func(*Model)
		want string
	}{
		{"reserved namespace", func(m *Model) { m.Namespace = "Edm" }, "reserved"},
		{"bad namespace", func(m *Model) { m.Namespace = "a b" }, "namespace"},
		{"bad container", func(m *Model) { m.Container = "" }, "container"},
		{"bad version", func(m *Model) { m.Version = "4.1" }, "version"},
		{"no key", func(m *Model) { m.EntityTypes[0].Key = nil }, "has no key"},
		{"missing key prop", func(m *Model) { m.EntityTypes[0].Key = []string{"Nope"} }, "does not exist"},
		{"nullable key", func(m *Model) { m.EntityTypes[0].Properties[0].Nullable = true }, "nullable"},
		{"key twice", func(m *Model) { m.EntityTypes[1].Key = []string{"OrderID", "OrderID"} }, "listed twice"},
		{"binary key", func(m *Model) {
			m.EntityTypes[1].Properties[1].Type = Binary
		}, "does not allow"},
		{"double key", func(m *Model) { m.EntityTypes[1].Properties[1].Type = Double }, "does not allow"},
		{"bad type name", func(m *Model) { m.EntityTypes[0].Name = "Or der" }, "entity type name"},
		{"duplicate type", func(m *Model) { m.EntityTypes[1].Name = "Order" }, "already used"},
		{"type named like container", func(m *Model) { m.Container = "Order" }, "already used"},
		{"bad property name", func(m *Model) { m.EntityTypes[0].Properties[3].Name = "x-y" }, "SimpleIdentifier"},
		{"duplicate property", func(m *Model) { m.EntityTypes[0].Properties[3].Name = "ShipName" }, "duplicate name"},
		{"unknown type", func(m *Model) { m.EntityTypes[0].Properties[3].Type = "Edm.TimeOfDay" }, "unsupported type"},
		{"negative facet", func(m *Model) { m.EntityTypes[0].Properties[2].MaxLength = -1 }, "negative"},
		{"scale > precision", func(m *Model) { m.EntityTypes[0].Properties[8].Scale = 11 }, "exceeds Precision"},
		{"dto precision", func(m *Model) { m.EntityTypes[0].Properties[6].Precision = 13 }, "exceeds 12"},
		{"bad set name", func(m *Model) { m.EntitySets[0].Name = "Or-ders" }, "entity set name"},
		{"duplicate set", func(m *Model) { m.EntitySets[1].Name = "Orders" }, "duplicate name"},
		{"dangling set", func(m *Model) { m.EntitySets[1].EntityType = "Nope" }, "does not exist"},
		{"nil type", func(m *Model) { m.EntityTypes = append(m.EntityTypes, nil) }, "is nil"},
		{"nil property", func(m *Model) { m.EntityTypes[1].Properties = append(m.EntityTypes[1].Properties, nil) }, "is nil"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := fullModel()
			c.mut(m)
			err := m.Validate()
			if err == nil {
				t.Fatal("Validate accepted the model")
			}
			if !errors.Is(err, ErrInvalidModel) {
				t.Errorf("error %v does not wrap ErrInvalidModel", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func TestValidateReportsAll(t *testing.T) {
	m := fullModel()
	m.EntityTypes[0].Key = nil
	m.EntitySets[1].EntityType = "Nope"
	err := m.Validate()
	if err == nil || !strings.Contains(err.Error(), "has no key") || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("want both problems reported, got %v", err)
	}
}
