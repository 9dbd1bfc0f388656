package plan

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
)

// offsetToken is the offset $skiptoken after delivered rows of the query at u.
func offsetToken(t *testing.T, cat *catalog.Catalog, u string, delivered int64) string {
	t.Helper()
	q, err := build(t, cat, u, Limits{MaxPageSize: 20})
	if err != nil {
		t.Fatal(err)
	}
	return OffsetToken(Limits{MaxPageSize: 20}, q, delivered)
}

func TestKeysetPlan(t *testing.T) {
	cat := testCatalog(t)
	lim := Limits{MaxPageSize: 20}
	for _, c := range []struct {
		url     string
		keyset  bool
		extra   string // columns read beyond $select
		indexes string
	}{
		{"orders", true, "", "[0]"},
		{"orders?$select=ShipName&$orderby=Shipped desc", true, `"Shipped","OrderNo"`, "[1 2]"},
		{"orders?$orderby=year(Shipped)", false, "", ""}, // an expression: offset paging
		{"orders?$top=5", false, "", ""},                 // no next link possible
		{"orders?$orderby=Weight,ShipName desc", true, "", "[8 1 0]"},
		{"Order_Lines?$select=Note", true, `"OrderNo","LineNo"`, "[1 2]"},
	} {
		q, err := build(t, cat, c.url, lim)
		if err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
		if (q.Keyset != nil) != c.keyset {
			t.Errorf("%s: keyset %v, want %v", c.url, q.Keyset != nil, c.keyset)
			continue
		}
		var extra []string
		for _, e := range q.Extra {
			extra = append(extra, `"`+e.Name+`"`)
		}
		if got := strings.Join(extra, ","); got != c.extra {
			t.Errorf("%s: extra %s, want %s", c.url, got, c.extra)
		}
		if q.Keyset != nil {
			if got := fmt.Sprint(q.Keyset.Index); got != c.indexes {
				t.Errorf("%s: index %v, want %s", c.url, q.Keyset.Index, c.indexes)
			}
		}
	}
	// A column the dialect refuses (MySQL ENUM) falls back to offset paging.
	q, _ := build(t, cat, "orders?$orderby=ShipName", Limits{MaxPageSize: 20, Seekable: func(c *catalog.Column) bool { return c.Name != "ShipName" }})
	if q.Keyset != nil {
		t.Errorf("unseekable column: keyset %v", q.Keyset)
	}
}

// TestKeysetTokenRoundTrip: the values of the next page's first row come back as the
// seek's constants, typed by their columns, nulls included; the page has no OFFSET even
// with $skip, and the rows delivered so far are kept for $top.
func TestKeysetTokenRoundTrip(t *testing.T) {
	cat := testCatalog(t)
	lim := Limits{MaxPageSize: 20, TokenSecret: "0123456789abcdef-secret"}
	base := "orders?$skip=3&$top=100&$orderby=Shipped desc,Freight,ShipName,Weight,OrderDate,Closed,Token"
	q, err := build(t, cat, base, lim)
	if err != nil || q.Keyset == nil {
		t.Fatalf("%v %v", q, err)
	}
	shipped := time.Date(2024, 2, 29, 23, 59, 58, 123456000, time.UTC)
	row := make([]any, len(q.Select)+len(q.Extra))
	set := func(col string, v any) {
		for i, c := range q.Keyset.Cols {
			if c.Name == col {
				row[q.Keyset.Index[i]] = v
			}
		}
	}
	set("Shipped", shipped)
	set("Freight", []byte("12.50"))
	set("ShipName", nil)
	set("Weight", float64(0.1))
	set("OrderDate", "2024-02-29")
	set("Closed", int64(1))
	set("Token", [16]byte{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	set("OrderNo", int64(10248))
	tok := KeysetToken(lim, q, 40, row)
	if tok == "" {
		t.Fatal("no keyset token")
	}
	next, err := build(t, cat, base+"&$skiptoken="+tok, lim)
	if err != nil {
		t.Fatal(err)
	}
	if next.Offset != 0 || next.Delivered != 40 || next.Limit != 20 || !next.FetchExtra {
		t.Errorf("offset=%d delivered=%d limit=%d extra=%v", next.Offset, next.Delivered, next.Limit, next.FetchExtra)
	}
	var got []string
	for _, c := range next.Keyset.After {
		got = append(got, c.String())
	}
	want := `2024-02-29T23:59:58.123456Z:DateTimeOffset,12.50:Decimal,null,0.1:Double,"2024-02-29":Date,true:Boolean,"deadbeef-0102-0304-0506-0708090a0b0c":Guid,10248:Int32`
	if g := strings.Join(got, ","); g != want {
		t.Errorf("after\n got %s\nwant %s", g, want)
	}
	// The same token from a process with another secret, for another order or
	// another entity set is refused.
	for _, c := range []struct {
		url string
		lim Limits
	}{
		{base, Limits{MaxPageSize: 20, TokenSecret: "another-secret-of-16"}},
		{base, Limits{MaxPageSize: 20}},
		{"orders?$orderby=Shipped,Freight,ShipName,Weight,OrderDate,Closed,Token", lim},
		{"Order_Lines", lim},
	} {
		_, err := build(t, cat, c.url+sep(c.url)+"$skiptoken="+tok, c.lim)
		if e, ok := odata.AsError(err); !ok || e.Status != 400 || e.Code != "InvalidSkipToken" {
			t.Errorf("%s with a foreign token: %v", c.url, err)
		}
	}
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// TestSkipTokenTampering: every change to a token — a flipped character anywhere, a
// truncation, a re-signed payload with another key, garbage — is a 400 InvalidSkipToken,
// never a 500 or a silently different page.
func TestSkipTokenTampering(t *testing.T) {
	cat := testCatalog(t)
	lim := Limits{MaxPageSize: 20, TokenSecret: "0123456789abcdef-secret"}
	u := "orders?$orderby=ShipName"
	q, _ := build(t, cat, u, lim)
	row := make([]any, len(q.Select)+len(q.Extra))
	row[q.Keyset.Index[0]], row[q.Keyset.Index[1]] = "Hanari Carnes", int64(7)
	good := []string{KeysetToken(lim, q, 20, row), OffsetToken(lim, q, 20)}
	for _, tok := range good {
		if _, err := build(t, cat, u+"&$skiptoken="+tok, lim); err != nil {
			t.Fatalf("good token refused: %v", err)
		}
	}
	var bad []string
	for _, tok := range good {
		for i := 0; i < len(tok); i++ {
			b := []byte(tok)
			if b[i] == 'A' {
				b[i] = 'B'
			} else {
				b[i] = 'A'
			}
			bad = append(bad, string(b))
		}
		for i := 1; i < len(tok); i += 7 {
			bad = append(bad, tok[:i])
		}
		payload, _, _ := strings.Cut(tok, ".")
		raw, _ := base64.RawURLEncoding.DecodeString(payload)
		forged := strings.Replace(string(raw), `"n":20`, `"n":0`, 1)
		bad = append(bad, base64.RawURLEncoding.EncodeToString([]byte(forged))+tok[len(payload):])
	}
	bad = append(bad, "1 OR 1=1", "..", "bzE.LTE", "o1.10", strings.Repeat("A", 5000), "%00", "e30.")
	for _, tok := range bad {
		_, err := build(t, cat, u+"&$skiptoken="+url.QueryEscape(tok), lim)
		if e, ok := odata.AsError(err); !ok || e.Status != 400 || e.Code != "InvalidSkipToken" {
			t.Errorf("token %q: %v", tok, err)
		}
	}
}

// TestKeysetTokenFallback: a row whose sort values would make a token longer than
// MaxSkipTokenLen, or whose value has a form the token cannot carry exactly, gets no
// keyset token (the gateway sends an offset token then).
func TestKeysetTokenFallback(t *testing.T) {
	cat := testCatalog(t)
	lim := Limits{MaxPageSize: 20}
	q, _ := build(t, cat, "orders?$orderby=ShipName", lim)
	row := make([]any, len(q.Select)+len(q.Extra))
	row[q.Keyset.Index[0]], row[q.Keyset.Index[1]] = strings.Repeat("x", 2000), int64(7)
	if tok := KeysetToken(lim, q, 20, row); tok != "" {
		t.Errorf("long value: token of %d bytes", len(tok))
	}
	row[q.Keyset.Index[0]], row[q.Keyset.Index[1]] = "x", struct{}{}
	if tok := KeysetToken(lim, q, 20, row); tok != "" {
		t.Errorf("unknown value form: token %s", tok)
	}
}
