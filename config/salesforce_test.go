package config

import (
	"io"
	"strings"
	"testing"
)

func TestSalesforceLookupsDecode(t *testing.T) {
	file := writeFile(t, `
tables:
  customers:
    salesforce:
      lookups:
        - column: customer_code
          indirect: {object: Account, field: CustomerCode__c}
          relationship: ErpCustomers
          label: ERP customers
  orders:
    salesforce:
      lookups:
        - {column: region, external: Regions}
        - {column: owner, indirect: {object: acme__Owner__c, field: acme__Badge__c}}
`)
	c, err := Load([]string{"-config", file}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	l := c.Tables["customers"].Salesforce.Lookups
	if len(l) != 1 || l[0].Column != "customer_code" || l[0].Indirect == nil || l[0].Indirect.Object != "Account" ||
		l[0].Indirect.Field != "CustomerCode__c" || l[0].Relationship != "ErpCustomers" || l[0].Label != "ERP customers" {
		t.Errorf("customers lookups: %+v", l)
	}
	o := c.Tables["orders"].Salesforce.Lookups
	if len(o) != 2 || o[0].External != "Regions" || o[0].Indirect != nil || o[1].Indirect.Object != "acme__Owner__c" {
		t.Errorf("orders lookups: %+v", o)
	}
}

func TestSalesforceLookupsInvalid(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{`{column: "", external: Regions}`, "column is required"},
		{`{column: c}`, "give indirect"},
		{`{column: c, external: Regions, indirect: {object: Account, field: A__c}}`, "exclude each other"},
		{`{column: c, indirect: {object: Regions__x, field: A__c}}`, "external object"},
		{`{column: c, indirect: {object: "Acc ount", field: A__c}}`, "not a standard"},
		{`{column: c, indirect: {object: 1Account, field: A__c}}`, "not a standard"},
		{`{column: c, indirect: {object: Account, field: Name}}`, "not a custom field"},
		{`{column: c, indirect: {object: Account, field: Bad__Name__x}}`, "not a custom field"},
		{`{column: c, indirect: {object: Account, field: Code_1__c}, relationship: "a b"}`, "relationship"},
		{`{column: c, indirect: {object: Account, field: A__c}, relationship: x_}`, "relationship"},
		{`{column: c, external: Regions__x}`, "name the entity set (Regions)"},
		{`{column: c, external: "a-b"}`, "not an entity-set name"},
		{`{column: c, external: Regions, unknown: 1}`, "unknown"},
		{"{column: c, external: Regions}\n        - {column: c, external: Other}", "more than one lookup"},
	} {
		file := writeFile(t, "tables:\n  orders:\n    salesforce:\n      lookups:\n        - "+tc.yaml+"\n")
		_, err := Load([]string{"-config", file}, env(nil), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.yaml, err, tc.want)
		}
	}
}
