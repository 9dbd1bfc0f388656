package adapters_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// reachesDialect reports whether plan hands calls of spec to the dialects as a
// plan.Func: the BindSQL functions, and cast.
func reachesDialect(spec *odata.FuncSpec) bool {
	return spec.Binding == odata.BindSQL || spec.Name == odata.FnCast
}

// funcArgs builds n arguments of the classes spec declares: the first a column, the
// others constants, as plan binds them.
func funcArgs(spec *odata.FuncSpec, n int) []plan.Expr {
	if spec.Name == odata.FnCast {
		return []plan.Expr{column(edm.Int32, "int"), &plan.Const{T: edm.String, V: "Edm.String"}}
	}
	args := make([]plan.Expr, n)
	for i := range args {
		t, sqlType, v := edm.String, "varchar(20)", any("A")
		switch spec.Args[i] {
		case odata.ArgNumber:
			t, sqlType, v = edm.Decimal, "decimal(10,2)", "1.5"
		case odata.ArgInteger:
			t, sqlType, v = edm.Int32, "int", int64(1)
		case odata.ArgDateTime, odata.ArgDTO:
			t, sqlType, v = edm.DateTimeOffset, "timestamp", nil
		}
		if i == 0 || v == nil {
			args[i] = column(t, sqlType)
		} else {
			args[i] = &plan.Const{T: t, V: v}
		}
	}
	return args
}

func column(t edm.Type, sqlType string) plan.Expr {
	return &plan.ColumnRef{Col: &catalog.Column{Name: "C", SQLType: sqlType, Type: t}}
}

// render writes f as the builder would: a predicate function as a condition, any
// other as a value. A dialect that panics fails the test rather than the process.
func render(d sqlgen.Dialect, f *plan.Func) (sql string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	b := sqlgen.NewBuilder(d)
	if f.Name.Predicate() {
		b.Pred(f, false)
	} else {
		b.Expr(f)
	}
	sql, _, err = b.Finish()
	return sql, err
}

// TestFuncTable checks the one table of canonical functions against every registered
// dialect: each function that reaches SQL, at each arity the table allows, renders or
// is refused with ErrUnsupported naming the function — never another error or a
// panic; the core functions render in every dialect; each such function renders in
// at least one (else it should be BindDeferred). It also checks the table's own rows.
func TestFuncTable(t *testing.T) {
	seen := map[odata.Func]bool{}
	for i := range odata.Funcs {
		spec := &odata.Funcs[i]
		if seen[spec.Name] {
			t.Errorf("%s: two rows", spec.Name)
		}
		seen[spec.Name] = true
		if got, ok := odata.LookupFunc(strings.ToUpper(spec.Print())); !ok || got != spec {
			t.Errorf("%s: not found case-insensitively", spec.Name)
		}
		if spec.Name != odata.Func(strings.ToLower(string(spec.Name))) || spec.Min > spec.Max || spec.Versions == 0 {
			t.Errorf("%s: malformed row %+v", spec.Name, *spec)
		}
		if spec.Binding == odata.BindSQL && (len(spec.Args) != spec.Max || (spec.Result == "") == !spec.SameAsArg) {
			t.Errorf("%s: a BindSQL row needs Max argument classes and one result rule", spec.Name)
		}
		if spec.Predicate && spec.Result != string(edm.Boolean) {
			t.Errorf("%s: a predicate must be Boolean", spec.Name)
		}
	}

	var matrix strings.Builder
	for i := range odata.Funcs {
		spec := &odata.Funcs[i]
		if !reachesDialect(spec) {
			continue
		}
		rendered := 0
		fmt.Fprintf(&matrix, "\n%-20s", spec.Name)
		for _, e := range adapters.Engines() {
			d := e.New(nil).Dialect()
			ok := true
			for n := spec.Min; n <= spec.Max; n++ {
				f := &plan.Func{Name: spec.Name, Args: funcArgs(spec, n), T: edm.String}
				sql, err := render(d, f)
				switch {
				case err == nil && sql != "":
				case errors.Is(err, sqlgen.ErrUnsupported) && strings.Contains(err.Error(), "function "+string(spec.Name)):
					ok = false
				default:
					t.Errorf("%s: %s/%d: %q, %v (want SQL or ErrUnsupported naming the function)", e.Name, spec.Name, n, sql, err)
					ok = false
				}
			}
			if ok {
				rendered++
			} else if sqlgen.CheckCoreFunc(&plan.Func{Name: spec.Name, Args: funcArgs(spec, spec.Min)}) == nil {
				t.Errorf("%s: the core function %s does not render", e.Name, spec.Name)
			}
			fmt.Fprintf(&matrix, " %-9s", map[bool]string{true: e.Name, false: "-"}[ok])
		}
		if rendered == 0 {
			t.Errorf("%s reaches SQL but no dialect renders it", spec.Name)
		}
	}
	t.Log("functions rendered by each dialect:" + matrix.String())
}
