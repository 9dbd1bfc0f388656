package conformance

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// keysetTypes are the property types a next link seeks on (plan/keyset.go); the
// others order by an expression or not at all and keep offset paging.
var keysetTypes = map[string]bool{
	"Edm.String": true, "Edm.Boolean": true, "Edm.Byte": true, "Edm.SByte": true, "Edm.Int16": true,
	"Edm.Int32": true, "Edm.Int64": true, "Edm.Single": true, "Edm.Double": true, "Edm.Decimal": true,
	"Edm.Date": true, "Edm.DateTimeOffset": true, "Edm.Guid": true,
}

// TestConformanceKeysetOrders walks, on the page-20 gateway, the first rows of every
// entity set in the order of each of its properties, ascending and descending (so
// nulls come at the start of one walk and the end of the other), and in the order of
// two properties at once, and compares every page's rows with the oracle's order of
// the rows read by direct SQL: keyset next links neither skip nor repeat a row at
// page boundaries, whatever the type, ties and nulls of the order.
func TestConformanceKeysetOrders(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for _, set := range e.meta.sets {
			si, err := e.set(set)
			if err != nil {
				t.Fatal(err)
			}
			var seek []string
			for _, p := range si.et.Props {
				if keysetTypes[p.Type] {
					seek = append(seek, p.Name)
				}
			}
			var walks []qcase
			for _, p := range seek {
				walks = append(walks,
					qcase{set: set, q: "$orderby=" + p + "&$top=70"},
					qcase{set: set, q: "$orderby=" + p + " desc&$top=70&$skip=3&$count=true"})
			}
			if len(seek) >= 2 {
				walks = append(walks, qcase{set: set, q: "$orderby=" + seek[len(seek)-1] + " desc," + seek[len(seek)-2] + "&$top=90"})
			}
			for _, w := range walks {
				t.Run(strings.NewReplacer("$", "", "=", "_", "&", "+", " ", "_").Replace(w.set+"?"+w.q), func(t *testing.T) {
					e.pagingWalk(t, w)
				})
			}
		}
	})
}

// tokenKind reads the (signed, opaque) $skiptoken of a next link: "keyset" when it
// carries sort values, "offset" when only a row count.
func tokenKind(t *testing.T, next string) string {
	t.Helper()
	u, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	payload, _, _ := strings.Cut(u.Query().Get("$skiptoken"), ".")
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		t.Fatalf("next link %s: %v", next, err)
	}
	var body struct {
		V []*string `json:"v"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatalf("next link %s: %v", next, err)
	}
	if body.V != nil {
		return "keyset"
	}
	return "offset"
}

// TestConformanceKeysetLinks: orders on columns get keyset next links, orders on
// expressions offset ones; a tampered, truncated or foreign token is a 400 InvalidSkipToken.
func TestConformanceKeysetLinks(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		cases := []struct{ path, kind string }{
			{"orders", "keyset"},
			{"orders?$orderby=ShipCountry desc,Freight&$select=OrderNo", "keyset"},
			{"orders?$orderby=year(OrderDate)", "offset"},
			{"orders?$orderby=Freight add 1", "offset"},
		}
		for _, c := range cases {
			res, err := e.gw20.get(e.gw20.url + strings.ReplaceAll(c.path, " ", "%20"))
			if err != nil || res.status != 200 {
				t.Fatalf("%s: %v %v", c.path, err, res)
			}
			var body struct {
				Next string `json:"@odata.nextLink"`
			}
			if err := json.Unmarshal(res.body, &body); err != nil || body.Next == "" {
				t.Fatalf("%s: no next link (%v)", c.path, err)
			}
			if got := tokenKind(t, body.Next); got != c.kind {
				t.Errorf("%s: %s token, want %s", c.path, got, c.kind)
			}
			u, _ := url.Parse(body.Next)
			tok := u.Query().Get("$skiptoken")
			flipped := []byte(tok)
			flipped[3] ^= 1
			for _, bad := range []string{string(flipped), tok[:len(tok)-2], tok + "A", "e30.AAAAAAAAAAAAAAAAAAAAAA"} {
				q := u.Query()
				q.Set("$skiptoken", bad)
				u.RawQuery = q.Encode()
				r, err := e.gw20.get(u.String())
				if err != nil {
					t.Fatal(err)
				}
				if r.status != 400 || !strings.Contains(string(r.body), `"InvalidSkipToken"`) {
					t.Errorf("%s with token %q: %d %s", c.path, bad, r.status, r.body)
				}
			}
		}
	})
}
