package server

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/gateway"
)

// pathReader answers every read with a body of n bytes and records the requests.
type pathReader struct {
	n   int
	got []gateway.Request
}

func (p *pathReader) Read(_ context.Context, r gateway.Request) (*gateway.Response, error) {
	p.got = append(p.got, r)
	return &gateway.Response{Status: 200, ContentType: "application/json", Body: bytes.Repeat([]byte("x"), p.n)}, nil
}

func batchParts(t *testing.T, res *http.Response) []*http.Response {
	t.Helper()
	_, params, err := mime.ParseMediaType(res.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	var out []*http.Response
	mr := multipart.NewReader(res.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		hr, err := http.ReadResponse(bufio.NewReader(p), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(hr.Body)
		hr.Body = io.NopCloser(bytes.NewReader(b))
		out = append(out, hr)
	}
}

// Inner URLs in their three forms reach the gateway as the path below the root; the
// encoded %24batch route works; the batch's response bodies are bounded together.
func TestBatchURLsAndResponseBudget(t *testing.T) {
	pr := &pathReader{n: 100}
	app := New(pr, Options{BasePath: "/odata", Log: slog.New(slog.DiscardHandler), Ops: Ops{MaxBatchResponseBytes: 250}})
	part := func(url string) string {
		return "--b\r\nContent-Type: application/http\r\n\r\nGET " + url + " HTTP/1.1\r\n\r\n\r\n"
	}
	body := part("customers?$top=1") + part("/odata/customers('A%2FB')") + part("http://other.example/odata/orders?$skip=2") + part("customers") + "--b--\r\n"
	req := httptest.NewRequest("POST", "/odata/%24batch", strings.NewReader(body))
	req.Header.Set("Content-Type", "multipart/mixed; boundary=b")
	res, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("status %d: %s", res.StatusCode, b)
	}
	parts := batchParts(t, res)
	if len(pr.got) != 3 {
		t.Fatalf("reads %d", len(pr.got))
	}
	for i, want := range [][2]string{{"customers", "$top=1"}, {"customers('A%2FB')", ""}, {"orders", "$skip=2"}} {
		if pr.got[i].Path != want[0] || pr.got[i].RawQuery != want[1] || !strings.HasSuffix(pr.got[i].Root, "/odata/") {
			t.Errorf("read %d: %+v", i, pr.got[i])
		}
	}
	// 100 + 100 bytes fit the 250-byte budget; the third read does not, and without
	// continue-on-error the batch stops there.
	if len(parts) != 3 || parts[0].StatusCode != 200 || parts[1].StatusCode != 200 || parts[2].StatusCode != 500 {
		t.Fatalf("parts: %d", len(parts))
	}
	if b, _ := io.ReadAll(parts[2].Body); !strings.Contains(string(b), "BatchResponseTooLarge") {
		t.Errorf("third part: %s", b)
	}
}

// BenchmarkBatchEdge compares 20 reads sent as 20 requests with the same 20 reads in
// one multipart batch, through the fiber app with a stub gateway: the edge's own cost
// (parsing, dispatch, response parts), no database.
func BenchmarkBatchEdge(b *testing.B) {
	pr := &pathReader{n: 400}
	app := New(pr, Options{BasePath: "/odata", Log: slog.New(slog.DiscardHandler)})
	var body strings.Builder
	for i := 0; i < 20; i++ {
		body.WriteString("--b\r\nContent-Type: application/http\r\n\r\nGET customers?$top=1 HTTP/1.1\r\n\r\n\r\n")
	}
	body.WriteString("--b--\r\n")
	b.Run("20 single requests", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			pr.got = pr.got[:0]
			for j := 0; j < 20; j++ {
				res, err := app.Test(httptest.NewRequest("GET", "/odata/customers?$top=1", nil), -1)
				if err != nil || res.StatusCode != 200 {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
			}
		}
	})
	b.Run("one batch of 20", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			pr.got = pr.got[:0]
			req := httptest.NewRequest("POST", "/odata/$batch", strings.NewReader(body.String()))
			req.Header.Set("Content-Type", "multipart/mixed; boundary=b")
			res, err := app.Test(req, -1)
			if err != nil || res.StatusCode != 200 {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
		}
	})
}

func TestResolveBinds(t *testing.T) {
	x := &batchRun{refs: map[string]string{"old": "customers('OLD')"}}
	local := map[string]string{"1": "customers('NEW')"}
	for _, c := range []struct{ in, want string }{
		{`{"Customer@odata.bind":"$1","Name":"x"}`, `{"Customer@odata.bind":"customers('NEW')","Name":"x"}`},
		{`{"Lines@odata.bind":["$1","$old","orders(1)"]}`, `{"Lines@odata.bind":["customers('NEW')","customers('OLD')","orders(1)"]}`},
		{`{"Customer@odata.bind":"$9","Name":"$1"}`, `{"Customer@odata.bind":"$9","Name":"$1"}`}, // unknown id, not a bind: unchanged
		{`{"Customer@odata.bind":"$1"`, `{"Customer@odata.bind":"$1"`},                           // malformed: left to the write pipeline
	} {
		if got := string(x.resolveBinds([]byte(c.in), local)); got != c.want {
			t.Errorf("%s: got %s, want %s", c.in, got, c.want)
		}
	}
}
