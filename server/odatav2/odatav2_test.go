package odatav2

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

func testModel() *edm.Model {
	return &edm.Model{Namespace: "odatagw", Container: "Container",
		EntityTypes: []*edm.EntityType{{Name: "Line", Key: []string{"OrderNo", "Code"}, Properties: []*edm.Property{
			{Name: "OrderNo", Type: edm.Int64},
			{Name: "Code", Type: edm.String, MaxLength: 10},
			{Name: "Day", Type: edm.Date, Nullable: true},
			{Name: "At", Type: edm.DateTimeOffset, Nullable: true, Precision: 3},
			{Name: "Price", Type: edm.Decimal, Precision: 12, Scale: 2},
			{Name: "Ratio", Type: edm.Decimal, ScaleVariable: true, Nullable: true},
			{Name: "Id", Type: edm.Guid, Nullable: true},
			{Name: "Blob", Type: edm.Binary, Nullable: true},
		}}},
		EntitySets: []*edm.EntitySet{{Name: "Lines", EntityType: "Line"}}}
}

// TestMetadata parses the EDMX back and checks the 2.0 contract: EDMX 1.0, the 2.0
// namespaces, DataServiceVersion 2.0, a default container, only 2.0 types, facets.
func TestMetadata(t *testing.T) {
	body := Metadata(testModel())
	var doc struct {
		XMLName xml.Name `xml:"http://schemas.microsoft.com/ado/2007/06/edmx Edmx"`
		Version string   `xml:"Version,attr"`
		DS      struct {
			DSV    string `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata DataServiceVersion,attr"`
			Schema struct {
				Namespace string `xml:"Namespace,attr"`
				Types     []struct {
					Name string `xml:"Name,attr"`
					Keys []struct {
						Name string `xml:"Name,attr"`
					} `xml:"http://schemas.microsoft.com/ado/2008/09/edm Key>PropertyRef"`
					Props []struct {
						Name      string `xml:"Name,attr"`
						Type      string `xml:"Type,attr"`
						Nullable  string `xml:"Nullable,attr"`
						MaxLength string `xml:"MaxLength,attr"`
						Precision string `xml:"Precision,attr"`
						Scale     string `xml:"Scale,attr"`
					} `xml:"http://schemas.microsoft.com/ado/2008/09/edm Property"`
				} `xml:"http://schemas.microsoft.com/ado/2008/09/edm EntityType"`
				Container struct {
					Name    string `xml:"Name,attr"`
					Default string `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata IsDefaultEntityContainer,attr"`
					Sets    []struct {
						Name string `xml:"Name,attr"`
						Type string `xml:"EntityType,attr"`
					} `xml:"http://schemas.microsoft.com/ado/2008/09/edm EntitySet"`
				} `xml:"http://schemas.microsoft.com/ado/2008/09/edm EntityContainer"`
			} `xml:"http://schemas.microsoft.com/ado/2008/09/edm Schema"`
		} `xml:"http://schemas.microsoft.com/ado/2007/06/edmx DataServices"`
	}
	if err := xml.Unmarshal(body, &doc); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	s := doc.DS.Schema
	if doc.Version != "1.0" || doc.DS.DSV != "2.0" || s.Namespace != "odatagw" || s.Container.Default != "true" {
		t.Fatalf("header: %+v\n%s", doc, body)
	}
	if len(s.Types) != 1 || len(s.Types[0].Keys) != 2 || len(s.Container.Sets) != 1 || s.Container.Sets[0].Type != "odatagw.Line" {
		t.Fatalf("shape:\n%s", body)
	}
	want := map[string]string{"OrderNo": "Edm.Int64 false", "Code": "Edm.String false 10", "Day": "Edm.DateTime true",
		"At": "Edm.DateTime true  3", "Price": "Edm.Decimal false  12 2", "Ratio": "Edm.Decimal true  38 10",
		"Id": "Edm.Guid true", "Blob": "Edm.Binary true Max"}
	for _, p := range s.Types[0].Props {
		got := strings.TrimRight(strings.Join([]string{p.Type, p.Nullable, p.MaxLength, p.Precision, p.Scale}, " "), " ")
		if got != want[p.Name] {
			t.Errorf("%s: %q, want %q", p.Name, got, want[p.Name])
		}
	}
	for _, four := range []string{"Edm.Date\"", "Edm.TimeOfDay", "Edm.Duration", "Scale=\"variable\"", "oasis-open"} {
		if strings.Contains(string(body), four) {
			t.Errorf("4.0-only %s in the 2.0 metadata", four)
		}
	}
}

func TestValues(t *testing.T) {
	m := testModel()
	et := m.EntityTypes[0]
	p := func(n string) *edm.Property { return et.Property(n) }
	row := map[string]any{"OrderNo": json.Number("10248"), "Code": "O'NE L/1", "Day": "2024-02-29",
		"At": "2024-02-29T10:11:12.345Z", "Price": json.Number("12.50"), "Id": "0f8fad5b-d9cb-469f-a165-70867728950e", "Blob": "AQID"}
	path, err := entityPath("Lines", et, row)
	if err != nil || path != "Lines(OrderNo=10248L,Code='O''NE%20L%2F1')" {
		t.Errorf("entityPath = %q, %v", path, err)
	}
	cases := []struct {
		prop    string
		v       any
		verbose string
		text    string
		lit     string
	}{
		{"OrderNo", json.Number("10248"), `"10248"`, "10248", "10248L"},
		{"Price", json.Number("12.50"), `"12.50"`, "12.50", "12.50M"},
		{"Day", "2024-02-29", `"\/Date(1709164800000)\/"`, "2024-02-29T00:00:00", "datetime'2024-02-29T00:00:00'"},
		{"At", "2024-02-29T10:11:12.345+01:00", `"\/Date(1709197872345)\/"`, "2024-02-29T09:11:12.345", "datetime'2024-02-29T09:11:12.345'"},
		{"Id", "0f8fad5b-d9cb-469f-a165-70867728950e", `"0f8fad5b-d9cb-469f-a165-70867728950e"`, "0f8fad5b-d9cb-469f-a165-70867728950e", "guid'0f8fad5b-d9cb-469f-a165-70867728950e'"},
		{"Blob", "AQID", `"AQID"`, "AQID", "binary'010203'"},
		{"Code", "a<b>\"c\"", `"a\u003cb\u003e\"c\""`, "a<b>\"c\"", `'a<b>"c"'`},
	}
	for _, c := range cases {
		v, err := appendVerbose(nil, p(c.prop), c.v)
		if err != nil || string(v) != c.verbose {
			t.Errorf("%s verbose %s, %v; want %s", c.prop, v, err, c.verbose)
		}
		var back any
		if json.Unmarshal(v, &back) != nil {
			t.Errorf("%s verbose %s is not JSON", c.prop, v)
		}
		if s, err := text(p(c.prop), c.v); err != nil || s != c.text {
			t.Errorf("%s text %q, %v; want %q", c.prop, s, err, c.text)
		}
		if s, err := keyLiteral(p(c.prop), c.v); err != nil || s != c.lit {
			t.Errorf("%s literal %q, %v; want %q", c.prop, s, err, c.lit)
		}
		if c.prop != "Code" && c.prop != "Blob" { // the 2.0 literal parses back as the same literal kind
			if _, err := odata.ParseFilter("X eq " + c.lit); err != nil {
				t.Errorf("%s: %s does not parse: %v", c.prop, c.lit, err)
			}
		}
	}
}

func TestFormatNegotiation(t *testing.T) {
	for _, c := range []struct {
		query, accept string
		json          bool
		bad           bool
	}{
		{"", "", false, false},
		{"", "application/json", true, false},
		{"", "application/atom+xml,application/xml", false, false},
		{"", "application/xml, application/json", false, false},
		{"$format=json", "application/atom+xml", true, false},
		{"%24format=atom", "application/json", false, false},
		{"$format=application%2Fjson", "", true, false},
		{"$format=csv", "", false, true},
	} {
		got, err := wantsJSON(parseQuery(c.query), c.accept)
		if got != c.json || (err != nil) != c.bad {
			t.Errorf("%q %q: json %v err %v", c.query, c.accept, got, err)
		}
	}
}

func TestErrorShapes(t *testing.T) {
	e := odata.BadRequest("InvalidFilter", "$filter", "bad <filter> & more")
	ct, body := ErrorBody(e, true, "rid1")
	var j struct {
		Error struct {
			Code    string
			Message struct{ Lang, Value string }
		}
	}
	if err := json.Unmarshal(body, &j); err != nil || ct != jsonType || j.Error.Code != "InvalidFilter" || j.Error.Message.Lang != "en-US" || !strings.Contains(j.Error.Message.Value, "bad <filter> & more") {
		t.Errorf("JSON error %s %v", body, err)
	}
	ct, body = ErrorBody(e, false, "rid1")
	var x struct {
		XMLName xml.Name `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata error"`
		Code    string   `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata code"`
		Message struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Text string `xml:",chardata"`
		} `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata message"`
	}
	if err := xml.Unmarshal(body, &x); err != nil || ct != xmlType || x.Code != "InvalidFilter" || x.Message.Lang != "en-US" || !strings.Contains(x.Message.Text, "bad <filter> & more") {
		t.Errorf("XML error %s %v", body, err)
	}
}

func TestWriteBodies(t *testing.T) {
	et := testModel().EntityTypes[0]
	for _, c := range []struct{ in, want string }{
		{`{"d":{"__metadata":{"uri":"x"},"OrderNo":"7","Day":"\/Date(1709164800000)\/","At":"2024-02-29T10:11:12","Price":"1.5","Rel":{"__deferred":{}}}}`,
			`{"At":"2024-02-29T10:11:12Z","Day":"2024-02-29","OrderNo":7,"Price":1.5}`},
		{`<entry xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"><content type="application/xml"><m:properties>` +
			`<d:OrderNo m:type="Edm.Int64">7</d:OrderNo><d:Code>a&amp;b</d:Code><d:Day m:null="true"/><d:At>2024-02-29T10:11:12.5</d:At><d:Price>x</d:Price></m:properties></content></entry>`,
			`{"At":"2024-02-29T10:11:12.5Z","Code":"a\u0026b","Day":null,"OrderNo":7,"Price":"x"}`},
	} {
		got, err := toJSON4(et, []byte(c.in))
		if err != nil || string(got) != c.want {
			t.Errorf("%s\n → %s, %v\nwant %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{`[1]`, `<entry><unclosed>`, `<entry/>`, `{"Day":"yesterday"}`} {
		if _, err := toJSON4(et, []byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		} else if e, ok := odata.AsError(err); !ok || e.Status != 400 {
			t.Errorf("%s: %v, want a 400", bad, err)
		}
	}
}
