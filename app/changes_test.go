package app

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// changeDB is a database with the table items (id, name, qty, ver), where ver is the
// last-modified number every writer sets (column mode), and the flags that serve it.
type changeDB struct {
	db    *sql.DB
	flags []string
	ph    func(n int) string // bind marker
	ver   int64
}

const changeSecret = "0123456789abcdef-change-secret"

func changeTable(t testing.TB, c *changeDB, create string) {
	t.Helper()
	for _, q := range []string{create, "CREATE TABLE plain (id INT PRIMARY KEY)"} {
		if _, err := c.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for i := 1; i <= 20; i++ {
		c.exec(t, "INSERT INTO items (id, name, qty, ver) VALUES (?, ?, ?, ?)", i, fmt.Sprintf("item %d", i), i, c.next())
	}
}

func (c *changeDB) next() int64 { c.ver++; return c.ver }

// exec runs q with ? markers rewritten for the engine: another application's write.
func (c *changeDB) exec(t testing.TB, q string, args ...any) {
	t.Helper()
	n := 0
	q = replaceEach(q, "?", func() string { n++; return c.ph(n) })
	if _, err := c.db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func replaceEach(s, old string, f func() string) string {
	var sb strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			return sb.String() + s
		}
		sb.WriteString(s[:i])
		sb.WriteString(f())
		s = s[i+len(old):]
	}
}

func changeConfig(t testing.TB) string {
	f := filepath.Join(t.TempDir(), "odatagw.yaml")
	if err := os.WriteFile(f, []byte("tables:\n  items: {changed-at: ver}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

func sqliteChangeDB(t testing.TB) *changeDB {
	path := filepath.Join(t.TempDir(), "changes.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &changeDB{db: db, ph: func(int) string { return "?" },
		flags: []string{"-driver", "sqlite", "-dsn", path}}
	changeTable(t, c, `CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, ver INTEGER NOT NULL)`)
	return c
}

func mysqlChangeDB(t *testing.T) *changeDB {
	_, _, dsn := mysqlScratch(t, "odatagw_ci_changes", "change tracking on MySQL/MariaDB")
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &changeDB{db: db, ph: func(int) string { return "?" },
		flags: []string{"-driver", "mysql", "-dsn", dsn}}
	changeTable(t, c, `CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50), qty INT, ver BIGINT NOT NULL)`)
	return c
}

func postgresChangeDB(t *testing.T) *changeDB {
	dsn := os.Getenv("ODATAGW_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("set ODATAGW_TEST_POSTGRES_DSN to run change tracking on PostgreSQL")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema := fmt.Sprintf("odatagw_changes_%d_%d", os.Getpid(), time.Now().UnixNano()%100000)
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE") })
	c := &changeDB{db: db, ph: func(n int) string { return fmt.Sprintf("$%d", n) },
		flags: []string{"-driver", "postgres", "-dsn", dsn, "-schemas", schema}}
	// Statements name the table unqualified: one connection, its search_path set.
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("SET search_path TO " + schema); err != nil {
		t.Fatal(err)
	}
	changeTable(t, c, `CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50), qty INT, ver BIGINT NOT NULL)`)
	return c
}

func TestChangeTrackingColumnSQLite(t *testing.T)   { changeFlow(t, sqliteChangeDB(t)) }
func TestChangeTrackingColumnMySQL(t *testing.T)    { changeFlow(t, mysqlChangeDB(t)) }
func TestChangeTrackingColumnPostgres(t *testing.T) { changeFlow(t, postgresChangeDB(t)) }

type payload struct {
	Context   string            `json:"@odata.context"`
	Value     []json.RawMessage `json:"value"`
	DeltaLink string            `json:"@odata.deltaLink"`
	NextLink  string            `json:"@odata.nextLink"`
}

// walkDelta reads a delta link and its next links to the end, counting how often each
// entity (by its "id") is delivered; it returns the counts, the pages and the last page.
func walkDelta(t *testing.T, link string) (seen map[string]int, pages int, last payload) {
	t.Helper()
	seen = map[string]int{}
	for {
		p, status, raw := getPayload(t, link)
		if status != 200 {
			t.Fatalf("page %d: %d %.300s", pages, status, raw)
		}
		pages++
		for _, v := range p.Value {
			var m map[string]any
			json.Unmarshal(v, &m)
			seen[fmt.Sprint(m["id"])]++
		}
		if p.NextLink == "" {
			return seen, pages, p
		}
		link = p.NextLink
	}
}

func getPayload(t *testing.T, u string, hdr ...string) (payload, int, string) {
	t.Helper()
	status, h, body, err := get(t, nil, u, hdr...)
	if err != nil {
		t.Fatal(err)
	}
	var p payload
	if status == 200 {
		if err := json.Unmarshal([]byte(body), &p); err != nil {
			t.Fatalf("%s: %v\n%s", u, err, body)
		}
	}
	return p, status, h.Get("Preference-Applied") + "|" + body
}

// rebase moves a link to another gateway's root (a restart listens on a new port).
func rebase(link, root string) string {
	i := strings.Index(link, "items?")
	return root + link[i:]
}

func changeFlow(t *testing.T, c *changeDB) {
	flags := append(append([]string{}, c.flags...), "-config", changeConfig(t), "-track-changes", "column",
		"-change-secret", changeSecret, "-cache-ttl", "60s", "-change-poll", "100ms", "-max-page-size", "1000")
	g, _ := startGateway(t, flags...)

	// A set without a change source ignores the preference.
	if status, h, body, _ := get(t, nil, g.URL+"plain?$top=0", "Prefer", "odata.track-changes"); status != 200 ||
		h.Get("Preference-Applied") != "" || strings.Contains(body, "deltaLink") {
		t.Fatalf("untracked set: %d %v %s", status, h, body)
	}
	start, status, raw := getPayload(t, g.URL+"items?$top=0&$filter=qty%20lt%20100&$select=name", "Prefer", "odata.track-changes")
	if status != 200 || !strings.HasPrefix(raw, "odata.track-changes|") || start.DeltaLink == "" || len(start.Value) != 0 {
		t.Fatalf("start: %d %s", status, raw)
	}
	if !strings.HasPrefix(start.DeltaLink, g.URL+"items?$deltatoken=") {
		t.Fatalf("delta link %q is not absolute under %s", start.DeltaLink, g.URL)
	}

	// No change: an empty delta and a delta link.
	empty, status, raw := getPayload(t, start.DeltaLink)
	if status != 200 || len(empty.Value) != 0 || empty.DeltaLink == "" || empty.Context != g.URL+"$metadata#items/$delta" {
		t.Fatalf("empty delta: %d %s", status, raw)
	}

	// Another application writes: an insert and an update inside the filter, an update
	// that leaves the filter.
	c.exec(t, "INSERT INTO items (id, name, qty, ver) VALUES (?, ?, ?, ?)", 100, "new one", 5, c.next())
	c.exec(t, "UPDATE items SET name = ?, ver = ? WHERE id = ?", "renamed", c.next(), 3)
	c.exec(t, "UPDATE items SET qty = ?, ver = ? WHERE id = ?", 500, c.next(), 4)

	d, status, raw := getPayload(t, empty.DeltaLink)
	if status != 200 || d.DeltaLink == "" || d.NextLink != "" {
		t.Fatalf("delta: %d %s", status, raw)
	}
	got := map[string]map[string]any{}
	var removed []map[string]any
	for _, v := range d.Value {
		var m map[string]any
		json.Unmarshal(v, &m)
		if _, ok := m["reason"]; ok {
			removed = append(removed, m)
			continue
		}
		got[fmt.Sprint(m["id"])] = m
	}
	// Values equal to SQL, with the tracked $select (plus the key).
	rows, err := c.db.Query("SELECT id, name FROM items WHERE id IN (100, 3) AND qty < 100")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for rows.Next() {
		var id int
		var name string
		rows.Scan(&id, &name)
		want[fmt.Sprint(id)] = name
	}
	rows.Close()
	if len(got) != len(want) || len(want) != 2 {
		t.Fatalf("changed entities %v, SQL has %v\n%s", got, want, raw)
	}
	for id, name := range want {
		if got[id]["name"] != name || len(got[id]) != 2 {
			t.Errorf("entity %s = %v, SQL name %q", id, got[id], name)
		}
	}
	if len(removed) != 1 || removed[0]["reason"] != "changed" || removed[0]["id"] != g.URL+"items(4)" ||
		removed[0]["@odata.context"] != g.URL+"$metadata#items/$deletedEntity" {
		t.Fatalf("removed (4.0) = %v", removed)
	}
	// The same link asked by a 4.01 client: the @removed shape with @id and the key.
	d401, _, raw := getPayload(t, empty.DeltaLink, "OData-MaxVersion", "4.01")
	if !strings.Contains(raw, `{"@removed":{"reason":"changed"},"@id":"`+g.URL+`items(4)","id":4}`) || len(d401.Value) != 3 {
		t.Fatalf("removed (4.01): %s", raw)
	}

	// Forged and mangled tokens: 400.
	tok := strings.TrimPrefix(d.DeltaLink, g.URL+"items?$deltatoken=")
	u, _ := url.QueryUnescape(tok)
	forged := []byte(u)
	forged[3] ^= 1
	for _, bad := range []string{url.QueryEscape(string(forged)), "abc", "", url.QueryEscape(u + "x")} {
		if _, status, raw := getPayload(t, g.URL+"items?$deltatoken="+bad); status != 400 || !strings.Contains(raw, "InvalidDeltaToken") {
			t.Errorf("token %q: %d %s", bad, status, raw)
		}
	}

	// Cache invalidation from the feed: a cached page learns of another application's
	// change long before -cache-ttl 60s.
	page := g.URL + "items?$filter=id%20eq%207"
	cachedHit(t, page)
	c.exec(t, "UPDATE items SET name = ?, ver = ? WHERE id = ?", "seen by the feed", c.next(), 7)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, _, body, _ := get(t, nil, page)
		if strings.Contains(body, "seen by the feed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cached page never invalidated: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// A restart between two deltas: the token survives (same secret).
	g.Stop()
	c.exec(t, "UPDATE items SET name = ?, ver = ? WHERE id = ?", "after restart", c.next(), 8)
	g2, _ := startGateway(t, flags...)
	d2, status, raw := getPayload(t, rebase(d.DeltaLink, g2.URL))
	if status != 200 || !strings.Contains(raw, `"after restart"`) || !strings.Contains(raw, `"seen by the feed"`) || len(d2.Value) != 2 {
		t.Fatalf("delta after restart: %d %s", status, raw)
	}

	// 3,000 changes across next links: nothing missing, nothing doubled.
	tx, err := c.db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1000; i < 4000; i++ {
		q := replaceEach("INSERT INTO items (id, name, qty, ver) VALUES (?, ?, ?, ?)", "?", func() string { return "?" })
		if c.ph(1) != "?" {
			q = "INSERT INTO items (id, name, qty, ver) VALUES ($1, $2, $3, $4)"
		}
		if _, err := tx.Exec(q, i, fmt.Sprintf("bulk %d", i), i%50, c.next()); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	// A tracked read that pages: the delta link comes on the last page only.
	first, status, raw := getPayload(t, g2.URL+"items?$select=name", "Prefer", "odata.track-changes")
	if status != 200 || !strings.HasPrefix(raw, "odata.track-changes|") || first.NextLink == "" || first.DeltaLink != "" {
		t.Fatalf("paged tracked read: %d %.300s", status, raw)
	}
	seen, pages, last := walkDelta(t, d2.DeltaLink)
	if last.DeltaLink == "" {
		t.Fatal("last page has no delta link")
	}
	var doubled []string
	for id, n := range seen {
		if n != 1 {
			doubled = append(doubled, id)
		}
	}
	sort.Strings(doubled)
	if len(seen) != 3000 || len(doubled) > 0 || pages < 3 {
		t.Fatalf("bulk: %d distinct entities over %d pages, doubled %v", len(seen), pages, doubled)
	}
	if m := metricsText(t, g2); metricSum(m, "odatagw_change_events_read_total") < 3000 || metricSum(m, "odatagw_delta_requests_total") < 4 {
		t.Errorf("change metrics:\n%s", grepLines(m, "change_|delta_"))
	}

	// Another secret (another deployment): the token does not verify.
	g2.Stop()
	other := append(append([]string{}, flags...), "-change-secret", "another-secret-of-16-bytes")
	g3, _ := startGateway(t, other...)
	if _, status, raw := getPayload(t, rebase(d.DeltaLink, g3.URL)); status != 400 {
		t.Fatalf("token under another secret: %d %s", status, raw)
	}
}

// TestSalesforceMentionsTracking: the set-up generator tells how to enable External
// Change Data Capture when tracking is on, and says nothing of it when off.
func TestSalesforceMentionsTracking(t *testing.T) {
	for _, mode := range []string{"log", "off"} {
		var out, errb strings.Builder
		code := runSalesforce([]string{"-public-url", "https://gw.example.com/odata/", "-track-changes", mode}, func(string) string { return "" }, &out, &errb)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", mode, code, errb.String())
		}
		if got := strings.Contains(out.String(), "Track Changes"); got != (mode == "log") {
			t.Errorf("-track-changes %s: mention = %v\n%s", mode, got, out.String())
		}
	}
}

// cachedHit reads page until a read is a cache hit: the feed may still be
// invalidating the set for earlier writes, which is not what a test then measures.
func cachedHit(t *testing.T, page string) {
	t.Helper()
	for i := 0; ; i++ {
		get(t, nil, page)
		if _, h, _, _ := get(t, nil, page); h.Get("X-Cache") == "hit" {
			return
		}
		if i == 200 {
			t.Fatal("the page never became a cache hit")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
