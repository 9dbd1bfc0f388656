package sqlserver

import (
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// sqlType is the type of a column as INFORMATION_SCHEMA.COLUMNS describes it. Alias
// types (sysname, user-defined alias types) are already resolved to their base type there.
type sqlType struct {
	DataType          string // DATA_TYPE, e.g. "nvarchar", "decimal", "geography"
	MaxLength         int64  // CHARACTER_MAXIMUM_LENGTH: characters or bytes; -1 for (max); 0 when null
	Precision, Scale  int64  // NUMERIC_PRECISION, NUMERIC_SCALE (0 when null)
	DatetimePrecision int64  // DATETIME_PRECISION (0 when null)
}

// timeStringLength is the length of a time value as text: hh:mm:ss.fffffff.
const timeStringLength = 16

// applyType sets the SQL and EDM type facets of col from t. It returns false, with the
// reason, for types the service does not publish:
//
//	bit → Boolean; tinyint → Byte (0–255); smallint, int, bigint → Int16, Int32, Int64
//	decimal/numeric(p,s) → Decimal(p,s); money → Decimal(19,4); smallmoney → Decimal(10,4)
//	real → Single; float → Double
//	date → Date; datetime, datetime2, smalldatetime, datetimeoffset → DateTimeOffset
//	time → String(16) (Salesforce has no time-of-day type)
//	char/nchar(n) → String(n), FixedChar; varchar/nvarchar(n) → String(n);
//	varchar/nvarchar(max), text, ntext → String, MaxLength 0 (catalog.New caps it)
//	binary/varbinary(n) → Binary(n); varbinary(max), image → Binary
//	uniqueidentifier → Guid
//	rowversion/timestamp → Binary(8), Generated (the server sets it)
//	xml, sql_variant, hierarchyid, geography, geometry, CLR types → left out: they
//	cannot be compared or sorted as published values (xml would break $search).
func applyType(col *catalog.Column, t sqlType) (ok bool, reason string) {
	dt := strings.ToLower(t.DataType)
	col.SQLType = dt
	switch dt {
	case "bit":
		col.Type = edm.Boolean
	case "tinyint":
		col.Type = edm.Byte
	case "smallint":
		col.Type = edm.Int16
	case "int":
		col.Type = edm.Int32
	case "bigint":
		col.Type = edm.Int64
	case "decimal", "numeric":
		col.Type = edm.Decimal
		col.Precision, col.Scale = int(t.Precision), int(t.Scale)
		col.SQLType = dt + "(" + strconv.FormatInt(t.Precision, 10) + "," + strconv.FormatInt(t.Scale, 10) + ")"
	case "money":
		col.Type = edm.Decimal
		col.Precision, col.Scale = 19, 4
	case "smallmoney":
		col.Type = edm.Decimal
		col.Precision, col.Scale = 10, 4
	case "real":
		col.Type = edm.Single
	case "float":
		// float(n) with n ≤ 24 is reported as real; everything named float is 8 bytes.
		col.Type = edm.Double
	case "date":
		col.Type = edm.Date
	case "datetime", "smalldatetime":
		col.Type = edm.DateTimeOffset
	case "datetime2", "datetimeoffset":
		col.Type = edm.DateTimeOffset
		col.SQLType = dt + "(" + strconv.FormatInt(t.DatetimePrecision, 10) + ")"
	case "time":
		col.Type = edm.String
		col.MaxLength = timeStringLength
		col.SQLType = dt + "(" + strconv.FormatInt(t.DatetimePrecision, 10) + ")"
	case "char", "nchar", "varchar", "nvarchar":
		col.Type = edm.String
		col.FixedChar = dt == "char" || dt == "nchar"
		col.SQLType = dt + "(" + lengthText(t.MaxLength) + ")"
		if t.MaxLength > 0 {
			col.MaxLength = int(t.MaxLength)
		}
	case "text", "ntext":
		col.Type = edm.String
	case "binary", "varbinary":
		col.Type = edm.Binary
		col.SQLType = dt + "(" + lengthText(t.MaxLength) + ")"
		if t.MaxLength > 0 {
			col.MaxLength = int(t.MaxLength)
		}
	case "image":
		col.Type = edm.Binary
	case "uniqueidentifier":
		col.Type = edm.Guid
	case "timestamp", "rowversion":
		col.Type = edm.Binary
		col.MaxLength = 8
		col.Generated = true
	default:
		return false, "SQL Server type " + dt + " is not published"
	}
	return true, ""
}

func lengthText(n int64) string {
	if n < 0 {
		return "max"
	}
	return strconv.FormatInt(n, 10)
}
