package sqlgen

import "time"

// TimeRanger is implemented by a dialect whose date and time columns hold a bounded
// range of instants. The service hands the range to the planner (plan.Limits.Times),
// which decides a comparison with a date outside it (nothing equals it, every non-null
// value is after or before it) instead of binding a value the database or its driver
// would reject. A dialect without it is unbounded.
type TimeRanger interface {
	TimeRange() (min, max time.Time)
}
