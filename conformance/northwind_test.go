package conformance

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// northwindDir locates ../shared/testdata/northwind relative to the module root.
func northwindDir() string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file)) // conformance/.. = module root
	return filepath.Join(root, "..", "shared", "testdata", "northwind")
}

// TestConformanceNorthwind loads the outside reference database into each engine and
// runs the every-table check, the paging walk and a dozen filters against the oracle.
func TestConformanceNorthwind(t *testing.T) {
	dir := northwindDir()
	if _, err := os.Stat(filepath.Join(dir, "northwind.sqlite.sql")); err != nil {
		t.Skipf("Northwind scripts not found in %s (see /work/shared/testdata/README.md): %v", dir, err)
	}
	forEngines(t, "northwind", func(t *testing.T, e *env) {
		t.Run("rowcounts", func(t *testing.T) { e.checkNorthwindCounts(t, filepath.Join(dir, "rowcounts.txt")) })
		for _, set := range e.meta.sets {
			t.Run("table_"+set, func(t *testing.T) { e.everyTable(t, set, 100) })
		}
		e.pagingWalkAll(t)
		var st stats
		for i, c := range northwindCases {
			t.Run(fmt.Sprintf("%02d_%s", i, c.set), func(t *testing.T) {
				st.run++
				if allowed, ok := e.runCase(t, c, i%2 == 1); ok || allowed {
					st.passed++
				}
			})
		}
		t.Run("paging_D6", func(t *testing.T) {
			e.pagingWalk(t, qcase{set: "Orders", q: "$count=true&$select=CustomerID,OrderID,RequiredDate,ShippedDate&$top=301"})
		})
		t.Logf("SUMMARY northwind %s: %d filter cases, %d passed", e.engine, st.run, st.passed)
	})
}

var northwindCases = []qcase{
	{set: "Orders", q: "$filter=ShipCountry eq 'Germany'&$count=true"},
	{set: "Products", q: "$filter=UnitsInStock eq 0&$count=true"},
	{set: "Order_Details", q: "$filter=OrderID eq 10248&$count=true"},
	{set: "Customers", q: "$filter=Country eq 'Germany' and City eq 'Berlin'"},
	{set: "Customers", q: "$filter=Region eq null&$count=true&$select=CustomerID,Region"},
	{set: "Customers", q: "$filter=contains(CompanyName,'''')&$count=true&$select=CustomerID,CompanyName"},
	{set: "Products", q: "$filter=UnitPrice gt 50&$orderby=UnitPrice desc&$count=true"},
	{set: "Employees", q: "$filter=year(BirthDate) lt 1960&$select=EmployeeID,LastName,BirthDate"},
	{set: "Orders", q: "$filter=ShippedDate eq null&$count=true&$select=OrderID,ShippedDate"},
	{set: "Orders", q: "$filter=Freight gt 500 and ShipVia eq 2&$orderby=Freight desc"},
	{set: "Orders", q: "$filter=OrderDate ge 1998-05-01T00:00:00Z&$orderby=OrderDate desc&$count=true&$select=OrderID,OrderDate"},
	{set: "Order_Details", q: "$filter=Discount gt 0.2&$count=true&$top=30"},
	{set: "Suppliers", q: "$select=SupplierID&$count=true&$top=26"},
	{set: "Shippers", q: "$select=CompanyName,Phone,ShipperID&$count=true&$filter=contains(CompanyName,'Speedy') eq true or contains(Phone,'Speedy') eq true&$top=25"},
	{set: "Shippers", q: "$select=CompanyName,Phone,ShipperID&$count=true&$filter=substringof('Speedy',CompanyName) eq true or substringof('Speedy',Phone) eq true&$top=25"},
	{set: "Shippers", q: "$select=CompanyName,Phone,ShipperID&$count=true&$search=Speedy&$top=25"},
	{set: "Customers", q: "$orderby=City&$select=City,CustomerID&$count=true&$filter=Country eq 'USA'&$top=26"},
	{set: "Orders", q: "$orderby=ShipName desc&$select=CustomerID,OrderDate,OrderID,ShipCity,ShipCountry&$top=200&$skip=10"},
	{set: "Orders", q: "$filter=contains(CustomerID,'10248') eq true or contains(ShipName,'10248') eq true"},
	{set: "Customers", q: "$filter=CustomerID eq 'ALFKI'"},
	{set: "Employees", q: "$filter=ReportsTo eq null or ReportsTo eq 2&$orderby=HireDate"},
}

// checkNorthwindCounts compares rowcounts.txt (table name, then one count per
// engine) with direct SQL and with the gateway's $count.
func (e *env) checkNorthwindCounts(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no rowcounts.txt: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		var counts []int64
		i := len(fields)
		for i > 0 {
			c, err := strconv.ParseInt(fields[i-1], 10, 64)
			if err != nil {
				break
			}
			counts = append(counts, c)
			i--
		}
		if len(counts) == 0 || i == 0 {
			continue
		}
		table := strings.Join(fields[:i], " ")
		var si *setInfo
		for _, s := range e.sets {
			if s.table == table {
				si = s
			}
		}
		if si == nil {
			t.Errorf("table %s of rowcounts.txt is not served", table)
			continue
		}
		direct, err := e.tableCount(si)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range counts {
			if c != direct {
				t.Errorf("%s: rowcounts.txt says %d, the database holds %d", table, c, direct)
			}
		}
		res, err := e.gw.get(e.gw.url + si.name + "/$count")
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(res.body)) != fmt.Sprint(direct) {
			t.Errorf("%s/$count: want %d\n%s", si.name, direct, res)
		}
		n++
	}
	if n == 0 {
		t.Error("rowcounts.txt has no counts")
	}
}

var dropCreateUse = regexp.MustCompile(`(?is)^\s*(DROP\s+DATABASE|CREATE\s+DATABASE|USE\s)`)

// loadNorthwind runs the engine's Northwind script statement by statement on one
// connection (session settings and transactions need it). The MariaDB script's
// CREATE DATABASE / USE are dropped: it runs in the scratch database.
func loadNorthwind(ctx context.Context, src *source) error {
	file := map[string]string{"sqlite": "northwind.sqlite.sql", "mysql": "northwind.mariadb.sql", "postgres": "northwind.postgres.sql"}[src.engine]
	data, err := os.ReadFile(filepath.Join(northwindDir(), file))
	if err != nil {
		return err
	}
	conn, err := src.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	start := time.Now()
	stmts := splitSQL(string(data), src.engine)
	if src.engine == "mysql" {
		if _, err := conn.ExecContext(ctx, "SET autocommit=0"); err != nil {
			return err
		}
	}
	for _, s := range stmts {
		if src.engine == "mysql" && dropCreateUse.MatchString(s) {
			continue
		}
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("northwind %s: %w\n%s", file, err, short(s))
		}
	}
	if src.engine == "mysql" {
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, "SET autocommit=1"); err != nil {
			return err
		}
	}
	_ = start
	return nil
}

// splitSQL splits a script at semicolons outside string literals, quoted identifiers
// and -- comments. MySQL strings (and PostgreSQL E'…' strings) take backslash escapes.
func splitSQL(script, engine string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	isIdent := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(script); i++ {
		c := script[i]
		switch {
		case c == '-' && i+1 < len(script) && script[i+1] == '-':
			for i < len(script) && script[i] != '\n' {
				i++
			}
			cur.WriteByte('\n')
		case c == ';':
			flush()
		case c == '\'' || c == '"' || c == '`':
			backslash := c == '\'' && (engine == "mysql" ||
				engine == "postgres" && i > 0 && (script[i-1] == 'E' || script[i-1] == 'e') && (i < 2 || !isIdent(script[i-2])))
			j := i + 1
			for j < len(script) {
				if backslash && script[j] == '\\' {
					j += 2
					continue
				}
				if script[j] == c {
					if j+1 < len(script) && script[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j >= len(script) {
				j = len(script) - 1
			}
			cur.WriteString(script[i : j+1])
			i = j
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}
