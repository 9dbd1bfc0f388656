package adapters_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/adapters"
)

// requiredFiles are what every adapters/<name> folder holds (ADDING.md).
var requiredFiles = []string{"adapter.go", "dialect.go", "introspect.go", "types.go", "write.go"}

// sharedSuites are the calls by which an engine's tests run a shared suite: the
// semantic suite against a live database (in-process, or with a DSN from the
// environment) or, for engines without a server in CI, the offline golden SQL.
var sharedSuites = []string{"semantics.Run(", "goldentest.Check("}

// TestEngines checks every registered engine: it is found by its name and aliases,
// builds an adapter that takes the gateway's logger and classifies its driver's
// errors, its dialect carries its name, its folder has the required files and
// testdata/, and its tests run a shared suite.
func TestEngines(t *testing.T) {
	if len(adapters.Engines()) == 0 {
		t.Fatal("no engine registered")
	}
	seen := map[string]string{}
	for _, e := range adapters.Engines() {
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			if other, dup := seen[name]; dup {
				t.Errorf("%s: name %q already names %s", e.Name, name, other)
			}
			seen[name] = e.Name
			got, err := adapters.Lookup(name)
			if err != nil || got.Name != e.Name {
				t.Errorf("Lookup(%q) = %q, %v; want %s", name, got.Name, err, e.Name)
			}
		}
		log := slog.New(slog.DiscardHandler)
		a := e.New(log)
		if a == nil {
			t.Fatalf("%s: New returned nil", e.Name)
		}
		if f := reflect.ValueOf(a).Elem().FieldByName("Logger"); !f.IsValid() || f.Interface() != log {
			t.Errorf("%s: New(log) does not set the adapter's Logger", e.Name)
		}
		if e.New(nil) == a {
			t.Errorf("%s: New returns a shared adapter; each source needs its own", e.Name)
		}
		if _, ok := a.(adapters.ErrorClassifier); !ok {
			t.Errorf("%s: the adapter does not implement ErrorClassifier (writes would answer 500 on a constraint)", e.Name)
		}
		if got := a.Dialect().Name(); got != e.Name {
			t.Errorf("%s: Dialect().Name() = %q; golden files and suites key on the engine name", e.Name, got)
		}
		checkFolder(t, e.Name)
	}
}

func checkFolder(t *testing.T, name string) {
	t.Helper()
	for _, f := range requiredFiles {
		if _, err := os.Stat(filepath.Join(name, f)); err != nil {
			t.Errorf("%s: missing %s/%s: %v", name, name, f, err)
		}
	}
	if entries, err := os.ReadDir(filepath.Join(name, "testdata")); err != nil || len(entries) == 0 {
		t.Errorf("%s: %s/testdata is missing or empty (%v)", name, name, err)
	}
	tests, _ := filepath.Glob(filepath.Join(name, "*_test.go"))
	runs := false
	for _, f := range tests {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sharedSuites {
			runs = runs || strings.Contains(string(b), s)
		}
	}
	if !runs {
		t.Errorf("%s: no test runs a shared suite (one of %s)", name, strings.Join(sharedSuites, " "))
	}
}

func TestLookupUnknown(t *testing.T) {
	_, err := adapters.Open("db2")
	want := `adapters: unknown database "db2" (valid: ` + strings.Join(adapters.Names(), ", ") + ")"
	if err == nil || err.Error() != want {
		t.Errorf("Open(db2) error = %v, want %s", err, want)
	}
	if a, err := adapters.Open("postgresql"); err != nil || a.Dialect().Name() != "postgres" {
		t.Errorf(`Open("postgresql") = %v, %v; want the postgres adapter`, a, err)
	}
}
