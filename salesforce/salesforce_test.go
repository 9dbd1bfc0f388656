package salesforce

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// parsed is what the tests read back from the dataSource XML.
type parsed struct {
	XMLName             xml.Name
	CustomConfiguration string `xml:"customConfiguration"`
	Endpoint            string `xml:"endpoint"`
	IsWritable          string `xml:"isWritable"`
	Label               string `xml:"label"`
	PrincipalType       string `xml:"principalType"`
	Protocol            string `xml:"protocol"`
	Type                string `xml:"type"`
}

func TestPackageIsWellFormedAndComplete(t *testing.T) {
	dir := t.TempDir()
	s := Settings{Name: "Erp_Gateway", URL: "https://gw.example.com/odata", Writable: true, CSRF: true, Auth: AuthBasic, PageSize: 500}
	if err := WritePackage(dir, s); err != nil {
		t.Fatal(err)
	}
	ds, err := os.ReadFile(filepath.Join(dir, "externalDataSources", "Erp_Gateway.dataSource"))
	if err != nil {
		t.Fatal(err)
	}
	var p parsed
	if err := xml.Unmarshal(ds, &p); err != nil {
		t.Fatalf("dataSource is not well-formed: %v", err)
	}
	if p.XMLName.Space != MetadataNamespace || p.XMLName.Local != "ExternalDataSource" {
		t.Errorf("root element %v", p.XMLName)
	}
	want := parsed{Endpoint: "https://gw.example.com/odata/", IsWritable: "true", Label: "Erp_Gateway",
		PrincipalType: "NamedUser", Protocol: "Password", Type: "OData4"}
	p.XMLName, want.CustomConfiguration = xml.Name{}, p.CustomConfiguration
	if p != want {
		t.Errorf("dataSource fields\n got %+v\nwant %+v", p, want)
	}
	var cc map[string]string
	if err := json.Unmarshal([]byte(p.CustomConfiguration), &cc); err != nil {
		t.Fatalf("customConfiguration is not JSON: %v", err)
	}
	for k, v := range map[string]string{"inlineCountEnabled": "true", "pagination": "CLIENT", "searchEnabled": "true",
		"noIdMapping": "false", "format": "JSON", "timeout": "120", "csrfTokenEnabled": "true", "csrfTokenName": "X-CSRF-Token",
		"requestCompression": "false", "compatibility": "DEFAULT"} {
		if cc[k] != v {
			t.Errorf("customConfiguration %s = %q, want %q", k, cc[k], v)
		}
	}

	pk, err := os.ReadFile(filepath.Join(dir, "package.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var pkgDoc struct {
		XMLName xml.Name
		Types   []struct {
			Members []string `xml:"members"`
			Name    string   `xml:"name"`
		} `xml:"types"`
		Version string `xml:"version"`
	}
	if err := xml.Unmarshal(pk, &pkgDoc); err != nil {
		t.Fatalf("package.xml is not well-formed: %v", err)
	}
	if pkgDoc.XMLName.Space != MetadataNamespace || pkgDoc.XMLName.Local != "Package" || pkgDoc.Version != DefaultAPIVersion ||
		len(pkgDoc.Types) != 1 || pkgDoc.Types[0].Name != "ExternalDataSource" || len(pkgDoc.Types[0].Members) != 1 || pkgDoc.Types[0].Members[0] != "Erp_Gateway" {
		t.Errorf("package.xml: %+v", pkgDoc)
	}

	// xmllint checks well-formedness independently when installed (no XSD for the
	// Metadata API is available offline).
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		for _, f := range []string{filepath.Join(dir, "package.xml"), filepath.Join(dir, "externalDataSources", "Erp_Gateway.dataSource")} {
			if out, err := exec.Command(xmllint, "--noout", f).CombinedOutput(); err != nil {
				t.Errorf("xmllint %s: %v\n%s", f, err, out)
			}
		}
	}
}

func TestAuthMapping(t *testing.T) {
	for _, c := range []struct {
		auth                     Auth
		endpoint, principal, pro string
	}{
		{AuthNone, "https://gw/odata/", "Anonymous", "NoAuthentication"},
		{AuthBasic, "https://gw/odata/", "NamedUser", "Password"},
		{AuthJWT, "callout:gw", "Anonymous", "NoAuthentication"},
		{AuthAPIKey, "https://gw/odata/", "Anonymous", "NoAuthentication"},
	} {
		b, err := DataSourceXML(Settings{Name: "gw", URL: "https://gw/odata/", Auth: c.auth})
		if err != nil {
			t.Fatal(err)
		}
		var p parsed
		if err := xml.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		if p.Endpoint != c.endpoint || p.PrincipalType != c.principal || p.Protocol != c.pro || p.IsWritable != "false" {
			t.Errorf("auth %d: %+v", c.auth, p)
		}
		if strings.Contains(p.CustomConfiguration, "csrfTokenName") {
			t.Errorf("auth %d: csrfTokenName without CSRF", c.auth)
		}
	}
}

func TestValidate(t *testing.T) {
	bad := []Settings{
		{Name: "9lives", URL: "https://gw/"},
		{Name: "a__b", URL: "https://gw/"},
		{Name: "trailing_", URL: "https://gw/"},
		{Name: "ok", URL: "gw.example.com"},
		{Name: "ok", URL: "https://gw/", Pagination: "BOTH"},
		{Name: "ok", URL: "https://gw/", Pagination: "SERVER", PageSize: 5000},
	}
	for _, s := range bad {
		if err := s.Validate(); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	var buf bytes.Buffer
	if err := Describe(&buf, Settings{URL: "http://gw/odata/", Pagination: "server", PageSize: 200}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"OData4", "pages of 200 rows", "Request Row Counts", "Free-Text", "not https://", "none configured"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("Describe lacks %q:\n%s", want, buf.String())
		}
	}
}
