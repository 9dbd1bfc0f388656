package conformance

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/odatagw/odatagw/demo"
)

// forbidden must never appear in an error body: driver text, SQL, stack traces.
var forbidden = []string{"SQL", "syntax", "sqlite", "mysql", "pq:", "pgx", "goroutine", "panic", ".go:"}

type hostileCase struct {
	name  string
	path  string // below the service root, sent as is (already encoded)
	want  []int  // acceptable statuses
	query string // when set (and want has 200), the result is compared with the oracle: set?query
	set   string
	// beyondBuffer marks a request line longer than the server's read buffer, which
	// the server may refuse by closing the connection (see hostile).
	beyondBuffer bool
}

// TestConformanceHostile sends injection attempts and malformed requests. None may
// change the database, leak driver or SQL text, answer 500, crash or hang.
func TestConformanceHostile(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		before := e.demoCounts(t)
		long := strings.Repeat("x", 30000)
		var orChain []string
		for i := 0; i < 200; i++ {
			orChain = append(orChain, fmt.Sprintf("CustomerCode eq 'C%04d'", i))
		}
		orChain = append(orChain, "CustomerCode eq 'ALFKI'")
		cases := []hostileCase{
			{name: "quote injection in a literal", set: "customers", query: "$filter=CompanyName eq '''; DROP TABLE customers; --'", want: []int{200}},
			{name: "quote injection in contains", set: "customers", query: "$filter=contains(CompanyName,''') OR 1=1 --')", want: []int{200}},
			{name: "LIKE wildcards only", set: "customers", query: "$filter=contains(CompanyName,'%_%')", want: []int{200}},
			{name: "injection in a key", path: "customers('x''); DROP TABLE customers; --')", want: []int{404, 400}},
			{name: "injection in an integer key", path: "products(1;DROP%20TABLE%20products)", want: []int{400}},
			{name: "injection in a composite key", path: "Order_Lines(OrderNo=1%20or%201=1,LineNo=10)", want: []int{400}},
			{name: "injection in $orderby", path: "customers?$orderby=CompanyName;DROP%20TABLE%20customers", want: []int{400}},
			{name: "$orderby=Name;DROP", path: "customers?$orderby=Name;DROP", want: []int{400}},
			{name: "$select=*,1", path: "customers?$select=*,1", want: []int{400}},
			{name: "$select with SQL", path: "customers?$select=CompanyName%20FROM%20customers--", want: []int{400}},
			{name: "$search injection (phrase)", set: "customers", query: `$search="x' OR 1=1"`, want: []int{200}},
			{name: "$search injection (words)", set: "customers", query: `$search=x' OR 1=1`, want: []int{200}},
			{name: "$search with LIKE wildcards", set: "customers", query: `$search=%`, want: []int{200}},
			{name: "10,000 nested parentheses", path: "customers?$filter=" + strings.Repeat("(", 10000) + "CustomerCode%20eq%20'ALFKI'" + strings.Repeat(")", 10000), want: []int{400}},
			{name: "60 KB $filter", set: "customers", query: "$filter=CompanyName eq '" + long + "' or ContactName eq '" + long + "' or CustomerCode eq 'ALFKI'", want: []int{200}},
			{name: "OR chain of 201 keys", set: "customers", query: "$filter=" + strings.Join(orChain, " or "), want: []int{200}},
			{name: "70 KB URL", path: "customers?$filter=CompanyName%20eq%20'" + strings.Repeat("y", 70000) + "'", want: []int{414, 431}},
			{name: "100 KB URL", path: "customers?$filter=CompanyName%20eq%20'" + strings.Repeat("y", 100000) + "'", want: []int{414, 431}, beyondBuffer: true},
			{name: "invalid UTF-8 in a literal", path: "customers?$filter=CompanyName%20eq%20'%FF%FE'", want: []int{400}},
			{name: "invalid UTF-8 in a key", path: "customers('%FF%FE')", want: []int{400, 404}},
			{name: "NUL in a literal", set: "customers", query: "$filter=CompanyName eq 'a\x00b'", want: []int{200, 400}},
			{name: "division by zero", path: "products?$filter=UnitsInStock%20div%200%20eq%201", want: []int{200, 400}},
			{name: "integer overflow", path: "ledger?$filter=ExternalRef%20add%209223372036854775807%20gt%200", want: []int{200, 400}},
			{name: "integer literal beyond Int64", set: "customers", query: "$filter=length(CompanyName) eq 99999999999999999999", want: []int{200, 400}},
			{name: "unknown property in $filter", path: "customers?$filter=Nope%20eq%201", want: []int{400}},
			{name: "unknown property in $orderby", path: "customers?$orderby=Nope", want: []int{400}},
			{name: "unknown property in $select", path: "customers?$select=Nope", want: []int{400}},
			{name: "unknown property path", path: "customers('ALFKI')/Nope", want: []int{404, 400}},
			{name: "unknown entity set", path: "nope", want: []int{404}},
			{name: "unknown entity set with key", path: "nope(1)", want: []int{404}},
			{name: "table name instead of set name", path: "Order%20Lines", want: []int{404, 400}},
			{name: "$top=-1", path: "customers?$top=-1", want: []int{400}},
			{name: "$top=abc", path: "customers?$top=abc", want: []int{400}},
			{name: "$top beyond Int64", path: "customers?$top=99999999999999999999", want: []int{400}},
			{name: "$skip=-1", path: "customers?$skip=-1", want: []int{400}},
			{name: "huge $skip", set: "customers", query: "$skip=9223372036854775807", want: []int{200, 400}},
			{name: "forged $skiptoken", path: "customers?$skiptoken=1%20OR%201=1", want: []int{400}},
			{name: "unknown $foo", path: "customers?$foo=1", want: []int{400}},
			{name: "custom option ignored", set: "customers", query: "$top=3&foo=bar", want: []int{200}},
			{name: "empty $filter", path: "customers?$filter=", want: []int{400}},
			{name: "unterminated string", path: "customers?$filter=CompanyName%20eq%20'abc", want: []int{400}},
			{name: "type mismatch", path: "customers?$filter=CompanyName%20eq%201", want: []int{400}},
			// $search phrases: an unbalanced '"' is a syntax error however it is encoded; a
			// '%' that was itself percent-encoded (%2522) is a word containing "%22".
			{name: "$search unbalanced quote (%22)", path: "customers?$search=%22blue", want: []int{400}},
			{name: "$search unbalanced quote (raw)", path: `customers?$search="blue`, want: []int{400}},
			{name: "$search quote without whitespace", path: "customers?$search=%22blue%22green", want: []int{400}},
			{name: "$search unbalanced parenthesis", path: "customers?$search=(blue", want: []int{400}},
			{name: "$search word %22blue", path: "customers?$search=%2522blue", want: []int{200}},
			{name: "unknown function", path: "customers?$filter=sleep(10)%20eq%201", want: []int{400}},
			{name: "$expand", path: "customers?$expand=Orders", want: []int{400, 501}},
			{name: "bad key syntax", path: "customers('ALFKI'", want: []int{400, 404}},
			{name: "wrong key type", path: "products('1')", want: []int{400}},
			{name: "duplicate $filter", path: "customers?$filter=CompanyName%20eq%20'x'&$filter=CompanyName%20eq%20'y'", want: []int{400}},
			{name: "duplicate $top", path: "customers?$top=1&$top=2", want: []int{400}},
			{name: "POST", path: "", want: nil},
			{name: "composite key with one value", path: "Order_Lines(10248)", want: []int{400}},
		}
		for _, c := range cases {
			if c.name == "POST" {
				continue
			}
			t.Run(c.name, func(t *testing.T) { e.hostile(t, c) })
		}
		t.Run("POST and DELETE", func(t *testing.T) {
			for _, m := range []string{"POST", "DELETE", "PATCH", "PUT"} {
				res := e.gw.send(t, m, e.gw.url+"customers('ALFKI')", `{"CompanyName":"x"}`)
				if res.status != 405 && res.status != 403 && res.status != 501 {
					t.Errorf("%s on a read-only set: %d %s", m, res.status, res.body)
				}
			}
		})
		// custom options are ignored: foo=bar gives the same as without
		after := e.demoCounts(t)
		for name, n := range before {
			if after[name] != n {
				t.Errorf("table %s had %d rows before the hostile requests, %d after", name, n, after[name])
			}
		}
		res, err := e.gw.get(e.gw.url + "customers('ALFKI')")
		if err != nil || res.status != 200 {
			t.Errorf("the gateway does not answer after the hostile requests: %v %v", err, res)
		}
	})
}

func (e *env) hostile(t *testing.T, c hostileCase) {
	var u string
	var q *query
	if c.query != "" {
		var err error
		q, err = parseQuery(c.set, c.query)
		if err != nil {
			t.Fatal(err)
		}
		u = c.set + "?" + q.encode(false)
	} else {
		u = c.path
	}
	done := make(chan *response, 1)
	errc := make(chan error, 1)
	go func() {
		res, err := e.gw.rawGet(mustPath(e.gw.url) + u)
		if err != nil {
			errc <- err
			return
		}
		done <- res
	}()
	var res *response
	select {
	case res = <-done:
	case err := <-errc:
		// A request line longer than the server's read buffer is answered 431 and the
		// connection closed, possibly while the client is still sending it: the client
		// may then see the reset instead of the 431. Either way the input is refused
		// (the test checks afterwards that the gateway still answers).
		if c.beyondBuffer && (errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)) {
			t.Logf("GET %s: connection closed by the server while sending (%v)", short(u), err)
			return
		}
		t.Fatalf("GET %s: %v", short(u), err)
	case <-time.After(30 * time.Second):
		t.Fatalf("GET %s: no answer within 30 s", short(u))
	}
	ok := false
	for _, s := range c.want {
		if res.status == s {
			ok = true
		}
	}
	if !ok {
		t.Errorf("GET %s: status %d, want one of %v\n    body: %s\n%s", short(u), res.status, c.want, short2(string(res.body), 600), short2(res.log, 3000))
	}
	if strings.HasSuffix(c.name, "KB URL") {
		t.Logf("%s: a %s gets %d", e.engine, c.name, res.status)
	}
	if res.status >= 300 {
		for _, f := range forbidden {
			if strings.Contains(string(res.body), f) {
				t.Errorf("GET %s: error body contains %q: %s", short(u), f, short2(string(res.body), 600))
			}
		}
		if res.status != 414 && res.status != 431 && !isODataError(res.body) {
			t.Errorf("GET %s: %d without an OData error body: %s", short(u), res.status, short2(string(res.body), 300))
		}
	}
	if res.status == 200 && q != nil {
		exp, _, err := e.expected(q)
		if err != nil {
			t.Fatalf("oracle: %v", err)
		}
		coll := &collection{}
		if err := decodeBody(res.body, coll); err != nil {
			t.Fatalf("GET %s: %v", short(u), err)
		}
		if probs := e.compareRows(e.sets[c.set], q.sel, exp, coll.values, 5); len(probs) > 0 && !(len(exp) > int(e.gw.page)) {
			t.Errorf("GET %s:\n  - %s", short(u), strings.Join(probs, "\n  - "))
		}
	}
}

func decodeBody(body []byte, c *collection) error {
	var b struct {
		Value []map[string]any `json:"value"`
	}
	if err := decodeJSON(body, &b); err != nil {
		return err
	}
	c.values = b.Value
	return nil
}

func mustPath(root string) string {
	u, err := url.Parse(root)
	if err != nil {
		panic(err)
	}
	return u.Path
}

// demoCounts counts the rows of every demo table and view with direct SQL.
func (e *env) demoCounts(t *testing.T) map[string]int64 {
	out := map[string]int64{}
	for _, name := range append(demo.Tables(), demo.ExtraTables(e.engine)...) {
		var n int64
		if err := e.src.db.QueryRow("SELECT COUNT(*) FROM " + e.quote(name)).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", name, err)
		}
		out[name] = n
	}
	return out
}
