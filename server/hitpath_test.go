package server

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
)

// TestRootMemoFollowsHostAndProto: the service root is memoized per (protocol, host);
// alternating hosts and forwarded protocols on one app must each get their own root,
// and the path keeps its raw encoding.
func TestRootMemoFollowsHostAndProto(t *testing.T) {
	f := ok()
	app := New(f, Options{BasePath: "/odata", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	cases := []struct{ host, proto, fwdHost, want string }{
		{"a.example", "", "", "http://a.example/odata/"},
		{"b.example", "", "", "http://b.example/odata/"},
		{"a.example", "https", "", "https://a.example/odata/"},
		{"a.example", "", "", "http://a.example/odata/"},
		{"a.example", "", "gw.example:8443", "http://gw.example:8443/odata/"},
		{"a.example", "", "", "http://a.example/odata/"},
	}
	for round := range 2 {
		for _, c := range cases {
			req := httptest.NewRequest("GET", "/odata/t('x%2Fy')", nil)
			req.Host = c.host
			if c.proto != "" {
				req.Header.Set("X-Forwarded-Proto", c.proto)
			}
			if c.fwdHost != "" {
				req.Header.Set("X-Forwarded-Host", c.fwdHost)
			}
			res, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if f.got.Root != c.want || f.got.Path != "t('x%2Fy')" {
				t.Errorf("round %d, host %s proto %q fwd %q: root %q path %q, want %q", round, c.host, c.proto, c.fwdHost, f.got.Root, f.got.Path, c.want)
			}
		}
	}
}

func TestHasNoCacheAndAcceptedMetadata(t *testing.T) {
	for v, want := range map[string]bool{"": false, "no-cache": true, "max-age=0, No-Cache": true, "no-store": false, ",,no-cache,": true, "no-cache=x": false} {
		if got := hasNoCache(v); got != want {
			t.Errorf("hasNoCache(%q) = %v", v, got)
		}
	}
	for v, want := range map[string]string{"": "", "application/json": "", "application/json;odata.metadata=None": "none",
		"text/html, application/json; q=0.9; odata.metadata=FULL": "full", "application/json;odata.metadata": ""} {
		if got := acceptedMetadata(v); got != want {
			t.Errorf("acceptedMetadata(%q) = %q, want %q", v, got, want)
		}
	}
}

// TestGlobalLimiterCounts: without a per-principal limit the lock-free counter still
// refuses past max and frees a slot on release.
func TestGlobalLimiterCounts(t *testing.T) {
	l := newLimiter(2, 0)
	r1, no1 := l.acquire("")
	r2, no2 := l.acquire("")
	_, no3 := l.acquire("")
	if no1 != "" || no2 != "" || no3 != "global" {
		t.Fatalf("refusals %q %q %q, want \"\" \"\" global", no1, no2, no3)
	}
	r1()
	r3, no4 := l.acquire("")
	if no4 != "" {
		t.Fatalf("a released slot was not reused: %q", no4)
	}
	r2()
	r3()
	if n := l.count.Load(); n != 0 {
		t.Errorf("%d in flight after every release", n)
	}
	if rel, no := newLimiter(0, 0).acquire(""); no != "" || rel == nil {
		t.Error("no limit refused or gave no release")
	}
}
