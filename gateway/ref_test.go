package gateway

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/demo"
	"github.com/odatagw/odatagw/plan"
)

// TestRefAndNavPropertyCacheKeys checks that a $ref read never shares a cache entry
// with the read of the same key columns, and that a property read through a
// navigation depends on both sets: a write to the related set invalidates it.
func TestRefAndNavPropertyCacheKeys(t *testing.T) {
	s, _ := newDemo(t, Tuning{CacheTTL: time.Hour})
	expect(t, s, "customers?$select=CustomerCode&$filter=CustomerCode%20eq%20'ALFKI'", "miss", `"CustomerCode":"ALFKI"`)
	s.cache.Wait()
	expect(t, s, "customers/$ref?$filter=CustomerCode%20eq%20'ALFKI'", "miss", `"@odata.id":`)
	s.cache.Wait()
	expect(t, s, "customers/$ref?$filter=CustomerCode%20eq%20'ALFKI'", "hit", `customers('ALFKI')"`)

	// An order of ALFKI, through the gateway: its key is what orders(…) takes.
	_, body := mustGet(t, s, "customers('ALFKI')/orders/$ref?$top=1")
	i := strings.Index(body, "orders(")
	if i < 0 {
		t.Fatalf("no order reference in %s", body)
	}
	nav := body[i:i+strings.IndexByte(body[i:], ')')+1] + "/customer/CompanyName"
	expect(t, s, nav, "miss", "Alfreds")
	s.cache.Wait()
	expect(t, s, nav, "hit", "Alfreds")
	update(t, s, "Written Through The Gateway")
	s.invalidate("customers")
	expect(t, s, nav, "miss", "Written Through The Gateway")
	s.cache.Wait()
	s.invalidate("orders")
	expect(t, s, nav, "miss", "Written Through The Gateway")
}

// TestRefPaging follows the next links of a $ref collection cut by the page size: they
// keep the $ref path, and the pages together hold every related entity once.
func TestRefPaging(t *testing.T) {
	opts := catalog.Options{Tables: map[string]catalog.TableOptions{}}
	for v, k := range demo.ViewKeys {
		opts.Tables[v] = catalog.TableOptions{Key: k}
	}
	fill := func(ctx context.Context, db *sqlx.DB) error { return demo.Create(ctx, db.DB, "sqlite") }
	s, _ := newSQLite(t, fill, opts, plan.Limits{MaxPageSize: 2}, 10*time.Second, Tuning{})
	_, n := mustGet(t, s, "customers('ALFKI')/orders/$count")
	want, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || want < 3 {
		t.Fatalf("ALFKI has %q orders: the case needs at least 3 (two pages)", n)
	}
	seen := map[string]bool{}
	pages := 0
	for u := "customers('ALFKI')/orders/$ref"; u != ""; pages++ {
		_, body := mustGet(t, s, u)
		var page struct {
			Value []map[string]string `json:"value"`
			Next  string              `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal([]byte(body), &page); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		for _, v := range page.Value {
			id := v["@odata.id"]
			if !strings.HasPrefix(id, testRoot+"orders(") || seen[id] {
				t.Errorf("%s: reference %q is not a new order", u, id)
			}
			seen[id] = true
		}
		if page.Next != "" && !strings.HasPrefix(page.Next, testRoot+"customers('ALFKI')/orders/$ref?") {
			t.Fatalf("next link %q leaves the $ref path", page.Next)
		}
		u = strings.TrimPrefix(page.Next, testRoot)
	}
	if len(seen) != want || pages < 2 {
		t.Errorf("%d references in %d pages, want %d in at least 2", len(seen), pages, want)
	}
}

// TestNavPropertyAndRefQueries counts the statements of a property after a navigation
// and of a $ref read: one when a row is found, and one more (the parent's key lookup)
// only on a miss.
func TestNavPropertyAndRefQueries(t *testing.T) {
	s, _ := newDemo(t, Tuning{})
	var n int
	s.hooks.query = func(string) { n++ }
	_, body := mustGet(t, s, "customers('ALFKI')/orders/$ref?$top=1")
	i := strings.Index(body, "orders(")
	if i < 0 {
		t.Fatalf("no order reference in %s", body)
	}
	order := body[i : i+strings.IndexByte(body[i:], ')')+1]
	for _, c := range []struct {
		url  string
		want int
	}{
		{order + "/customer/CompanyName", 1},
		{order + "/customer/CompanyName/$value", 1},
		{"customers('ALFKI')/" + order + "/$ref", 1},
		{"customers('ALFKI')/orders/$ref", 1},
		{order + "/customer/$ref", 1},
		{"customers('NOPE')/orders/$ref", 2},
	} {
		n = 0
		_, _, _ = get(t, s, c.url)
		if n != c.want {
			t.Errorf("%s: %d statements, want %d", c.url, n, c.want)
		}
	}
	// With $count, as many statements as the entities' read of the same navigation
	// (once the count estimate is known, count.go: both ride COUNT(*) OVER ()).
	_, _, _ = get(t, s, "customers('ALFKI')/orders?$count=true")
	counts := [2]int{}
	for i, u := range []string{"customers('ALFKI')/orders/$ref?$count=true", "customers('ALFKI')/orders?$count=true"} {
		n = 0
		_, _, _ = get(t, s, u)
		counts[i] = n
	}
	if counts[0] != counts[1] || counts[0] != 1 {
		t.Errorf("$ref with $count: %d statements, the entities %d", counts[0], counts[1])
	}
}
