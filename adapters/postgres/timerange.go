package postgres

import "time"

// TimeRange implements sqlgen.TimeRanger: timestamp and timestamptz hold 4714-11-24 BC (year -4713) to 294276 AD.
func (Dialect) TimeRange() (min, max time.Time) {
	return time.Date(-4713, 11, 24, 0, 0, 0, 0, time.UTC), time.Date(294276, 12, 31, 23, 59, 59, 999999000, time.UTC)
}
