package salesforce

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// objectBack is what the test reads back from an .object file.
type objectBack struct {
	XMLName            xml.Name
	DeploymentStatus   string `xml:"deploymentStatus"`
	ExternalDataSource string `xml:"externalDataSource"`
	ExternalName       string `xml:"externalName"`
	Fields             []struct {
		FullName              string `xml:"fullName"`
		ExternalDeveloperName string `xml:"externalDeveloperName"`
		Type                  string `xml:"type"`
		ReferenceTargetField  string `xml:"referenceTargetField"`
		ReferenceTo           string `xml:"referenceTo"`
		RelationshipLabel     string `xml:"relationshipLabel"`
		RelationshipName      string `xml:"relationshipName"`
		Length                int    `xml:"length"`
		Precision             int    `xml:"precision"`
		VisibleLines          int    `xml:"visibleLines"`
		Scale                 *int   `xml:"scale"`
		Required              bool   `xml:"required"`
	} `xml:"fields"`
	Label       string `xml:"label"`
	PluralLabel string `xml:"pluralLabel"`
}

// metadataFieldTypes are the Metadata API FieldType values an external object can
// have that the generator may write (FieldType; Indirect Lookups: referenceTo a
// standard or custom object, referenceTargetField its unique External ID field).
var metadataFieldTypes = map[string]bool{"Text": true, "LongTextArea": true, "Number": true, "Checkbox": true,
	"Date": true, "DateTime": true, "ExternalLookup": true, "IndirectLookup": true}

func TestObjectsParseBack(t *testing.T) {
	dir := t.TempDir()
	s := Settings{Name: "Erp", URL: "https://gw.example.com/odata/", Objects: []Object{
		{Set: "Customers", Fields: []Field{{Name: "CustomerID", Type: "Edm.String", Length: 5, Required: true}, {Name: "Notes", Type: "Edm.String", Length: 4000}}},
		{Set: "Orders", Fields: []Field{
			{Name: "OrderID", Type: "Edm.Int32", Required: true},
			{Name: "CustomerID", Type: "Edm.String", Length: 5, LookupTo: "Customers", RelationshipName: "Orders"},
			{Name: "Freight", Type: "Edm.Decimal", Precision: 10, Scale: 4},
			{Name: "Shipped", Type: "Edm.Boolean", Required: true},
			{Name: "Order Date", Type: "Edm.DateTimeOffset"},
			{Name: "Photo", Type: "Edm.Binary"},
			{Name: "CustomerCode", Type: "Edm.String", Length: 12, IndirectTo: "Account", IndirectField: "CustomerCode__c",
				RelationshipName: "ErpOrders", RelationshipLabel: "ERP orders"},
			{Name: "Ship Via", Type: "Edm.Int32", LookupTo: "Customers", RelationshipName: "Shipped Orders"},
		}},
	}}
	if err := WritePackage(dir, s); err != nil {
		t.Fatal(err)
	}
	var p struct {
		Types []struct {
			Members []string `xml:"members"`
			Name    string   `xml:"name"`
		} `xml:"types"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "package.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if len(p.Types) != 2 || p.Types[1].Name != "CustomObject" || len(p.Types[1].Members) != 2 || p.Types[1].Members[1] != "Orders__x" {
		t.Fatalf("package.xml types: %+v", p.Types)
	}
	var o objectBack
	path := filepath.Join(dir, "objects", "Orders__x.object")
	b, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	if o.XMLName.Space != MetadataNamespace || o.XMLName.Local != "CustomObject" || o.ExternalDataSource != "Erp" ||
		o.ExternalName != "Orders" || o.DeploymentStatus != "Deployed" {
		t.Errorf("object header: %+v", o)
	}
	got := map[string]string{}
	for _, f := range o.Fields {
		if !metadataFieldTypes[f.Type] {
			t.Errorf("%s: type %q is not a Metadata API field type for external objects", f.FullName, f.Type)
		}
		got[f.FullName] = f.Type + "/" + f.ReferenceTo + "/" + f.RelationshipName + "/" + f.RelationshipLabel + "/" + f.ReferenceTargetField
		if (f.Type == "ExternalLookup" || f.Type == "IndirectLookup") && (f.Length < 1 || f.Length > 255) {
			t.Errorf("%s: lookup length %d", f.FullName, f.Length)
		}
		if f.Type == "Number" && (f.Precision < 1 || f.Precision > 18 || f.Scale == nil || *f.Scale > f.Precision) {
			t.Errorf("%s: precision %d scale %v", f.FullName, f.Precision, f.Scale)
		}
	}
	want := map[string]string{"OrderID__c": "Number////", "CustomerID__c": "ExternalLookup/Customers__x/Orders/Orders/",
		"Freight__c": "Number////", "Shipped__c": "Checkbox////", "Order_Date__c": "DateTime////",
		"CustomerCode__c": "IndirectLookup/Account/ErpOrders/ERP orders/CustomerCode__c",
		"Ship_Via__c":     "ExternalLookup/Customers__x/Shipped_Orders/Shipped Orders/"}
	if len(got) != len(want) {
		t.Errorf("fields: got %v, want %v (binary left out)", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
	var c objectBack
	b, _ = os.ReadFile(filepath.Join(dir, "objects", "Customers__x.object"))
	if err := xml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if f := c.Fields[1]; f.Type != "LongTextArea" || f.Length != 4000 || f.VisibleLines == 0 || f.Required {
		t.Errorf("a long string: %+v", f)
	}
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		if out, err := exec.Command(xmllint, "--noout", path).CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v\n%s", err, out)
		}
	}
}

// TestLookupsRefused: a package Salesforce would reject is not written.
func TestLookupsRefused(t *testing.T) {
	key := Field{Name: "ID", Type: "Edm.Int32"}
	for _, tc := range []struct {
		name string
		objs []Object
		want string
	}{
		{"external lookup to an object not in the package", []Object{{Set: "Orders", Fields: []Field{key,
			{Name: "RegionID", Type: "Edm.Int32", LookupTo: "Regions", RelationshipName: "Orders"}}}}, "does not create"},
		{"indirect lookup without a target field", []Object{{Set: "Orders", Fields: []Field{key,
			{Name: "Code", Type: "Edm.String", IndirectTo: "Account", RelationshipName: "Orders"}}}}, "External ID field"},
		{"two related lists of one name on Account", []Object{
			{Set: "Orders", Fields: []Field{key, {Name: "Code", Type: "Edm.String", IndirectTo: "Account", IndirectField: "Code__c", RelationshipName: "Erp"}}},
			{Set: "Invoices", Fields: []Field{key, {Name: "Code", Type: "Edm.String", IndirectTo: "Account", IndirectField: "Code__c", RelationshipName: "erp"}}},
		}, "second related list"},
		{"both kinds at once", []Object{{Set: "Orders", Fields: []Field{key,
			{Name: "Code", Type: "Edm.String", LookupTo: "Orders", IndirectTo: "Account", IndirectField: "Code__c", RelationshipName: "X"}}}}, "both"},
	} {
		err := WritePackage(t.TempDir(), Settings{URL: "https://gw.example.com/odata/", Objects: tc.objs})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	// The same related-list name on two different parents is fine.
	ok := []Object{{Set: "Orders", Fields: []Field{key,
		{Name: "Code", Type: "Edm.String", IndirectTo: "Account", IndirectField: "Code__c", RelationshipName: "Orders"},
		{Name: "Contact", Type: "Edm.String", IndirectTo: "Contact", IndirectField: "Code__c", RelationshipName: "Orders"}}}}
	if err := WritePackage(t.TempDir(), Settings{URL: "https://gw.example.com/odata/", Objects: ok}); err != nil {
		t.Error(err)
	}
}
