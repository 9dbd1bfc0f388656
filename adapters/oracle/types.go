package oracle

import (
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// sqlType is the type of a column as ALL_TAB_COLS describes it.
type sqlType struct {
	DataType     string // DATA_TYPE, e.g. "NUMBER", "VARCHAR2", "TIMESTAMP(6) WITH TIME ZONE"
	Owner        string // DATA_TYPE_OWNER: set for object types (and XMLTYPE)
	DataLength   int64  // DATA_LENGTH, bytes
	Precision    int64  // DATA_PRECISION: decimal digits for NUMBER, binary digits for FLOAT
	HasPrecision bool   // DATA_PRECISION is not null
	Scale        int64  // DATA_SCALE
	HasScale     bool   // DATA_SCALE is not null
	CharLength   int64  // CHAR_LENGTH: declared length in characters (CHAR, VARCHAR2, NCHAR, NVARCHAR2)
}

// maxDoubleFloatBits is the largest binary precision of Oracle's FLOAT(p) whose decimal
// digits (⌈p·log10 2⌉ = 15) survive a round trip through an IEEE double.
const maxDoubleFloatBits = 49

// applyType sets the SQL and EDM type facets of col from t. It returns false, with the
// reason, for types the service does not publish:
//
//	NUMBER(p,0): p ≤ 4 → Int16, ≤ 9 → Int32, ≤ 18 → Int64, else Decimal(p,0); a negative
//	  scale s rounds to 10^-s, so the integer has p-s digits; NUMBER(1) stays Int16
//	NUMBER(p,s), s > 0 → Decimal(max(p,s),s); NUMBER(*,s) → Decimal(38,s)
//	NUMBER without precision or scale → Decimal with variable scale
//	FLOAT(p) (a decimal NUMBER subtype, binary precision p): p ≤ 49 → Double, else
//	  Decimal with variable scale (FLOAT = FLOAT(126) holds 38 digits, more than a
//	  double; an Edm.Single would keep only 6–7)
//	BINARY_FLOAT → Single; BINARY_DOUBLE → Double
//	DATE (has a time part) and TIMESTAMP(n) [WITH [LOCAL] TIME ZONE] → DateTimeOffset
//	CHAR/NCHAR(n) → String(n), FixedChar; VARCHAR2/NVARCHAR2(n) → String(n) (n in
//	  characters: CHAR_LENGTH); CLOB/NCLOB → String, MaxLength 0 (catalog.New caps it)
//	RAW(n) → Binary(n); BLOB → Binary
//	LONG, LONG RAW, INTERVAL, ROWID, UROWID, BFILE, BOOLEAN, JSON, VECTOR, XMLTYPE and
//	  object types → left out
func applyType(col *catalog.Column, t sqlType) (ok bool, reason string) {
	dt := strings.ToUpper(strings.TrimSpace(t.DataType))
	col.SQLType = strings.ToLower(dt)
	if t.Owner != "" {
		return false, "Oracle object type " + t.Owner + "." + dt + " is not published"
	}
	switch {
	case dt == "NUMBER":
		numberType(col, t)
	case dt == "FLOAT":
		col.SQLType = "float(" + strconv.FormatInt(t.Precision, 10) + ")"
		if t.HasPrecision && t.Precision <= maxDoubleFloatBits {
			col.Type = edm.Double
		} else {
			col.Type = edm.Decimal
		}
	case dt == "BINARY_FLOAT":
		col.Type = edm.Single
	case dt == "BINARY_DOUBLE":
		col.Type = edm.Double
	case dt == "DATE", strings.HasPrefix(dt, "TIMESTAMP"):
		col.Type = edm.DateTimeOffset
	case dt == "CHAR", dt == "NCHAR", dt == "VARCHAR2", dt == "NVARCHAR2", dt == "VARCHAR":
		col.Type = edm.String
		col.FixedChar = dt == "CHAR" || dt == "NCHAR"
		col.MaxLength = int(t.CharLength)
		col.SQLType += "(" + strconv.FormatInt(t.CharLength, 10) + ")"
	case dt == "CLOB", dt == "NCLOB":
		col.Type = edm.String
	case dt == "RAW":
		col.Type = edm.Binary
		col.MaxLength = int(t.DataLength)
		col.SQLType += "(" + strconv.FormatInt(t.DataLength, 10) + ")"
	case dt == "BLOB":
		col.Type = edm.Binary
	default:
		return false, "Oracle type " + dt + " is not published"
	}
	return true, ""
}

func numberType(col *catalog.Column, t sqlType) {
	switch {
	case !t.HasPrecision && !t.HasScale:
		col.Type = edm.Decimal // NUMBER: floating decimal, Scale="variable"
		col.SQLType = "number"
		return
	case !t.HasPrecision:
		t.Precision = 38 // NUMBER(*,s); INTEGER is NUMBER(*,0)
		col.SQLType = "number(*," + strconv.FormatInt(t.Scale, 10) + ")"
	default:
		col.SQLType = "number(" + strconv.FormatInt(t.Precision, 10) + "," + strconv.FormatInt(t.Scale, 10) + ")"
	}
	p, s := t.Precision, t.Scale
	if s > 0 {
		col.Type = edm.Decimal
		col.Precision, col.Scale = int(max(p, s)), int(s)
		return
	}
	digits := p - s // s ≤ 0
	switch {
	case digits <= 4:
		col.Type = edm.Int16
	case digits <= 9:
		col.Type = edm.Int32
	case digits <= 18:
		col.Type = edm.Int64
	default:
		col.Type = edm.Decimal
		col.Precision, col.Scale = int(digits), 0
	}
}
