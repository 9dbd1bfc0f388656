package gateway

import (
	"strings"
	"testing"
	"time"
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
