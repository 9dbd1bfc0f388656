package sqlite

import (
	"database/sql/driver"
	"strings"

	"modernc.org/sqlite"
)

// SQLite's LOWER and UPPER fold ASCII letters only ('café' → 'CAFé') unless the ICU
// extension is compiled in, which the pure-Go driver does not have. OData's tolower and
// toupper, and the case-insensitive $search, fold every letter, so the adapter
// registers Unicode-aware functions with the driver (for every connection it opens).
const (
	lowerFunc = "odatagw_lower"
	upperFunc = "odatagw_upper"
)

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(lowerFunc, 1, caseFunc(strings.ToLower))
	sqlite.MustRegisterDeterministicScalarFunction(upperFunc, 1, caseFunc(strings.ToUpper))
}

// caseFunc applies f to text (and to blobs holding text, as LOWER does); other values
// pass through unchanged and NULL stays NULL.
func caseFunc(f func(string) string) func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return f(v), nil
		case []byte:
			return f(string(v)), nil
		}
		return args[0], nil
	}
}
