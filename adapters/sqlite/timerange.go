package sqlite

import "time"

// TimeRange implements sqlgen.TimeRanger: dates are text 'YYYY-MM-DD HH:MM:SS…',
// compared as text, which orders them only for the four-digit years 0000 to 9999.
func (Dialect) TimeRange() (min, max time.Time) {
	return time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
}
