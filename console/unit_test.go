package console

import (
	"math"
	"sync"
	"testing"
	"time"
)

func TestMaskURL(t *testing.T) {
	for _, c := range []struct{ path, query, want string }{
		{"/odata/customers", "", "/odata/customers"},
		{"/odata/customers", "$top=3&$skip=20", "/odata/customers?$top=3&$skip=20"},
		{"/odata/customers('ALFKI')", "", "/odata/customers(…)"},
		{"/odata/Order_Lines(OrderNo=10248,LineNo=2)/Qty", "", "/odata/Order_Lines(OrderNo=…,LineNo=…)/Qty"},
		{"/odata/customers", "$filter=City%20eq%20'Berlin'", "/odata/customers?$filter=City eq '…'"},
		{"/odata/customers", "$filter=Name+eq+'O''Brien'+and+Age+gt+-42", "/odata/customers?$filter=Name eq '…' and Age gt …"},
		{"/odata/o", "$filter=Created%20ge%202024-01-31T10:00:00Z%20and%20Id%20eq%20a1b2c3d4-0000-1111-2222-333344445555",
			"/odata/o?$filter=Created ge … and Id eq …"},
		{"/odata/o", "$filter=Amount%20lt%2012.5e3%20or%20Code%20in%20(%22X%22,%22Y%22)", `/odata/o?$filter=Amount lt … or Code in ("…","…")`},
		{"/odata/o", "$filter=contains(tolower(Name),'acme')%20and%20Flag%20eq%20true%20and%20X%20eq%20null", "/odata/o?$filter=contains(tolower(Name),'…') and Flag eq true and X eq null"},
		{"/odata/o", "$filter=Dur%20eq%20duration'P1D'", "/odata/o?$filter=Dur eq duration'…'"},
		{"/odata/o", "$search=acme%20corp&$skiptoken=abc123&@p='x'&custom=y", "/odata/o?$search=…&$skiptoken=…&@p=…&custom=…"},
		{"/odata/o", "$top=abc&$orderby=Name%20desc&$select=A,B&$count=true", "/odata/o?$top=…&$orderby=Name desc&$select=A,B&$count=true"},
		{"/odata/o", "$filter=%ZZ", "/odata/o?$filter=…"},
		{"/odata/o", "$filter='unterminated", "/odata/o?$filter='…'"},
	} {
		if got := MaskURL(c.path, c.query); got != c.want {
			t.Errorf("MaskURL(%q, %q)\n got %q\nwant %q", c.path, c.query, got, c.want)
		}
	}
}

func TestQuantile(t *testing.T) {
	// 100 observations: 50 ≤ 10 ms, 40 in (10, 100] ms, 10 in (100 ms, 1 s].
	bs := []bucket{{0.01, 50}, {0.1, 90}, {1, 100}, {math.Inf(1), 100}}
	for _, c := range []struct{ q, want float64 }{{0.5, 0.01}, {0.25, 0.005}, {0.7, 0.055}, {0.99, 0.91}} {
		if got := quantile(c.q, bs); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if !math.IsNaN(quantile(0.5, []bucket{{0.01, 0}, {math.Inf(1), 0}})) {
		t.Error("quantile of nothing is not NaN")
	}
	if got := quantile(0.99, []bucket{{0.01, 0}, {1, 0}, {math.Inf(1), 5}}); got != 1 {
		t.Errorf("quantile beyond the last bound = %v, want that bound", got)
	}
}

func TestRing(t *testing.T) {
	r := NewRing(8)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				r.Add(Entry{Status: 200, Rows: int64(i)})
			}
		}()
	}
	wg.Wait()
	got := r.Recent()
	if len(got) != 8 {
		t.Fatalf("ring of 8 holds %d", len(got))
	}
	r2 := NewRing(4)
	for i := 1; i <= 6; i++ {
		r2.Add(Entry{Rows: int64(i), Time: time.Unix(int64(i), 0)})
	}
	var rows []int64
	for _, e := range r2.Recent() {
		rows = append(rows, e.Rows)
	}
	if len(rows) != 4 || rows[0] != 6 || rows[3] != 3 {
		t.Errorf("ring order newest first = %v, want [6 5 4 3]", rows)
	}
}

func TestRingAddAllocates(t *testing.T) {
	r := NewRing(16)
	e := Entry{Method: "GET", Path: "/odata/x", Query: "$top=1", Status: 200}
	if n := testing.AllocsPerRun(1000, func() { r.Add(e) }); n != 0 {
		t.Errorf("Ring.Add allocates %v times", n)
	}
}
