package odatav2

import (
	"encoding/json"
	"encoding/xml"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// relModel has a composite foreign key (Note → Line), a self-reference (Node.Parent)
// and an association name that would clash with an entity type (Note_Line).
func relModel() *edm.Model {
	i32 := func(n string, null bool) *edm.Property {
		return &edm.Property{Name: n, Type: edm.Int32, Nullable: null}
	}
	return &edm.Model{Namespace: "ns", Container: "C",
		EntityTypes: []*edm.EntityType{
			{Name: "Line", Key: []string{"O", "N"}, Properties: []*edm.Property{i32("O", false), i32("N", false)},
				NavProps: []*edm.NavigationProperty{{Name: "Notes", Type: "ns.Note", Collection: true, Partner: "Line"}}},
			{Name: "Note", Key: []string{"ID"}, Properties: []*edm.Property{i32("ID", false), i32("LN", true), i32("LO", true)},
				NavProps: []*edm.NavigationProperty{{Name: "Line", Type: "ns.Line", Nullable: true, Partner: "Notes",
					// constraint order differs from the principal's key order
					Constraints: []edm.ReferentialConstraint{{Property: "LN", ReferencedProperty: "N"}, {Property: "LO", ReferencedProperty: "O"}}}}},
			{Name: "Node", Key: []string{"ID"}, Properties: []*edm.Property{i32("ID", false), i32("ParentID", false)},
				NavProps: []*edm.NavigationProperty{
					{Name: "Parent", Type: "ns.Node", Partner: "Children", Constraints: []edm.ReferentialConstraint{{Property: "ParentID", ReferencedProperty: "ID"}}},
					{Name: "Children", Type: "ns.Node", Collection: true, Partner: "Parent"}}},
			{Name: "Note_Line", Key: []string{"ID"}, Properties: []*edm.Property{i32("ID", false)}},
		},
		EntitySets: []*edm.EntitySet{
			{Name: "Lines", EntityType: "Line", Bindings: []edm.NavigationPropertyBinding{{Path: "Notes", Target: "Notes"}}},
			{Name: "Notes", EntityType: "Note", Bindings: []edm.NavigationPropertyBinding{{Path: "Line", Target: "Lines"}}},
			{Name: "Nodes", EntityType: "Node", Bindings: []edm.NavigationPropertyBinding{{Path: "Parent", Target: "Nodes"}, {Path: "Children", Target: "Nodes"}}},
			{Name: "NoteLines", EntityType: "Note_Line"},
		}}
}

type xEnd struct {
	Type string `xml:"Type,attr"`
	Role string `xml:"Role,attr"`
	Mult string `xml:"Multiplicity,attr"`
	Set  string `xml:"EntitySet,attr"`
}

type xRefs struct {
	Role string `xml:"Role,attr"`
	Refs []struct {
		Name string `xml:"Name,attr"`
	} `xml:"PropertyRef"`
}

type xSchema struct {
	Types []struct {
		Name string `xml:"Name,attr"`
		Navs []struct {
			Name string `xml:"Name,attr"`
			Rel  string `xml:"Relationship,attr"`
			From string `xml:"FromRole,attr"`
			To   string `xml:"ToRole,attr"`
		} `xml:"NavigationProperty"`
	} `xml:"EntityType"`
	Assocs []struct {
		Name      string `xml:"Name,attr"`
		Ends      []xEnd `xml:"End"`
		Principal *xRefs `xml:"ReferentialConstraint>Principal"`
		Dependent *xRefs `xml:"ReferentialConstraint>Dependent"`
	} `xml:"Association"`
	Sets []struct {
		Name  string `xml:"Name,attr"`
		Assoc string `xml:"Association,attr"`
		Ends  []xEnd `xml:"End"`
	} `xml:"EntityContainer>AssociationSet"`
	EntitySets []struct {
		Name string `xml:"Name,attr"`
	} `xml:"EntityContainer>EntitySet"`
}

func parseSchema(t *testing.T, body []byte) xSchema {
	t.Helper()
	var doc struct {
		Schema xSchema `xml:"DataServices>Schema"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return doc.Schema
}

// TestMetadataAssociations checks the relationships of the 2.0 $metadata: one
// Association per foreign key with its ends, multiplicities and constraint (in the
// principal's key order), one AssociationSet binding it to the sets, a
// NavigationProperty on both types whose roles name the association's ends; unique
// names (the clash with the entity type Note_Line), a self-reference with two roles.
func TestMetadataAssociations(t *testing.T) {
	body := Metadata(relModel())
	s := parseSchema(t, body)
	got := map[string]string{}
	for _, a := range s.Assocs {
		var ends []string
		for _, e := range a.Ends {
			ends = append(ends, e.Type+"/"+e.Role+"/"+e.Mult)
		}
		c := ""
		if a.Principal != nil && a.Dependent != nil {
			c = a.Principal.Role + ":"
			for _, r := range a.Principal.Refs {
				c += r.Name + ","
			}
			c += " " + a.Dependent.Role + ":"
			for _, r := range a.Dependent.Refs {
				c += r.Name + ","
			}
		}
		got[a.Name] = strings.Join(ends, " ") + " | " + c
	}
	want := map[string]string{
		"Note_Line_2": "ns.Line/Line/0..1 ns.Note/Note/* | Line:O,N, Note:LO,LN,",
		"Node_Parent": "ns.Node/Node/1 ns.Node/Node_Parent/* | Node:ID, Node_Parent:ParentID,",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("associations\n got  %v\n want %v\n%s", got, want, body)
	}
	// Every navigation property names an association whose ends carry its roles, the
	// FromRole end having the navigation's own type.
	ends := map[string]map[string]string{} // association → role → type
	for _, a := range s.Assocs {
		ends[a.Name] = map[string]string{}
		for _, e := range a.Ends {
			ends[a.Name][e.Role] = e.Type
		}
	}
	navs := 0
	for _, ty := range s.Types {
		for _, n := range ty.Navs {
			navs++
			roles := ends[strings.TrimPrefix(n.Rel, "ns.")]
			if roles == nil || roles[n.From] != "ns."+ty.Name || roles[n.To] == "" || n.From == n.To {
				t.Errorf("%s.%s: relationship %s %s→%s does not match its association %v", ty.Name, n.Name, n.Rel, n.From, n.To, roles)
			}
		}
	}
	if navs != 4 {
		t.Errorf("%d navigation properties, want 4 (both ends of two keys)", navs)
	}
	// Association sets: one per association, ends on the right sets; no name shared
	// with an entity set.
	names := map[string]bool{}
	for _, es := range s.EntitySets {
		names[es.Name] = true
	}
	var sets []string
	for _, as := range s.Sets {
		if names[as.Name] {
			t.Errorf("association set %s has an entity set's name", as.Name)
		}
		var e []string
		for _, x := range as.Ends {
			e = append(e, x.Role+"@"+x.Set)
		}
		sets = append(sets, as.Name+"="+as.Assoc+" "+strings.Join(e, ","))
	}
	sort.Strings(sets)
	wantSets := []string{"Node_Parent=ns.Node_Parent Node@Nodes,Node_Parent@Nodes", "Note_Line_2=ns.Note_Line_2 Line@Lines,Note@Notes"}
	if !reflect.DeepEqual(sets, wantSets) {
		t.Errorf("association sets %v, want %v", sets, wantSets)
	}
	// Deterministic.
	if string(Metadata(relModel())) != string(body) {
		t.Error("two renderings of the same model differ")
	}
}

// TestMetadataAssociationsHidden: a navigation whose target set is not published
// (no binding) has no association and no NavigationProperty.
func TestMetadataAssociationsHidden(t *testing.T) {
	m := relModel()
	m.EntitySets = m.EntitySets[1:] // Lines hidden: Note.Line and Line.Notes go
	m.EntityTypes = m.EntityTypes[1:]
	s := parseSchema(t, Metadata(m))
	for _, a := range s.Assocs {
		if strings.HasPrefix(a.Name, "Note_Line") {
			t.Errorf("association %s to a hidden set", a.Name)
		}
	}
	for _, ty := range s.Types {
		if ty.Name == "Note" && len(ty.Navs) != 0 {
			t.Errorf("Note keeps navigations %v", ty.Navs)
		}
	}
}

// TestShapeQuery4 checks the translation of the 2.0 $select/$expand pair into the
// gateway's nested 4.0 form, keys added at every level, and its errors.
func TestShapeQuery4(t *testing.T) {
	m := relModel()
	rel := associations(m)
	set := m.Set("Lines")
	for _, c := range []struct{ sel, exp, want string }{
		{"", "Notes", "$expand=Notes"},
		{"O", "", "$select=O,N"},
		{"O,Notes/ID", "Notes", "$select=O,N&$expand=Notes($select=ID)"},
		{"Notes/*", "Notes/Line", "$expand=Notes($expand=Line)"},
		{"N,Notes/LN,Notes/Line/O", "Notes/Line,Notes", "$select=N,O&$expand=Notes($select=LN,ID;$expand=Line($select=O,N))"},
	} {
		var items []string
		if c.sel != "" {
			items = strings.Split(c.sel, ",")
		}
		sh, err := buildShape(m, rel, set, m.Type("Line"), items, c.exp)
		if err != nil {
			t.Errorf("%s / %s: %v", c.sel, c.exp, err)
			continue
		}
		got := strings.Join(sh.query4(), "&")
		got = strings.NewReplacer("%24", "$", "%28", "(", "%29", ")", "%2C", ",", "%3B", ";", "%3D", "=").Replace(got)
		if got != c.want {
			t.Errorf("$select=%s&$expand=%s\n got  %s\n want %s", c.sel, c.exp, got, c.want)
		}
	}
	for _, c := range []struct{ sel, exp string }{{"", "Nope"}, {"Notes/ID", ""}, {"Nope", ""}, {"", "Notes/Nope"}} {
		var items []string
		if c.sel != "" {
			items = strings.Split(c.sel, ",")
		}
		if _, err := buildShape(m, rel, set, m.Type("Line"), items, c.exp); err == nil {
			t.Errorf("$select=%s&$expand=%s: no error", c.sel, c.exp)
		}
	}
}

// TestBindBodies: a 2.0 body binds a to-one navigation by an entity reference (JSON
// verbose __metadata.uri, Atom related link), relative or absolute; deferred links a
// client echoes back, to-many links and unknown names bind nothing.
func TestBindBodies(t *testing.T) {
	note := relModel().Type("Note")
	verbose := `{"ID":1,"Line":{"__metadata":{"uri":"http://h/odata/v2/Lines(O=1,N=2)"}},"Notes":{"__deferred":{"uri":"x"}}}`
	atom := `<entry xmlns="` + nsAtom + `" xmlns:d="` + nsD + `" xmlns:m="` + nsM + `">` +
		`<link rel="` + nsRelated + `Line" type="application/atom+xml;type=entry" href="Lines(O=1,N=2)"/>` +
		`<content type="application/xml"><m:properties><d:ID>1</d:ID></m:properties></content></entry>`
	for name, body := range map[string]string{"verbose": verbose, "atom": atom} {
		got, err := toJSON4(note, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var m map[string]any
		if err := json.Unmarshal(got, &m); err != nil {
			t.Fatal(err)
		}
		ref, _ := m["Line@odata.bind"].(string)
		if !strings.HasSuffix(ref, "Lines(O=1,N=2)") || len(m) != 2 {
			t.Errorf("%s: %s", name, got)
		}
	}
	for name, body := range map[string]string{
		"deferred echo": `{"ID":1,"Line":{"__metadata":{"uri":"http://h/odata/v2/Notes(1)/Line"}}}`,
		"atom deferred": `<entry xmlns="` + nsAtom + `" xmlns:d="` + nsD + `" xmlns:m="` + nsM + `"><link rel="` + nsRelated + `Line" href="Notes(1)/Line"/><content type="application/xml"><m:properties><d:ID>1</d:ID></m:properties></content></entry>`,
	} {
		got, err := toJSON4(note, []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(string(got), "@odata.bind") {
			t.Errorf("%s binds: %s", name, got)
		}
	}
}

// FuzzShape: any $select/$expand pair gives a shape or a 400, never a panic, and the
// 4.0 form of a shape always selects every level's key.
func FuzzShape(f *testing.F) {
	for _, s := range [][2]string{{"O,Notes/ID", "Notes"}, {"Notes/*", "Notes/Line"}, {"/", "/"}, {"Notes//", "Notes/Line/Notes"}} {
		f.Add(s[0], s[1])
	}
	m := relModel()
	rel := associations(m)
	f.Fuzz(func(t *testing.T, sel, exp string) {
		sh, err := buildShape(m, rel, m.Set("Lines"), m.Type("Line"), strings.Split(sel, ","), exp)
		if err != nil {
			if e, ok := odata.AsError(err); !ok || e.Status != 400 {
				t.Fatalf("%v", err)
			}
			return
		}
		var check func(s *shape)
		check = func(s *shape) {
			if l := s.selectList(); l != "" {
				for _, k := range s.t.Key {
					if !strings.Contains(","+l+",", ","+k+",") {
						t.Fatalf("$select=%s misses key %s", l, k)
					}
				}
			}
			for _, k := range s.kids {
				check(k.s)
			}
		}
		check(sh)
		_ = sh.query4()
	})
}
