package adapters

import (
	"github.com/odatagw/odatagw/adapters/mysql"
	"github.com/odatagw/odatagw/adapters/oracle"
	"github.com/odatagw/odatagw/adapters/postgres"
	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/adapters/sqlserver"
	"github.com/odatagw/odatagw/sqlgen"
)

// Every adapter classifies its driver's write errors.
var (
	_ ErrorClassifier = (*sqlite.Adapter)(nil)
	_ ErrorClassifier = (*mysql.Adapter)(nil)
	_ ErrorClassifier = (*postgres.Adapter)(nil)
	_ ErrorClassifier = (*sqlserver.Adapter)(nil)
	_ ErrorClassifier = (*oracle.Adapter)(nil)

	_ sqlgen.KeyReturner = mysql.Dialect{}
	_ sqlgen.KeyReturner = sqlserver.Dialect{}
	_ sqlgen.KeyReturner = oracle.Dialect{}
)

// Classifier returns the adapter's error classifier, or one that classifies nothing.
func Classifier(a Adapter) func(error) sqlgen.Violation {
	if c, ok := a.(ErrorClassifier); ok {
		return c.ClassifyError
	}
	return func(error) sqlgen.Violation { return sqlgen.NoViolation }
}
