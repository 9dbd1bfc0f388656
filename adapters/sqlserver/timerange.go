package sqlserver

import "time"

// TimeRange implements sqlgen.TimeRanger: date, datetime2 and datetimeoffset hold years 0001 to 9999.
func (Dialect) TimeRange() (min, max time.Time) {
	return time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999900, time.UTC)
}
