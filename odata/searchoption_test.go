package odata

import "testing"

func TestRewriteSearchOption(t *testing.T) {
	for _, c := range []struct{ in, name, want string }{
		{"$top=25&doSearch=Acme", "doSearch", "$top=25&$search=%27Acme%27"},
		{"doSearch=O%27Neil+Co&$top=1", "doSearch", "$search=%27O%27%27Neil+Co%27&$top=1"},
		{"doSearch=&$top=1", "doSearch", "$top=1"},
		{"doSearch=x&$search=y", "doSearch", "$search=y"},
		{"dosearch=x", "doSearch", "dosearch=x"},
		{"doSearch=x", "", "doSearch=x"},
		{"$filter=doSearch eq 1", "doSearch", "$filter=doSearch eq 1"},
	} {
		if got := RewriteSearchOption(c.in, c.name); got != c.want {
			t.Errorf("%q %q: %q, want %q", c.in, c.name, got, c.want)
		}
	}
	// What it produces parses as one phrase.
	q, err := ParseQuery(RewriteSearchOption("doSearch=O%27Neil+%22Co%22+AND", "doSearch"))
	if err != nil {
		t.Fatal(err)
	}
	if term, ok := q.Search.(*SearchTerm); !ok || term.Text != `O'Neil "Co" AND` || !term.Phrase {
		t.Errorf("parsed %#v", q.Search)
	}
}
