package sqlite

import (
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
)

// colType is the EDM side of a declared column type.
type colType struct {
	T                           edm.Type
	MaxLength, Precision, Scale int
	FixedChar                   bool
}

// declType splits a declared type such as "NATIVE CHARACTER(70)" or "decimal( 12, 2 )"
// into its upper-case name with single spaces ("NATIVE CHARACTER") and its numeric
// arguments. SQLite accepts any text as a type; arguments that are not integers are
// dropped.
func declType(decl string) (name string, args []int) {
	decl = strings.TrimSpace(decl)
	if i := strings.IndexByte(decl, '('); i >= 0 {
		inner := decl[i+1:]
		if j := strings.IndexByte(inner, ')'); j >= 0 {
			inner = inner[:j]
		}
		for _, a := range strings.Split(inner, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil {
				args = append(args, n)
			}
		}
		decl = decl[:i]
	}
	return strings.Join(strings.Fields(strings.ToUpper(decl)), " "), args
}

func arg(args []int, i int) int {
	if i < len(args) && args[i] > 0 {
		return args[i]
	}
	return 0
}

// mapType maps a declared column type to EDM. SQLite stores values by affinity, not by
// declared type, so the declared name is the only statement of intent a legacy schema
// makes; mapType honours it:
//
//   - INTEGER, BIGINT, INT8, UNSIGNED BIG INT, INT UNSIGNED → Int64 (INTEGER is SQLite's
//     64-bit integer and the rowid type); INT, INT4, MEDIUMINT → Int32; SMALLINT, INT2 →
//     Int16; TINYINT (signed in MySQL, unsigned in SQL Server ports) → Int16, which holds
//     both ranges.
//   - BOOLEAN, BOOL, BIT → Boolean (stored 0/1).
//   - DECIMAL/NUMERIC/NUMBER(p,s) → Decimal(p,s); without arguments Decimal with a
//     variable scale. The values are stored as REAL (15–17 significant digits) or
//     INTEGER: the database, not the gateway, limits their exactness.
//   - REAL, DOUBLE, DOUBLE PRECISION, FLOAT → Double.
//   - DATE → Date; DATETIME, TIMESTAMP → DateTimeOffset (stored as ISO text in UTC);
//     TIME → String.
//   - CHAR/CHARACTER/NCHAR(n) → String MaxLength n, FixedChar (SQLite does not pad);
//     VARCHAR/NVARCHAR/VARYING CHARACTER(n) → String MaxLength n; TEXT, CLOB, JSON, no
//     type at all → String capped by the catalog; UUID/GUID → String(36).
//   - BLOB, BINARY, VARBINARY, BYTEA, IMAGE → Binary.
//   - Any other name follows SQLite's affinity rules (§3.1 of "Datatypes In SQLite"):
//     INT → Int64, CHAR/CLOB/TEXT → String, BLOB → Binary, REAL/FLOA/DOUB → Double. A
//     NUMERIC-affinity name nobody recognises (say "MEMO" or "YESNO") may hold anything
//     and is left out (ok false).
func mapType(decl string) (colType, bool) {
	name, args := declType(decl)
	switch name {
	case "":
		return colType{T: edm.String}, true
	case "INTEGER", "BIGINT", "INT8", "UNSIGNED BIG INT", "BIG INT", "INT UNSIGNED",
		"INTEGER UNSIGNED", "BIGINT UNSIGNED", "INT64":
		return colType{T: edm.Int64}, true
	case "INT", "INT4", "MEDIUMINT", "MEDIUMINT UNSIGNED", "INT32":
		return colType{T: edm.Int32}, true
	case "SMALLINT", "INT2", "TINYINT", "TINYINT UNSIGNED":
		return colType{T: edm.Int16}, true
	case "SMALLINT UNSIGNED":
		return colType{T: edm.Int32}, true
	case "BOOLEAN", "BOOL", "BIT":
		return colType{T: edm.Boolean}, true
	case "DECIMAL", "NUMERIC", "NUMBER", "DEC":
		p, s := arg(args, 0), arg(args, 1)
		if s > p {
			p = 0
		}
		return colType{T: edm.Decimal, Precision: p, Scale: s}, true
	case "MONEY":
		return colType{T: edm.Decimal, Precision: 19, Scale: 4}, true
	case "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT", "FLOAT8", "FLOAT4":
		return colType{T: edm.Double}, true
	case "DATE":
		return colType{T: edm.Date}, true
	case "DATETIME", "TIMESTAMP", "DATETIME2", "SMALLDATETIME", "TIMESTAMPTZ",
		"TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITHOUT TIME ZONE":
		return colType{T: edm.DateTimeOffset}, true
	case "TIME":
		return colType{T: edm.String, MaxLength: 16}, true
	case "CHAR", "CHARACTER", "NCHAR", "NATIVE CHARACTER", "NATIONAL CHARACTER":
		n := arg(args, 0)
		if n == 0 {
			n = 1 // SQL: CHAR means CHAR(1)
		}
		return colType{T: edm.String, MaxLength: n, FixedChar: true}, true
	case "VARCHAR", "NVARCHAR", "VARYING CHARACTER", "CHARACTER VARYING", "NATIONAL VARCHAR",
		"VARCHAR2", "NVARCHAR2":
		return colType{T: edm.String, MaxLength: arg(args, 0)}, true
	case "TEXT", "CLOB", "NTEXT", "STRING", "JSON", "TINYTEXT", "MEDIUMTEXT", "LONGTEXT":
		return colType{T: edm.String}, true
	case "UUID", "GUID", "UNIQUEIDENTIFIER":
		return colType{T: edm.String, MaxLength: 36}, true
	case "BLOB", "BINARY", "VARBINARY", "BYTEA", "IMAGE", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB":
		return colType{T: edm.Binary, MaxLength: arg(args, 0)}, true
	}
	// Affinity rules, in SQLite's order.
	switch {
	case strings.Contains(name, "INT"):
		return colType{T: edm.Int64}, true
	case strings.Contains(name, "CHAR"), strings.Contains(name, "CLOB"), strings.Contains(name, "TEXT"):
		return colType{T: edm.String, MaxLength: arg(args, 0)}, true
	case strings.Contains(name, "BLOB"):
		return colType{T: edm.Binary}, true
	case strings.Contains(name, "REAL"), strings.Contains(name, "FLOA"), strings.Contains(name, "DOUB"):
		return colType{T: edm.Double}, true
	}
	return colType{}, false
}
