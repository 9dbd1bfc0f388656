package odata

import "testing"

// TestVersion401OptionNames: in 4.01 system query option names are case-insensitive
// and may omit the '$' (URL Conventions 4.01 §5.1); in 4.0 such names stay custom.
func TestVersion401OptionNames(t *testing.T) {
	raw := "select=CustomerID,CompanyName&FILTER=Country%20eq%20'Germany'&OrderBy=CustomerID&top=5&Count=true&skip=1&search=x&$format=json&custom=1"
	q, err := ParseQuery(raw, ParseOptions{Version401: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Select) != 2 || q.Filter == nil || len(q.OrderBy) != 1 || q.Top == nil || *q.Top != 5 ||
		q.Skip == nil || *q.Skip != 1 || q.Count == nil || !*q.Count || q.Search == nil {
		t.Errorf("4.01: options not read as system options: %+v", q)
	}
	if len(q.Custom) != 1 || q.Custom["custom"] != "1" {
		t.Errorf("4.01: custom options = %v, want only custom=1", q.Custom)
	}
	// The same name twice, once with '$' and once without, is a duplicate.
	if _, err := ParseQuery("top=1&$top=2", ParseOptions{Version401: true}); err == nil {
		t.Error("4.01: top=1&$top=2 accepted")
	}
	// Unsupported system options stay 501, malformed values 400, also without '$'.
	if _, err := ParseQuery("apply=groupby((A))", ParseOptions{Version401: true}); err == nil || err.(*Error).Status != 501 {
		t.Errorf("4.01 apply=: %v, want 501", err)
	}
	// expand (issue 14) is a system option too, and so are its nested options.
	if q, err := ParseQuery("expand=Orders(top=2;filter=A%20eq%201)", ParseOptions{Version401: true}); err != nil ||
		len(q.Expand) != 1 || q.Expand[0].Options.Top == nil || q.Expand[0].Options.Filter == nil {
		t.Errorf("4.01 expand=Orders(top=2;filter=…): %+v, %v", q, err)
	}
	if _, err := ParseQuery("top=x", ParseOptions{Version401: true}); err == nil || err.(*Error).Status != 400 {
		t.Errorf("4.01 top=x: %v, want 400", err)
	}
	// 4.0: unchanged, the names are custom options.
	q, err = ParseQuery(raw, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if q.Filter != nil || q.Select != nil || q.Top != nil || q.Count != nil || len(q.Custom) != 8 {
		t.Errorf("4.0: %+v", q)
	}
}
