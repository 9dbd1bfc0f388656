package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
)

const relSchema = `
CREATE TABLE cust (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE ord (id INTEGER PRIMARY KEY, cust_id INTEGER REFERENCES cust(id), amount INTEGER);
CREATE TABLE line (o INTEGER NOT NULL, n INTEGER NOT NULL, item TEXT, PRIMARY KEY (o, n));
CREATE TABLE note (id INTEGER PRIMARY KEY, o INTEGER, n INTEGER, txt TEXT, FOREIGN KEY (o, n) REFERENCES line (o, n));
INSERT INTO cust VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy');
INSERT INTO ord VALUES (10, 1, 5), (11, 1, 50), (12, 2, 7), (13, NULL, 9);
INSERT INTO line VALUES (1, 1, 'a'), (1, 2, 'b'), (2, 1, 'c');
INSERT INTO note VALUES (100, 1, 1, 'x'), (101, 1, 1, 'y'), (102, 1, 2, 'z'), (103, NULL, NULL, 'w');
`

// sqlCounter counts the statements a Service runs (its "sql" debug records).
type sqlCounter struct{ n atomic.Int64 }

func (c *sqlCounter) Enabled(context.Context, slog.Level) bool { return true }
func (c *sqlCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "sql" {
		c.n.Add(1)
	}
	return nil
}
func (c *sqlCounter) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *sqlCounter) WithGroup(string) slog.Handler      { return c }

func newRel(t testing.TB, tune Tuning) (*Service, *sqlCounter) {
	fill := func(ctx context.Context, db *sqlx.DB) error {
		_, err := db.ExecContext(ctx, relSchema)
		return err
	}
	s, _ := newSQLite(t, fill, catalog.Options{}, plan.Limits{}, 10*time.Second, tune)
	c := &sqlCounter{}
	s.Log = slog.New(c)
	return s, c
}

func TestExpandCompositeAndNull(t *testing.T) {
	s, _ := newRel(t, Tuning{})
	for _, c := range []struct{ url, want string }{
		{"line?$select=o,n&$expand=note($select=id)",
			`"value":[{"o":1,"n":1,"note":[{"id":100},{"id":101}]},{"o":1,"n":2,"note":[{"id":102}]},{"o":2,"n":1,"note":[]}]`},
		{"note?$select=id&$expand=line($select=item)",
			`"value":[{"id":100,"line":{"item":"a"}},{"id":101,"line":{"item":"a"}},{"id":102,"line":{"item":"b"}},{"id":103,"line":null}]`},
		{"note?$select=id&$filter=line/item eq 'a'", `"value":[{"id":100},{"id":101}]`},
		{"line?$select=o,n&$filter=note/any(x:x/txt eq 'z')", `"value":[{"o":1,"n":2}]`},
		{"line(o=1,n=1)/note?$select=txt", `"value":[{"txt":"x"},{"txt":"y"}]`},
		{"cust?$select=id&$expand=ord($select=id;$top=1;$orderby=amount desc;$count=true)",
			`"value":[{"id":1,"ord@odata.count":2,"ord":[{"id":11}]},{"id":2,"ord@odata.count":1,"ord":[{"id":12}]},{"id":3,"ord@odata.count":0,"ord":[]}]`},
		{"ord?$select=id&$expand=cust($select=name)&$filter=id ge 12",
			`"value":[{"id":12,"cust":{"name":"Bob"}},{"id":13,"cust":null}]`},
	} {
		_, body := mustGet(t, s, strings.ReplaceAll(c.url, " ", "%20"))
		if !strings.Contains(body, c.want) {
			t.Errorf("GET %s\n got  %s\n want …%s…", c.url, body, c.want)
		}
	}
}

// TestExpandNextLinkPerParent: a cut expanded collection carries its own next link,
// which addresses the rest through the navigation path.
func TestExpandNextLinkPerParent(t *testing.T) {
	fill := func(ctx context.Context, db *sqlx.DB) error {
		_, err := db.ExecContext(ctx, relSchema)
		return err
	}
	s, _ := newSQLite(t, fill, catalog.Options{}, plan.Limits{MaxPageSize: 1}, 10*time.Second, Tuning{})
	_, body := mustGet(t, s, "cust(1)?$expand=ord($select=id)")
	want := `"ord":[{"id":10}],"ord@odata.nextLink":"` + testRoot + `cust(1)/ord?$select=id&$skip=1"`
	if !strings.Contains(body, want) {
		t.Fatalf("got %s\nwant …%s…", body, want)
	}
	_, body = mustGet(t, s, "cust(1)/ord?$select=id&$skip=1")
	if !strings.Contains(body, `"value":[{"id":11}]`) {
		t.Errorf("the next link's page: %s", body)
	}
}

// TestExpandRoundTrips: a page with one expanded collection costs two statements,
// however many rows it has; the same with two levels, three.
func TestExpandRoundTrips(t *testing.T) {
	s, c := newRel(t, Tuning{})
	for _, tc := range []struct {
		url  string
		want int64
	}{
		{"cust", 1},
		{"cust?$expand=ord", 2},
		{"cust?$count=true&$top=26&$expand=ord", 2}, // the list view: $count rides on the page
		{"cust?$expand=ord($expand=cust)", 3},
		{"line?$expand=note", 2},
	} {
		before := c.n.Load()
		mustGet(t, s, tc.url)
		if got := c.n.Load() - before; got != tc.want {
			t.Errorf("%s: %d statements, want %d", tc.url, got, tc.want)
		}
	}
}

// TestCacheDependsOnEverySetRead: a cached page that expands or filters through
// another set is invalidated by a write to that set.
func TestCacheDependsOnEverySetRead(t *testing.T) {
	s, _ := newRel(t, Tuning{CacheTTL: time.Hour})
	for _, c := range []struct{ url, other, sql, want string }{
		{"cust(1)?$expand=ord($select=amount)", "ord", "UPDATE ord SET amount = 51 WHERE id = 11", `"amount":51`},
		{"ord?$filter=cust/name%20eq%20'Ann'&$select=id", "cust", "UPDATE cust SET name = 'Ann' WHERE id = 2", `{"id":12}`},
		{"cust?$filter=ord/any(o:o/amount%20gt%20100)&$select=id", "ord", "UPDATE ord SET amount = 500 WHERE id = 12", `{"id":2}`},
	} {
		expect(t, s, c.url, "miss", "")
		s.cache.Wait()
		expect(t, s, c.url, "hit", "")
		if _, err := s.DB.Exec(c.sql); err != nil {
			t.Fatal(err)
		}
		s.invalidate(c.other)
		expect(t, s, c.url, "miss", c.want)
	}
}

// TestODataBind: Customer@odata.bind in POST and PATCH bodies sets the foreign key.
func TestODataBind(t *testing.T) {
	fill := func(ctx context.Context, db *sqlx.DB) error {
		_, err := db.ExecContext(ctx, relSchema)
		return err
	}
	s, db := newSQLite(t, fill, catalog.Options{Writable: []string{"*"}}, plan.Limits{}, 10*time.Second, Tuning{})
	write := func(method, path, body string) (*Response, error) {
		return s.Write(context.Background(), Request{Method: method, Path: path, Root: testRoot, Body: []byte(body)})
	}
	custOf := func(id int) any {
		var v any
		if err := db.QueryRow("SELECT cust_id FROM ord WHERE id = ?", id).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if _, err := write("POST", "ord", `{"amount":1,"cust@odata.bind":"cust(2)"}`); err != nil {
		t.Fatal(err)
	}
	var id int
	if err := db.QueryRow("SELECT MAX(id) FROM ord").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if got := custOf(id); got != int64(2) {
		t.Errorf("POST with a relative reference: cust_id %v, want 2", got)
	}
	if _, err := write("PATCH", fmt.Sprintf("ord(%d)", id), `{"cust@odata.bind":"`+testRoot+`cust(3)"}`); err != nil {
		t.Fatal(err)
	}
	if got := custOf(id); got != int64(3) {
		t.Errorf("PATCH with an absolute reference: cust_id %v, want 3", got)
	}
	if _, err := write("PATCH", fmt.Sprintf("ord(%d)", id), `{"cust@odata.bind":null}`); err != nil {
		t.Fatal(err)
	}
	if got := custOf(id); got != nil {
		t.Errorf("PATCH binding null: cust_id %v, want null", got)
	}
	for _, bad := range []string{`{"cust@odata.bind":"ord(1)"}`, `{"cust@odata.bind":"cust('x')"}`, `{"cust@odata.bind":7}`,
		`{"nope@odata.bind":"cust(1)"}`, `{"cust_id":1,"cust@odata.bind":"cust(2)"}`} {
		_, err := write("PATCH", fmt.Sprintf("ord(%d)", id), bad)
		if e, ok := odata.AsError(err); !ok || e.Status != 400 {
			t.Errorf("PATCH %s: want a 400, got %v", bad, err)
		}
	}
}

// TestNavPathNextLink: a navigation path's next link keeps the path.
func TestNavPathNextLink(t *testing.T) {
	fill := func(ctx context.Context, db *sqlx.DB) error {
		_, err := db.ExecContext(ctx, relSchema)
		return err
	}
	s, _ := newSQLite(t, fill, catalog.Options{}, plan.Limits{MaxPageSize: 1}, 10*time.Second, Tuning{})
	_, body := mustGet(t, s, "cust(1)/ord?$select=id")
	if !strings.Contains(body, `"value":[{"id":10}],"@odata.nextLink":"`+testRoot+`cust(1)/ord?$select=id&$skiptoken=`) {
		t.Errorf("got %s", body)
	}
}

// TestExpandCutToFitTheByteCap: an entity whose expanded collection alone passes the
// page byte cap is sent with that collection cut, carrying its own next link (not a
// 500 RowTooLarge); following the links returns every related row once, as SQL does.
func TestExpandCutToFitTheByteCap(t *testing.T) {
	const limit = 2 << 10
	s, db := newDemo(t, Tuning{MaxPageBytes: limit})
	var code string
	if err := db.QueryRow(`SELECT CustomerCode FROM orders GROUP BY CustomerCode ORDER BY COUNT(*) DESC, CustomerCode LIMIT 1`).Scan(&code); err != nil {
		t.Fatal(err)
	}
	var want []string
	if err := db.Select(&want, `SELECT CAST(OrderNo AS TEXT) FROM orders WHERE CustomerCode = ? ORDER BY OrderNo`, code); err != nil {
		t.Fatal(err)
	}
	for _, url := range []string{
		"customers('" + code + "')?$select=CustomerCode&$expand=orders($orderby=OrderNo)",
		"customers?$select=CustomerCode&$filter=CustomerCode%20eq%20'" + code + "'&$expand=orders($orderby=OrderNo)",
		"customers?$select=CustomerCode&$filter=CustomerCode%20ge%20'" + code + "'&$orderby=CustomerCode&$expand=orders($orderby=OrderNo)",
	} {
		_, body := mustGet(t, s, url)
		if len(body) > limit {
			t.Fatalf("%s: %d bytes, over the %d cap", url, len(body), limit)
		}
		var page struct {
			Value []map[string]any `json:"value"`
		}
		var ent map[string]any
		if strings.HasPrefix(url, "customers(") {
			if err := json.Unmarshal([]byte(body), &ent); err != nil {
				t.Fatal(err)
			}
		} else {
			if err := json.Unmarshal([]byte(body), &page); err != nil || len(page.Value) == 0 {
				t.Fatalf("%s: %v %.300s", url, err, body)
			}
			ent = page.Value[0]
		}
		if ent["CustomerCode"] != code {
			t.Fatalf("%s: first entity %v, want %s", url, ent["CustomerCode"], code)
		}
		orders, _ := ent["orders"].([]any)
		link, _ := ent["orders@odata.nextLink"].(string)
		if link == "" || len(orders) >= len(want) {
			t.Fatalf("%s: %d of %d orders and next link %q: the collection was not cut", url, len(orders), len(want), link)
		}
		var got []string
		for _, o := range orders {
			got = append(got, fmt.Sprint(o.(map[string]any)["OrderNo"]))
		}
		rest, _ := follow(t, s, strings.TrimPrefix(link, testRoot), "OrderNo", limit)
		got = append(got, rest...)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: orders through the links\n got  %v\n want %v", url, got, want)
		}
	}
}
