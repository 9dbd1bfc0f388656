package console

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/odatagw/odatagw/salesforce"
)

type check struct {
	Name, State, Text, Fix string
}

type salesforceData struct {
	URL        string
	URLDerived bool
	Fields     [][2]string
	FieldsErr  string
	Checks     []check
	ToFix      int
	AuthHelp   string
	Name       string
	Pagination string
}

func (c *Console) settings(r *http.Request) (salesforce.Settings, bool) {
	s := c.o.Salesforce
	s.URL, s.PageSize = c.o.PublicURL, c.o.MaxPageSize
	derived := false
	if s.URL == "" {
		scheme := "http"
		if c.secure(r) {
			scheme = "https"
		}
		s.URL, derived = scheme+"://"+r.Host+c.o.BasePath+"/", true
	}
	if n := r.URL.Query().Get("name"); n != "" {
		s.Name = n
	}
	if p := r.URL.Query().Get("pagination"); p == "SERVER" || p == "CLIENT" {
		s.Pagination = p
	}
	return s, derived
}

func (c *Console) salesforcePage(w http.ResponseWriter, r *http.Request, who string) {
	s, derived := c.settings(r)
	d := salesforceData{URL: s.URL, URLDerived: derived, Name: s.Name, Pagination: s.Pagination}
	if d.Name == "" {
		d.Name = "odatagw"
	}
	if d.Pagination == "" {
		d.Pagination = "CLIENT"
	}
	if f, err := salesforce.Fields(s); err != nil {
		d.FieldsErr = err.Error()
	} else {
		d.Fields = f
	}
	d.Checks = c.checklist(s, derived)
	for _, ch := range d.Checks {
		if ch.State != "ok" {
			d.ToFix++
		}
	}
	d.AuthHelp = authHelp(s)
	c.render(w, r, http.StatusOK, "salesforce", "Salesforce", d, who)
}

// checklist says what stands between this configuration and a working External Data
// Source, and how to fix each item.
func (c *Console) checklist(s salesforce.Settings, derived bool) []check {
	var out []check
	switch {
	case derived:
		out = append(out, check{"HTTPS public URL", "bad", "-public-url is not set; the service root below is only how this browser reached the gateway.",
			"Run the gateway with -public-url https://gw.example.com" + c.o.BasePath + "/ (the address Salesforce can reach, behind TLS)."})
	case !strings.HasPrefix(s.URL, "https://"):
		out = append(out, check{"HTTPS public URL", "bad", "The public URL is not https://: credentials and data would cross the internet in clear text, and Salesforce refuses http:// endpoints for named principals.",
			"Put TLS in front (-tls-cert/-tls-key, or a proxy) and set -public-url to the https:// address."})
	default:
		out = append(out, check{"HTTPS public URL", "ok", "Salesforce calls " + s.URL, ""})
	}
	switch s.Auth {
	case salesforce.AuthNone:
		out = append(out, check{"Authentication", "bad", "None: anyone who can reach the URL reads the data.",
			"Configure -basic-auth user:password (Identity Type Named Principal, protocol Password), -api-keys, or -jwt-jwks-url."})
	case salesforce.AuthBasic:
		out = append(out, check{"Authentication", "ok", "HTTP Basic: enter a -basic-auth user and password in the data source.", ""})
	case salesforce.AuthJWT:
		out = append(out, check{"Authentication", "ok", "OAuth bearer tokens (JWT) through a Named Credential.", ""})
	case salesforce.AuthAPIKey:
		out = append(out, check{"Authentication", "ok", "API key in the " + s.APIKeyHeader + " header.", ""})
	}
	switch {
	case s.Writable && !s.CSRF:
		out = append(out, check{"CSRF", "warn", "Some entity sets are writable but CSRF tokens are off.",
			"Run with -csrf and tick CSRF Protection in the data source (Anti-CSRF Token Name " + s.CSRFHeader + ")."})
	case s.CSRF:
		out = append(out, check{"CSRF", "ok", "CSRF tokens are on; tick CSRF Protection in the data source.", ""})
	default:
		out = append(out, check{"CSRF", "ok", "Not needed: every entity set is read-only.", ""})
	}
	if c.o.MaxPageSize > 2000 {
		out = append(out, check{"Page size", "warn", fmt.Sprintf("-max-page-size is %d; Salesforce's server-driven pagination takes pages of at most 2,000 rows.", c.o.MaxPageSize),
			"Run with -max-page-size 2000, or keep Server Driven Pagination off."})
	} else {
		out = append(out, check{"Page size", "ok", fmt.Sprintf("Pages hold at most %s rows.", fmtInt(float64(c.o.MaxPageSize))), ""})
	}
	const sfMax = 8 << 20
	if c.o.MaxPageBytes <= 0 || c.o.MaxPageBytes > sfMax-64<<10 {
		out = append(out, check{"Byte cap", "bad", fmt.Sprintf("-max-page-bytes is %s; Salesforce rejects responses over 8 MB.", fmtBytes(float64(c.o.MaxPageBytes))),
			"Run with -max-page-bytes 7340032 (7 MiB): a page stops early with a next link."})
	} else {
		out = append(out, check{"Byte cap", "ok", fmt.Sprintf("Pages stop at %s, under Salesforce's 8 MB.", fmtBytes(float64(c.o.MaxPageBytes))), ""})
	}
	return out
}

func authHelp(s salesforce.Settings) string {
	switch s.Auth {
	case salesforce.AuthBasic:
		return "Under Administrative User, enter one -basic-auth user name and its password; they are not in the package."
	case salesforce.AuthJWT:
		return fmt.Sprintf("Create an Auth. Provider for your OAuth issuer and a Named Credential named %q with URL %s (External Credential: OAuth 2.0, the -jwt-audience as scope). The data source calls through it.", s.Name, s.URL)
	case salesforce.AuthAPIKey:
		return fmt.Sprintf("After deploying, add a Custom HTTP Header %q whose value is the API key (a string formula in quotes).", s.APIKeyHeader)
	}
	return "No authentication is configured: fix that first (see the checklist)."
}

// packageZip serves the Metadata API package the `salesforce -out` command writes, as
// a zip for `sf project deploy start --metadata-zip`.
func (c *Console) packageZip(w http.ResponseWriter, r *http.Request, who string) {
	s, _ := c.settings(r)
	p, err := salesforce.PackageXML(s)
	var ds []byte
	if err == nil {
		ds, err = salesforce.DataSourceXML(s)
	}
	if err != nil {
		c.render(w, r, http.StatusBadRequest, "message", "Package", message{Title: "The package cannot be built", Text: err.Error(), Back: Prefix + "salesforce"}, who)
		return
	}
	_ = s.Validate() // defaults (the name) for the file names
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		body []byte
	}{{"package.xml", p}, {"externalDataSources/" + s.Name + ".dataSource", ds}} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Now()})
		if err == nil {
			_, err = fw.Write(f.body)
		}
		if err != nil {
			http.Error(w, "zip: "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	if err := zw.Close(); err != nil {
		http.Error(w, "zip: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+s.Name+`-salesforce-package.zip"`)
	_, _ = w.Write(buf.Bytes())
}

// ---- Actions ----
