// Command driver checks odatagw's OData 2.0 root with a real V2 client: for SQLite
// (always) and MariaDB/PostgreSQL (when ODATAGW_TEST_MYSQL_DSN /
// ODATAGW_TEST_POSTGRES_DSN are set) it loads the demo into a scratch database,
// starts the gateway, has the SAP Cloud SDK's generator build a typed client from the
// live 2.0 $metadata (without --skipValidation: the generator's metadata parser must
// accept it), runs check.js's queries through that client, and compares every value
// with the same queries in direct SQL. .ci/run runs it through run.sh.
//
// usage (from the repository root): go run ./examples/odata-v2-client/driver -dir examples/odata-v2-client
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/adapters"
	"github.com/odatagw/odatagw/app"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/demo"
)

func main() {
	dir := flag.String("dir", "examples/odata-v2-client", "the example's directory (package.json, check.js, node_modules)")
	flag.Parse()
	failed := 0
	for _, e := range engines() {
		if e.skip != "" {
			fmt.Printf("SKIP %s: %s\n", e.name, e.skip)
			continue
		}
		n, err := run(e, *dir)
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", e.name, err)
			failed++
			continue
		}
		fmt.Printf("PASS %s: %d values from the SAP Cloud SDK V2 client equal direct SQL\n", e.name, n)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

type engine struct {
	name, driver, flavor, adminDSN, skip string
}

func engines() []engine {
	out := []engine{{name: "sqlite", driver: "sqlite", flavor: demo.FlavorSQLite}}
	for _, e := range []engine{{name: "mysql", driver: "mysql", flavor: demo.FlavorMySQL, adminDSN: os.Getenv("ODATAGW_TEST_MYSQL_DSN")},
		{name: "postgres", driver: "postgres", flavor: demo.FlavorPostgres, adminDSN: os.Getenv("ODATAGW_TEST_POSTGRES_DSN")}} {
		if e.adminDSN == "" {
			e.skip = "set ODATAGW_TEST_" + strings.ToUpper(map[string]string{"mysql": "MYSQL", "postgres": "POSTGRES"}[e.name]) + "_DSN to run it"
		}
		out = append(out, e)
	}
	return out
}

// scratch creates the engine's scratch database with the demo and returns its DSN
// and a cleanup.
func scratch(ctx context.Context, e engine, tmp string) (string, func(), error) {
	name := fmt.Sprintf("odatagw_ci_v2client_%d", os.Getpid())
	var dsn string
	cleanup := func() {}
	switch e.name {
	case "sqlite":
		dsn = filepath.Join(tmp, "demo.db")
		if err := os.WriteFile(dsn, nil, 0o600); err != nil {
			return "", nil, err
		}
	case "mysql", "postgres":
		admin, err := connect(ctx, e.driver, e.adminDSN)
		if err != nil {
			return "", nil, err
		}
		q := "`" + name + "`"
		if e.name == "postgres" {
			q = `"` + name + `"`
		}
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+q)
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+q); err != nil {
			admin.Close()
			return "", nil, err
		}
		cleanup = func() { admin.Exec("DROP DATABASE IF EXISTS " + q); admin.Close() }
		if e.name == "mysql" {
			slash := strings.LastIndex(e.adminDSN, "/")
			rest := ""
			if i := strings.IndexByte(e.adminDSN[slash:], '?'); i >= 0 {
				rest = e.adminDSN[slash+i:]
			}
			dsn = e.adminDSN[:slash+1] + name + rest
		} else {
			u, err := url.Parse(e.adminDSN)
			if err != nil {
				cleanup()
				return "", nil, err
			}
			u.Path = "/" + name
			dsn = u.String()
		}
	}
	db, err := connect(ctx, e.driver, dsn)
	if err != nil {
		cleanup()
		return "", nil, err
	}
	defer db.Close()
	if err := demo.Create(ctx, db, e.flavor); err != nil {
		cleanup()
		return "", nil, err
	}
	return dsn, cleanup, nil
}

func connect(ctx context.Context, driver, dsn string) (*sql.DB, error) {
	ad, err := adapters.Open(driver)
	if err != nil {
		return nil, err
	}
	db, err := ad.Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	return db.DB, nil
}

func run(e engine, dir string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	tmp, err := os.MkdirTemp("", "odatagw-v2client-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	dsn, cleanup, err := scratch(ctx, e, tmp)
	if err != nil {
		return 0, fmt.Errorf("scratch database: %w", err)
	}
	defer cleanup()
	db, err := connect(ctx, e.driver, dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()

	// categories is writable for the $batch change sets.
	cfg, err := config.Load([]string{"-driver", e.driver, "-dsn", dsn, "-listen", "127.0.0.1:0", "-writable", "categories"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		return 0, err
	}
	cfg.Tables = map[string]config.Table{}
	for v, key := range demo.ViewKeys {
		cfg.Tables[v] = config.Table{Key: key}
	}
	g, err := app.Start(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		return 0, err
	}
	defer g.Stop()
	root := g.URL + "v2/" // http://127.0.0.1:port/odata/v2/
	u, _ := url.Parse(root)
	origin, basePath := u.Scheme+"://"+u.Host, strings.TrimSuffix(u.Path, "/")

	// The client is generated from the live 2.0 $metadata.
	res, err := http.Get(root + "$metadata")
	if err != nil {
		return 0, err
	}
	meta, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		return 0, fmt.Errorf("$metadata: %d", res.StatusCode)
	}
	in := filepath.Join(tmp, "in")
	os.MkdirAll(in, 0o755)
	if err := os.WriteFile(filepath.Join(in, "Demo.edmx"), meta, 0o644); err != nil {
		return 0, err
	}
	gen := filepath.Join("generated", e.name)
	cmd := exec.CommandContext(ctx, "npx", "--no-install", "generate-odata-client", "-i", in, "-o", gen,
		"--transpile", "--tsconfig", "tsconfig.generated.json", "--clearOutputDir")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, fmt.Errorf("the SAP Cloud SDK generator rejected the 2.0 $metadata: %v\n%s", err, out)
	}

	// A composite key that exists.
	q := func(id string) string {
		if e.name == "mysql" {
			return "`" + id + "`"
		}
		return `"` + id + `"`
	}
	var orderNo, lineNo int64
	if err := db.QueryRowContext(ctx, "SELECT "+q("OrderNo")+", "+q("LineNo")+" FROM "+q("Order Lines")+" ORDER BY 1 DESC, 2 DESC LIMIT 1").Scan(&orderNo, &lineNo); err != nil {
		return 0, err
	}
	// The batch: a customer to read, a category a change set renames, one a failing
	// change set must leave as it is, and a key that does not exist.
	var customerCode, keptName string
	if err := db.QueryRowContext(ctx, "SELECT "+q("CustomerCode")+" FROM customers ORDER BY 1 LIMIT 1").Scan(&customerCode); err != nil {
		return 0, err
	}
	const good, kept, missing = 13, 12, 999999
	if err := db.QueryRowContext(ctx, "SELECT "+q("CategoryName")+" FROM categories WHERE "+q("CategoryID")+" = "+strconv.Itoa(kept)).Scan(&keptName); err != nil {
		return 0, err
	}
	newName := fmt.Sprintf("Batch %d", os.Getpid()%100000)
	keys, _ := json.Marshal(map[string]any{"OrderNo": orderNo, "LineNo": lineNo, "CustomerCode": customerCode,
		"GoodCategory": good, "KeptCategory": kept, "MissingCategory": missing, "NewName": newName})
	cmd = exec.CommandContext(ctx, "node", "check.js", origin, basePath, filepath.Join(gen, "Demo"), string(keys))
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("check.js: %v", err)
	}
	if i := strings.LastIndex(string(out), "\n@@result@@\n"); i >= 0 {
		os.Stderr.Write(out[:i+1]) // the SDK's log lines
		out = out[i+len("\n@@result@@\n"):]
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(out, &raw); err != nil {
		return 0, fmt.Errorf("check.js output: %v: %.300s", err, out)
	}
	var batchKinds []string
	if err := json.Unmarshal(raw["_batch"], &batchKinds); err != nil {
		return 0, fmt.Errorf("check.js _batch: %v", err)
	}
	delete(raw, "_batch")
	got := map[string][]map[string]*string{}
	for k, v := range raw {
		var rows []map[string]*string
		if err := json.Unmarshal(v, &rows); err != nil {
			return 0, fmt.Errorf("check.js %s: %v", k, err)
		}
		got[k] = rows
	}
	// The batch's parts: the read, the committed change set (204), the failed one as
	// one error (404: the missing category); then SQL shows the rename and not the
	// failed change set's first update.
	if want := []string{"read:200", "write:204", "error:404"}; strings.Join(batchKinds, " ") != strings.Join(want, " ") {
		return 0, fmt.Errorf("$batch responses %v, want %v", batchKinds, want)
	}
	for id, name := range map[int]string{good: newName, kept: keptName} {
		var now string
		if err := db.QueryRowContext(ctx, "SELECT "+q("CategoryName")+" FROM categories WHERE "+q("CategoryID")+" = "+strconv.Itoa(id)).Scan(&now); err != nil {
			return 0, err
		}
		if now != name {
			return 0, fmt.Errorf("after the $batch category %d is %q in SQL, want %q", id, now, name)
		}
	}

	ph := "?"
	if e.name == "postgres" {
		ph = "$1"
	}
	lines := "SELECT * FROM " + q("Order Lines") + " WHERE " + q("OrderNo") + " = " + ph
	want := map[string]struct {
		sql  string
		args []any
	}{
		"customers_filter_select_orderby_top": {"SELECT " + q("CustomerCode") + ", " + q("CompanyName") + ", " + q("Country") + " FROM customers WHERE " + q("Country") + " = 'Germany' ORDER BY " + q("CompanyName") + ", " + q("CustomerCode") + " LIMIT 10", nil},
		"customers_count":                     {"SELECT COUNT(*) AS " + q("count") + " FROM customers WHERE " + q("Country") + " = 'Germany'", nil},
		"orders_dates_decimals":               {"SELECT " + q("OrderNo") + ", " + q("CustomerCode") + ", " + q("OrderDate") + ", " + q("Freight") + " FROM orders WHERE " + q("OrderDate") + " >= '2021-01-01' AND " + q("Freight") + " > 100 ORDER BY " + q("OrderNo") + " DESC LIMIT 7", nil},
		"order_lines_by_composite_key":        {lines + " AND " + q("LineNo") + " = " + strconv.FormatInt(lineNo, 10), []any{orderNo}},
		"order_lines_of_order":                {lines + " ORDER BY " + q("LineNo"), []any{orderNo}},
		"customers_expand_orders": {"SELECT c." + q("CustomerCode") + ", o." + q("OrderNo") + ", o." + q("Freight") +
			" FROM customers c LEFT JOIN orders o ON o." + q("CustomerCode") + " = c." + q("CustomerCode") +
			" WHERE c." + q("Country") + " = 'Germany' ORDER BY c." + q("CustomerCode") + ", o." + q("OrderNo"), nil},
		"order_lines_expand_order_customer_product": {"SELECT l." + q("OrderNo") + ", l." + q("LineNo") + ", o." + q("CustomerCode") +
			", c." + q("CompanyName") + ", p." + q("ProductName") + " FROM " + q("Order Lines") + " l" +
			" LEFT JOIN orders o ON o." + q("OrderNo") + " = l." + q("OrderNo") +
			" LEFT JOIN customers c ON c." + q("CustomerCode") + " = o." + q("CustomerCode") +
			" LEFT JOIN products p ON p." + q("ProductID") + " = l." + q("ProductID") +
			" WHERE l." + q("OrderNo") + " = " + strconv.FormatInt(orderNo, 10) + " ORDER BY l." + q("LineNo"), nil},
		"categories_expand_parent": {"SELECT c." + q("CategoryID") + ", p." + q("CategoryName") + " AS " + q("ParentName") +
			" FROM categories c LEFT JOIN categories p ON p." + q("CategoryID") + " = c." + q("ParentID") + " ORDER BY c." + q("CategoryID"), nil},
		"batch_read_customer":    {"SELECT * FROM customers WHERE " + q("CustomerCode") + " = " + ph, []any{customerCode}},
		"categories_after_batch": {"SELECT * FROM categories WHERE " + q("CategoryID") + " IN (" + strconv.Itoa(good) + ", " + strconv.Itoa(kept) + ") ORDER BY " + q("CategoryID") + " DESC", nil},
	}
	n := 0
	for name, w := range want {
		exp, err := query(ctx, db, w.sql, w.args...)
		if err != nil {
			return n, fmt.Errorf("%s: %v", name, err)
		}
		g := got[name]
		if len(g) != len(exp) {
			return n, fmt.Errorf("%s: the client got %d rows, SQL %d", name, len(g), len(exp))
		}
		if len(exp) == 0 {
			return n, fmt.Errorf("%s: SQL returns no row; the check would prove nothing", name)
		}
		for i := range exp {
			if len(g[i]) != len(exp[i]) {
				return n, fmt.Errorf("%s row %d: %d properties, SQL %d", name, i, len(g[i]), len(exp[i]))
			}
			for col, ev := range exp[i] {
				gv, ok := g[i][col]
				if !ok {
					return n, fmt.Errorf("%s row %d: no %s", name, i, col)
				}
				if !same(ev, gv) {
					return n, fmt.Errorf("%s row %d: %s = %s, SQL %s", name, i, col, show(gv), show(ev))
				}
				n++
			}
		}
	}
	return n, nil
}

func query(ctx context.Context, db *sql.DB, text string, args ...any) ([]map[string]*string, error) {
	rows, err := db.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]*string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := map[string]*string{}
		for i, c := range cols {
			var s string
			switch x := vals[i].(type) {
			case nil:
				r[c] = nil
				continue
			case []byte:
				s = string(x)
			case time.Time:
				s = x.UTC().Format(time.RFC3339Nano)
			default:
				s = fmt.Sprint(x)
			}
			r[c] = &s
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func show(p *string) string {
	if p == nil {
		return "null"
	}
	return strconv.Quote(*p)
}

// same compares a SQL value with the client's: a boolean with 0/1, as instants when both read as
// dates/times, as numbers when both are numeric (doubles to 1e-12), else as text.
func same(sqlV, client *string) bool {
	if sqlV == nil || client == nil {
		return sqlV == nil && client == nil
	}
	a, b := *sqlV, *client
	if (b == "true" || b == "false") && (a == "0" || a == "1") { // SQLite and MariaDB store booleans as integers
		return (a == "1") == (b == "true")
	}
	if ta, ok := asTime(a); ok {
		tb, ok := asTime(b)
		return ok && ta.Equal(tb)
	}
	ra, okA := new(big.Rat).SetString(a)
	rb, okB := new(big.Rat).SetString(b)
	if okA && okB {
		if ra.Cmp(rb) == 0 {
			return true
		}
		fa, _ := ra.Float64()
		fb, _ := rb.Float64()
		return math.Abs(fa-fb) <= 1e-12*math.Max(math.Abs(fa), math.Abs(fb))
	}
	return a == b
}

func asTime(s string) (time.Time, bool) {
	for _, l := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
