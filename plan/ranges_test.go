package plan

import (
	"testing"
	"time"
)

// TestRangeDecisions: comparisons with dates beyond Limits.TimeMin/TimeMax, and with
// single-precision columns, are decided or rounded in the plan.
func TestRangeDecisions(t *testing.T) {
	cat := testCatalog(t)
	lim := Limits{Times: &TimeRange{Min: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), Max: time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)}}
	for _, c := range []struct{ url, want string }{
		{"orders?$filter=Shipped ge 0000-01-01T00:00:00Z", `(notnull "Shipped")`},
		{"orders?$filter=Shipped lt -10000-04-01T00:00:00Z", `false:Boolean`},
		{"orders?$filter=Shipped eq 10000-01-01T00:00:00Z", `false:Boolean`},
		{"orders?$filter=Shipped ne 10000-01-01T00:00:00Z", `true:Boolean`},
		{"orders?$filter=Shipped le 10000-01-01T00:00:00Z", `(notnull "Shipped")`},
		{"orders?$filter=Shipped ge 0000-01-01", `(notnull "Shipped")`},
		{"orders?$filter=OrderDate gt 0000-12-31", `(notnull "OrderDate")`},
		{"orders?$filter=OrderDate le 9999-12-31", `(le "OrderDate" "9999-12-31":Date)`},
		{"orders?$filter=OrderDate in (0000-01-01, 2020-01-01)", `(in "OrderDate" ("2020-01-01":Date))`},
		{"orders?$filter=0000-01-01T00:00:00Z lt Shipped", `(notnull "Shipped")`},
		{"orders?$filter=length(ShipName) ge 2147483648", `false:Boolean`},
		{"orders?$filter=year(Shipped) lt 2147483648", `(notnull (year "Shipped"))`},
		{"orders?$filter=Shipped ge 0001-01-01T00:00:00Z", `(ge "Shipped" 0001-01-01T00:00:00Z:DateTimeOffset)`},
	} {
		q, err := build(t, cat, c.url, lim)
		if err != nil {
			t.Errorf("%s: %v", c.url, err)
			continue
		}
		if got := q.Filter.String(); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.url, got, c.want)
		}
	}
	// Without a range (SQLite before it declared one), the value is kept.
	q, err := build(t, cat, "orders?$filter=Shipped ge 0000-01-01T00:00:00Z", Limits{})
	if err != nil || q.Filter.String() == `(notnull "Shipped")` {
		t.Errorf("no range: %v %v", q, err)
	}
}
