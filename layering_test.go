package odatagw_test

import (
	"encoding/json"
	"os/exec"
	"slices"
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

// sharedAdapterLibs are the third-party packages the engine folders import that are
// not SQL drivers: the pool type every layer that holds a connection uses.
var sharedAdapterLibs = []string{"github.com/jmoiron/sqlx"}

// sqlDrivers returns the Go modules of the SQL drivers: every third-party module an
// engine folder (adapters/<name>) imports, other than sharedAdapterLibs. Derived, so
// a new engine's driver is covered without editing this file; each engine must bring
// at least one (else the rule below could not catch anything for it).
func sqlDrivers(t *testing.T, pkgs []pkg) []string {
	t.Helper()
	var imports []string
	perEngine := map[string]int{}
	for _, p := range pkgs {
		name := rel(p.ImportPath)
		engine, ok := strings.CutPrefix(name, "adapters/")
		if !ok || strings.Contains(engine, "/") || engine == "internal" {
			continue
		}
		perEngine[engine] += 0
		for _, imp := range p.Imports {
			if !isStdlib(imp) && !strings.HasPrefix(imp, module) && !hasPrefixAny(imp, sharedAdapterLibs) {
				imports = append(imports, imp)
				perEngine[engine]++
			}
		}
	}
	for engine, n := range perEngine {
		if n == 0 {
			t.Errorf("adapters/%s imports no SQL driver of its own", engine)
		}
	}
	if len(perEngine) == 0 {
		t.Fatal("no engine folder under adapters/")
	}
	out, err := exec.Command("go", append([]string{"list", "-f", "{{with .Module}}{{.Path}}{{end}}"}, imports...)...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var mods []string
	for _, m := range strings.Fields(string(out)) {
		if !slices.Contains(mods, m) {
			mods = append(mods, m)
		}
	}
	return mods
}

func TestImportRules(t *testing.T) {
	pkgs := listPackages(t)
	drivers := sqlDrivers(t, pkgs)
	for _, p := range pkgs {
		name := rel(p.ImportPath)
		for _, imp := range p.Imports {
			internal := strings.HasPrefix(imp, module)
			switch {
			case strings.HasPrefix(imp, "github.com/gofiber/fiber") && name != "server" && !strings.HasPrefix(name, "bench/"):
				t.Errorf("%s imports fiber; only server (and the bench/ baselines) may", name)
			case !strings.HasPrefix(name, "adapters/") && hasPrefixAny(imp, drivers):
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
	"server":        {"gateway", "odata", "odata/jsonfmt", "cache", "auth", "metrics", "console", "batch"},
	"batch":         {"odata"},
	// Change tracking: tokens, change sources, the invalidation feed (issue 12).
	"changes": {"gateway", "odata", "odata/edm", "catalog", "plan", "sqlgen"},
	// The operator console reads what exists (the live service's catalog and model,
	// the metrics registry, the Salesforce generator); only server and app import it.
	"console": {"gateway", "catalog", "odata/edm", "metrics", "salesforce"},
	// the OData 2.0 edge: re-encodes the gateway's pages; no fiber, no SQL
	"server/odatav2": {"gateway", "odata", "odata/edm"},
	"auth":           {"odata"},
	"salesforce":     {},
	"metrics":        {},
	// Load-test baselines: a fixed-bytes fiber handler, and direct SQL on the demo.
	"bench/fixed":  {},
	"bench/direct": {"adapters/sqlite", "demo"},
	// Shared cache generations through Redis (a RESP client of its own) and its test helper.
	"cache/redisgen":           {},
	"cache/redisgen/redistest": {},
	// The golden-file format of the SQL tests (test helper, stdlib only).
	"internal/golden": {},
}

func allowed(from, to string) bool {
	switch {
	case strings.HasPrefix(from, "adapters/"):
		// adapters/internal/... holds what the adapters share; it follows the same rule.
		return to == "sqlgen" || to == "catalog" || to == "odata/edm" || to == "plan" ||
			strings.HasPrefix(to, "adapters/internal/") ||
			(from == "adapters/internal/goldentest" && to == "internal/golden")
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
