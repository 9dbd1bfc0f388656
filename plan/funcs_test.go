package plan

import (
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// TestFuncTableBinding binds every BindSQL row of odata.Funcs at each arity the table
// allows, with properties of its argument classes, and checks that the binder built a
// Func of that name with the row's result type.
func TestFuncTableBinding(t *testing.T) {
	cat := testCatalog(t)
	props := map[odata.ArgClass]string{odata.ArgAny: "ShipName", odata.ArgString: "ShipName",
		odata.ArgNumber: "Freight", odata.ArgInteger: "OrderNo", odata.ArgDateTime: "Shipped", odata.ArgDTO: "Shipped"}
	for i := range odata.Funcs {
		spec := &odata.Funcs[i]
		if spec.Binding != odata.BindSQL {
			continue
		}
		for n := spec.Min; n <= spec.Max; n++ {
			args := make([]string, n)
			for k := range args {
				args[k] = props[spec.Args[k]]
			}
			call := spec.Print() + "(" + strings.Join(args, ",") + ")"
			url := "orders?$orderby=" + call
			switch {
			case spec.Predicate:
				url = "orders?$filter=" + call
			case n == 0: // ordering by a constant orders nothing: compare it instead
				url = "orders?$filter=" + call + " gt Shipped"
			}
			q, err := build(t, cat, url, Limits{})
			if err != nil {
				t.Errorf("%s: %v", url, err)
				continue
			}
			x := q.Filter
			switch c, ok := x.(*Compare); {
			case ok:
				x = c.L
			case !spec.Predicate:
				x = q.OrderBy[0].Expr
			}
			f, ok := x.(*Func)
			if !ok || f.Name != spec.Name || len(f.Args) != n {
				t.Errorf("%s = %v, want a %s call", url, x, spec.Name)
				continue
			}
			want := edm.Type(spec.Result)
			if spec.SameAsArg {
				want = f.Args[0].Type()
			}
			if f.T != want || f.T == "" {
				t.Errorf("%s: type %q, want %q", url, f.T, want)
			}
		}
	}
}
