package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata"
)

// stubReader records the request and answers with res/err, or panics.
type stubReader struct {
	got   gateway.Request
	res   *gateway.Response
	err   error
	panic bool
}

func (f *stubReader) Read(_ context.Context, r gateway.Request) (*gateway.Response, error) {
	f.got = r
	if f.panic {
		panic("boom: secret detail")
	}
	return f.res, f.err
}

func doReq(t *testing.T, f *stubReader, method, target string, header map[string]string) (*http.Response, string) {
	t.Helper()
	var logs strings.Builder
	app := New(f, Options{BasePath: "/odata", Log: slog.New(slog.NewTextHandler(&logs, nil))})
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func ok() *stubReader {
	return &stubReader{res: &gateway.Response{Status: 200, ContentType: "application/json", Body: []byte(`{"value":[]}`),
		Timings: gateway.Timings{Parse: time.Millisecond, DB: 2 * time.Millisecond}}}
}

func TestReadPassesRawPathQueryAndRoot(t *testing.T) {
	f := ok()
	res, body := doReq(t, f, "GET", "/odata/suppliers('A%2FB')?$filter=a+eq+1&x=%20", map[string]string{
		"Accept": "application/json;odata.metadata=none", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "gw.example.com"})
	if res.StatusCode != 200 || body != `{"value":[]}` {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	want := gateway.Request{Path: "suppliers('A%2FB')", RawQuery: "$filter=a+eq+1&x=%20", Root: "https://gw.example.com/odata/", Metadata: "none"}
	if f.got.Path != want.Path || f.got.RawQuery != want.RawQuery || f.got.Root != want.Root || f.got.Metadata != want.Metadata || f.got.Version != "4.0" {
		t.Errorf("gateway got %+v, want %+v", f.got, want)
	}
	if res.Header.Get("OData-Version") != "4.0" || res.Header.Get("X-Request-ID") == "" {
		t.Errorf("headers: %v", res.Header)
	}
	if st := res.Header.Get("Server-Timing"); !strings.Contains(st, "parse;dur=1.000") || !strings.Contains(st, "db;dur=2.000") {
		t.Errorf("Server-Timing = %q", st)
	}
}

func TestRequestIDKeptOrReplaced(t *testing.T) {
	res, _ := doReq(t, ok(), "GET", "/odata/", map[string]string{"X-Request-ID": "abc-123"})
	if got := res.Header.Get("X-Request-ID"); got != "abc-123" {
		t.Errorf("sane incoming ID not kept: %q", got)
	}
	res, _ = doReq(t, ok(), "GET", "/odata/", map[string]string{"X-Request-ID": "evil\"<script>"})
	if got := res.Header.Get("X-Request-ID"); got == "" || strings.ContainsAny(got, "\"<") {
		t.Errorf("hostile incoming ID kept: %q", got)
	}
}

type errorBody struct {
	Error struct {
		Code, Message, Target string
		Innererror            struct{ RequestID string }
	}
}

func decodeError(t *testing.T, body string) errorBody {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" {
		t.Fatalf("not an OData error body: %s", body)
	}
	return e
}

func TestErrorsAreODataBodies(t *testing.T) {
	for _, c := range []struct {
		name, method, target string
		reader               *stubReader
		status               int
		code                 string
	}{
		{"odata error", "GET", "/odata/x", &stubReader{err: odata.BadRequest("InvalidFilter", "$filter", "bad")}, 400, "InvalidFilter"},
		{"database down", "GET", "/odata/x", &stubReader{err: &odata.Error{Status: 503, Code: "DatabaseUnavailable", Message: "down", Err: errors.New("dial tcp: refused")}}, 503, "DatabaseUnavailable"},
		{"plain error", "GET", "/odata/x", &stubReader{err: errors.New("driver: secret text")}, 500, "InternalError"},
		{"panic", "GET", "/odata/x", &stubReader{panic: true}, 500, "InternalError"},
		{"write method", "DELETE", "/odata/x(1)", ok(), 405, "MethodNotAllowed"},
		{"outside the root", "GET", "/elsewhere", ok(), 404, "NotFound"},
		{"URL too long", "GET", "/odata/x?$filter=" + strings.Repeat("a", MaxURLBytes), ok(), 414, "URITooLong"},
	} {
		res, body := doReq(t, c.reader, c.method, c.target, nil)
		if res.StatusCode != c.status {
			t.Errorf("%s: status %d, want %d (%s)", c.name, res.StatusCode, c.status, body)
			continue
		}
		e := decodeError(t, body)
		if e.Error.Code != c.code || e.Error.Innererror.RequestID != res.Header.Get("X-Request-ID") {
			t.Errorf("%s: body %s", c.name, body)
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "refused") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: body leaks the cause: %s", c.name, body)
		}
		if c.status == 503 && res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: no Retry-After", c.name)
		}
		if c.status == 405 && res.Header.Get("Allow") == "" {
			t.Errorf("%s: no Allow header", c.name)
		}
	}
}

func TestAcceptedMetadata(t *testing.T) {
	for in, want := range map[string]string{
		"":                                     "",
		"application/json":                     "",
		"application/json;odata.metadata=none": "none",
		"text/html, application/json; odata.metadata=Minimal; q=0.9": "minimal",
	} {
		if got := acceptedMetadata(in); got != want {
			t.Errorf("acceptedMetadata(%q) = %q, want %q", in, got, want)
		}
	}
}
