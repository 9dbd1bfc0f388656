package salesforce

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
)

// TestOData2Adapter: -adapter odata2 writes an External Data Source of type OData
// (2.0) with the chosen format and the search option; bad values are refused.
func TestOData2Adapter(t *testing.T) {
	for _, c := range []struct{ format, want string }{{"", "ATOM"}, {"json", "JSON"}, {"Atom", "ATOM"}} {
		s := Settings{URL: "https://gw.example.com/odata/v2/", Adapter: "odata2", Format: c.format, SearchOption: "doSearch"}
		out, err := DataSourceXML(s)
		if err != nil {
			t.Fatal(err)
		}
		var d dataSource
		if err := xml.Unmarshal(out, &d); err != nil {
			t.Fatal(err)
		}
		var cc map[string]string
		if err := json.Unmarshal([]byte(d.CustomConfiguration), &cc); err != nil {
			t.Fatal(err)
		}
		if d.Type != "OData" || cc["format"] != c.want || cc["searchFunc"] != "doSearch" || cc["inlineCountEnabled"] != "true" || d.Endpoint != s.URL {
			t.Errorf("format %q: type %s, config %v, endpoint %s", c.format, d.Type, cc, d.Endpoint)
		}
		rows, _ := Fields(s)
		var all []string
		for _, r := range rows {
			all = append(all, r[0]+"="+r[1])
		}
		if j := strings.Join(all, "\n"); !strings.Contains(j, "OData 2.0") || !strings.Contains(j, "$inlinecount") {
			t.Errorf("fields:\n%s", j)
		}
	}
	d4, _ := DataSourceXML(Settings{URL: "https://gw.example.com/odata/"})
	if !strings.Contains(string(d4), "<type>OData4</type>") || strings.Contains(string(d4), "searchFunc") {
		t.Errorf("default adapter changed:\n%s", d4)
	}
	for _, bad := range []Settings{{URL: "https://x/", Adapter: "odata3"}, {URL: "https://x/", Adapter: "odata2", Format: "csv"}} {
		if _, err := DataSourceXML(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}
