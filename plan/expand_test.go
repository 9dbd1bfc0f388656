package plan

import (
	"errors"
	"fmt"
	"testing"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// nodeCatalog is one self-referencing table: nodes(id, parent_id → nodes.id).
func nodeCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.New([]*catalog.Table{{Name: "nodes", PrimaryKey: []string{"id"},
		Columns:     []*catalog.Column{{Name: "id", Type: edm.Int32}, {Name: "parent_id", Type: edm.Int32, Nullable: true}},
		ForeignKeys: []catalog.ForeignKey{{Name: "fk_parent", Columns: []string{"parent_id"}, RefTable: "nodes", RefColumns: []string{"id"}}},
	}}, catalog.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// expandShape renders the expansion tree: nav[raw options]{children}.
func expandShape(xs []*Expand) string {
	s := ""
	for _, x := range xs {
		s += fmt.Sprintf("%s%v{%s}", x.Nav.Name, x.Raw, expandShape(x.Q.Expand))
	}
	return s
}

// TestExpandLevels: $levels unfolds into nested expansions, each carrying in Raw the
// rest of the recursion its next link needs.
func TestExpandLevels(t *testing.T) {
	cat := nodeCatalog(t)
	tb := cat.Tables[0]
	var one, many string
	for _, n := range tb.Navs {
		if n.Many {
			many = n.Name
		} else {
			one = n.Name
		}
	}
	for _, c := range []struct{ url, want string }{
		{"nodes?$expand=*", one + "[]{}" + many + "[]{}"},
		{"nodes?$expand=*($levels=2)",
			one + "[[$expand *]]{" + one + "[]{}" + many + "[]{}}" + many + "[[$expand *]]{" + one + "[]{}" + many + "[]{}}"},
		{"nodes?$expand=" + many + "($levels=3;$top=2)",
			many + "[[$top 2] [$expand " + many + "($top=2;$levels=2)]]{" + many + "[[$top 2] [$expand " + many + "($top=2)]]{" + many + "[[$top 2]]{}}}"},
		{"nodes?$expand=" + many + "/" + one + "($levels=2)", // the 2.0 path form keeps $levels
			many + "[[$expand " + one + "($levels=2)]]{" + one + "[[$expand " + one + "]]{" + one + "[]{}}}"},
		{"nodes?$expand=" + one + "($levels=max)", one + "[[$expand " + one + "($levels=2)]]{" + one + "[[$expand " + one + "]]{" + one + "[]{}}}"},
	} {
		q, err := build(t, cat, c.url, Limits{MaxExpandDepth: 3})
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if got := expandShape(q.Expand); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.url, got, c.want)
		}
	}
}

// TestExpandBounds: too deep is 400, and so is a request expanding more than
// MaxExpandNavs navigation properties in all.
func TestExpandBounds(t *testing.T) {
	cat := nodeCatalog(t)
	for _, c := range []struct {
		url  string
		lim  int
		code string
	}{
		{"nodes?$expand=*($levels=4)", 3, "InvalidQueryOption"},
		{"nodes?$expand=*($levels=6)", 6, ""}, // 2+4+…+64 = 126 navigation properties
		{"nodes?$expand=*($levels=5)", 6, ""}, // 62
	} {
		_, err := build(t, cat, c.url, Limits{MaxExpandDepth: c.lim})
		var oe *odata.Error
		switch {
		case c.url == "nodes?$expand=*($levels=5)":
			if err != nil {
				t.Errorf("%s: %v (62 expansions are within the bound)", c.url, err)
			}
		case !errors.As(err, &oe) || oe.Status != 400:
			t.Errorf("%s: want a 400, got %v", c.url, err)
		case c.code != "" && oe.Code != c.code, c.code == "" && oe.Code != "QueryTooComplex":
			t.Errorf("%s: code %s", c.url, oe.Code)
		}
	}
}
