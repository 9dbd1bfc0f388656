package odatagw_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// The import rules of ARCHITECTURE.md, enforced. Only non-test imports count.

const module = "github.com/odatagw/odatagw"

type pkg struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	var pkgs []pkg
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	return pkgs
}

func rel(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, module), "/") }

func isStdlib(p string) bool { return !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") }

var sqlDrivers = []string{
	"github.com/go-sql-driver/mysql",
	"github.com/jackc/pgx",
	"modernc.org/sqlite",
	"github.com/microsoft/go-mssqldb",
	"github.com/sijms/go-ora",
}

func TestImportRules(t *testing.T) {
	for _, p := range listPackages(t) {
		name := rel(p.ImportPath)
		for _, imp := range p.Imports {
			internal := strings.HasPrefix(imp, module)
			switch {
			case strings.HasPrefix(imp, "github.com/gofiber/fiber") && name != "server" && !strings.HasPrefix(name, "bench/"):
				t.Errorf("%s imports fiber; only server (and the bench/ baselines) may", name)
			case !strings.HasPrefix(name, "adapters/") && hasPrefixAny(imp, sqlDrivers):
				t.Errorf("%s imports the SQL driver %s; only adapters/* may", name, imp)
			}
			switch name {
			case "odata", "odata/edm":
				if !isStdlib(imp) {
					t.Errorf("%s must import only the standard library, imports %s", name, imp)
				}
			case "plan", "sqlgen", "catalog", "odata/jsonfmt", "cache":
				if imp == "database/sql" {
					t.Errorf("%s imports database/sql; it performs no I/O", name)
				}
			}
			if internal && !allowed(name, rel(imp)) {
				t.Errorf("%s may not import %s", name, rel(imp))
			}
			if rel(imp) == "console" && name != "server" && name != "app" {
				t.Errorf("%s imports console; only server and app may", name)
			}
		}
		// Pure packages must not reach database/sql or fiber even indirectly.
		switch name {
		case "odata", "odata/edm", "plan", "sqlgen", "catalog":
			for _, d := range p.Deps {
				if d == "database/sql" || strings.HasPrefix(d, "github.com/gofiber/") {
					t.Errorf("%s depends on %s", name, d)
				}
			}
		}
	}
}

// internalRules lists, per package, the module packages it may import.
var internalRules = map[string][]string{
	"odata":         {},
	"odata/edm":     {},
	"odata/jsonfmt": {"odata", "odata/edm"},
	"catalog":       {"odata/edm"},
	"plan":          {"odata", "odata/edm", "catalog"},
	"sqlgen":        {"plan", "odata", "odata/edm", "catalog"},
	"cache":         {},
	"config":        {},
	"demo":          {},
	"gateway":       {"odata", "odata/edm", "odata/jsonfmt", "catalog", "plan", "sqlgen", "cache"},
	"server":        {"gateway", "odata", "odata/jsonfmt", "cache", "auth", "metrics", "console"},
	// The operator console reads what exists (the live service's catalog and model,
	// the metrics registry, the Salesforce generator); only server and app import it.
	"console":    {"gateway", "catalog", "odata/edm", "metrics", "salesforce"},
	"auth":       {"odata"},
	"salesforce": {},
	"metrics":    {},
	// Load-test baselines: a fixed-bytes fiber handler, and direct SQL on the demo.
	"bench/fixed":  {},
	"bench/direct": {"adapters/sqlite", "demo"},
}

func allowed(from, to string) bool {
	switch {
	case strings.HasPrefix(from, "adapters/"):
		// adapters/internal/... holds what the adapters share; it follows the same rule.
		return to == "sqlgen" || to == "catalog" || to == "odata/edm" || to == "plan" ||
			strings.HasPrefix(to, "adapters/internal/")
	case from == "adapters":
		return strings.HasPrefix(to, "adapters/") || to == "catalog" || to == "sqlgen"
	case from == "app" || strings.HasPrefix(from, "cmd/") || from == "conformance" || from == "replay" || strings.HasPrefix(from, "examples"):
		return true
	}
	rules, ok := internalRules[from]
	if !ok {
		return false // a new package must be added to the rules (and ARCHITECTURE.md)
	}
	for _, r := range rules {
		if r == to {
			return true
		}
	}
	return false
}

func hasPrefixAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
