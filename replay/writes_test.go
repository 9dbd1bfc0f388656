package replay

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/config"
)

func jsonBody(t *testing.T, v any) *bytes.Reader {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(b)
}

func gzipped(t *testing.T, b []byte) *bytes.Reader {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return bytes.NewReader(buf.Bytes())
}

var ctJSON = []string{"Content-Type", "application/json"}

func hdr(extra ...string) []string { return append(append([]string(nil), ctJSON...), extra...) }

func expectStatus(t *testing.T, what string, res *response, status int) {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, res.status, status, res.body)
	}
	if v := res.header.Get("OData-Version"); v != "4.0" && v != "4.01" {
		t.Errorf("%s: OData-Version %q", what, v)
	}
}

func expectError(t *testing.T, what string, res *response, status int, code, target string) {
	t.Helper()
	expectStatus(t, what, res, status)
	m := res.json(t)
	e, _ := m["error"].(map[string]any)
	if e == nil || e["code"] != code || target != "" && e["target"] != target {
		t.Errorf("%s: error %v, want code %s target %q", what, m["error"], code, target)
	}
	if msg, _ := e["message"].(string); strings.Contains(strings.ToLower(msg), "sql") || strings.Contains(msg, "constraint failed") {
		t.Errorf("%s: message leaks database text: %s", what, msg)
	}
}

var orderKey = regexp.MustCompile(`/orders\((\d+)\)$`)

// replayWrites runs the write flows of I6/I7 and checks each with direct SQL.
func replayWrites(t *testing.T, e *engine) {
	g := start(t, e, map[string]config.Table{"customers": {ETag: "CreatedAt"}},
		"-writable", "orders,customers,Order_Lines")
	cur := str(e.scalar(t, "SELECT MIN("+e.q("CurrencyCode")+") FROM "+e.q("currencies")))
	newOrder := map[string]any{"CustomerCode": "ALFKI", "OrderDate": "2024-02-29", "RequiredDate": "2024-03-10",
		"Freight": "12.50", "ShipName": "Replay ship", "Year": 2024, "CurrencyCode": cur}
	col := func(c, where string, args ...any) string {
		return str(e.scalar(t, "SELECT "+e.q(c)+" FROM "+e.q("orders")+" WHERE "+where, args...))
	}

	// POST → 201 with the stored entity, the generated key and Location.
	res := do(t, http.MethodPost, g.url+"orders", jsonBody(t, newOrder), hdr()...)
	expectStatus(t, "POST orders", res, http.StatusCreated)
	loc := res.header.Get("Location")
	mk := orderKey.FindStringSubmatch(loc)
	if mk == nil || !strings.HasPrefix(loc, g.url) {
		t.Fatalf("Location %q", loc)
	}
	id := mk[1]
	ent := res.json(t)
	if jsonText(ent["OrderNo"]) == nil || *jsonText(ent["OrderNo"]) != id || ent["ShipName"] != "Replay ship" || ent["Freight"] == nil {
		t.Errorf("201 body %v", ent)
	}
	if got := str(e.scalar(t, "SELECT MAX("+e.q("OrderNo")+") FROM "+e.q("orders"))); got != id {
		t.Errorf("generated key %s, database max %s", id, got)
	}
	if got := col("ShipName", e.q("OrderNo")+" = ?", id); got != "Replay ship" {
		t.Errorf("stored ShipName %q", got)
	}
	entity := g.url + "orders(" + id + ")"

	// PATCH changes only the given property.
	res = do(t, http.MethodPatch, entity, jsonBody(t, map[string]any{"ShipName": "Patched"}), hdr()...)
	expectStatus(t, "PATCH", res, http.StatusNoContent)
	if got := col("ShipName", e.q("OrderNo")+" = ?", id); got != "Patched" {
		t.Errorf("after PATCH ShipName %q", got)
	}
	if got := col("Freight", e.q("OrderNo")+" = ?", id); !strings.HasPrefix(got, "12.5") {
		t.Errorf("PATCH changed Freight to %q", got)
	}

	// The Salesforce UI's full-entity update, tunnelled: POST + X-HTTP-Method: MERGE,
	// with the key, every property and annotations.
	full := do(t, http.MethodGet, entity, nil).json(t)
	delete(full, "@odata.context")
	full["@odata.etag"] = `W/"whatever"`
	full["ShipName"] = "Merged"
	full["ShipCity@odata.type"] = "#String"
	res = do(t, http.MethodPost, entity, jsonBody(t, full), hdr("X-HTTP-Method", "MERGE")...)
	expectStatus(t, "POST + X-HTTP-Method: MERGE (full entity)", res, http.StatusNoContent)
	if got := col("ShipName", e.q("OrderNo")+" = ?", id); got != "Merged" {
		t.Errorf("after MERGE ShipName %q", got)
	}
	res = do(t, "MERGE", entity, jsonBody(t, map[string]any{"ShipCity": "Merge City"}), hdr()...)
	expectStatus(t, "MERGE", res, http.StatusNoContent)
	if got := col("ShipCity", e.q("OrderNo")+" = ?", id); got != "Merge City" {
		t.Errorf("after MERGE ShipCity %q", got)
	}

	// gzip bodies (Compress Requests), and Prefer: return=representation → 200.
	raw, _ := json.Marshal(map[string]any{"ShipCountry": "Gzipland"})
	res = do(t, http.MethodPatch, entity, gzipped(t, raw), hdr("Content-Encoding", "gzip", "Prefer", "return=representation")...)
	expectStatus(t, "PATCH gzip + Prefer representation", res, http.StatusOK)
	if res.header.Get("Preference-Applied") != "return=representation" || res.json(t)["ShipCountry"] != "Gzipland" {
		t.Errorf("representation: %s %s", res.header.Get("Preference-Applied"), res.body)
	}
	if got := col("ShipCountry", e.q("OrderNo")+" = ?", id); got != "Gzipland" {
		t.Errorf("after gzip PATCH ShipCountry %q", got)
	}
	bomb := append([]byte(`{"Comment":"`), bytes.Repeat([]byte("x"), 9<<20)...)
	bomb = append(bomb, `"}`...)
	res = do(t, http.MethodPatch, entity, gzipped(t, bomb), hdr("Content-Encoding", "gzip")...)
	expectError(t, "gzip body over 8 MB", res, http.StatusRequestEntityTooLarge, "RequestTooLarge", "")

	// PUT replaces: absent nullable properties become null.
	res = do(t, http.MethodPut, entity, jsonBody(t, map[string]any{"CustomerCode": "ALFKI", "OrderDate": "2024-03-01", "Year": 2024, "CurrencyCode": cur}),
		hdr("If-Match", "*")...)
	expectStatus(t, "PUT", res, http.StatusNoContent)
	if got := col("ShipName", e.q("OrderNo")+" = ?", id); got != "<null>" {
		t.Errorf("after PUT ShipName %q, want null", got)
	}
	if got := col("OrderDate", e.q("OrderNo")+" = ?", id); !strings.HasPrefix(got, "2024-03-01") {
		t.Errorf("after PUT OrderDate %q", got)
	}

	// Type errors name the property; nothing changes.
	res = do(t, http.MethodPatch, entity, jsonBody(t, map[string]any{"Freight": "abc"}), hdr()...)
	expectError(t, "Freight: abc", res, http.StatusBadRequest, "InvalidValue", "Freight")
	res = do(t, http.MethodPatch, entity, jsonBody(t, map[string]any{"ShipName": strings.Repeat("x", 101)}), hdr()...)
	expectError(t, "ShipName too long", res, http.StatusBadRequest, "InvalidValue", "ShipName")
	res = do(t, http.MethodPatch, entity, jsonBody(t, map[string]any{"OrderDate": "2024-13-45"}), hdr()...)
	expectError(t, "impossible date", res, http.StatusBadRequest, "InvalidValue", "OrderDate")
	res = do(t, http.MethodPatch, entity, jsonBody(t, map[string]any{"Year": true}), hdr()...)
	expectError(t, "Year as a boolean", res, http.StatusBadRequest, "InvalidValue", "Year")

	// Unknown keys → 404; read-only sets → 405; constraint violations → 409.
	res = do(t, http.MethodPatch, g.url+"orders(999999)", jsonBody(t, map[string]any{"ShipName": "x"}), hdr()...)
	expectError(t, "PATCH unknown key", res, http.StatusNotFound, "EntityNotFound", "")
	res = do(t, http.MethodDelete, g.url+"orders(999999)", nil)
	expectError(t, "DELETE unknown key", res, http.StatusNotFound, "EntityNotFound", "")
	// A key no row can have (beyond every integer, a fraction on an integer key) is
	// the same 404, decided without sending the value to the database.
	for _, k := range []string{"orders(99999999999999999999999999999999)", "orders(-99999999999999999999999999999999)", "orders(1.5)",
		"Order_Lines(OrderNo=99999999999999999999999999999999,LineNo=10)", "Order_Lines(OrderNo=10248,LineNo=0.25)"} {
		patch := map[string]any{"ShipName": "x"}
		if strings.HasPrefix(k, "Order_Lines") {
			patch = map[string]any{"Quantity": 1}
		}
		res = do(t, http.MethodPatch, g.url+k, jsonBody(t, patch), hdr()...)
		expectError(t, "PATCH "+k, res, http.StatusNotFound, "EntityNotFound", "")
		if strings.HasPrefix(k, "orders") {
			res = do(t, http.MethodPut, g.url+k, jsonBody(t, newOrder), hdr()...)
			expectError(t, "PUT "+k, res, http.StatusNotFound, "EntityNotFound", "")
		}
		res = do(t, http.MethodDelete, g.url+k, nil)
		expectError(t, "DELETE "+k, res, http.StatusNotFound, "EntityNotFound", "")
	}
	res = do(t, http.MethodPatch, g.url+"Order_Lines(OrderNo=10248,LineNo=10)",
		jsonBody(t, map[string]any{"order@odata.bind": "orders(99999999999999999999999999999999)"}), hdr()...)
	expectError(t, "bind to a key no row can have", res, http.StatusBadRequest, "InvalidValue", "order@odata.bind")
	res = do(t, http.MethodPost, g.url+"suppliers", jsonBody(t, map[string]any{"SupplierCode": "X"}), hdr()...)
	expectError(t, "POST read-only set", res, http.StatusMethodNotAllowed, "ReadOnlyEntitySet", "")
	bad := map[string]any{}
	for k, v := range newOrder {
		bad[k] = v
	}
	bad["CustomerCode"] = "ZZZZZ"
	res = do(t, http.MethodPost, g.url+"orders", jsonBody(t, bad), hdr()...)
	expectError(t, "POST with a missing parent", res, http.StatusConflict, "ForeignKeyViolation", "")
	newCust := map[string]any{"CustomerCode": "ALFKI", "CompanyName": "Dup", "CurrencyCode": cur, "IsActive": true, "CreatedAt": "2024-01-01T00:00:00Z"}
	res = do(t, http.MethodPost, g.url+"customers", jsonBody(t, newCust), hdr()...)
	expectError(t, "POST duplicate key", res, http.StatusConflict, "DuplicateKey", "")
	parent := str(e.scalar(t, "SELECT MIN("+e.q("CustomerCode")+") FROM "+e.q("orders")))
	res = do(t, http.MethodDelete, g.url+"customers('"+parent+"')", nil)
	expectError(t, "DELETE a referenced parent", res, http.StatusConflict, "ForeignKeyViolation", "")

	// Composite keys.
	res = do(t, http.MethodPatch, g.url+"Order_Lines(OrderNo=10248,LineNo=10)", jsonBody(t, map[string]any{"Quantity": 77}), hdr()...)
	expectStatus(t, "PATCH composite key", res, http.StatusNoContent)
	if got := str(e.scalar(t, "SELECT "+e.q("Quantity")+" FROM "+e.q("Order Lines")+" WHERE "+e.q("OrderNo")+" = 10248 AND "+e.q("LineNo")+" = 10")); got != "77" {
		t.Errorf("Quantity %q", got)
	}

	// A string key with a quote: Location must resolve; Prefer minimal → 204.
	newCust["CustomerCode"], newCust["CompanyName"] = "O'X12", "Quote & Co"
	res = do(t, http.MethodPost, g.url+"customers", jsonBody(t, newCust), hdr("Prefer", "return=minimal")...)
	expectStatus(t, "POST Prefer minimal", res, http.StatusNoContent)
	if res.header.Get("Preference-Applied") != "return=minimal" || res.header.Get("Location") == "" {
		t.Errorf("minimal: Preference-Applied %q Location %q", res.header.Get("Preference-Applied"), res.header.Get("Location"))
	}
	custURL := res.header.Get("Location")
	got := do(t, http.MethodGet, custURL, nil)
	expectStatus(t, "GET Location "+custURL, got, http.StatusOK)
	if got.json(t)["CompanyName"] != "Quote & Co" {
		t.Errorf("GET Location: %s", got.body)
	}

	// ETags (customers.CreatedAt configured): header and @odata.etag on reads; 412 on
	// a stale If-Match; * always passes.
	got = do(t, http.MethodGet, custURL, nil)
	etag := got.header.Get("ETag")
	if etag == "" || got.json(t)["@odata.etag"] != etag {
		t.Fatalf("ETag %q, @odata.etag %v", etag, got.json(t)["@odata.etag"])
	}
	res = do(t, http.MethodPatch, custURL, jsonBody(t, map[string]any{"City": "Nowhere"}), hdr("If-Match", `W/"stale"`)...)
	expectError(t, "If-Match stale", res, http.StatusPreconditionFailed, "PreconditionFailed", "")
	res = do(t, http.MethodPatch, custURL, jsonBody(t, map[string]any{"City": "Somewhere"}), hdr("If-Match", etag)...)
	expectStatus(t, "If-Match current", res, http.StatusNoContent)
	mustExec(t, e.db, "UPDATE "+e.q("customers")+" SET "+e.q("CreatedAt")+" = '2001-02-03 04:05:06' WHERE "+e.q("CustomerCode")+" = 'O''X12'")
	res = do(t, http.MethodPatch, custURL, jsonBody(t, map[string]any{"City": "Elsewhere"}), hdr("If-Match", etag)...)
	expectError(t, "If-Match after a change by someone else", res, http.StatusPreconditionFailed, "PreconditionFailed", "")
	if city := str(e.scalar(t, "SELECT "+e.q("City")+" FROM "+e.q("customers")+" WHERE "+e.q("CustomerCode")+" = 'O''X12'")); city != "Somewhere" {
		t.Errorf("City %q after a refused write", city)
	}

	// DELETE, tunnelled and plain.
	res = do(t, http.MethodPost, custURL, nil, "X-HTTP-Method", "DELETE", "If-Match", "*")
	expectStatus(t, "POST + X-HTTP-Method: DELETE", res, http.StatusNoContent)
	if n := str(e.scalar(t, "SELECT COUNT(*) FROM "+e.q("customers")+" WHERE "+e.q("CustomerCode")+" = 'O''X12'")); n != "0" {
		t.Errorf("customer still there (%s)", n)
	}
	res = do(t, http.MethodDelete, entity, nil)
	expectStatus(t, "DELETE", res, http.StatusNoContent)
	if n := str(e.scalar(t, "SELECT COUNT(*) FROM "+e.q("orders")+" WHERE "+e.q("OrderNo")+" = "+id)); n != "0" {
		t.Errorf("order still there (%s)", n)
	}
	res = do(t, http.MethodDelete, entity, nil)
	expectError(t, "DELETE again", res, http.StatusNotFound, "EntityNotFound", "")
}
