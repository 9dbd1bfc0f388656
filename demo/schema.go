package demo

import (
	"fmt"
	"strings"
)

// Flavor names accepted by Create and Drop.
const (
	FlavorSQLite   = "sqlite"
	FlavorMySQL    = "mysql"
	FlavorPostgres = "postgres"
)

// kind is the logical column type; ddlType maps it to each flavor.
type kind int

const (
	kInt        kind = iota // INT / INTEGER
	kBigInt                 // BIGINT
	kDecimal                // DECIMAL(size,scale); bound as a string, exact
	kChar                   // CHAR(size); values are always full width
	kVarchar                // VARCHAR(size)
	kText                   // TEXT
	kBool                   // SQLite BOOLEAN, MySQL TINYINT(1), PostgreSQL BOOLEAN
	kDate                   // DATE; bound as "YYYY-MM-DD"
	kDateTime               // SQLite/MySQL DATETIME, PostgreSQL TIMESTAMP; "YYYY-MM-DD HH:MM:SS", UTC
	kDateTimeTZ             // SQLite/MySQL DATETIME, PostgreSQL TIMESTAMPTZ; same value, UTC
	kBlob                   // SQLite/MySQL BLOB, PostgreSQL BYTEA
	kDouble                 // SQLite/MySQL DOUBLE, PostgreSQL DOUBLE PRECISION
	kRaw                    // flavor-specific type in column.raw (extras tables only)
)

type column struct {
	name    string
	kind    kind
	size    int
	scale   int
	notNull bool
	autoInc bool   // SQLite INTEGER PRIMARY KEY AUTOINCREMENT, MySQL AUTO_INCREMENT, PostgreSQL SERIAL
	raw     string // SQL type for kRaw
	bind    string // optional placeholder wrapper, e.g. "ST_GeomFromText(%s)"
}

type foreignKey struct {
	cols     []string
	refTable string
	refCols  []string
}

type table struct {
	name string
	cols []column
	pk   []string // empty: no primary key (audit_log)
	fks  []foreignKey
	rows [][]any // logical values: nil, int64, string, bool, []byte, float64
}

type view struct {
	name string
	key  []string
	// sql builds the SELECT; q quotes an identifier for the flavor.
	sql func(q func(string) string) string
}

func checkFlavor(flavor string) error {
	switch flavor {
	case FlavorSQLite, FlavorMySQL, FlavorPostgres:
		return nil
	}
	return fmt.Errorf("demo: unknown flavor %q (want %q, %q or %q)", flavor, FlavorSQLite, FlavorMySQL, FlavorPostgres)
}

// quoter returns the identifier quoting function of the flavor.
func quoter(flavor string) func(string) string {
	if flavor == FlavorMySQL {
		return func(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }
	}
	return func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
}

func ddlType(flavor string, c column) string {
	switch c.kind {
	case kInt:
		if flavor == FlavorMySQL {
			return "INT"
		}
		return "INTEGER"
	case kBigInt:
		return "BIGINT"
	case kDecimal:
		if flavor == FlavorPostgres {
			return fmt.Sprintf("NUMERIC(%d,%d)", c.size, c.scale)
		}
		return fmt.Sprintf("DECIMAL(%d,%d)", c.size, c.scale)
	case kChar:
		return fmt.Sprintf("CHAR(%d)", c.size)
	case kVarchar:
		return fmt.Sprintf("VARCHAR(%d)", c.size)
	case kText:
		return "TEXT"
	case kBool:
		if flavor == FlavorMySQL {
			return "TINYINT(1)"
		}
		return "BOOLEAN"
	case kDate:
		return "DATE"
	case kDateTime:
		if flavor == FlavorPostgres {
			return "TIMESTAMP"
		}
		return "DATETIME"
	case kDateTimeTZ:
		if flavor == FlavorPostgres {
			return "TIMESTAMPTZ"
		}
		return "DATETIME"
	case kBlob:
		if flavor == FlavorPostgres {
			return "BYTEA"
		}
		return "BLOB"
	case kDouble:
		if flavor == FlavorPostgres {
			return "DOUBLE PRECISION"
		}
		return "DOUBLE"
	case kRaw:
		return c.raw
	}
	panic(fmt.Sprintf("demo: unknown kind %d", c.kind))
}

// createTableSQL renders CREATE TABLE for the flavor. It has no IF NOT EXISTS: Create
// fails when a table is already there.
func createTableSQL(flavor string, t *table) string {
	q := quoter(flavor)
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n", q(t.name))
	inlinePK := false
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("  " + q(c.name) + " ")
		switch {
		case c.autoInc && flavor == FlavorSQLite:
			b.WriteString("INTEGER PRIMARY KEY AUTOINCREMENT")
			inlinePK = true
		case c.autoInc && flavor == FlavorMySQL:
			b.WriteString(ddlType(flavor, c) + " NOT NULL AUTO_INCREMENT")
		case c.autoInc && flavor == FlavorPostgres:
			b.WriteString("SERIAL NOT NULL")
		default:
			b.WriteString(ddlType(flavor, c))
			if c.notNull {
				b.WriteString(" NOT NULL")
			}
		}
	}
	if len(t.pk) > 0 && !inlinePK {
		fmt.Fprintf(&b, ",\n  PRIMARY KEY (%s)", quoteList(q, t.pk))
	}
	for _, fk := range t.fks {
		fmt.Fprintf(&b, ",\n  FOREIGN KEY (%s) REFERENCES %s (%s)", quoteList(q, fk.cols), q(fk.refTable), quoteList(q, fk.refCols))
	}
	b.WriteString("\n)")
	if flavor == FlavorMySQL {
		// No COLLATE: the server's default (case-insensitive) collation is the quirk.
		b.WriteString(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")
	}
	return b.String()
}

func quoteList(q func(string) string, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = q(n)
	}
	return strings.Join(out, ", ")
}

// bindValue converts a logical value to the argument bound for the flavor.
func bindValue(flavor string, c column, v any) any {
	if v == nil {
		return nil
	}
	if c.kind == kDateTimeTZ && flavor == FlavorPostgres {
		return v.(string) + "+00" // the logical value is UTC
	}
	return v
}

// placeholder returns the n-th (1-based) bind placeholder of the flavor.
func placeholder(flavor string, n int) string {
	if flavor == FlavorPostgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// insertSQL renders a multi-row INSERT of nrows rows into t.
func insertSQL(flavor string, t *table, nrows int) string {
	q := quoter(flavor)
	var b strings.Builder
	names := make([]string, len(t.cols))
	for i, c := range t.cols {
		names[i] = c.name
	}
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", q(t.name), quoteList(q, names))
	n := 0
	for r := 0; r < nrows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for i, c := range t.cols {
			if i > 0 {
				b.WriteString(", ")
			}
			n++
			p := placeholder(flavor, n)
			if c.bind != "" {
				p = fmt.Sprintf(c.bind, p)
			}
			b.WriteString(p)
		}
		b.WriteByte(')')
	}
	return b.String()
}
