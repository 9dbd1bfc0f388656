package server

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/demo"
	"github.com/odatagw/odatagw/gateway"
)

func newDemoService(t testing.TB, tune gateway.Tuning) *gateway.Service {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ad := sqlite.New()
	db, err := ad.Connect(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := demo.Create(ctx, db.DB, "sqlite"); err != nil {
		t.Fatal(err)
	}
	cat, err := ad.Introspect(ctx, db, catalog.Options{})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := gateway.New(gateway.Config{DB: db, Dialect: ad.Dialect(), Catalog: cat, QueryTimeout: 10 * time.Second,
		Log: log, Tuning: tune})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

const listView = "/odata/customers?$select=CustomerCode,CompanyName,City,Country&$count=true&$top=26"

// TestCachedBytesAreCopies scribbles over fasthttp's response buffer after each
// request (as a middleware or the connection's reuse would) and checks that the next
// request, served from the cache, still gets the original bytes.
func TestCachedBytesAreCopies(t *testing.T) {
	svc := newDemoService(t, gateway.Tuning{CacheTTL: time.Hour})
	h := New(svc, Options{BasePath: "/odata", PublicURL: "http://gw.test/odata/", Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler()
	var ctx fasthttp.RequestCtx
	do := func() (string, string) {
		ctx.Request.Reset()
		ctx.Response.Reset()
		ctx.Request.SetRequestURI(listView)
		h(&ctx)
		body := string(ctx.Response.Body()) // copy before scribbling
		for i, b := 0, ctx.Response.Body(); i < len(b); i++ {
			b[i] = 'X'
		}
		return string(ctx.Response.Header.Peek("X-Cache")), body
	}
	state, first := do()
	if state != "miss" || !strings.Contains(first, `"@odata.count":250`) {
		t.Fatalf("first: %s %.200s", state, first)
	}
	for i := 0; i < 50; i++ {
		state, body := do()
		if body != first {
			t.Fatalf("request %d (%s) got corrupted bytes: %.120s", i, state, body)
		}
		if state == "hit" && i > 3 {
			return
		}
		time.Sleep(10 * time.Millisecond) // ristretto applies Sets asynchronously
	}
	t.Fatal("never served from the cache")
}

func TestCacheHeaders(t *testing.T) {
	svc := newDemoService(t, gateway.Tuning{CacheTTL: time.Hour})
	app := New(svc, Options{BasePath: "/odata", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	get := func(hdr ...string) (string, string) {
		req := httptest.NewRequest("GET", listView, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		return res.Header.Get("X-Cache"), res.Header.Get("Age")
	}
	if state, _ := get(); state != "miss" {
		t.Fatalf("first: %s", state)
	}
	if state, _ := get("Cache-Control", "max-age=0, no-cache"); state != "bypass" {
		t.Fatalf("no-cache: %s", state)
	}
	for i := 0; i < 100; i++ {
		if state, age := get(); state == "hit" {
			if age == "" {
				t.Fatal("hit without Age")
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("never a hit")
}

// TestStreamedResponse serves a page larger than the cache entry limit through
// fasthttp's body stream writer and checks it arrives whole.
func TestStreamedResponse(t *testing.T) {
	svc := newDemoService(t, gateway.Tuning{MaxEntryBytes: 8 << 10})
	app := New(svc, Options{BasePath: "/odata", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	res, err := app.Test(httptest.NewRequest("GET", "/odata/Order_Lines?$top=2000&$count=true", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !strings.HasPrefix(string(body), `{"@odata.context"`) || !strings.HasSuffix(string(body), "]}") {
		t.Fatalf("%d, %d bytes: %.100s … %s", res.StatusCode, len(body), body, body[max(0, len(body)-100):])
	}
	if n := strings.Count(string(body), `"OrderNo":`); n != 2000 {
		t.Fatalf("%d rows", n)
	}
	if res.Header.Get("X-Cache") != "bypass" {
		t.Fatalf("X-Cache %q", res.Header.Get("X-Cache"))
	}
}
