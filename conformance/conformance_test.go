package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
)

type stats struct {
	run, passed, allowed501, skipped int
	allowedCases                     []string
}

// TestConformance runs every case of the table against the gateway on each engine and
// compares the answer with the oracle, row for row and value for value.
func TestConformance(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		var st stats
		for _, a := range allow501[e.engine] {
			t.Logf("501 allowed on %s for %q: %s", e.engine, a.match, a.why)
		}
		for _, d := range deviations[e.engine] {
			t.Logf("documented %s deviation the oracle follows: %s", e.engine, d)
		}
		for i, c := range append(cases, extraCases...) {
			if c.onlyOn != "" && c.onlyOn != e.engine {
				continue
			}
			name := fmt.Sprintf("%03d_%s", i, c.set)
			t.Run(name, func(t *testing.T) {
				if strings.Contains(c.notOn, e.engine) {
					st.skipped++
					t.Skipf("oracle cannot decide %q on %s", c.q, e.engine)
				}
				st.run++
				allowed, ok := e.runCase(t, c, i%5 == 3)
				switch {
				case allowed:
					st.allowed501++
					st.allowedCases = append(st.allowedCases, c.set+"?"+c.q)
				case ok:
					st.passed++
				}
			})
		}
		t.Run("entity_paths", func(t *testing.T) { e.testEntityPaths(t, &st) })
		t.Logf("SUMMARY %s: %d cases run, %d passed, %d failed, %d answered 501 (allowed), %d skipped",
			e.engine, st.run, st.passed, st.run-st.passed-st.allowed501, st.allowed501, st.skipped)
		for _, c := range st.allowedCases {
			t.Logf("  501 (allowed): %s", c)
		}
	})
}

// runCase runs one case. allowed reports an allowed 501; ok a pass.
func (e *env) runCase(t *testing.T, c qcase, plus bool) (allowed, ok bool) {
	t.Helper()
	q, err := parseQuery(c.set, c.q)
	if err != nil {
		t.Fatalf("bad case %s?%s: %v", c.set, c.q, err)
	}
	si, err := e.set(c.set)
	if err != nil {
		t.Fatal(err)
	}
	exp, count, err := e.expected(q)
	if err != nil {
		var oe *errOracle
		if errors.As(err, &oe) {
			t.Fatalf("case %s?%s: %v (fix the case or the oracle)", c.set, c.q, err)
		}
		t.Fatalf("oracle: %v", err)
	}
	u := e.gw.url + c.set + "?" + q.encode(plus)
	coll, res, err := e.gw.fetchAll(u)
	if err != nil {
		t.Errorf("%v", err)
		return false, false
	}
	if res.status != 200 {
		if res.status == 501 && e.allowed501(q, res.body) {
			if !isODataError(res.body) {
				t.Errorf("501 without an OData error body:\n%s", res)
				return false, false
			}
			t.Logf("501 (allowed on %s): %s", e.engine, res.body)
			return true, false
		}
		t.Errorf("want 200:\n%s", res)
		return false, false
	}
	probs := e.compareRows(si, q.sel, exp, coll.values, 12)
	if len(probs) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "GET %s\n  oracle: %d rows %s\n  gateway: %d rows", u, len(exp), keysOf(exp, 15), len(coll.values))
		if len(q.sel) == 0 || containsAll(q.sel, si.et.Key) {
			fmt.Fprintf(&b, " %s", gotKeys(si, coll.values, 15))
		}
		for _, p := range probs {
			b.WriteString("\n  - " + p)
		}
		fmt.Fprintf(&b, "\n  gateway log of the first page:\n%s", res.log)
		t.Error(b.String())
		return false, false
	}
	for i, raw := range coll.counts {
		if !q.count {
			if raw != nil {
				t.Errorf("page %d has @odata.count %s without $count=true", i+1, raw)
				return false, false
			}
			continue
		}
		if got := strings.TrimSpace(string(raw)); got != fmt.Sprint(count) {
			t.Errorf("GET %s\n  page %d: @odata.count = %s, want %d (a JSON number)\n%s", u, i+1, got, count, res.log)
			return false, false
		}
	}
	if q.top != nil && *q.top <= e.gw.page && coll.pages != 1 {
		t.Errorf("GET %s: $top=%d within the page size gave %d pages", u, *q.top, coll.pages)
		return false, false
	}
	return false, true
}

func containsAll(list, want []string) bool {
	for _, w := range want {
		if !contains(list, w) {
			return false
		}
	}
	return true
}

// allowed501 reports whether the query uses a function on the engine's allow-list or
// the error message names an allowed limitation.
func (e *env) allowed501(q *query, body []byte) bool {
	allow := allow501[e.engine]
	found := false
	for _, a := range allow {
		if strings.Contains(string(body), a.match) {
			found = true
		}
	}
	var walk func(x odata.Expr)
	walk = func(x odata.Expr) {
		switch x := x.(type) {
		case *odata.Call:
			for _, a := range allow {
				if strings.EqualFold(a.match, string(x.Name)) {
					found = true
				}
			}
			for _, a := range x.Args {
				walk(a)
			}
		case *odata.Binary:
			walk(x.L)
			walk(x.R)
		case *odata.Unary:
			walk(x.X)
		case *odata.In:
			walk(x.X)
		}
	}
	if q.filter != nil {
		walk(q.filter)
	}
	for _, o := range q.orderby {
		walk(o.Expr)
	}
	return found
}

// ---- single entities, properties, $value, $count -----------------------------------

type pathCase struct {
	path string // below the service root, already percent-encoded
	set  string
	key  map[string]any // normalized key of the expected row (nil: not found)
	prop string         // for /Prop and /Prop/$value
	raw  bool           // /$value
	sel  []string       // the path has ?$select=…
}

func (e *env) testEntityPaths(t *testing.T, st *stats) {
	str := func(s string) any { return s }
	i64 := func(i int64) any { return intNum(i) }
	cases := []pathCase{
		{path: "customers('ALFKI')", set: "customers", key: map[string]any{"CustomerCode": str("ALFKI")}},
		{path: "customers('QUOTE')", set: "customers", key: map[string]any{"CustomerCode": str("QUOTE")}},
		{path: "customers('EMOJI')/CompanyName", set: "customers", key: map[string]any{"CustomerCode": str("EMOJI")}, prop: "CompanyName"},
		{path: "customers('TRAIL')/CompanyName/$value", set: "customers", key: map[string]any{"CustomerCode": str("TRAIL")}, prop: "CompanyName", raw: true},
		{path: "customers('NULLS')/ContactName", set: "customers", key: map[string]any{"CustomerCode": str("NULLS")}, prop: "ContactName"},
		{path: "customers('NULLS')/ContactName/$value", set: "customers", key: map[string]any{"CustomerCode": str("NULLS")}, prop: "ContactName", raw: true},
		{path: "customers('ALFKI')/CreatedAt", set: "customers", key: map[string]any{"CustomerCode": str("ALFKI")}, prop: "CreatedAt"},
		{path: "customers('acme1')", set: "customers"}, // keys are exact too
		{path: "customers('ALFKI%20')", set: "customers"},
		{path: "customers('alfki')", set: "customers"},
		{path: "suppliers('SP%20ACE%20')", set: "suppliers"},
		{path: "suppliers('sp%20ace')", set: "suppliers"},
		{path: "customers('ALFKI')?$select=CompanyName,Notes", set: "customers", key: map[string]any{"CustomerCode": str("ALFKI")}, sel: []string{"CompanyName", "Notes"}},
		{path: "Order_Lines(OrderNo=10248,LineNo=10)?$select=Quantity", set: "Order_Lines", key: map[string]any{"OrderNo": i64(10248), "LineNo": i64(10)}, sel: []string{"Quantity"}},
		{path: "customers('NOPE!')", set: "customers"},
		{path: "suppliers('O''NEIL')", set: "suppliers", key: map[string]any{"SupplierCode": str("O'NEIL")}},
		{path: "suppliers('O%27%27NEIL')", set: "suppliers", key: map[string]any{"SupplierCode": str("O'NEIL")}},
		{path: "suppliers('A%2FB%26C')", set: "suppliers", key: map[string]any{"SupplierCode": str("A/B&C")}},
		{path: "suppliers('50%25OFF')", set: "suppliers", key: map[string]any{"SupplierCode": str("50%OFF")}},
		{path: "suppliers('SP%20ACE')", set: "suppliers", key: map[string]any{"SupplierCode": str("SP ACE")}},
		{path: "suppliers('Q%3FA%231')", set: "suppliers", key: map[string]any{"SupplierCode": str("Q?A#1")}},
		{path: "suppliers('BACK%5CSLASH')", set: "suppliers", key: map[string]any{"SupplierCode": str(`BACK\SLASH`)}},
		{path: "suppliers('ROCKET%F0%9F%9A%80')", set: "suppliers", key: map[string]any{"SupplierCode": str("ROCKET🚀")}},
		{path: "suppliers('K%C3%96LN-01')/CompanyName/$value", set: "suppliers", key: map[string]any{"SupplierCode": str("KÖLN-01")}, prop: "CompanyName", raw: true},
		{path: "suppliers('lower-case')", set: "suppliers", key: map[string]any{"SupplierCode": str("lower-case")}},
		{path: "suppliers('LOWER-CASE')", set: "suppliers"},
		{path: "products(1)", set: "products", key: map[string]any{"ProductID": i64(1)}},
		{path: "products(23)/UnitPrice", set: "products", key: map[string]any{"ProductID": i64(23)}, prop: "UnitPrice"},
		{path: "products(34)/Length/$value", set: "products", key: map[string]any{"ProductID": i64(34)}, prop: "Length", raw: true},
		{path: "products(31)/Weight", set: "products", key: map[string]any{"ProductID": i64(31)}, prop: "Weight"},
		{path: "products(1)/ProductName/$value", set: "products", key: map[string]any{"ProductID": i64(1)}, prop: "ProductName", raw: true},
		{path: "products(2)/Thumbnail/$value", set: "products", key: map[string]any{"ProductID": i64(2)}, prop: "Thumbnail", raw: true},
		{path: "products(999999)", set: "products"},
		{path: "Order_Lines(OrderNo=10248,LineNo=10)", set: "Order_Lines", key: map[string]any{"OrderNo": i64(10248), "LineNo": i64(10)}},
		{path: "Order_Lines(LineNo=10,OrderNo=10248)", set: "Order_Lines", key: map[string]any{"OrderNo": i64(10248), "LineNo": i64(10)}},
		{path: "Order_Lines(OrderNo=10248,LineNo=10)/UnitPrice", set: "Order_Lines", key: map[string]any{"OrderNo": i64(10248), "LineNo": i64(10)}, prop: "UnitPrice"},
		{path: "Order_Lines(OrderNo=10248,LineNo=15)", set: "Order_Lines"},
		{path: "currency_rates(CurrencyCode='EUR',RateDate=2023-01-02)", set: "currency_rates", key: map[string]any{"CurrencyCode": str("EUR"), "RateDate": dateV("2023-01-02")}},
		{path: "ledger(9007199254740993)", set: "ledger", key: map[string]any{"EntryID": i64(9007199254740993)}},
		{path: "ledger(-9223372036854775808)", set: "ledger", key: map[string]any{"EntryID": i64(-9223372036854775808)}},
		{path: "ledger(9223372036854775807)/ExternalRef", set: "ledger", key: map[string]any{"EntryID": i64(9223372036854775807)}, prop: "ExternalRef"},
		{path: "ledger(2)/Amount/$value", set: "ledger", key: map[string]any{"EntryID": i64(2)}, prop: "Amount", raw: true},
		{path: "v_order_details(OrderNo=10248,LineNo=10)", set: "v_order_details", key: map[string]any{"OrderNo": i64(10248), "LineNo": i64(10)}},
		{path: "v_open_orders(" + e.firstOpenOrder(t) + ")", set: "v_open_orders", key: map[string]any{"OrderNo": e.firstOpenOrderNum(t)}},
		{path: "Shipments('" + e.firstTracking(t) + "')/Date", set: "Shipments", key: map[string]any{"TrackingNo": str(e.firstTracking(t))}, prop: "Date"},
	}
	for _, c := range cases {
		st.run++
		if e.checkPath(t, c) {
			st.passed++
		}
	}
	// $count
	for _, c := range []struct{ set, filter string }{
		{"customers", ""},
		{"customers", "CompanyName eq 'acme'"},
		{"Order_Lines", "Discount gt 0"},
		{"ledger", "EntryID gt 9007199254740992"},
		{"v_open_orders", ""},
		{"Shipments", "DeliveredAt eq null"},
		{"customers", "$search=acme"},
		{"customers", "$search=acme&$filter=IsActive"},
	} {
		st.run++
		q, _ := parseQuery(c.set, "")
		path := c.set + "/$count"
		if c.filter != "" {
			opts := c.filter
			if !strings.HasPrefix(opts, "$") {
				opts = "$filter=" + opts
			}
			q, _ = parseQuery(c.set, opts)
			path += "?" + q.encode(false)
		}
		_, n, err := e.expected(q)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.gw.get(e.gw.url + path)
		if err != nil {
			t.Error(err)
			continue
		}
		if res.status != 200 || strings.TrimSpace(string(res.body)) != fmt.Sprint(n) || !strings.HasPrefix(res.header.Get("Content-Type"), "text/plain") {
			t.Errorf("$count: want 200 text/plain %d\n%s", n, res)
			continue
		}
		st.passed++
	}
}

func (e *env) firstRow(t *testing.T, set string) *row {
	rows, err := e.allRows(set)
	if err != nil || len(rows) == 0 {
		t.Fatalf("no rows in %s: %v", set, err)
	}
	return rows[0]
}

func (e *env) firstOpenOrder(t *testing.T) string { return e.firstOpenOrderNum(t).(num).String() }
func (e *env) firstOpenOrderNum(t *testing.T) any {
	return e.firstRow(t, "v_open_orders").vals["OrderNo"]
}
func (e *env) firstTracking(t *testing.T) string {
	return e.firstRow(t, "Shipments").vals["TrackingNo"].(string)
}

// checkPath checks one /Set(key)[/Prop[/$value]] request against the oracle.
func (e *env) checkPath(t *testing.T, c pathCase) bool {
	t.Helper()
	si, err := e.set(c.set)
	if err != nil {
		t.Error(err)
		return false
	}
	res, err := e.gw.get(e.gw.url + c.path)
	if err != nil {
		t.Errorf("GET %s: %v", c.path, err)
		return false
	}
	var exp *row
	if c.key != nil {
		k := keyOf(si, c.key)
		rows, err := e.allRows(c.set)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.key == k {
				exp = r
			}
		}
		if exp == nil {
			t.Fatalf("test error: no row with key %q in %s", k, c.set)
		}
	}
	if exp == nil {
		if res.status != 404 || !isODataError(res.body) {
			t.Errorf("want 404 with an OData error:\n%s", res)
			return false
		}
		return true
	}
	if c.prop == "" {
		if res.status != 200 {
			t.Errorf("want 200:\n%s", res)
			return false
		}
		var obj map[string]any
		if err := decodeJSON(res.body, &obj); err != nil {
			t.Errorf("not JSON: %v\n%s", err, res)
			return false
		}
		if ctx, _ := obj["@odata.context"].(string); !strings.Contains(ctx, "$metadata#"+c.set) || !strings.HasSuffix(ctx, "/$entity") {
			t.Errorf("@odata.context = %q, want …$metadata#%s…/$entity", ctx, c.set)
		}
		if probs := e.compareRows(si, c.sel, []*row{exp}, []map[string]any{obj}, 10); len(probs) > 0 {
			t.Errorf("GET %s:\n  - %s\n%s", c.path, strings.Join(probs, "\n  - "), res.log)
			return false
		}
		return true
	}
	p := si.et.byName[c.prop]
	want := exp.vals[c.prop]
	if c.raw {
		if want == nil {
			if res.status != 404 {
				t.Errorf("null /$value: want 404\n%s", res)
				return false
			}
			return true
		}
		if res.status != 200 {
			t.Errorf("want 200:\n%s", res)
			return false
		}
		got, err := rawValue(res.body, p)
		if err != nil || !sameValue(want, got, p, e.engine) {
			t.Errorf("GET %s: raw value %q, want %s (%v)", c.path, res.body, canon(want), err)
			return false
		}
		if c.prop == "Thumbnail" && !bytes.HasPrefix(res.body, []byte{0x89, 'P', 'N', 'G'}) {
			t.Errorf("GET %s: thumbnail does not start with the PNG signature", c.path)
		}
		return true
	}
	if want == nil {
		if res.status != 204 {
			t.Errorf("null property: want 204\n%s", res)
			return false
		}
		return true
	}
	if res.status != 200 {
		t.Errorf("want 200:\n%s", res)
		return false
	}
	var obj map[string]any
	if err := decodeJSON(res.body, &obj); err != nil {
		t.Errorf("not JSON: %v\n%s", err, res)
		return false
	}
	got, err := fromJSON(obj["value"], p)
	if err != nil || !sameValue(want, got, p, e.engine) {
		t.Errorf("GET %s: value %s, want %s (%v)\n%s", c.path, canon(got), canon(want), err, res)
		return false
	}
	return true
}
