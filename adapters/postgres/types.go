package postgres

import (
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/odata/edm"
)

// colType is the EDM side of a column type.
type colType struct {
	T                           edm.Type
	MaxLength, Precision, Scale int
	FixedChar, CaseInsensitive  bool
}

// splitType splits a format_type() text such as "timestamp(3) with time zone" or
// "numeric(12,2)" into its name without the modifier ("timestamp with time zone") and
// the modifier's integers.
func splitType(s string) (base string, args []int) {
	i := strings.IndexByte(s, '(')
	if i < 0 {
		return s, nil
	}
	j := strings.IndexByte(s[i:], ')')
	if j < 0 {
		return s, nil
	}
	for _, a := range strings.Split(s[i+1:i+j], ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil {
			args = append(args, n)
		}
	}
	return strings.TrimSpace(s[:i] + s[i+j+1:]), args
}

func arg(args []int, i int) int {
	if i < len(args) && args[i] > 0 {
		return args[i]
	}
	return 0
}

// mapType maps a PostgreSQL type, as format_type() prints it (domains resolved to
// their base type), with its pg_type.typtype ('e' enum) and typcategory ('A' array):
//   - smallint → Int16, integer → Int32, bigint → Int64 (serial types are these).
//   - numeric(p,s) → Decimal(p,s); numeric without a modifier → Decimal with variable
//     scale (Precision 0). real → Single, double precision → Double.
//   - boolean → Boolean; date → Date; timestamp and timestamptz → DateTimeOffset (a
//     timestamp without zone is read as UTC).
//   - character(n) → String(n), FixedChar; character varying(n) → String(n); text →
//     String (capped by the catalog); name → String(63); "char" → String(1); citext →
//     String, CaseInsensitive.
//   - uuid → Guid; bytea → Binary.
//   - Types read as their text: time → String(15), timetz → String(21), interval →
//     String(100), json, jsonb, xml → String, inet, cidr → String(43), macaddr →
//     String(17), macaddr8 → String(23), enums → String(longest label).
//
// Arrays, money (its text depends on lc_monetary), bit strings, geometric, range,
// text-search and extension types such as PostGIS geometry are left out (ok false).
func mapType(formatted, typtype, category string, enumMax int) (colType, bool) {
	if category == "A" {
		return colType{}, false
	}
	if typtype == "e" {
		return colType{T: edm.String, MaxLength: enumMax}, true
	}
	base, args := splitType(formatted)
	switch base {
	case "smallint":
		return colType{T: edm.Int16}, true
	case "integer":
		return colType{T: edm.Int32}, true
	case "bigint":
		return colType{T: edm.Int64}, true
	case "numeric":
		p, s := arg(args, 0), arg(args, 1)
		return colType{T: edm.Decimal, Precision: p, Scale: s}, true
	case "real":
		return colType{T: edm.Single}, true
	case "double precision":
		return colType{T: edm.Double}, true
	case "boolean":
		return colType{T: edm.Boolean}, true
	case "date":
		return colType{T: edm.Date}, true
	case "timestamp without time zone", "timestamp with time zone":
		return colType{T: edm.DateTimeOffset}, true
	case "character", "bpchar":
		return colType{T: edm.String, MaxLength: arg(args, 0), FixedChar: true}, true
	case "character varying":
		return colType{T: edm.String, MaxLength: arg(args, 0)}, true
	case "text", "json", "jsonb", "xml":
		return colType{T: edm.String}, true
	case "name":
		return colType{T: edm.String, MaxLength: 63}, true
	case `"char"`:
		return colType{T: edm.String, MaxLength: 1}, true
	case "citext":
		return colType{T: edm.String, CaseInsensitive: true}, true
	case "time without time zone":
		return colType{T: edm.String, MaxLength: 15}, true
	case "time with time zone":
		return colType{T: edm.String, MaxLength: 21}, true
	case "interval":
		return colType{T: edm.String, MaxLength: 100}, true
	case "inet", "cidr":
		return colType{T: edm.String, MaxLength: 43}, true
	case "macaddr":
		return colType{T: edm.String, MaxLength: 17}, true
	case "macaddr8":
		return colType{T: edm.String, MaxLength: 23}, true
	case "uuid":
		return colType{T: edm.Guid}, true
	case "bytea":
		return colType{T: edm.Binary}, true
	}
	return colType{}, false
}

// plainText lists the string types compared and read as they are; every other type
// mapped to Edm.String is read and compared as CAST(x AS TEXT) (see Dialect.Column).
var plainText = map[string]bool{"text": true, "character varying": true, "name": true}

// baseOf returns the type name of a Column.SQLType without its modifier.
func baseOf(sqlType string) string {
	base, _ := splitType(sqlType)
	return base
}
