package edm

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// fullModel exercises every primitive type and every facet WriteCSDL emits.
func fullModel() *Model {
	return &Model{
		Namespace: "odatagw.Demo",
		Container: "Container",
		EntityTypes: []*EntityType{
			{
				Name: "Order",
				Key:  []string{"OrderID"},
				Properties: []*Property{
					{Name: "OrderID", Type: Int32},
					{Name: "CustomerID", Type: String, MaxLength: 5},
					{Name: "ShipName", Type: String, Nullable: true, MaxLength: 40},
					{Name: "Notes", Type: String, Nullable: true, MaxLength: 131072},
					{Name: "Untyped", Type: String, Nullable: true}, // MaxLength 0: none written
					{Name: "OrderDate", Type: DateTimeOffset, Nullable: true},
					{Name: "ShippedAt", Type: DateTimeOffset, Nullable: true, Precision: 3},
					{Name: "RequiredDate", Type: Date, Nullable: true},
					{Name: "Freight", Type: Decimal, Nullable: true, Precision: 10, Scale: 2},
					{Name: "Unsigned", Type: Decimal, Precision: 20, Scale: 0},
					{Name: "Ratio", Type: Decimal, Nullable: true, ScaleVariable: true},
					{Name: "Wide", Type: Decimal, Nullable: true, Precision: 38, ScaleVariable: true},
					{Name: "AnyDecimal", Type: Decimal, Nullable: true},
					{Name: "Discount", Type: Single, Nullable: true},
					{Name: "Weight", Type: Double, Nullable: true},
					{Name: "Shipped", Type: Boolean},
					{Name: "Tiny", Type: SByte, Nullable: true},
					{Name: "UTiny", Type: Byte, Nullable: true},
					{Name: "Small", Type: Int16, Nullable: true},
					{Name: "Big", Type: Int64, Nullable: true},
					{Name: "Uid", Type: Guid, Nullable: true},
					{Name: "Photo", Type: Binary, Nullable: true, MaxLength: 8000},
					{Name: "Blob", Type: Binary, Nullable: true},
					// Non-ASCII letters. (CJK names are valid too, but libxml2's \p{L} misses
					// ideographs, so xmllint would reject them: see TestIsSimpleIdentifier.)
					{Name: "Straße_Größe", Type: String, Nullable: true, MaxLength: 10},
					// Facets on types that have none are not written.
					{Name: "Count", Type: Int32, Nullable: true, MaxLength: 9, Precision: 3, Scale: 1},
				},
			},
			{
				Name: "Order_Detail",
				Key:  []string{"OrderID", "ProductID"},
				Properties: []*Property{
					{Name: "OrderID", Type: Int32},
					{Name: "ProductID", Type: Int64},
					{Name: "Quantity", Type: Int16},
				},
			},
		},
		EntitySets: []*EntitySet{
			{Name: "Orders", EntityType: "Order"},
			{Name: "Order_Details", EntityType: "Order_Detail"},
		},
	}
}

func writeString(t *testing.T, m *Model) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSDL(&b, m); err != nil {
		t.Fatalf("WriteCSDL: %v", err)
	}
	return b.String()
}

func TestWriteCSDLGolden(t *testing.T) {
	m := fullModel()
	if err := m.Validate(); err != nil {
		t.Fatalf("golden model does not validate: %v", err)
	}
	got := writeString(t, m)
	golden := filepath.Join("testdata", "full.xml")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("CSDL mismatch (-want +got); run go test -update if intended:\n%s", diff)
	}
	if again := writeString(t, m); again != got {
		t.Error("output is not deterministic")
	}
}

// csdlDoc is a partial decoding of a CSDL document, for structural checks.
type csdlDoc struct {
	XMLName      xml.Name `xml:"http://docs.oasis-open.org/odata/ns/edmx Edmx"`
	Version      string   `xml:"Version,attr"`
	DataServices struct {
		Schema struct {
			Namespace   string `xml:"Namespace,attr"`
			EntityTypes []struct {
				Name string `xml:"Name,attr"`
				Key  []struct {
					Name string `xml:"Name,attr"`
				} `xml:"Key>PropertyRef"`
				Properties []struct {
					Name      string `xml:"Name,attr"`
					Type      string `xml:"Type,attr"`
					Nullable  string `xml:"Nullable,attr"`
					MaxLength string `xml:"MaxLength,attr"`
					Precision string `xml:"Precision,attr"`
					Scale     string `xml:"Scale,attr"`
				} `xml:"Property"`
			} `xml:"EntityType"`
			Container *struct {
				Name string `xml:"Name,attr"`
				Sets []struct {
					Name       string `xml:"Name,attr"`
					EntityType string `xml:"EntityType,attr"`
				} `xml:"EntitySet"`
			} `xml:"EntityContainer"`
		} `xml:"http://docs.oasis-open.org/odata/ns/edm Schema"`
	} `xml:"http://docs.oasis-open.org/odata/ns/edmx DataServices"`
}

func decode(t *testing.T, doc string) csdlDoc {
	t.Helper()
	var d csdlDoc
	if err := xml.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatalf("output is not well-formed XML: %v\n%s", err, doc)
	}
	return d
}

func TestWriteCSDLStructure(t *testing.T) {
	d := decode(t, writeString(t, fullModel()))
	if d.Version != "4.0" {
		t.Errorf("Version = %q", d.Version)
	}
	s := d.DataServices.Schema
	if s.Namespace != "odatagw.Demo" || len(s.EntityTypes) != 2 || s.Container == nil {
		t.Fatalf("unexpected schema: %+v", s)
	}
	byName := map[string]int{}
	for i, p := range s.EntityTypes[0].Properties {
		byName[p.Name] = i
	}
	props := s.EntityTypes[0].Properties
	check := func(name, attr, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s %s = %q, want %q", name, attr, got, want)
		}
	}
	check("OrderID", "Nullable", props[byName["OrderID"]].Nullable, "false")
	check("ShipName", "Nullable", props[byName["ShipName"]].Nullable, "")
	check("ShipName", "MaxLength", props[byName["ShipName"]].MaxLength, "40")
	check("Untyped", "MaxLength", props[byName["Untyped"]].MaxLength, "")
	check("Freight", "Precision", props[byName["Freight"]].Precision, "10")
	check("Freight", "Scale", props[byName["Freight"]].Scale, "2")
	check("Unsigned", "Scale", props[byName["Unsigned"]].Scale, "0")
	check("Ratio", "Scale", props[byName["Ratio"]].Scale, "variable")
	check("Ratio", "Precision", props[byName["Ratio"]].Precision, "")
	check("AnyDecimal", "Scale", props[byName["AnyDecimal"]].Scale, "")
	check("ShippedAt", "Precision", props[byName["ShippedAt"]].Precision, "3")
	check("Photo", "MaxLength", props[byName["Photo"]].MaxLength, "8000")
	check("Count", "MaxLength", props[byName["Count"]].MaxLength, "")
	check("Count", "Scale", props[byName["Count"]].Scale, "")
	check("Straße_Größe", "Type", props[byName["Straße_Größe"]].Type, "Edm.String")

	var keys []string
	for _, k := range s.EntityTypes[1].Key {
		keys = append(keys, k.Name)
	}
	if diff := cmp.Diff([]string{"OrderID", "ProductID"}, keys); diff != "" {
		t.Errorf("composite key (-want +got):\n%s", diff)
	}
	if got := s.Container.Sets[1].EntityType; got != "odatagw.Demo.Order_Detail" {
		t.Errorf("EntitySet EntityType = %q", got)
	}
}

func TestWriteCSDLForcesNonNullableKey(t *testing.T) {
	m := &Model{Namespace: "NS", Container: "C",
		EntityTypes: []*EntityType{{Name: "T", Key: []string{"ID"}, Properties: []*Property{{Name: "ID", Type: String, Nullable: true, MaxLength: 5}}}},
		EntitySets:  []*EntitySet{{Name: "Ts", EntityType: "T"}},
	}
	out := writeString(t, m)
	if !strings.Contains(out, `<Property Name="ID" Type="Edm.String" Nullable="false" MaxLength="5"/>`) {
		t.Errorf("key property not written as non-nullable:\n%s", out)
	}
}

func TestWriteCSDLVersionAndEmptyContainer(t *testing.T) {
	m := &Model{Namespace: "NS", Container: "C", Version: "4.01"}
	out := writeString(t, m)
	d := decode(t, out)
	if d.Version != "4.01" {
		t.Errorf("Version = %q", d.Version)
	}
	if d.DataServices.Schema.Container != nil {
		t.Errorf("container written for a model without entity sets:\n%s", out)
	}
}

// TestWriteCSDLEscapes checks that hostile names cannot break the XML: they come out
// escaped and decode back to the same text.
func TestWriteCSDLEscapes(t *testing.T) {
	evil := `a"b<c>&d'e` + "\n"
	m := &Model{Namespace: `N&S`, Container: `C"`,
		EntityTypes: []*EntityType{{Name: evil, Key: []string{evil}, Properties: []*Property{{Name: evil, Type: Type(`Edm.<x>`)}}}},
		EntitySets:  []*EntitySet{{Name: `S"/><x`, EntityType: evil}},
	}
	out := writeString(t, m)
	d := decode(t, out)
	s := d.DataServices.Schema
	if s.Namespace != "N&S" || s.EntityTypes[0].Name != evil || s.EntityTypes[0].Key[0].Name != evil ||
		s.EntityTypes[0].Properties[0].Type != "Edm.<x>" || s.Container.Name != `C"` || s.Container.Sets[0].Name != `S"/><x` {
		t.Errorf("names did not round-trip:\n%s\n%+v", out, s)
	}
	if m.Validate() == nil {
		t.Error("Validate accepted hostile names")
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	return 0, errors.New("disk full")
}

func TestWriteCSDLWriteError(t *testing.T) {
	if err := WriteCSDL(&failWriter{}, fullModel()); err == nil {
		t.Error("no error from a failing writer")
	}
	if err := WriteCSDL(io.Discard, fullModel()); err != nil {
		t.Error(err)
	}
}

// schemaDir finds shared/testdata/odata-csdl-schemas by walking up from the package
// directory.
func schemaDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "testdata", "odata-csdl-schemas")
		if fi, err := os.Stat(filepath.Join(cand, "edmx.xsd")); err == nil && !fi.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("skipping: shared/testdata/odata-csdl-schemas (edmx.xsd) not found above the package directory")
		}
		dir = parent
	}
}

// xmllint validates doc against edmx.xsd (which imports edm.xsd by a relative
// schemaLocation, resolved next to edmx.xsd). It returns xmllint's output and whether
// the document is valid.
func xmllint(t *testing.T, doc string) (string, bool) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("skipping: xmllint not installed (Debian: apt-get install libxml2-utils)")
	}
	dir := schemaDir(t)
	f := filepath.Join(t.TempDir(), "metadata.xml")
	if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--noout", "--nonet", "--schema", filepath.Join(dir, "edmx.xsd"), f)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("running xmllint: %v", err)
		}
		// 1: not well-formed, 3: not valid. Anything else (5: the schema itself does
		// not compile) is a broken test set-up, not a verdict on the document.
		if ee.ExitCode() != 1 && ee.ExitCode() != 3 {
			t.Fatalf("xmllint exit %d: %s", ee.ExitCode(), out)
		}
		return string(out), false
	}
	return string(out), true
}

func TestCSDLValidAgainstOASISSchema(t *testing.T) {
	for name, m := range map[string]*Model{
		"full":         fullModel(),
		"v401":         func() *Model { m := fullModel(); m.Version = "4.01"; return m }(),
		"no container": {Namespace: "NS", Container: "C"},
	} {
		t.Run(name, func(t *testing.T) {
			doc := writeString(t, m)
			if out, ok := xmllint(t, doc); !ok {
				t.Errorf("xmllint rejected the document:\n%s\n%s", out, doc)
			}
		})
	}
}

// TestOASISSchemaRejectsInvalid makes sure the schema check can fail: names that are
// not SimpleIdentifiers and a bad facet must be rejected.
func TestOASISSchemaRejectsInvalid(t *testing.T) {
	for name, mut := range map[string]func(*Model){
		"space in property name": func(m *Model) { m.EntityTypes[0].Properties[1].Name = "Customer ID" },
		"digit-first set name":   func(m *Model) { m.EntitySets[0].Name = "1Orders" },
		"bad version":            func(m *Model) { m.Version = "3.0" },
		"empty namespace":        func(m *Model) { m.Namespace = "" },
	} {
		t.Run(name, func(t *testing.T) {
			m := fullModel()
			mut(m)
			if m.Validate() == nil {
				t.Error("Validate accepted the model")
			}
			doc := writeString(t, m)
			if out, ok := xmllint(t, doc); ok {
				t.Errorf("xmllint accepted an invalid document:\n%s", out)
			}
		})
	}
	t.Run("raw MaxLength", func(t *testing.T) {
		doc := strings.Replace(writeString(t, fullModel()), `MaxLength="5"`, `MaxLength="five"`, 1)
		if _, ok := xmllint(t, doc); ok {
			t.Error("xmllint accepted MaxLength=\"five\"")
		}
	})
}
