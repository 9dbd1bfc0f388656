package replay

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// $batch through the real server: change sets commit together or not at all (checked
// with direct SQL), Content-ID references, reads mixed with change sets (and the cache
// invalidated by a committed change set), the JSON form, continue-on-error, and
// malformed batches (4xx, never 500). SQLite always; MariaDB and PostgreSQL with their
// DSN variables.
func TestBatch(t *testing.T) {
	for _, e := range engines(t) {
		t.Run(e.name, func(t *testing.T) {
			g := start(t, e, nil, "-writable", "orders,customers,Order_Lines", "-cache-ttl", "10m")
			b := &batchEnv{t: t, e: e, g: g}
			b.cur = str(e.scalar(t, "SELECT MIN("+e.q("CurrencyCode")+") FROM "+e.q("currencies")))
			b.existing = str(e.scalar(t, "SELECT MIN("+e.q("CustomerCode")+") FROM "+e.q("customers")))
			t.Run("change set commits", b.commits)
			t.Run("change set rolls back", b.rollsBack)
			t.Run("reads and change sets", b.mixed)
			t.Run("json", b.jsonBatch)
			if e.name == "sqlite" { // the edge does not depend on the database
				t.Run("malformed", func(t *testing.T) { batchMalformed(t, e) })
				t.Run("csrf and auth", func(t *testing.T) { batchCSRF(t, e) })
			}
		})
	}
}

type batchEnv struct {
	t        *testing.T
	e        *engine
	g        *gateway
	cur      string // a currency code
	existing string // a customer that exists
}

// breq is one request of a multipart batch.
type breq struct {
	id, method, url, body string
	header                []string
}

// changeset groups requests of a multipart batch.
type changeset []breq

func multipartBatch(boundary string, items ...any) string {
	var sb strings.Builder
	write := func(r breq) {
		sb.WriteString("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n")
		if r.id != "" {
			sb.WriteString("Content-ID: " + r.id + "\r\n")
		}
		sb.WriteString("\r\n" + r.method + " " + r.url + " HTTP/1.1\r\n")
		for i := 0; i+1 < len(r.header); i += 2 {
			sb.WriteString(r.header[i] + ": " + r.header[i+1] + "\r\n")
		}
		if r.body != "" {
			sb.WriteString("Content-Type: application/json\r\n")
		}
		sb.WriteString("\r\n" + r.body + "\r\n")
	}
	for i, it := range items {
		sb.WriteString("--" + boundary + "\r\n")
		switch x := it.(type) {
		case breq:
			write(x)
		case changeset:
			cs := fmt.Sprintf("changeset_%d", i)
			sb.WriteString("Content-Type: multipart/mixed; boundary=" + cs + "\r\n\r\n")
			for _, r := range x {
				sb.WriteString("--" + cs + "\r\n")
				write(r)
			}
			sb.WriteString("--" + cs + "--\r\n")
		}
	}
	sb.WriteString("--" + boundary + "--\r\n")
	return sb.String()
}

// bres is one response of a batch; changeset holds the members of a change set.
type bres struct {
	id        string
	status    int
	header    http.Header
	body      []byte
	changeset []bres
}

func (r bres) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("part %s body is not JSON (%v): %.300s", r.id, err, r.body)
	}
	return m
}

func (r bres) errCode() string {
	var m struct {
		Error struct{ Code string } `json:"error"`
	}
	_ = json.Unmarshal(r.body, &m)
	return m.Error.Code
}

// parseMultipartResponse reads a multipart/mixed batch response with Go's own MIME and
// HTTP readers, so the gateway's output is checked by an independent parser.
func parseMultipartResponse(t *testing.T, contentType string, body []byte) []bres {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/mixed" || params["boundary"] == "" {
		t.Fatalf("batch response Content-Type %q", contentType)
	}
	var out []bres
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("batch response does not parse: %v\n%s", err, body)
		}
		content, _ := io.ReadAll(p)
		if ct := p.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/mixed") {
			out = append(out, bres{changeset: parseMultipartResponse(t, ct, content)})
			continue
		}
		res, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(content)), nil)
		if err != nil {
			t.Fatalf("part does not parse as HTTP: %v\n%s", err, content)
		}
		rb, _ := io.ReadAll(res.Body)
		out = append(out, bres{id: p.Header.Get("Content-ID"), status: res.StatusCode, header: res.Header, body: rb})
	}
	return out
}

func (b *batchEnv) post(t *testing.T, body string, header ...string) ([]bres, *response) {
	t.Helper()
	const boundary = "batch_replay"
	h := append([]string{"Content-Type", "multipart/mixed; boundary=" + boundary}, header...)
	res := do(t, http.MethodPost, b.g.url+"$batch", strings.NewReader(body), h...)
	if res.status != http.StatusOK {
		t.Fatalf("$batch: status %d: %s", res.status, res.body)
	}
	return parseMultipartResponse(t, res.header.Get("Content-Type"), res.body), res
}

func (b *batchEnv) customer(code, name string) string {
	m := map[string]any{"CustomerCode": code, "CompanyName": name, "CurrencyCode": b.cur, "IsActive": true, "CreatedAt": "2024-01-01T00:00:00Z"}
	out, _ := json.Marshal(m)
	return string(out)
}

// companyName reads a customer's CompanyName with direct SQL ("<none>" when absent).
func (b *batchEnv) companyName(t *testing.T, code string) string {
	t.Helper()
	n := str(b.e.scalar(t, "SELECT COUNT(*) FROM "+b.e.q("customers")+" WHERE "+b.e.q("CustomerCode")+" = ?", code))
	if n == "0" {
		return "<none>"
	}
	return str(b.e.scalar(t, "SELECT "+b.e.q("CompanyName")+" FROM "+b.e.q("customers")+" WHERE "+b.e.q("CustomerCode")+" = ?", code))
}

// commits: POST a customer, PATCH it through its Content-ID, POST an order for it:
// one transaction, all three visible afterwards.
func (b *batchEnv) commits(t *testing.T) {
	order := fmt.Sprintf(`{"CustomerCode":"BT001","OrderDate":"2024-02-29","Year":2024,"CurrencyCode":%q,"ShipName":"batch ship"}`, b.cur)
	logBefore := len(b.g.log.String())
	parts, _ := b.post(t, multipartBatch("batch_replay", changeset{
		{id: "1", method: "POST", url: "customers", body: b.customer("BT001", "Batch One")},
		{id: "2", method: "PATCH", url: "$1", body: `{"CompanyName":"Batch One patched"}`},
		{id: "3", method: "POST", url: "orders", body: order},
	}))
	if len(parts) != 1 || len(parts[0].changeset) != 3 {
		t.Fatalf("want one change set of 3 responses, got %+v", parts)
	}
	cs := parts[0].changeset
	for i, want := range []int{201, 204, 201} {
		if cs[i].status != want || cs[i].id != fmt.Sprint(i+1) {
			t.Errorf("response %d: status %d Content-ID %q, want %d %d: %s", i, cs[i].status, cs[i].id, want, i+1, cs[i].body)
		}
	}
	// One transaction on the one database path: the SQL log shows one BEGIN and one
	// COMMIT for the three writes.
	sqlLog := b.g.log.String()[logBefore:]
	if n, m := strings.Count(sqlLog, `"query":"BEGIN"`), strings.Count(sqlLog, `"query":"COMMIT"`); n != 1 || m != 1 {
		t.Errorf("the change set ran %d BEGIN and %d COMMIT, want 1 each", n, m)
	}
	if got := b.companyName(t, "BT001"); got != "Batch One patched" {
		t.Errorf("customer after commit: %q", got)
	}
	loc := cs[2].header.Get("Location")
	m := orderKey.FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("order Location %q", loc)
	}
	if got := str(b.e.scalar(t, "SELECT "+b.e.q("CustomerCode")+" FROM "+b.e.q("orders")+" WHERE "+b.e.q("OrderNo")+" = ?", m[1])); got != "BT001" {
		t.Errorf("order %s customer %q", m[1], got)
	}
	if body := cs[0].json(t); body["CompanyName"] != "Batch One" || body["CustomerCode"] != "BT001" {
		t.Errorf("201 body %s", cs[0].body)
	}
}

// rollsBack: a change set whose third request violates the key rolls back the
// first two (an insert and an update of an existing row); the answer is one error
// response, and without continue-on-error nothing after it runs.
func (b *batchEnv) rollsBack(t *testing.T) {
	before := b.companyName(t, b.existing)
	count := func() string { return str(b.e.scalar(t, "SELECT COUNT(*) FROM "+b.e.q("customers"))) }
	n := count()
	body := multipartBatch("batch_replay",
		changeset{
			{id: "a", method: "POST", url: "customers", body: b.customer("BT002", "Rolled back")},
			{id: "b", method: "PATCH", url: "customers('" + b.existing + "')", body: `{"CompanyName":"must not stay"}`},
			{id: "c", method: "POST", url: "customers", body: b.customer("BT002", "Duplicate")},
		},
		breq{id: "after", method: "GET", url: "customers('" + b.existing + "')"},
	)
	parts, res := b.post(t, body)
	if len(parts) != 1 || parts[0].changeset != nil {
		t.Fatalf("want one (non-change-set) error response and nothing after it, got %d parts: %s", len(parts), res.body)
	}
	if p := parts[0]; p.status != http.StatusConflict || p.errCode() != "DuplicateKey" || p.id != "c" {
		t.Errorf("failed change set: status %d code %q id %q: %s", p.status, p.errCode(), p.id, p.body)
	}
	if got := b.companyName(t, "BT002"); got != "<none>" {
		t.Errorf("BT002 survived the rollback: %q", got)
	}
	if got := b.companyName(t, b.existing); got != before {
		t.Errorf("PATCH survived the rollback: %q, was %q", got, before)
	}
	if got := count(); got != n {
		t.Errorf("customers: %s rows, %s before", got, n)
	}

	// With continue-on-error the GET after the failed change set runs.
	parts, res = b.post(t, body, "Prefer", "odata.continue-on-error")
	if res.header.Get("Preference-Applied") != "odata.continue-on-error" {
		t.Errorf("Preference-Applied %q", res.header.Get("Preference-Applied"))
	}
	if len(parts) != 2 || parts[0].status != http.StatusConflict || parts[1].status != http.StatusOK {
		t.Fatalf("continue-on-error: %s", res.body)
	}
	if got := parts[1].json(t)["CompanyName"]; got != before {
		t.Errorf("GET after the failed change set: %v, want %q", got, before)
	}
	if got := b.companyName(t, b.existing); got != before {
		t.Errorf("PATCH survived the second rollback: %q", got)
	}

	// A failure in the first request (validation, before any SQL) and a reference to a
	// Content-ID that does not exist fail the same way.
	parts, _ = b.post(t, multipartBatch("batch_replay", changeset{
		{id: "x", method: "PATCH", url: "customers('" + b.existing + "')", body: `{"CompanyName":"must not stay"}`},
		{id: "y", method: "PATCH", url: "customers('" + b.existing + "')", body: `{"NoSuchProperty":1}`},
	}))
	if len(parts) != 1 || parts[0].status != http.StatusBadRequest || parts[0].id != "y" {
		t.Errorf("invalid property in a change set: %+v", parts)
	}
	if got := b.companyName(t, b.existing); got != before {
		t.Errorf("PATCH survived a validation failure: %q", got)
	}
}

// mixed: GETs around a change set see its effect (the cached page is invalidated at
// commit), and top-level writes outside change sets commit on their own.
func (b *batchEnv) mixed(t *testing.T) {
	ent := "customers('" + b.existing + "')?$select=CustomerCode,CompanyName"
	// Prime the cache with a single GET, then read, write and read in one batch. The
	// in-memory cache admits entries asynchronously (ristretto buffers its sets and
	// may drop one under contention), so the priming GET is repeated until a hit.
	c := ""
	for try := 0; try < 40 && c != "hit"; try++ {
		if try > 0 {
			time.Sleep(25 * time.Millisecond)
		}
		c = do(t, http.MethodGet, b.g.url+ent, nil).header.Get("X-Cache")
	}
	if c != "hit" {
		t.Fatalf("the entity is not cached (X-Cache %q): the invalidation check below would prove nothing", c)
	}
	before := b.companyName(t, b.existing)
	parts, _ := b.post(t, multipartBatch("batch_replay",
		breq{id: "r1", method: "GET", url: ent},
		changeset{{id: "w1", method: "PATCH", url: "customers('" + b.existing + "')", body: `{"CompanyName":"Mixed batch"}`}},
		breq{id: "r2", method: "GET", url: ent},
		breq{id: "r3", method: "GET", url: "customers/$count"},
		breq{id: "w2", method: "POST", url: "customers", body: b.customer("BT003", "Outside change set")},
		breq{id: "r4", method: "GET", url: "/odata/customers('BT003')?$select=CompanyName"},
		breq{id: "r5", method: "GET", url: strings.TrimSuffix(b.g.url, "/") + "/customers('BT003')?$select=CompanyName"},
	))
	if len(parts) != 7 {
		t.Fatalf("want 7 responses, got %d", len(parts))
	}
	if got := parts[0].json(t)["CompanyName"]; got != before {
		t.Errorf("GET before the change set: %v, want %q", got, before)
	}
	if len(parts[1].changeset) != 1 || parts[1].changeset[0].status != http.StatusNoContent {
		t.Errorf("change set: %+v", parts[1])
	}
	if got := parts[2].json(t)["CompanyName"]; got != "Mixed batch" || b.companyName(t, b.existing) != "Mixed batch" {
		t.Errorf("GET after the change set: %v (database %q)", got, b.companyName(t, b.existing))
	}
	if got, want := strings.TrimSpace(string(parts[3].body)), str(b.e.scalar(t, "SELECT COUNT(*) FROM "+b.e.q("customers"))); got != fmt.Sprint(mustInt(t, want)-1) {
		t.Errorf("$count before the top-level POST: %s, database now %s", got, want)
	}
	if parts[4].status != http.StatusCreated || b.companyName(t, "BT003") != "Outside change set" {
		t.Errorf("top-level POST: %d %s", parts[4].status, parts[4].body)
	}
	for _, p := range parts[5:] {
		if p.status != http.StatusOK || p.json(t)["CompanyName"] != "Outside change set" {
			t.Errorf("%s (absolute path/URL): %d %s", p.id, p.status, p.body)
		}
	}
	// A single GET after the batch is not served from the stale cache.
	if got := do(t, http.MethodGet, b.g.url+ent, nil).json(t)["CompanyName"]; got != "Mixed batch" {
		t.Errorf("single GET after the batch: %v", got)
	}
}

func mustInt(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return n
}

type jsonBatchResponse struct {
	Responses []struct {
		ID             string            `json:"id"`
		AtomicityGroup string            `json:"atomicityGroup"`
		Status         int               `json:"status"`
		Headers        map[string]string `json:"headers"`
		Body           json.RawMessage   `json:"body"`
	} `json:"responses"`
}

// jsonBatch: the 4.01 JSON form: an atomicity group with a reference, dependsOn, a
// failing group rolled back with 424 for its other members and for dependents.
func (b *batchEnv) jsonBatch(t *testing.T) {
	send := func(body string, header ...string) jsonBatchResponse {
		t.Helper()
		res := do(t, http.MethodPost, b.g.url+"$batch", strings.NewReader(body), append([]string{"Content-Type", "application/json"}, header...)...)
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
			t.Fatalf("JSON $batch: %d %s: %s", res.status, res.header.Get("Content-Type"), res.body)
		}
		var out jsonBatchResponse
		if err := json.Unmarshal(res.body, &out); err != nil {
			t.Fatalf("JSON batch response: %v: %s", err, res.body)
		}
		return out
	}
	out := send(`{"requests":[
		{"id":"1","atomicityGroup":"g1","method":"POST","url":"customers","headers":{"content-type":"application/json"},"body":` + b.customer("BT004", "Json") + `},
		{"id":"2","atomicityGroup":"g1","method":"PATCH","url":"$1","body":{"CompanyName":"Json patched"}},
		{"id":"3","method":"GET","url":"customers('BT004')?$select=CompanyName","dependsOn":["g1"]},
		{"id":"4","method":"get","url":"customers/$count"}]}`)
	if len(out.Responses) != 4 {
		t.Fatalf("responses: %+v", out)
	}
	for i, want := range []int{201, 204, 200, 200} {
		if r := out.Responses[i]; r.Status != want || r.ID != fmt.Sprint(i+1) {
			t.Errorf("response %d: %d %q, want %d", i, r.Status, r.ID, want)
		}
	}
	if g := out.Responses[0].AtomicityGroup; g != "g1" {
		t.Errorf("atomicityGroup %q", g)
	}
	if !strings.Contains(string(out.Responses[2].Body), `"Json patched"`) || b.companyName(t, "BT004") != "Json patched" {
		t.Errorf("after the group: %s, database %q", out.Responses[2].Body, b.companyName(t, "BT004"))
	}
	var n string
	if err := json.Unmarshal(out.Responses[3].Body, &n); err != nil || n != str(b.e.scalar(t, "SELECT COUNT(*) FROM "+b.e.q("customers"))) {
		t.Errorf("$count body %s (%v)", out.Responses[3].Body, err)
	}

	before := b.companyName(t, b.existing)
	out = send(`{"requests":[
		{"id":"a","atomicityGroup":"g","method":"PATCH","url":"customers('`+b.existing+`')","body":{"CompanyName":"json rollback"}},
		{"id":"b","atomicityGroup":"g","method":"POST","url":"customers","body":`+b.customer("BT004", "dup")+`},
		{"id":"c","method":"GET","url":"customers('`+b.existing+`')","dependsOn":["g"]},
		{"id":"d","method":"GET","url":"customers('`+b.existing+`')?$select=CompanyName"}]}`, "Prefer", "continue-on-error")
	if len(out.Responses) != 4 {
		t.Fatalf("responses: %+v", out)
	}
	for i, want := range []int{424, 409, 424, 200} {
		if r := out.Responses[i]; r.Status != want {
			t.Errorf("failing group, response %d: %d, want %d: %s", i, r.Status, want, r.Body)
		}
	}
	if b.companyName(t, b.existing) != before || !strings.Contains(string(out.Responses[3].Body), before) {
		t.Errorf("JSON group not rolled back: %q, was %q", b.companyName(t, b.existing), before)
	}
}

// batchMalformed: bodies that do not parse, break the batch rules or pass the limits
// get a 4xx OData error, never a 500.
func batchMalformed(t *testing.T, e *engine) {
	g := start(t, e, nil, "-writable", "customers", "-max-batch-requests", "3", "-max-body-bytes", "65536")
	mp := "multipart/mixed; boundary=b"
	get := breq{method: "GET", url: "customers?$top=1"}
	cases := []struct {
		name, ct, body string
		status         int
		code           string
	}{
		{"no content type", "", "x", 415, "UnsupportedMediaType"},
		{"text/plain", "text/plain", "x", 415, "UnsupportedMediaType"},
		{"no boundary", "multipart/mixed", "--b\r\n", 400, "InvalidBatch"},
		{"garbage", mp, "garbage", 400, "InvalidBatch"},
		{"unterminated", mp, "--b\r\nContent-Type: application/http\r\n\r\nGET customers HTTP/1.1\r\n", 400, "InvalidBatch"},
		{"part type", mp, "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n", 400, "InvalidBatch"},
		{"request line", mp, "--b\r\nContent-Type: application/http\r\n\r\nGETcustomers\r\n\r\n\r\n--b--\r\n", 400, "InvalidBatch"},
		{"method", mp, multipartBatch("b", breq{method: "TRACE", url: "customers"}), 400, "InvalidBatch"},
		{"protocol", mp, "--b\r\nContent-Type: application/http\r\n\r\nGET customers SPDY/3\r\n\r\n\r\n--b--\r\n", 400, "InvalidBatch"},
		{"header line", mp, "--b\r\nContent-Type: application/http\r\n\r\nGET customers HTTP/1.1\r\nno colon\r\n\r\n\r\n--b--\r\n", 400, "InvalidBatch"},
		{"content-length", mp, "--b\r\nContent-Type: application/http\r\n\r\nPOST customers HTTP/1.1\r\nContent-Length: 99\r\n\r\n{}\r\n--b--\r\n", 400, "InvalidBatch"},
		{"GET in change set", mp, multipartBatch("b", changeset{get}), 400, "InvalidBatch"},
		{"empty change set", mp, "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c--\r\n--b--\r\n", 400, "InvalidBatch"},
		{"nested change set", mp, "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: multipart/mixed; boundary=d\r\n\r\n--d--\r\n--c--\r\n--b--\r\n", 400, "InvalidBatch"},
		{"duplicate Content-ID", mp, multipartBatch("b", changeset{{id: "1", method: "DELETE", url: "customers('X')"}, {id: "1", method: "DELETE", url: "customers('Y')"}}), 400, "InvalidBatch"},
		{"too many requests", mp, multipartBatch("b", get, get, changeset{{method: "DELETE", url: "customers('X')"}, {method: "DELETE", url: "customers('Y')"}}), 413, "BatchTooLarge"},
		{"body too large", mp, multipartBatch("b", breq{method: "POST", url: "customers", body: `{"Notes":"` + strings.Repeat("x", 70000) + `"}`}), 413, "RequestEntityTooLarge"}, // fiber's limit, as for single requests
		{"json not an object", "application/json", `[1,2]`, 400, "InvalidBatch"},
		{"json no requests", "application/json", `{"x":1}`, 400, "InvalidBatch"},
		{"json truncated", "application/json", `{"requests":[{"id":"1"`, 400, "InvalidBatch"},
		{"json no id", "application/json", `{"requests":[{"method":"GET","url":"customers"}]}`, 400, "InvalidBatch"},
		{"json no url", "application/json", `{"requests":[{"id":"1","method":"GET"}]}`, 400, "InvalidBatch"},
		{"json method", "application/json", `{"requests":[{"id":"1","method":"CONNECT","url":"customers"}]}`, 400, "InvalidBatch"},
		{"json id twice", "application/json", `{"requests":[{"id":"1","method":"GET","url":"customers"},{"id":"1","method":"GET","url":"customers"}]}`, 400, "InvalidBatch"},
		{"json group split", "application/json", `{"requests":[{"id":"1","atomicityGroup":"g","method":"DELETE","url":"customers('X')"},{"id":"2","method":"GET","url":"customers"},{"id":"3","atomicityGroup":"g","method":"DELETE","url":"customers('Y')"}]}`, 400, "InvalidBatch"},
		{"json GET in group", "application/json", `{"requests":[{"id":"1","atomicityGroup":"g","method":"GET","url":"customers"}]}`, 400, "InvalidBatch"},
		{"json forward dependsOn", "application/json", `{"requests":[{"id":"1","method":"GET","url":"customers","dependsOn":["2"]},{"id":"2","method":"GET","url":"customers"}]}`, 400, "InvalidBatch"},
		{"json body type", "application/json", `{"requests":[{"id":"1","method":"POST","url":"customers","headers":{"content-type":"text/plain"},"body":{}}]}`, 400, "InvalidBatch"},
		{"json too many", "application/json", `{"requests":[{"id":"1","method":"GET","url":"customers"},{"id":"2","method":"GET","url":"customers"},{"id":"3","method":"GET","url":"customers"},{"id":"4","method":"GET","url":"customers"}]}`, 413, "BatchTooLarge"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var h []string
			if c.ct != "" {
				h = []string{"Content-Type", c.ct}
			}
			res := do(t, http.MethodPost, g.url+"$batch", strings.NewReader(c.body), h...)
			expectError(t, c.name, res, c.status, c.code, "")
		})
	}

	// A gzip body is accepted as for single writes.
	res := do(t, http.MethodPost, g.url+"$batch", gzipped(t, []byte(multipartBatch("b", get))), "Content-Type", mp, "Content-Encoding", "gzip")
	if res.status != http.StatusOK {
		t.Fatalf("gzip batch: %d %s", res.status, res.body)
	}
	if parts := parseMultipartResponse(t, res.header.Get("Content-Type"), res.body); len(parts) != 1 || parts[0].status != http.StatusOK {
		t.Errorf("gzip batch: %+v", parts)
	}
	res = do(t, http.MethodGet, g.url+"$batch", nil)
	expectError(t, "GET $batch", res, http.StatusMethodNotAllowed, "MethodNotAllowed", "")

	// Inner requests that are wrong fail alone, with the status a single request gets.
	inner := []struct {
		name   string
		r      breq
		status int
		code   string
	}{
		{"bad path", breq{method: "GET", url: "customers(("}, 400, ""},
		{"unknown set", breq{method: "GET", url: "nosuchset"}, 404, ""},
		{"outside the root", breq{method: "GET", url: "/elsewhere/customers"}, 404, "NotFound"},
		{"read-only set", breq{method: "POST", url: "suppliers", body: `{"SupplierCode":"X"}`}, 405, "ReadOnlyEntitySet"},
		{"nested $batch", breq{method: "POST", url: "$batch", body: `{}`}, 400, "InvalidBatch"},
		{"not JSON", breq{method: "POST", url: "customers", header: []string{"Content-Type", "text/xml"}, body: "<x/>"}, 415, "UnsupportedMediaType"},
		{"URL too long", breq{method: "GET", url: "customers?$filter=" + strings.Repeat("x", 70000)}, 414, "URITooLong"},
	}
	for _, c := range inner {
		t.Run("inner "+c.name, func(t *testing.T) {
			body := multipartBatch("b", c.r)
			if c.name == "not JSON" {
				body = strings.Replace(body, "Content-Type: application/json\r\n", "", 1)
			}
			hdrs := []string{"Content-Type", mp}
			g2 := g
			if c.name == "URL too long" {
				g2 = start(t, e, nil)
			}
			res := do(t, http.MethodPost, g2.url+"$batch", strings.NewReader(body), hdrs...)
			if res.status != http.StatusOK {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			parts := parseMultipartResponse(t, res.header.Get("Content-Type"), res.body)
			if len(parts) != 1 || parts[0].status != c.status || c.code != "" && parts[0].errCode() != c.code {
				t.Fatalf("want %d %s, got %+v", c.status, c.code, parts)
			}
			if strings.Contains(strings.ToLower(string(parts[0].body)), "sql") {
				t.Errorf("error leaks SQL: %s", parts[0].body)
			}
		})
	}
}

// batchCSRF: the $batch POST is authenticated and CSRF-checked once, like any POST;
// its inner requests run as its principal (tokens inside parts change nothing).
func batchCSRF(t *testing.T, e *engine) {
	g := start(t, e, nil, "-writable", "customers", "-csrf", "-csrf-secret", csrfSecret,
		"-basic-auth", "alice:alice-password")
	alice := basic("alice", "alice-password")
	body := multipartBatch("b", breq{method: "GET", url: "customers?$top=1"})
	ct := "multipart/mixed; boundary=b"
	res := do(t, http.MethodPost, g.url+"$batch", strings.NewReader(body), "Content-Type", ct)
	expectError(t, "batch without credentials", res, http.StatusUnauthorized, "Unauthorized", "")
	res = do(t, http.MethodPost, g.url+"$batch", strings.NewReader(body), "Content-Type", ct, "Authorization", alice)
	expectError(t, "batch without CSRF token", res, http.StatusForbidden, "CSRFTokenRequired", "")
	token := do(t, http.MethodGet, g.url, nil, "Authorization", alice, "X-CSRF-Token", "Fetch").header.Get("X-CSRF-Token")
	res = do(t, http.MethodPost, g.url+"$batch", strings.NewReader(body), "Content-Type", ct, "Authorization", alice, "X-CSRF-Token", token)
	if res.status != http.StatusOK {
		t.Fatalf("batch with token: %d %s", res.status, res.body)
	}
	parts := parseMultipartResponse(t, res.header.Get("Content-Type"), res.body)
	if len(parts) != 1 || parts[0].status != http.StatusOK {
		t.Errorf("inner GET: %+v", parts)
	}
	if !strings.Contains(g.log.String(), `"principal":"basic:alice"`) {
		t.Errorf("the batch is not logged with its principal")
	}
}
