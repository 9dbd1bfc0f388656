package demo

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

const (
	envMySQL    = "ODATAGW_TEST_MYSQL_DSN"
	envPostgres = "ODATAGW_TEST_POSTGRES_DSN"
)

func openSQLite(t *testing.T) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func timedCreate(t *testing.T, db *sql.DB, flavor string) {
	t.Helper()
	start := time.Now()
	if err := Create(context.Background(), db, flavor); err != nil {
		t.Fatalf("Create(%s): %v", flavor, err)
	}
	t.Logf("Create(%s) took %v", flavor, time.Since(start).Round(time.Millisecond))
}

// sqliteDump creates the demo in a fresh SQLite database and dumps it.
func sqliteDump(t *testing.T) map[string][]string {
	t.Helper()
	db := openSQLite(t)
	timedCreate(t, db, FlavorSQLite)
	return dump(t, db, FlavorSQLite)
}

// ---- canonical dump ---------------------------------------------------------------

// dump returns, for every common table and view, its rows rendered canonically (one
// string per row, sorted), so that dumps of different engines compare equal.
func dump(t *testing.T, db *sql.DB, flavor string) map[string][]string {
	t.Helper()
	d := theData()
	out := map[string][]string{}
	q := quoter(flavor)
	for _, name := range Tables() {
		cols := d.viewCol[name]
		if tb := d.byName[name]; tb != nil {
			cols = tb.cols
		}
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		rows, err := db.Query("SELECT " + quoteList(q, names) + " FROM " + q(name))
		if err != nil {
			t.Fatalf("%s: dump %s: %v", flavor, name, err)
		}
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("%s: dump %s: %v", flavor, name, err)
			}
			parts := make([]string, len(cols))
			for i, c := range cols {
				s, err := canon(c, vals[i])
				if err != nil {
					t.Fatalf("%s: %s.%s: %v", flavor, name, c.name, err)
				}
				parts[i] = s
			}
			lines = append(lines, strings.Join(parts, "|"))
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: dump %s: %v", flavor, name, err)
		}
		rows.Close()
		slices.Sort(lines)
		out[name] = lines
	}
	return out
}

// canon renders one value of column c canonically: NULL as ∅, text quoted, decimals
// with the column's scale, booleans as true/false, dates as YYYY-MM-DD, datetimes as
// YYYY-MM-DD HH:MM:SS (UTC for the time-zone-aware column), blobs as hex.
func canon(c column, v any) (string, error) {
	if v == nil {
		return "∅", nil
	}
	text := func() (string, bool) {
		switch x := v.(type) {
		case string:
			return x, true
		case []byte:
			return string(x), true
		}
		return "", false
	}
	switch c.kind {
	case kInt, kBigInt:
		switch x := v.(type) {
		case int64:
			return strconv.FormatInt(x, 10), nil
		}
		if s, ok := text(); ok {
			n, err := strconv.ParseInt(s, 10, 64)
			return strconv.FormatInt(n, 10), err
		}
	case kDecimal:
		switch x := v.(type) {
		case int64:
			return strconv.FormatInt(x, 10) + "." + strings.Repeat("0", c.scale), nil
		case float64:
			s := strconv.FormatFloat(x, 'f', c.scale, 64)
			if strings.Trim(s, "-0.") == "" {
				s = strings.TrimPrefix(s, "-")
			}
			return s, nil
		}
		if s, ok := text(); ok {
			return canonDecimal(s, c.scale)
		}
	case kChar, kVarchar, kText:
		if s, ok := text(); ok {
			return strconv.Quote(s), nil
		}
	case kBool:
		switch x := v.(type) {
		case bool:
			return strconv.FormatBool(x), nil
		case int64:
			return strconv.FormatBool(x != 0), nil
		}
		if s, ok := text(); ok {
			switch s {
			case "1", "t", "true":
				return "true", nil
			case "0", "f", "false":
				return "false", nil
			}
		}
	case kDate:
		if x, ok := v.(time.Time); ok {
			return x.Format(dateFmt), nil
		}
		if s, ok := text(); ok && len(s) >= 10 {
			return s[:10], nil
		}
	case kDateTime, kDateTimeTZ:
		if x, ok := v.(time.Time); ok {
			if c.kind == kDateTimeTZ {
				x = x.UTC()
			}
			return x.Format(dateTimeFmt), nil
		}
		if s, ok := text(); ok {
			for _, layout := range []string{"2006-01-02 15:04:05Z07", "2006-01-02 15:04:05Z07:00", time.RFC3339Nano, dateTimeFmt} {
				if x, err := time.Parse(layout, s); err == nil {
					return x.UTC().Format(dateTimeFmt), nil
				}
			}
		}
	case kBlob:
		if s, ok := text(); ok {
			return "0x" + hex.EncodeToString([]byte(s)), nil
		}
	case kDouble:
		switch x := v.(type) {
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		case int64:
			return strconv.FormatFloat(float64(x), 'g', -1, 64), nil
		}
		if s, ok := text(); ok {
			f, err := strconv.ParseFloat(s, 64)
			return strconv.FormatFloat(f, 'g', -1, 64), err
		}
	}
	return "", fmt.Errorf("unexpected %T %v for kind %d", v, v, c.kind)
}

// canonDecimal renders a decimal string with exactly scale fractional digits.
func canonDecimal(s string, scale int) (string, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	if len(fp) > scale {
		if strings.Trim(fp[scale:], "0") != "" {
			return "", fmt.Errorf("decimal %q has more than %d fractional digits", s, scale)
		}
		fp = fp[:scale]
	}
	fp += strings.Repeat("0", scale-len(fp))
	ip = strings.TrimLeft(ip, "0")
	if ip == "" {
		ip = "0"
	}
	if _, err := strconv.ParseUint(ip+fp, 10, 64); err != nil && len(ip+fp) < 19 {
		return "", fmt.Errorf("bad decimal %q", s)
	}
	out := ip
	if scale > 0 {
		out += "." + fp
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out, nil
}

func compareDumps(t *testing.T, what string, want, got map[string][]string) {
	t.Helper()
	for _, name := range Tables() {
		w, g := want[name], got[name]
		if len(w) != len(g) {
			t.Errorf("%s: %s: %d rows, want %d", what, name, len(g), len(w))
		}
		shown := 0
		for i := 0; i < min(len(w), len(g)) && shown < 5; i++ {
			if w[i] != g[i] {
				t.Errorf("%s: %s row %d:\n got  %s\n want %s", what, name, i, g[i], w[i])
				shown++
			}
		}
	}
}

func countRows(t *testing.T, db *sql.DB, flavor, name string) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM " + quoter(flavor)(name)).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", name, err)
	}
	return n
}

func checkCounts(t *testing.T, db *sql.DB, flavor string) {
	t.Helper()
	want := RowCounts()
	total := 0
	for _, name := range append(Tables(), ExtraTables(flavor)...) {
		n := countRows(t, db, flavor, name)
		if n != want[name] {
			t.Errorf("%s: %s has %d rows, want %d", flavor, name, n, want[name])
		}
		if _, isView := ViewKeys[name]; !isView {
			total += n
		}
		t.Logf("%-16s %5d rows", name, n)
	}
	if total < 5000 {
		t.Errorf("%s: %d rows in tables, want >= 5000", flavor, total)
	}
	t.Logf("%s: %d rows in tables", flavor, total)
}

// ---- SQLite (always) --------------------------------------------------------------

func TestSQLite(t *testing.T) {
	ctx := context.Background()
	db := openSQLite(t)
	timedCreate(t, db, FlavorSQLite)
	checkCounts(t, db, FlavorSQLite)
	if n := countRows(t, db, FlavorSQLite, "Order Lines"); n < 4500 {
		t.Errorf("Order Lines has %d rows, want about 5000", n)
	}

	// The quirky values are there (SQLite compares text bytewise).
	checks := []struct {
		query string
		want  any
	}{
		{`SELECT COUNT(*) FROM customers WHERE CompanyName = 'abc '`, int64(1)},
		{`SELECT COUNT(*) FROM customers WHERE CompanyName = 'abc'`, int64(1)},
		{`SELECT COUNT(*) FROM customers WHERE CompanyName IN ('acme', 'ACME', 'Acme')`, int64(3)},
		{`SELECT COUNT(*) FROM customers WHERE lower(CompanyName) = 'acme'`, int64(3)},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = '日本商事株式会社'`, "NIHON"},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = 'Rocket 🚀 Ventures'`, "ROCKT"},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = 'Straße Großhandel'`, "STRAS"},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = 'O''Brien''s Pub'`, "QUOTE"},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = 'Back\Slash Corp'`, "BSLSH"},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = '100% Natural'`, "PCT01"},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = 'Yahoo! Traders'`, "BANG1"},
		{`SELECT CustomerCode FROM customers WHERE CompanyName = 'Under_Score Ltd'`, "UNDSC"},
		{`SELECT COUNT(*) FROM customers WHERE CompanyName = ''`, int64(1)},
		{`SELECT COUNT(*) > 10 FROM customers WHERE ContactName IS NULL`, int64(1)},
		{`SELECT COUNT(*) > 3 FROM customers WHERE ContactName = ''`, int64(1)},
		{`SELECT COUNT(*) FROM customers WHERE length(CustomerCode) <> 5`, int64(0)},
		{`SELECT COUNT(*) FROM ledger WHERE EntryID = 9007199254740993`, int64(1)},
		{`SELECT MAX(EntryID) FROM ledger`, int64(9223372036854775807)},
		{`SELECT MIN(EntryID) FROM ledger`, int64(-9223372036854775808)},
		{`SELECT COUNT(*) > 300 FROM ledger WHERE ExternalRef > 9007199254740992`, int64(1)},
		{`SELECT COUNT(*) FROM suppliers WHERE SupplierCode IN ('O''NEIL', 'A/B&C', '50%OFF', 'SP ACE', 'KÖLN-01', 'Q?A#1')`, int64(6)},
		{`SELECT MAX(length(Description)) >= 4000 FROM products`, int64(1)},
		{`SELECT COUNT(*) >= 10 FROM products WHERE length(Description) >= 2000`, int64(1)},
		{`SELECT MIN(length(Thumbnail)) >= 16 AND MAX(length(Thumbnail)) <= 64 FROM products`, int64(1)},
		{`SELECT COUNT(*) > 0 FROM products WHERE Thumbnail IS NULL`, int64(1)},
		{`SELECT COUNT(*) FROM orders WHERE OrderDate = '2020-02-29'`, int64(1)},
		{`SELECT COUNT(*) FROM orders WHERE "Year" <> CAST(substr(OrderDate, 1, 4) AS INTEGER)`, int64(0)},
		{`SELECT COUNT(*) FROM "Shipments" WHERE "Year" <> CAST(substr("Date", 1, 4) AS INTEGER)`, int64(0)},
		{`SELECT COUNT(*) FROM "Order Lines" WHERE "LineNo" % 10 <> 0`, int64(0)},
		{`SELECT COUNT(*) > 0 FROM (SELECT COUNT(*) FROM audit_log GROUP BY LoggedAt, UserName, Action, TableName, RecordKey, Details HAVING COUNT(*) > 1)`, int64(1)},
		{`SELECT typeof(Discontinued) FROM products LIMIT 1`, "integer"},
		{`SELECT group_concat(ProductName, '|') FROM products WHERE ProductID IN (1, 15, 16, 17)`, "Chai|Trailing Tea |chai|CHAI"},
		{`SELECT CAST(UnitPrice AS TEXT) FROM products WHERE ProductID = 23`, "9999999999.99"},
		{`SELECT printf('%.3f', "Length") FROM products WHERE ProductID = 34`, "99999.999"},
		{`SELECT printf('%.6f', Amount) FROM ledger WHERE EntryID = 1`, "123456789.123456"},
		{`SELECT Weight FROM products WHERE ProductID = 32`, 1e-7},
		{`SELECT typeof(CreatedAt) FROM customers LIMIT 1`, "text"},
		{`SELECT CreatedAt FROM customers WHERE CustomerCode = 'ALFKI'`, nil}, // format checked below
	}
	for _, c := range checks {
		var got any
		if err := db.QueryRow(c.query).Scan(&got); err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		if c.want == nil {
			continue
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.query, got, c.want)
		}
	}
	var created string
	if err := db.QueryRow(`SELECT CAST(CreatedAt AS TEXT) FROM customers WHERE CustomerCode = 'ALFKI'`).Scan(&created); err != nil {
		t.Fatal(err)
	}
	if _, err := time.Parse(dateTimeFmt, created); err != nil {
		t.Errorf("SQLite DATETIME stored as %q, want YYYY-MM-DD HH:MM:SS: %v", created, err)
	}

	// The SERIAL/AUTOINCREMENT key continues after the seeded rows.
	res, err := db.Exec(`INSERT INTO orders (CustomerCode, OrderDate, "Year", CurrencyCode) VALUES ('ALFKI', '2025-01-02', 2025, 'EUR')`)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := res.LastInsertId(); id != 10248+1000 {
		t.Errorf("new OrderNo = %d, want %d", id, 10248+1000)
	}

	// Create fails when the tables exist; Drop + Create works.
	if err := Create(ctx, db, FlavorSQLite); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("second Create: %v, want an 'already exists' error", err)
	}
	if err := Drop(ctx, db, FlavorSQLite); err != nil {
		t.Fatal(err)
	}
	if err := Drop(ctx, db, FlavorSQLite); err != nil {
		t.Fatalf("Drop on an empty database: %v", err)
	}
	var left int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name <> 'sqlite_sequence'`).Scan(&left); err != nil || left != 0 {
		t.Errorf("after Drop: %d tables/views left (%v)", left, err)
	}
	timedCreate(t, db, FlavorSQLite)
}

func TestDeterministic(t *testing.T) {
	a, b := generate(), generate()
	for i := range a.tables {
		if !reflect.DeepEqual(a.tables[i].rows, b.tables[i].rows) {
			t.Fatalf("generate: %s differs between runs", a.tables[i].name)
		}
	}
	compareDumps(t, "SQLite run 2 vs run 1", sqliteDump(t), sqliteDump(t))
}

// TestNulls checks that nullable columns are NULL in a realistic share of rows and that
// empty strings occur too.
func TestNulls(t *testing.T) {
	d := theData()
	nulls, values, empties := 0, 0, 0
	for _, tb := range d.tables {
		for i, c := range tb.cols {
			if c.notNull {
				continue
			}
			for _, r := range tb.rows {
				values++
				switch r[i] {
				case nil:
					nulls++
				case "":
					empties++
				}
			}
		}
	}
	ratio := float64(nulls) / float64(values)
	t.Logf("nullable values: %d, NULL: %d (%.1f%%), empty strings: %d", values, nulls, 100*ratio, empties)
	if ratio < 0.10 || ratio > 0.25 {
		t.Errorf("NULL ratio %.2f, want 0.10-0.25", ratio)
	}
	if empties < 100 {
		t.Errorf("%d empty strings, want more", empties)
	}
}

// TestNoDriverImport: package demo itself must import only the standard library.
func TestNoDriverImport(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
				t.Errorf("%s imports %s: package demo may import only the standard library", f, p)
			}
		}
	}
}

func TestUnknownFlavor(t *testing.T) {
	if err := Create(context.Background(), nil, "oracle"); err == nil {
		t.Error("Create(oracle) succeeded")
	}
	if err := Drop(context.Background(), nil, "oracle"); err == nil {
		t.Error("Drop(oracle) succeeded")
	}
}

// ---- MySQL / MariaDB and PostgreSQL (when their DSN is set) -----------------------

func scratchName() string {
	return fmt.Sprintf("odatagw_demo_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
}

func openMySQL(t *testing.T) *sql.DB {
	dsn := os.Getenv(envMySQL)
	if dsn == "" {
		t.Skipf("MySQL tests skipped: set %s, e.g. root@unix(/run/mysqld/mysqld.sock)/odatagw_test?parseTime=true&loc=UTC", envMySQL)
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatalf("%s: %v", envMySQL, err)
	}
	admin := *cfg
	admin.DBName = ""
	adb, err := sql.Open("mysql", admin.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { adb.Close() })
	name := scratchName()
	if _, err := adb.Exec("CREATE DATABASE `" + name + "`"); err != nil {
		t.Logf("cannot create a scratch database (%v); using %q", err, cfg.DBName)
		return openDB(t, "mysql", dsn)
	}
	t.Cleanup(func() { adb.Exec("DROP DATABASE `" + name + "`") })
	cfg.DBName = name
	return openDB(t, "mysql", cfg.FormatDSN())
}

func openPostgres(t *testing.T) *sql.DB {
	dsn := os.Getenv(envPostgres)
	if dsn == "" {
		t.Skipf("PostgreSQL tests skipped: set %s, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable", envPostgres)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("%s: %v", envPostgres, err)
	}
	adb := stdlib.OpenDB(*cfg)
	t.Cleanup(func() { adb.Close() })
	name := scratchName()
	if _, err := adb.Exec(`CREATE DATABASE "` + name + `"`); err != nil {
		t.Logf("cannot create a scratch database (%v); using %q", err, cfg.Database)
		db := stdlib.OpenDB(*cfg)
		t.Cleanup(func() { db.Close() })
		return db
	}
	t.Cleanup(func() { adb.Exec(`DROP DATABASE "` + name + `" WITH (FORCE)`) })
	scfg := cfg.Copy()
	scfg.Database = name
	db := stdlib.OpenDB(*scfg)
	t.Cleanup(func() { db.Close() })
	return db
}

func openDB(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("%s: %v", driver, err)
	}
	return db
}

// engineTest runs Drop, Create, the row counts and the comparison with SQLite.
func engineTest(t *testing.T, db *sql.DB, flavor string) {
	ctx := context.Background()
	if err := Drop(ctx, db, flavor); err != nil {
		t.Fatalf("Drop: %v", err)
	}
	timedCreate(t, db, flavor)
	checkCounts(t, db, flavor)
	compareDumps(t, flavor+" vs sqlite", sqliteDump(t), dump(t, db, flavor))
	if err := Create(ctx, db, flavor); err == nil {
		t.Error("second Create succeeded, want an error")
	}
	if n := countRows(t, db, flavor, "orders"); n != RowCounts()["orders"] {
		t.Errorf("after the failed second Create, orders has %d rows", n)
	}
}

func TestMySQL(t *testing.T) {
	db := openMySQL(t)
	engineTest(t, db, FlavorMySQL)

	// Quirks of the engine, as the gateway will meet them.
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM customers WHERE CompanyName = 'acme'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	t.Logf("MySQL: CompanyName = 'acme' matches %d rows (case-insensitive collation)", n)
	if err := db.QueryRow("SELECT COUNT(*) FROM mysql_extras WHERE UBig = 18446744073709551615").Scan(&n); err != nil || n != 1 {
		t.Errorf("mysql_extras max BIGINT UNSIGNED: %d rows, %v", n, err)
	}
	var bd string
	if err := db.QueryRow("SELECT BigDecimal FROM mysql_extras WHERE ID = 1").Scan(&bd); err != nil || bd != "12345678901234.123456" {
		t.Errorf("mysql_extras BigDecimal = %q, %v", bd, err)
	}
	// AUTO_INCREMENT continues after the seeded rows.
	res, err := db.Exec("INSERT INTO orders (CustomerCode, OrderDate, `Year`, CurrencyCode) VALUES ('ALFKI', '2025-01-02', 2025, 'EUR')")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := res.LastInsertId(); id != 10248+1000 {
		t.Errorf("new OrderNo = %d, want %d", id, 10248+1000)
	}
	if err := Drop(context.Background(), db, FlavorMySQL); err != nil {
		t.Fatal(err)
	}
}

func TestPostgres(t *testing.T) {
	db := openPostgres(t)
	engineTest(t, db, FlavorPostgres)

	var bd, num string
	if err := db.QueryRow(`SELECT "BigDecimal"::text, "Num"::text FROM pg_extras WHERE "ID" = 2`).Scan(&bd, &num); err != nil ||
		bd != "99999999999999.999999" || num != "123456789012345678901234567890" {
		t.Errorf("pg_extras ID 2: BigDecimal %q, Num %q, %v", bd, num, err)
	}
	// SERIAL continues after the seeded rows.
	var id int
	if err := db.QueryRow(`INSERT INTO orders ("CustomerCode", "OrderDate", "Year", "CurrencyCode") VALUES ('ALFKI', '2025-01-02', 2025, 'EUR') RETURNING "OrderNo"`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if id != 10248+1000 {
		t.Errorf("new OrderNo = %d, want %d", id, 10248+1000)
	}
	if err := Drop(context.Background(), db, FlavorPostgres); err != nil {
		t.Fatal(err)
	}
}
