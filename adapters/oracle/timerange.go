package oracle

import "time"

// TimeRange implements sqlgen.TimeRanger: DATE and TIMESTAMP hold 4712-01-01 BC (Go year -4711) to 9999-12-31.
func (Dialect) TimeRange() (min, max time.Time) {
	return time.Date(-4711, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
}
