package gateway

import (
	"sync"

	"github.com/odatagw/odatagw/plan"
)

// How $count=true is answered (Salesforce list views send it on every click):
//
//   - COUNT(*) OVER () on the page query: one round trip, but the database must
//     visit every row matching the filter before it can stop at LIMIT;
//   - a separate COUNT(*) (index-friendly, no ORDER BY) plus the LIMITed page: two
//     round trips, each cheap however large the set is.
//
// windowCount picks the first shape (for a collection read with $count=true) when the filtered set is known to be small: the
// last count seen for the same entity set and filter, or else the last unfiltered
// count of the table (a subset cannot be larger). Nothing known → the separate
// count, which records the size for the next request. The threshold
// (Tuning.WindowCountMax) comes from BenchmarkCountShapes; see README.
func (s *Service) windowCount(q *plan.Query) bool {
	max := s.Tuning.WindowCountMax
	if max < 0 || q.Kind != plan.Collection || !q.WithCount || q.Limit == 0 {
		return false // $top=0 reads no row, so no row can carry COUNT(*) OVER ()
	}
	if q.Keyset != nil && q.Keyset.After != nil {
		return false // the seek narrows the page query's rows: count them apart
	}
	if n, ok := s.estimates.get(q.Table.SetName, q.Filter); ok {
		return n <= max
	}
	if n, ok := s.estimates.get(q.Table.SetName, nil); ok {
		return n <= max
	}
	return false
}

// countEstimates remembers recent counts per entity set and canonical filter. They
// only choose a query shape, so a stale value costs speed, never correctness.
type countEstimates struct {
	mu sync.Mutex
	m  map[string]int64
}

const maxEstimates = 4096

func estimateKey(set string, filter plan.Expr) string {
	if filter == nil {
		return set
	}
	return set + "\x00" + filter.String()
}

func (e *countEstimates) get(set string, filter plan.Expr) (int64, bool) {
	k := estimateKey(set, filter)
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.m[k]
	return n, ok
}

func (e *countEstimates) record(q *plan.Query, n int64) {
	k := estimateKey(q.Table.SetName, q.Filter)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.m == nil || len(e.m) >= maxEstimates {
		e.m = make(map[string]int64, 64)
	}
	e.m[k] = n
}
