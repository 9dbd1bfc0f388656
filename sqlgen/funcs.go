package sqlgen

import (
	"fmt"

	"github.com/odatagw/odatagw/plan"
)

// coreFuncs gives the least and most argument counts of the core canonical functions:
// the string, date-part, rounding and clock functions that every dialect renders
// (contains, startswith and endswith go through Dialect.Like instead).
var coreFuncs = map[string][2]int{
	"length": {1, 1}, "tolower": {1, 1}, "toupper": {1, 1}, "trim": {1, 1},
	"concat": {2, 2}, "indexof": {2, 2}, "substring": {2, 3},
	"year": {1, 1}, "month": {1, 1}, "day": {1, 1}, "hour": {1, 1}, "minute": {1, 1},
	"second": {1, 1}, "fractionalseconds": {1, 1}, "date": {1, 1},
	"round": {1, 1}, "floor": {1, 1}, "ceiling": {1, 1},
	"now": {0, 0}, "maxdatetime": {0, 0}, "mindatetime": {0, 0},
}

// CheckCoreFunc returns an error wrapping ErrUnsupported ("function <name>") when f is
// not one of the core canonical functions, and a plain error when it has the wrong
// number of arguments (plan never builds such a call). A dialect that renders the core
// set and nothing more calls it first, so that its Func may index f.Args freely.
func CheckCoreFunc(f *plan.Func) error {
	n, ok := coreFuncs[f.Name]
	if !ok {
		return Unsupported("function " + f.Name)
	}
	if len(f.Args) < n[0] || len(f.Args) > n[1] {
		return fmt.Errorf("function %s: %d arguments", f.Name, len(f.Args))
	}
	return nil
}
