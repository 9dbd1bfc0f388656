package app

import (
	"bytes"
	"encoding/xml"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/salesforce"
)

// demoConfig is the embedded demo with the given per-table options.
func demoConfig(t *testing.T, tables map[string]config.Table) *config.Config {
	t.Helper()
	cfg, err := config.Load(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tables = tables
	return cfg
}

func lookups(ls ...config.Lookup) *config.SalesforceTable {
	return &config.SalesforceTable{Lookups: ls}
}

func field(t *testing.T, objs []salesforce.Object, set, name string) salesforce.Field {
	t.Helper()
	for _, o := range objs {
		if o.Set != set {
			continue
		}
		for _, f := range o.Fields {
			if f.Name == name {
				return f
			}
		}
	}
	t.Fatalf("no field %s.%s", set, name)
	return salesforce.Field{}
}

// TestSalesforceConfiguredLookups: lookups from the YAML file become Indirect and
// External Lookups on the demo schema, win over a foreign key of the same column, and
// leave the foreign-key lookups of other columns alone; the package parses back.
func TestSalesforceConfiguredLookups(t *testing.T) {
	account := &config.IndirectTarget{Object: "Account", Field: "CustomerCode__c"}
	cfg := demoConfig(t, map[string]config.Table{
		"customers": {Salesforce: lookups(config.Lookup{Column: "CustomerCode", Indirect: account, Relationship: "ErpCustomers", Label: "ERP customers"})},
		"ledger": {Salesforce: lookups(
			config.Lookup{Column: "CustomerCode", Indirect: account, Relationship: "LedgerEntries"},
			config.Lookup{Column: "ExternalRef", External: "orders"})},
	})
	svc, closeAll, err := Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	objs, err := salesforceObjects(svc.Catalog, cfg.Tables)
	if err != nil {
		t.Fatal(err)
	}
	if f := field(t, objs, "customers", "CustomerCode"); f.IndirectTo != "Account" || f.IndirectField != "CustomerCode__c" ||
		f.RelationshipName != "ErpCustomers" || f.RelationshipLabel != "ERP customers" || f.LookupTo != "" {
		t.Errorf("customers.CustomerCode: %+v", f)
	}
	if f := field(t, objs, "ledger", "CustomerCode"); f.IndirectTo != "Account" || f.LookupTo != "" || f.RelationshipName != "LedgerEntries" {
		t.Errorf("ledger.CustomerCode (configured over its foreign key): %+v", f)
	}
	if f := field(t, objs, "ledger", "ExternalRef"); f.LookupTo != "orders" || f.RelationshipName != "ledger" || f.IndirectTo != "" {
		t.Errorf("ledger.ExternalRef (no foreign key): %+v", f)
	}
	if f := field(t, objs, "orders", "CustomerCode"); f.LookupTo != "customers" || f.IndirectTo != "" {
		t.Errorf("orders.CustomerCode keeps its foreign-key lookup: %+v", f)
	}
	dir := t.TempDir()
	if err := salesforce.WritePackage(dir, salesforce.Settings{URL: "https://gw.example.com/odata/", Objects: objs}); err != nil {
		t.Fatal(err)
	}
}

// TestSalesforceLookupErrors: a lookup naming what the schema does not serve is a
// configuration error when the gateway loads, with the table and column in the message.
func TestSalesforceLookupErrors(t *testing.T) {
	account := &config.IndirectTarget{Object: "Account", Field: "Code__c"}
	for _, tc := range []struct {
		name   string
		tables map[string]config.Table
		want   string
	}{
		{"unknown column", map[string]config.Table{"customers": {Salesforce: lookups(config.Lookup{Column: "Nope", Indirect: account})}},
			`tables.customers.salesforce.lookups[0]: table "customers" has no column "Nope"`},
		{"hidden table", map[string]config.Table{"customers": {Hidden: true, Salesforce: lookups(config.Lookup{Column: "CustomerCode", Indirect: account})}},
			`table "customers" is not served`},
		{"unknown entity set", map[string]config.Table{"ledger": {Salesforce: lookups(config.Lookup{Column: "ExternalRef", External: "Invoices"})}},
			`external "Invoices" is not a served entity set`},
		{"composite key", map[string]config.Table{"ledger": {Salesforce: lookups(config.Lookup{Column: "ExternalRef", External: "Order_Lines"})}},
			"composite key"},
		{"binary column", map[string]config.Table{"products": {Salesforce: lookups(config.Lookup{Column: "Thumbnail", Indirect: account})}},
			"binary"},
	} {
		cfg := demoConfig(t, tc.tables)
		_, closeAll, err := Open(t.Context(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err == nil {
			closeAll()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}

// TestSalesforceCommandIndirectLookup runs `odatagw salesforce -objects -out DIR
// -config FILE` on the demo: the YAML lookup reaches the written package.
func TestSalesforceCommandIndirectLookup(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "odatagw.yaml")
	yaml := "tables:\n  customers:\n    salesforce:\n      lookups:\n        - {column: CustomerCode, indirect: {object: Account, field: CustomerCode__c}}\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pkg")
	var stdout, stderr bytes.Buffer
	code := runSalesforce([]string{"-objects", "-out", out, "-public-url", "https://gw.example.com/odata/", "-config", file},
		func(string) string { return "" }, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "External ID and Unique before deploying: Account.CustomerCode__c\n") {
		t.Errorf("the parent field to create is not named:\n%s", stdout.String())
	}
	b, err := os.ReadFile(filepath.Join(out, "objects", "customers__x.object"))
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Fields []struct {
			FullName             string `xml:"fullName"`
			Type                 string `xml:"type"`
			ReferenceTo          string `xml:"referenceTo"`
			ReferenceTargetField string `xml:"referenceTargetField"`
			RelationshipName     string `xml:"relationshipName"`
		} `xml:"fields"`
	}
	if err := xml.Unmarshal(b, &o); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range o.Fields {
		if f.FullName == "CustomerCode__c" {
			found = true
			if f.Type != "IndirectLookup" || f.ReferenceTo != "Account" || f.ReferenceTargetField != "CustomerCode__c" || f.RelationshipName != "customers" {
				t.Errorf("CustomerCode__c: %+v", f)
			}
		}
	}
	if !found {
		t.Errorf("no CustomerCode__c field in\n%s", b)
	}
}
