package mysql

import "time"

// TimeRange implements sqlgen.TimeRanger: DATE and DATETIME hold years 0001 to 9999 (the driver cannot bind year 0 or a negative year).
func (Dialect) TimeRange() (min, max time.Time) {
	return time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)
}
