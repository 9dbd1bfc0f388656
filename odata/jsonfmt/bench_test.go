package jsonfmt

import (
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/odatagw/odatagw/odata/edm"
)

var benchProps = []*edm.Property{
	{Name: "OrderID", Type: edm.Int64},
	{Name: "CustomerName", Type: edm.String, MaxLength: 40},
	{Name: "City", Type: edm.String, MaxLength: 15},
	{Name: "Freight", Type: edm.Decimal, Precision: 10, Scale: 2},
	{Name: "OrderDate", Type: edm.DateTimeOffset},
	{Name: "ShippedDate", Type: edm.DateTimeOffset, Nullable: true},
	{Name: "Shipped", Type: edm.Boolean},
	{Name: "Quantity", Type: edm.Int32},
}

// benchRows builds n rows of driver values as database/sql would hand them over
// (MySQL-style []byte text and decimals, pgx-style string, time.Time, nil, bool).
func benchRows(n int) [][]any {
	rows := make([][]any, n)
	base := time.Date(1996, 7, 4, 10, 30, 0, 0, time.UTC)
	for i := range rows {
		rows[i] = []any{
			int64(10248 + i),
			[]byte("Vins et alcools Chevalier " + strconv.Itoa(i)),
			"Reims",
			[]byte(strconv.Itoa(i%1000) + ".38"),
			base.Add(time.Duration(i) * time.Hour),
			nil,
			i%2 == 0,
			int64(i % 100),
		}
	}
	return rows
}

// BenchmarkEncode1000Rows writes one page of 1,000 rows × 8 columns to io.Discard,
// envelope and writer construction included.
func BenchmarkEncode1000Rows(b *testing.B) {
	rows := benchRows(1000)
	count := int64(1_000_000)
	opts := Options{ContextURL: ContextCollection("https://gw.example.com/odata/", "Orders", nil), Count: &count}
	b.ReportAllocs()
	var size int64
	for b.Loop() {
		cw := NewCollectionWriter(io.Discard, opts)
		for _, r := range rows {
			if err := cw.WriteRow(benchProps, r); err != nil {
				b.Fatal(err)
			}
		}
		if err := cw.Close("https://gw.example.com/odata/Orders?$skiptoken=11248"); err != nil {
			b.Fatal(err)
		}
		size = cw.Written()
	}
	b.SetBytes(size)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/row")
}

// BenchmarkEncode1000RowsReused is the same page with a writer reused through Reset
// (as from a sync.Pool): nothing is allocated at all.
func BenchmarkEncode1000RowsReused(b *testing.B) {
	rows := benchRows(1000)
	count := int64(1_000_000)
	opts := Options{ContextURL: ContextCollection("https://gw.example.com/odata/", "Orders", nil), Count: &count}
	cw := NewCollectionWriter(io.Discard, opts)
	b.ReportAllocs()
	for b.Loop() {
		cw.Reset(io.Discard, opts)
		for _, r := range rows {
			if err := cw.WriteRow(benchProps, r); err != nil {
				b.Fatal(err)
			}
		}
		if err := cw.Close(""); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEncodeAllocs pins the allocation budget: none per row, a constant per page.
func TestEncodeAllocs(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation changes allocations")
	}
	rows := benchRows(1000)
	cw := NewCollectionWriter(io.Discard, Options{ContextURL: "ctx"})
	perRow := testing.AllocsPerRun(10, func() {
		for _, r := range rows {
			if err := cw.WriteRow(benchProps, r); err != nil {
				t.Fatal(err)
			}
		}
	})
	if perRow != 0 {
		t.Errorf("%v allocations per 1,000 rows, want 0", perRow)
	}
	perPage := testing.AllocsPerRun(10, func() {
		w := NewCollectionWriter(io.Discard, Options{ContextURL: "ctx"})
		for _, r := range rows[:10] {
			_ = w.WriteRow(benchProps, r)
		}
		_ = w.Close("next")
	})
	if perPage > 6 {
		t.Errorf("%v allocations per page, want at most 6", perPage)
	}
	t.Logf("allocations: %v per 1,000 rows, %v per page", perRow, perPage)
}
