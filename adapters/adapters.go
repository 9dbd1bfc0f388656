package adapters

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/odatagw/odatagw/adapters/mysql"
	"github.com/odatagw/odatagw/adapters/oracle"
	"github.com/odatagw/odatagw/adapters/postgres"
	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/adapters/sqlserver"
)

// Names returns the adapter names Open accepts (aliases excluded).
func Names() []string { return []string{"sqlite", "mysql", "postgres", "sqlserver", "oracle"} }

// Open returns the adapter for a configured source's database name: "sqlite";
// "mysql" (also MariaDB); "postgres" (aliases "postgresql", "pgx"); "sqlserver";
// "oracle". An unknown name is an error that lists the valid ones.
func Open(name string) (Adapter, error) {
	switch name {
	case "sqlite":
		return sqlite.New(), nil
	case "mysql":
		return mysql.New(), nil
	case "postgres", "postgresql", "pgx":
		return postgres.New(), nil
	case "sqlserver":
		return sqlserver.New(), nil
	case "oracle":
		return oracle.New(), nil
	}
	return nil, fmt.Errorf("adapters: unknown database %q (valid: %s)", name, strings.Join(Names(), ", "))
}

// SetLogger makes the adapter send its warnings (columns it cannot publish, hidden tables) to
// log instead of slog.Default().
func SetLogger(a Adapter, log *slog.Logger) {
	switch a := a.(type) {
	case *sqlite.Adapter:
		a.Logger = log
	case *mysql.Adapter:
		a.Logger = log
	case *postgres.Adapter:
		a.Logger = log
	case *sqlserver.Adapter:
		a.Logger = log
	case *oracle.Adapter:
		a.Logger = log
	}
}
