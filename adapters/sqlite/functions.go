package sqlite

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// SQLite's LOWER and UPPER fold ASCII letters only ('café' → 'CAFé') unless the ICU
// extension is compiled in, which the pure-Go driver does not have. OData's tolower and
// toupper, and the case-insensitive $search, fold every letter, so the adapter
// registers Unicode-aware functions with the driver (for every connection it opens).
//
// SQLite has no REGEXP function of its own either: odatagw_regexp(text, pattern) is
// OData's matchesPattern, a Go regular expression (RE2, the common subset of the
// ECMAScript syntax OData specifies; plan has already refused constant patterns Go
// cannot compile) searched anywhere in the text, case-sensitively: 1, 0, or NULL when
// either argument is NULL.
const (
	lowerFunc  = "odatagw_lower"
	upperFunc  = "odatagw_upper"
	regexpFunc = "odatagw_regexp"
)

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(lowerFunc, 1, caseFunc(strings.ToLower))
	sqlite.MustRegisterDeterministicScalarFunction(upperFunc, 1, caseFunc(strings.ToUpper))
	sqlite.MustRegisterDeterministicScalarFunction(regexpFunc, 2, regexpMatch)
}

func textArg(v driver.Value) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

func regexpMatch(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	if args[0] == nil || args[1] == nil {
		return nil, nil
	}
	s, ok1 := textArg(args[0])
	p, ok2 := textArg(args[1])
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s: text arguments expected", regexpFunc)
	}
	re, err := compiled(p)
	if err != nil {
		return nil, err
	}
	if re.MatchString(s) {
		return int64(1), nil
	}
	return int64(0), nil
}

// regexps caches compiled patterns (a query calls the function once per row, almost
// always with the same pattern). It is bounded: when full it starts over.
var regexps = struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}{m: map[string]*regexp.Regexp{}}

const maxRegexps = 64

func compiled(p string) (*regexp.Regexp, error) {
	regexps.Lock()
	re := regexps.m[p]
	regexps.Unlock()
	if re != nil {
		return re, nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid pattern: %w", regexpFunc, err)
	}
	regexps.Lock()
	if len(regexps.m) >= maxRegexps {
		clear(regexps.m)
	}
	regexps.m[p] = re
	regexps.Unlock()
	return re, nil
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
