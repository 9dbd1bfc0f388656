package adapters

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/odatagw/odatagw/adapters/internal/conn"
	"github.com/odatagw/odatagw/adapters/mysql"
	"github.com/odatagw/odatagw/adapters/oracle"
	"github.com/odatagw/odatagw/adapters/postgres"
	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/adapters/sqlserver"
)

// Engine is one registered database: the -driver name that selects it, the other
// names accepted for it, and its constructor.
type Engine struct {
	// Name is the canonical -driver value, the folder adapters/<Name> and the
	// adapter's Dialect().Name() (golden files are keyed by it).
	Name string
	// Aliases are other -driver values that select this engine.
	Aliases []string
	// New returns a fresh, unconnected adapter whose warnings (columns left out,
	// hidden tables) go to log; nil means slog.Default().
	New func(log *slog.Logger) Adapter
}

// engines is the registry: one line per database, in the order Names lists them (and
// the golden files render them). Adding a database is its folder plus one line here
// (see ADDING.md). A table rather than init-time self-registration: the order is
// stable, the list is greppable, and nothing registers as a side effect of an import.
var engines = []Engine{
	{Name: "sqlite", New: func(l *slog.Logger) Adapter { return &sqlite.Adapter{Logger: l} }},
	{Name: "mysql", New: func(l *slog.Logger) Adapter { return &mysql.Adapter{Logger: l} }},
	{Name: "postgres", Aliases: []string{"postgresql", "pgx"}, New: func(l *slog.Logger) Adapter { return &postgres.Adapter{Logger: l} }},
	{Name: "sqlserver", New: func(l *slog.Logger) Adapter { return &sqlserver.Adapter{Logger: l} }},
	{Name: "oracle", New: func(l *slog.Logger) Adapter { return &oracle.Adapter{Logger: l} }},
}

// Engines returns the registered databases, in registry order.
func Engines() []Engine { return append([]Engine(nil), engines...) }

// Names returns the canonical engine names (aliases excluded), in registry order.
func Names() []string {
	names := make([]string, len(engines))
	for i, e := range engines {
		names[i] = e.Name
	}
	return names
}

// Lookup returns the engine a -driver value names, by its name or an alias. An
// unknown name is an error that lists the valid ones.
func Lookup(name string) (Engine, error) {
	for _, e := range engines {
		if e.Name == name {
			return e, nil
		}
		for _, a := range e.Aliases {
			if a == name {
				return e, nil
			}
		}
	}
	return Engine{}, fmt.Errorf("adapters: unknown database %q (valid: %s)", name, strings.Join(Names(), ", "))
}

// Open returns a fresh adapter for a -driver value (see Lookup) logging to
// slog.Default(); app uses Lookup and Engine.New to hand it the gateway's logger.
func Open(name string) (Adapter, error) {
	e, err := Lookup(name)
	if err != nil {
		return nil, err
	}
	return e.New(nil), nil
}

// Redact returns err with the DSN and every password it holds (URL, MySQL and
// key=value forms, escaped or quoted) removed from its text; the result unwraps to
// err. It is the gateway's one DSN redaction: the adapters' own errors pass through
// it, and app applies it to every error that may quote the DSN before logging it.
func Redact(err error, dsn string) error {
	if err == nil {
		return nil
	}
	return conn.Redact("", err, dsn)
}
