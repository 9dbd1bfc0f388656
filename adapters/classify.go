package adapters

import (
	"github.com/odatagw/odatagw/sqlgen"
)

// Classifier returns the adapter's error classifier, or one that classifies nothing.
// Every registered adapter implements ErrorClassifier (TestEngines checks it).
func Classifier(a Adapter) func(error) sqlgen.Violation {
	if c, ok := a.(ErrorClassifier); ok {
		return c.ClassifyError
	}
	return func(error) sqlgen.Violation { return sqlgen.NoViolation }
}
