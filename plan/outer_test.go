package plan

import (
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
)

// TestOuterRefString: the canonical form (cache keys) tells a lambda's own column
// from the same column of an enclosing row, and the enclosing rows from each other;
// $it and no prefix are the same row.
func TestOuterRefString(t *testing.T) {
	cat := nodeCatalog(t)
	set := cat.Tables[0].SetName
	var nav string
	for _, n := range cat.Tables[0].Navs {
		if n.Many {
			nav = n.Name
		}
	}
	seen := map[string]string{}
	for _, f := range []string{
		nav + "/any(c:c/id eq c/parent_id)",
		nav + "/any(c:c/id eq parent_id)",
		nav + "/any(c:c/" + nav + "/any(g:g/id eq c/parent_id))",
		nav + "/any(c:c/" + nav + "/any(g:g/id eq parent_id))",
		nav + "/any(c:c/" + nav + "/any(g:g/id eq g/parent_id))",
	} {
		req, err := odata.ParseURL(set, "$filter="+strings.ReplaceAll(f, " ", "%20"))
		if err != nil {
			t.Fatal(err)
		}
		q, err := Build(req, cat, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		s := q.String()
		if other, ok := seen[s]; ok {
			t.Errorf("%s and %s have the same canonical form %s", f, other, s)
		}
		seen[s] = f
	}
	// $it/parent_id is the same row as parent_id without a prefix.
	req, _ := odata.ParseURL(set, "$filter="+nav+"/any(c:c/id%20eq%20$it/parent_id)")
	q, err := Build(req, cat, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if seen[q.String()] != nav+"/any(c:c/id eq parent_id)" {
		t.Errorf("$it/parent_id: %s", q.String())
	}
}
