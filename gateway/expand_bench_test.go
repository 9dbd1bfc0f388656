package gateway

import (
	"strings"
	"testing"
)

// BenchmarkExpandListView is the list-view page (26 customers with $count) with one
// expanded collection (their orders), against the same page without $expand, both
// from SQLite with the cache off. Report the ratio expand/plain.
func BenchmarkExpandListView(b *testing.B) {
	s, _ := newDemo(b, Tuning{WindowCountMax: -1})
	nav := ""
	for _, n := range s.Catalog.Set("customers").Navs {
		if n.Many && n.To.SetName == "orders" {
			nav = n.Name
		}
	}
	if nav == "" {
		b.Fatal("the demo has no customers → orders navigation")
	}
	expand := listView + "&$expand=" + nav + "($select=OrderNo,OrderDate)"
	mustGet(b, s, listView)
	if res, _ := mustGet(b, s, expand); res.Status != 200 {
		b.Fatal(res.Status)
	}
	b.Run("plain", func(b *testing.B) { benchRead(b, s, listView) })
	b.Run("expand", func(b *testing.B) { benchRead(b, s, expand) })
}

// TestExpandListViewShape reports the sizes the benchmark compares (run with -v).
func TestExpandListViewShape(t *testing.T) {
	s, _ := newDemo(t, Tuning{WindowCountMax: -1})
	_, plain := mustGet(t, s, listView)
	_, exp := mustGet(t, s, listView+"&$expand=orders($select=OrderNo,OrderDate)")
	if len(exp) <= len(plain) {
		t.Fatalf("the expanded page (%d bytes) is not larger than the plain one (%d)", len(exp), len(plain))
	}
	t.Logf("plain page %d bytes, with orders expanded %d bytes (%d orders)", len(plain), len(exp), strings.Count(exp, `"OrderNo"`))
}
