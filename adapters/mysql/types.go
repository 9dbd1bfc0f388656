package mysql

import (
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
)

// colInfo is one row of information_schema.COLUMNS, as mapType needs it.
type colInfo struct {
	DataType   string // DATA_TYPE, lower case: "int", "varchar", …
	ColumnType string // COLUMN_TYPE, lower case: "int(10) unsigned", "enum('a','b')", …
	CharMax    int64  // CHARACTER_MAXIMUM_LENGTH (characters; bytes for binary types); -1 when NULL
	Precision  int64  // NUMERIC_PRECISION (bits for BIT); -1 when NULL
	Scale      int64  // NUMERIC_SCALE; -1 when NULL
	TimePrec   int64  // DATETIME_PRECISION; -1 when NULL
	Charset    string // CHARACTER_SET_NAME
	Collation  string // COLLATION_NAME
}

// colType is the EDM side of a column type.
type colType struct {
	T                           edm.Type
	MaxLength, Precision, Scale int
	FixedChar                   bool
}

func clampInt(v int64) int {
	if v < 0 {
		return 0
	}
	if v > 1<<31-1 {
		return 1<<31 - 1
	}
	return int(v)
}

// mapType maps a MySQL/MariaDB column type to EDM (the contract's type table):
//   - TINYINT(1), BOOL/BOOLEAN (stored as TINYINT(1)), BIT(1) → Boolean.
//   - TINYINT → SByte, UNSIGNED → Byte; SMALLINT → Int16, UNSIGNED → Int32; MEDIUMINT
//     (either) → Int32; INT → Int32, UNSIGNED → Int64; BIGINT → Int64; BIGINT UNSIGNED →
//     Decimal(20,0) (2^64-1 has 20 digits); BIT(2…63) → Int64, BIT(64) → Decimal(20,0)
//     (read as CAST(x AS UNSIGNED), see Dialect.Column).
//   - DECIMAL/NUMERIC(p,s) → Decimal(p,s); FLOAT → Single; DOUBLE/REAL → Double.
//   - DATE → Date; DATETIME, TIMESTAMP → DateTimeOffset (UTC); YEAR → Int16.
//   - CHAR(n) → String(n) FixedChar (MySQL strips the padding on read); VARCHAR(n) →
//     String(n); TINYTEXT…LONGTEXT → String with the type's maximum, capped by the
//     catalog; ENUM, SET → String(longest value); TIME → String(10, or 11+fsp with a
//     fraction: '-838:59:59.000000'); JSON (MySQL 8; MariaDB's JSON is LONGTEXT) →
//     String; MariaDB INET4/INET6 → String(15/39); MariaDB UUID → Guid.
//   - BINARY(n), VARBINARY(n), TINYBLOB, BLOB → Binary(n); MEDIUMBLOB, LONGBLOB →
//     Binary without MaxLength.
//
// Spatial types (GEOMETRY, POINT, …), VECTOR and anything unknown are left out (ok
// false): the column is dropped, and a table whose key uses one is hidden.
func mapType(ci colInfo) (colType, bool) {
	unsigned := strings.Contains(ci.ColumnType, "unsigned")
	switch ci.DataType {
	case "tinyint":
		switch {
		case strings.HasPrefix(ci.ColumnType, "tinyint(1)"):
			return colType{T: edm.Boolean}, true
		case unsigned:
			return colType{T: edm.Byte}, true
		}
		return colType{T: edm.SByte}, true
	case "bool", "boolean":
		return colType{T: edm.Boolean}, true
	case "smallint":
		if unsigned {
			return colType{T: edm.Int32}, true
		}
		return colType{T: edm.Int16}, true
	case "mediumint":
		return colType{T: edm.Int32}, true
	case "int", "integer":
		if unsigned {
			return colType{T: edm.Int64}, true
		}
		return colType{T: edm.Int32}, true
	case "bigint":
		if unsigned {
			return colType{T: edm.Decimal, Precision: 20}, true
		}
		return colType{T: edm.Int64}, true
	case "bit":
		switch {
		case ci.Precision <= 1:
			return colType{T: edm.Boolean}, true
		case ci.Precision < 64:
			return colType{T: edm.Int64}, true
		}
		return colType{T: edm.Decimal, Precision: 20}, true
	case "decimal", "numeric", "dec", "fixed":
		return colType{T: edm.Decimal, Precision: clampInt(ci.Precision), Scale: clampInt(ci.Scale)}, true
	case "float":
		return colType{T: edm.Single}, true
	case "double", "real", "double precision":
		return colType{T: edm.Double}, true
	case "date":
		return colType{T: edm.Date}, true
	case "datetime", "timestamp":
		return colType{T: edm.DateTimeOffset}, true
	case "year":
		return colType{T: edm.Int16}, true
	case "time":
		n := 10
		if ci.TimePrec > 0 {
			n += 1 + int(ci.TimePrec)
		}
		return colType{T: edm.String, MaxLength: n}, true
	case "char":
		return colType{T: edm.String, MaxLength: clampInt(ci.CharMax), FixedChar: true}, true
	case "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set":
		return colType{T: edm.String, MaxLength: clampInt(ci.CharMax)}, true
	case "json":
		return colType{T: edm.String}, true
	case "inet4":
		return colType{T: edm.String, MaxLength: 15}, true
	case "inet6":
		return colType{T: edm.String, MaxLength: 39}, true
	case "uuid":
		return colType{T: edm.Guid}, true
	case "binary", "varbinary", "tinyblob", "blob":
		return colType{T: edm.Binary, MaxLength: clampInt(ci.CharMax)}, true
	case "mediumblob", "longblob":
		return colType{T: edm.Binary}, true
	}
	return colType{}, false
}

// sqlType is the Column.SQLType recorded for a column: COLUMN_TYPE in lower case, and
// for a string column whose character set is not utf8mb4 the set and collation as in
// DDL ("varchar(20) character set latin1 collate latin1_swedish_ci"): the dialect needs
// them to compare such a column with utf8mb4 values (see Dialect.StringEquals).
func sqlType(ci colInfo) string {
	s := ci.ColumnType
	if ci.Charset != "" && ci.Charset != "utf8mb4" && ci.Charset != "binary" && ci.Collation != "" {
		s += " character set " + ci.Charset + " collate " + ci.Collation
	}
	return s
}

// typeParts splits a Column.SQLType written by sqlType into its base type name
// ("varchar"), character set and collation ("" when utf8mb4 or not a string type).
func typeParts(s string) (base, charset, collation string) {
	base = s
	if i := strings.IndexAny(base, "( "); i >= 0 {
		base = base[:i]
	}
	if _, rest, ok := strings.Cut(s, " character set "); ok {
		charset, collation, _ = strings.Cut(rest, " collate ")
	}
	if !safeName(charset) || !safeName(collation) {
		return base, "", ""
	}
	return base, charset, collation
}

// safeName reports whether s may be written into SQL as a character-set or collation
// name (they come from information_schema; this only guards the SQL text).
func safeName(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// caseInsensitive reports whether a collation compares case-insensitively: *_ci, and
// any collation that is not binary (*_bin, binary) or case-sensitive (*_cs).
func caseInsensitive(collation string) bool {
	if collation == "" {
		return false
	}
	return !(strings.HasSuffix(collation, "_bin") || strings.HasSuffix(collation, "_cs") || collation == "binary")
}
