package sqlgen

import (
	"fmt"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
)

// coreFuncs are the core canonical functions: the string, date-part, rounding and
// clock functions that every dialect renders (contains, startswith and endswith go
// through Dialect.Like instead). Their arities are odata.Funcs'.
var coreFuncs = map[odata.Func]bool{
	odata.FnLength: true, odata.FnToLower: true, odata.FnToUpper: true, odata.FnTrim: true,
	odata.FnConcat: true, odata.FnIndexOf: true, odata.FnSubstring: true,
	odata.FnYear: true, odata.FnMonth: true, odata.FnDay: true, odata.FnHour: true, odata.FnMinute: true,
	odata.FnSecond: true, odata.FnFractionalSeconds: true, odata.FnDate: true,
	odata.FnRound: true, odata.FnFloor: true, odata.FnCeiling: true,
	odata.FnNow: true, odata.FnMaxDateTime: true, odata.FnMinDateTime: true,
}

// CheckCoreFunc returns an error wrapping ErrUnsupported ("function <name>") when f is
// not one of the core canonical functions, and a plain error when it has a number of
// arguments odata.Funcs does not allow (plan never builds such a call). A dialect that
// renders the core set and nothing more calls it first, so that its Func may index
// f.Args freely.
func CheckCoreFunc(f *plan.Func) error {
	spec := f.Name.Spec()
	if spec == nil || !coreFuncs[f.Name] {
		return Unsupported("function " + string(f.Name))
	}
	if len(f.Args) < spec.Min || len(f.Args) > spec.Max {
		return fmt.Errorf("function %s: %d arguments", f.Name, len(f.Args))
	}
	return nil
}
