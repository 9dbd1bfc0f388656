package sqlite_test

import (
	"context"
	"github.com/odatagw/odatagw/adapters/internal/semantics"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/adapters/sqlite"
)

var _ adapters.Adapter = (*sqlite.Adapter)(nil)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// newEngine opens a fresh database file through the adapter.
func newEngine(t *testing.T) *semantics.Engine {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil { // an empty file is an empty database
		t.Fatal(err)
	}
	a := sqlite.New()
	db, err := a.Connect(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &semantics.Engine{
		Name:         "sqlite",
		DB:           db,
		Adapter:      a,
		FloatDecimal: true,
		DateTime:     func(tm time.Time) any { return sqlite.FormatDateTime(tm) },
		// Decimal literals with more than 15 significant digits are refused: SQLite
		// would compare them as doubles.
		Unsupported: map[string]bool{"decimal eq": true, "decimal eq negative": true,
			"decimal gt neighbour": true, "decimal lt neighbour": true, "divby decimal": true},
		Exec: func(t *testing.T, query string, args ...any) {
			t.Helper()
			if _, err := db.Exec(query, args...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		},
	}
}

func TestSemantics(t *testing.T) {
	semantics.Run(t, newEngine(t))
}
