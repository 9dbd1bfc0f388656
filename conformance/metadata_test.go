package conformance

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestConformanceMetadata checks $metadata against the database it describes: every
// key property is non-nullable, every string has a MaxLength, and for tables the
// nullability, string lengths and decimal precision/scale equal the column
// definitions read from the database catalog (information_schema, PRAGMA table_info).
// The service document lists exactly the entity sets of $metadata.
func TestConformanceMetadata(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for _, set := range e.meta.sets {
			si := e.sets[set]
			for _, k := range si.et.Key {
				if p := si.et.byName[k]; p == nil || p.Nullable {
					t.Errorf("%s: key property %s is missing or nullable", set, k)
				}
			}
			for _, p := range si.et.Props {
				if p.isString() && p.MaxLength <= 0 {
					t.Errorf("%s.%s: Edm.String without MaxLength (Salesforce makes it Text(128))", set, p.Name)
				}
			}
			cols, isView, err := e.columnDefs(si)
			if err != nil {
				t.Fatal(err)
			}
			if isView {
				continue
			}
			for _, p := range si.et.Props {
				c, ok := cols[si.column[p.Name]]
				if !ok {
					t.Errorf("%s.%s: column %s not in the database catalog", set, p.Name, si.column[p.Name])
					continue
				}
				if !contains(si.et.Key, p.Name) && p.Nullable != c.nullable {
					t.Errorf("%s.%s: Nullable=%v, the column (%s) is nullable=%v", set, p.Name, p.Nullable, c.sqlType, c.nullable)
				}
				if p.isString() && c.charLen > 0 && p.MaxLength != c.charLen {
					t.Errorf("%s.%s: MaxLength=%d, the column is %s", set, p.Name, p.MaxLength, c.sqlType)
				}
				if p.Type == "Edm.Decimal" && c.precision > 0 && (p.Precision != c.precision || p.Scale != c.scale) {
					t.Errorf("%s.%s: Precision=%d Scale=%d, the column is %s", set, p.Name, p.Precision, p.Scale, c.sqlType)
				}
			}
		}
		res, err := e.gw.get(e.gw.url)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Value []struct {
				Name string `json:"name"`
				URL  string `json:"url"`
				Kind string `json:"kind"`
			} `json:"value"`
		}
		if err := decodeJSON(res.body, &doc); err != nil || res.status != 200 {
			t.Fatalf("service document: %v\n%s", err, res)
		}
		var names []string
		for _, v := range doc.Value {
			names = append(names, v.Name)
			if v.URL != v.Name {
				t.Errorf("service document: %s has url %q", v.Name, v.URL)
			}
		}
		sortStrings(names)
		if strings.Join(names, ",") != strings.Join(e.meta.sets, ",") {
			t.Errorf("service document lists %v, $metadata %v", names, e.meta.sets)
		}
	})
}

type colDef struct {
	sqlType          string
	nullable         bool
	charLen          int
	precision, scale int
}

var typeArgs = regexp.MustCompile(`(?i)^\s*(\w[\w ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$`)

// columnDefs reads the column definitions of a set's table from the database catalog.
func (e *env) columnDefs(si *setInfo) (map[string]colDef, bool, error) {
	out := map[string]colDef{}
	switch e.engine {
	case "sqlite":
		var typ string
		if err := e.src.db.QueryRow(`SELECT type FROM sqlite_master WHERE name = ?`, si.table).Scan(&typ); err != nil {
			return nil, false, err
		}
		if typ == "view" {
			return nil, true, nil
		}
		rs, err := e.src.db.Query(`SELECT name, type, "notnull" FROM pragma_table_info(?)`, si.table)
		if err != nil {
			return nil, false, err
		}
		defer rs.Close()
		for rs.Next() {
			var name, decl string
			var notnull int
			if err := rs.Scan(&name, &decl, &notnull); err != nil {
				return nil, false, err
			}
			c := colDef{sqlType: decl, nullable: notnull == 0}
			if m := typeArgs.FindStringSubmatch(decl); m != nil {
				base := strings.ToUpper(m[1])
				a, _ := strconv.Atoi(m[2])
				b, _ := strconv.Atoi(m[3])
				switch {
				case strings.Contains(base, "CHAR"):
					c.charLen = a
				case base == "DECIMAL" || base == "NUMERIC":
					c.precision, c.scale = a, b
				}
			}
			out[name] = c
		}
		return out, false, rs.Err()
	}
	schema := si.schema
	var q string
	var args []any
	if e.engine == "mysql" {
		q = `SELECT c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, COALESCE(c.CHARACTER_MAXIMUM_LENGTH, 0),
			COALESCE(c.NUMERIC_PRECISION, 0), COALESCE(c.NUMERIC_SCALE, 0), c.DATA_TYPE, t.TABLE_TYPE
			FROM information_schema.COLUMNS c JOIN information_schema.TABLES t
			  ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
			WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = ?`
		args = []any{si.table}
	} else {
		if schema == "" {
			schema = "public"
		}
		q = `SELECT c.column_name, c.data_type, c.is_nullable, COALESCE(c.character_maximum_length, 0),
			COALESCE(c.numeric_precision, 0), COALESCE(c.numeric_scale, 0), c.data_type, t.table_type
			FROM information_schema.columns c JOIN information_schema.tables t
			  ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = $1 AND c.table_name = $2`
		args = []any{schema, si.table}
	}
	rs, err := e.src.db.Query(q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rs.Close()
	view := false
	for rs.Next() {
		var name, typ, nullable, dataType, tableType string
		var charLen, prec, scale int64
		if err := rs.Scan(&name, &typ, &nullable, &charLen, &prec, &scale, &dataType, &tableType); err != nil {
			return nil, false, err
		}
		if strings.Contains(tableType, "VIEW") {
			view = true
		}
		c := colDef{sqlType: typ, nullable: nullable == "YES"}
		dt := strings.ToLower(dataType)
		if dt == "char" || dt == "varchar" || dt == "character" || dt == "character varying" {
			c.charLen = int(charLen)
		}
		if (dt == "decimal" || dt == "numeric") && prec > 0 {
			c.precision, c.scale = int(prec), int(scale)
		}
		out[name] = c
	}
	return out, view, rs.Err()
}

// TestConformanceConcurrent replays the case table from 8 goroutines at once: the
// answers must not change under concurrency (shared buffers, pooled connections).
func TestConformanceConcurrent(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		type job struct {
			c   qcase
			q   *query
			exp []*row
		}
		var jobs []job
		for _, c := range cases {
			if c.notOn != "" && strings.Contains(c.notOn, e.engine) {
				continue
			}
			q, err := parseQuery(c.set, c.q)
			if err != nil {
				t.Fatal(err)
			}
			exp, _, err := e.expected(q)
			if err != nil {
				t.Fatal(err)
			}
			if len(exp) > int(e.gw.page) {
				continue
			}
			// Cases that already fail one at a time are TestConformance's to report.
			coll, res, err := e.gw.fetchAll(e.gw.url + c.set + "?" + q.encode(false))
			if err != nil || res.status != 200 || len(e.compareRows(e.sets[c.set], q.sel, exp, coll.values, 1)) > 0 {
				continue
			}
			jobs = append(jobs, job{c, q, exp})
		}
		var mu sync.Mutex
		var failures []string
		ch := make(chan job)
		var wg sync.WaitGroup
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range ch {
					u := e.gw.url + j.c.set + "?" + j.q.encode(false)
					coll, res, err := e.gw.fetchAll(u)
					var msg string
					switch {
					case err != nil:
						msg = err.Error()
					case res.status == 501:
						continue
					case res.status != 200:
						msg = fmt.Sprintf("status %d", res.status)
					default:
						if probs := e.compareRows(e.sets[j.c.set], j.q.sel, j.exp, coll.values, 3); len(probs) > 0 {
							msg = strings.Join(probs, "; ")
						}
					}
					if msg != "" {
						mu.Lock()
						failures = append(failures, fmt.Sprintf("GET %s: %s", u, msg))
						mu.Unlock()
					}
				}
			}()
		}
		for round := 0; round < 2; round++ {
			for _, j := range jobs {
				ch <- j
			}
		}
		close(ch)
		wg.Wait()
		for i, f := range failures {
			if i == 10 {
				t.Errorf("… %d more", len(failures)-10)
				break
			}
			t.Error(f)
		}
		t.Logf("%s: %d concurrent requests, %d wrong", e.engine, 2*len(jobs), len(failures))
	})
}

// TestConformanceMetadataSchema validates each engine's live $metadata against the
// OASIS CSDL XML schema (edmx.xsd) with xmllint, when both are available.
func TestConformanceMetadataSchema(t *testing.T) {
	xsd := findUp(t, filepath.Join("shared", "testdata", "odata-csdl-schemas", "edmx.xsd"))
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("skipping: xmllint not installed (Debian: apt-get install libxml2-utils)")
	}
	engines(t, func(t *testing.T, e *env) {
		res, err := e.gw.get(e.gw.url + "$metadata")
		if err != nil || res.status != 200 {
			t.Fatalf("GET $metadata: %v %v", err, res)
		}
		f := filepath.Join(t.TempDir(), "metadata.xml")
		if err := os.WriteFile(f, res.body, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "--noout", "--nonet", "--schema", xsd, f)
		cmd.Dir = filepath.Dir(xsd) // edmx.xsd imports edm.xsd by a relative location
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("$metadata is not valid CSDL: %v\n%s", err, out)
		}
	})
}

// findUp looks for rel in the package directory and its parents, skipping the test
// when it is nowhere (the shared test data lives beside the checkout).
func findUp(t *testing.T, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			return filepath.Join(dir, rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("skipping: %s not found above the package directory", rel)
		}
		dir = parent
	}
}
