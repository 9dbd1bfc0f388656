// Package salesforce generates the Salesforce Connect set-up for a gateway: the
// External Data Source settings to click through in Setup, and a deployable Metadata
// API package (package.xml + externalDataSources/<Name>.dataSource). It knows nothing
// of databases or HTTP; the app fills Settings from the gateway's configuration.
package salesforce

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// MetadataNamespace is the Metadata API's XML namespace.
const MetadataNamespace = "http://soap.sforce.com/2006/04/metadata"

// DefaultAPIVersion is the Metadata API version written to package.xml.
const DefaultAPIVersion = "62.0"

// Auth is how Salesforce authenticates to the gateway.
type Auth int

const (
	AuthNone   Auth = iota // Anonymous, NoAuthentication
	AuthBasic              // Named Principal, Password (HTTP Basic)
	AuthJWT                // OAuth bearer tokens through a Named Credential
	AuthAPIKey             // a Custom HTTP Header carrying the key
)

// Settings describe one External Data Source.
type Settings struct {
	Name       string // API name (fullName), e.g. "odatagw"
	Label      string // shown in Setup
	URL        string // the gateway's public service root, ending in '/'
	Writable   bool   // any entity set accepts writes
	CSRF       bool
	CSRFHeader string
	Auth       Auth
	// APIKeyHeader is the header name for AuthAPIKey.
	APIKeyHeader string
	Pagination   string // "CLIENT" (default) or "SERVER"
	PageSize     int64  // the gateway's -max-page-size (rows per server-driven page)
	Compression  bool   // Compress Requests (the gateway accepts gzip bodies)
	Timeout      int    // Connection Timeout in seconds (max 120)
	APIVersion   string
	// Adapter is "odata4" (default: Salesforce Connect: OData 4.0) or "odata2" (OData
	// 2.0; URL is then the gateway's 2.0 root, -v2-base-path).
	Adapter string
	// Format is the 2.0 adapter's payload format, "ATOM" (Salesforce's default) or
	// "JSON"; the 4.0 adapter always speaks JSON.
	Format string
	// SearchOption is the gateway's -search-option, the 2.0 adapter's "Custom Query
	// Option for Salesforce Search" ("" leaves it off: substringof chains).
	SearchOption string
	// Objects are the external objects (with their External Lookups) the package
	// creates; none leaves that to Setup's "Validate and Sync" (objects.go).
	Objects []Object
}

var apiName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,39}$`)

// Validate fills defaults and checks the settings.
func (s *Settings) Validate() error {
	if s.Name == "" {
		s.Name = "odatagw"
	}
	if !apiName.MatchString(s.Name) || strings.Contains(s.Name, "__") || strings.HasSuffix(s.Name, "_") {
		return fmt.Errorf("name %q is not a Salesforce API name (a letter, then letters, digits and single underscores, at most 40, not ending in _)", s.Name)
	}
	if s.Label == "" {
		s.Label = s.Name
	}
	if !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
		return fmt.Errorf("the public URL %q must be an absolute https:// URL that Salesforce can reach", s.URL)
	}
	if !strings.HasSuffix(s.URL, "/") {
		s.URL += "/"
	}
	s.Pagination = strings.ToUpper(s.Pagination)
	switch s.Pagination {
	case "":
		s.Pagination = "CLIENT"
	case "CLIENT", "SERVER":
	default:
		return fmt.Errorf("pagination %q is not CLIENT or SERVER", s.Pagination)
	}
	if s.Pagination == "SERVER" && s.PageSize > 2000 {
		return fmt.Errorf("server-driven pages hold at most 2,000 rows; run the gateway with -max-page-size 2000 or less (now %d)", s.PageSize)
	}
	if s.Timeout <= 0 || s.Timeout > 120 {
		s.Timeout = 120
	}
	if s.CSRFHeader == "" {
		s.CSRFHeader = "X-CSRF-Token"
	}
	if s.APIKeyHeader == "" {
		s.APIKeyHeader = "X-API-Key"
	}
	switch s.Adapter = strings.ToLower(s.Adapter); s.Adapter {
	case "", "odata4":
		s.Adapter, s.Format = "odata4", "JSON"
	case "odata2":
		switch s.Format = strings.ToUpper(s.Format); s.Format {
		case "":
			s.Format = "ATOM"
		case "ATOM", "JSON":
		default:
			return fmt.Errorf("format %q is not atom or json", s.Format)
		}
	default:
		return fmt.Errorf("adapter %q is not odata4 or odata2", s.Adapter)
	}
	if s.APIVersion == "" {
		s.APIVersion = DefaultAPIVersion
	}
	if _, err := strconv.ParseFloat(s.APIVersion, 64); err != nil {
		return fmt.Errorf("API version %q is not like 62.0", s.APIVersion)
	}
	return nil
}

// endpoint is the URL field: the service root, or a Named Credential for OAuth.
func (s *Settings) endpoint() string {
	if s.Auth == AuthJWT {
		return "callout:" + s.Name
	}
	return s.URL
}

func (s *Settings) principalAndProtocol() (string, string) {
	if s.Auth == AuthBasic {
		return "NamedUser", "Password"
	}
	// OAuth lives in the Named Credential; API keys travel in a Custom HTTP Header.
	return "Anonymous", "NoAuthentication"
}

// customConfiguration is the JSON the Metadata API keeps the adapter settings in,
// with keys in a fixed order.
func (s *Settings) customConfiguration() string {
	pairs := [][2]string{
		{"inlineCountEnabled", "true"},
		{"pagination", s.Pagination},
		{"noIdMapping", "false"},
		{"requestCompression", strconv.FormatBool(s.Compression)},
		{"searchEnabled", "true"},
		{"format", s.Format},
		{"compatibility", "DEFAULT"},
		{"timeout", strconv.Itoa(s.Timeout)},
		{"csrfTokenEnabled", strconv.FormatBool(s.CSRF)},
	}
	if s.CSRF {
		pairs = append(pairs, [2]string{"csrfTokenName", s.CSRFHeader})
	}
	if s.Adapter == "odata2" && s.SearchOption != "" {
		pairs = append(pairs, [2]string{"searchFunc", s.SearchOption})
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(p[0])
		v, _ := json.Marshal(p[1])
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.String()
}

// dataSource is the ExternalDataSource metadata document.
type dataSource struct {
	XMLName             xml.Name `xml:"ExternalDataSource"`
	Xmlns               string   `xml:"xmlns,attr"`
	CustomConfiguration string   `xml:"customConfiguration"`
	Endpoint            string   `xml:"endpoint"`
	IsWritable          bool     `xml:"isWritable"`
	Label               string   `xml:"label"`
	PrincipalType       string   `xml:"principalType"`
	Protocol            string   `xml:"protocol"`
	Type                string   `xml:"type"`
}

// DataSourceXML renders externalDataSources/<Name>.dataSource.
func DataSourceXML(s Settings) ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	pt, proto := s.principalAndProtocol()
	d := dataSource{Xmlns: MetadataNamespace, CustomConfiguration: s.customConfiguration(), Endpoint: s.endpoint(),
		IsWritable: s.Writable, Label: s.Label, PrincipalType: pt, Protocol: proto, Type: s.sourceType()}
	return marshal(d)
}

type pkg struct {
	XMLName xml.Name  `xml:"Package"`
	Xmlns   string    `xml:"xmlns,attr"`
	Types   []pkgType `xml:"types"`
	Version string    `xml:"version"`
}

type pkgType struct {
	Members []string `xml:"members"`
	Name    string   `xml:"name"`
}

// sourceType is the Metadata API's ExternalDataSource type of the adapter.
func (s *Settings) sourceType() string {
	if s.Adapter == "odata2" {
		return "OData"
	}
	return "OData4"
}

// PackageXML renders package.xml naming the one External Data Source.
func PackageXML(s Settings) ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	types := []pkgType{{Members: []string{s.Name}, Name: "ExternalDataSource"}}
	if len(s.Objects) > 0 {
		t := pkgType{Name: "CustomObject"}
		for _, o := range s.Objects {
			t.Members = append(t.Members, o.Set+"__x")
		}
		types = append(types, t)
	}
	return marshal(pkg{Xmlns: MetadataNamespace, Types: types, Version: s.APIVersion})
}

func marshal(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", "    ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// WritePackage writes package.xml and externalDataSources/<Name>.dataSource under dir.
func WritePackage(dir string, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	p, err := PackageXML(s)
	if err != nil {
		return err
	}
	ds, err := DataSourceXML(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "externalDataSources"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "package.xml"), p, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "externalDataSources", s.Name+".dataSource"), ds, 0o644); err != nil {
		return err
	}
	return writeObjects(dir, s) // objects.go
}

// Fields are the settings to enter in Setup → External Data Sources → New, as
// (field, value) pairs in the order Setup shows them.
func Fields(s Settings) ([][2]string, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	rows := [][2]string{
		{"External Data Source (label)", s.Label},
		{"Name", s.Name},
		{"Type", typeLabel(s)},
		{"URL", s.endpoint()},
		{"Connection Timeout", strconv.Itoa(s.Timeout) + " s"},
		{"Writable External Objects", onOff(s.Writable)},
		{"High Data Volume", "off (HDV disables writes, CSRF and ID mapping)"},
	}
	if s.Pagination == "SERVER" {
		rows = append(rows, [2]string{"Server Driven Pagination", fmt.Sprintf("on: the gateway sends pages of %d rows with next links", s.PageSize)})
	} else {
		rows = append(rows, [2]string{"Server Driven Pagination", "off (CLIENT: Salesforce pages with $top/$skip; the gateway returns exactly min($top, remaining) rows)"})
	}
	rows = append(rows,
		[2]string{"Request Row Counts", countLabel(s)},
		[2]string{"Compress Requests", onOff(s.Compression)},
		[2]string{"Enable Search", "on"},
		searchRow(s),
		[2]string{"Format", formatLabel(s)},
		[2]string{"Special Compatibility", "None"},
	)
	if s.CSRF {
		rows = append(rows, [2]string{"CSRF Protection", "on, Anti-CSRF Token Name " + s.CSRFHeader})
	} else {
		rows = append(rows, [2]string{"CSRF Protection", "off"})
	}
	pt, proto := s.principalAndProtocol()
	rows = append(rows, [2]string{"Identity Type", pt}, [2]string{"Authentication Protocol", proto})
	return rows, nil
}

// Describe prints the settings to enter in Setup → External Data Sources → New, and
// what to do about authentication.
func Describe(w io.Writer, s Settings) error {
	rows, err := Fields(s)
	if err != nil {
		return err
	}
	_ = s.Validate() // Fields validated a copy; fill the defaults here too
	fmt.Fprintf(w, "Salesforce Connect External Data Source for %s\n\n", s.URL)
	for _, r := range rows {
		fmt.Fprintf(w, "  %-34s %s\n", r[0], r[1])
	}
	fmt.Fprintln(w)
	switch s.Auth {
	case AuthBasic:
		fmt.Fprintln(w, "Authentication: enter one -basic-auth user name and its password under Administrative User (they are not in the package).")
	case AuthJWT:
		fmt.Fprintf(w, "Authentication: create an Auth. Provider for your OAuth issuer and a Named Credential named %q with URL %s\n", s.Name, s.URL)
		fmt.Fprintln(w, "(External Credential: OAuth 2.0, the -jwt-audience as scope/audience). The URL above calls through it.")
	case AuthAPIKey:
		fmt.Fprintf(w, "Authentication: after deploying, add a Custom HTTP Header %q with the API key as its value (a string formula in quotes).\n", s.APIKeyHeader)
	default:
		fmt.Fprintln(w, "Authentication: none configured. Anyone who can reach the URL can read (and write) the data; configure -basic-auth, -jwt-jwks-url or -api-keys.")
	}
	if !strings.HasPrefix(s.URL, "https://") {
		fmt.Fprintln(w, "Warning: the URL is not https://; Salesforce sends credentials and data over it.")
	}
	return nil
}

func typeLabel(s Settings) string {
	if s.Adapter == "odata2" {
		return "Salesforce Connect: OData 2.0 (OData)"
	}
	return "Salesforce Connect: OData 4.0 (OData4)"
}

func countLabel(s Settings) string {
	if s.Adapter == "odata2" {
		return "on ($inlinecount=allpages; needed by COUNT() and batch Apex)"
	}
	return "on ($count=true; needed by COUNT() and batch Apex)"
}

func formatLabel(s Settings) string {
	if s.Adapter == "odata2" {
		return map[string]string{"ATOM": "AtomPub", "JSON": "JSON"}[s.Format]
	}
	return "JSON"
}

func searchRow(s Settings) [2]string {
	if s.Adapter != "odata2" {
		return [2]string{"Use Free-Text Search Expressions", "on ($search; set this checkbox in Setup, the Metadata API package does not carry it)"}
	}
	if s.SearchOption == "" {
		return [2]string{"Custom Query Option for Salesforce Search", "empty (searches send substringof chains; run the gateway with -search-option doSearch to use one)"}
	}
	return [2]string{"Custom Query Option for Salesforce Search", s.SearchOption + " (the gateway's -search-option)"}
}
