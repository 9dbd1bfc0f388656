// Package catalog owns the database-side schema model (tables, columns, SQL types,
// keys, foreign keys) that adapters introspect, and the naming rules that map it to the
// EDM model the service publishes. It performs no I/O: adapters fill it in.
package catalog

import (
	"github.com/odatagw/odatagw/odata/edm"
)

// Catalog is the introspected, named and filtered schema of one source.
type Catalog struct {
	Tables []*Table // served tables, sorted by SetName
	// Hidden lists tables that are not served, with the reason (for logs and -check-config).
	Hidden []HiddenTable
	bySet  map[string]*Table
}

// HiddenTable is a table or view that is left out of the service, and why.
type HiddenTable struct {
	Schema, Name string
	Reason       string
}

// Table is one table or view.
type Table struct {
	Schema string // database schema (PostgreSQL/SQL Server/Oracle); "" for MySQL/SQLite's current database
	Name   string // database name, exactly as the database spells it
	IsView bool

	SetName  string // EDM entity-set name (after naming rules and renames)
	TypeName string // EDM entity-type name

	Columns []*Column // in database ordinal order; unsupported columns already removed
	Key     []*Column // primary key (or configured key) in key order; never empty once in a Catalog
	// PrimaryKey lists the database's primary-key column names as introspected (before
	// configuration); adapters fill it, New resolves it into Key.
	PrimaryKey  []string
	ForeignKeys []ForeignKey
	// Navs are the navigation properties derived from foreign keys (nav.go), both
	// directions, in a stable order.
	Navs []*Nav

	Searchable []*Column // string columns $search looks in
	Writable   bool
	// ETag is the row-version / updated-at column whose value is the entity's ETag
	// (configured with tables.X.etag), nil when the table has none.
	ETag *Column
}

// ForeignKey is a (possibly composite) foreign key.
type ForeignKey struct {
	Name       string
	Columns    []string // in this table
	RefSchema  string
	RefTable   string
	RefColumns []string
}

// Column is one column with its SQL and EDM types.
type Column struct {
	Name     string // database name
	Prop     string // EDM property name
	SQLType  string // database type as introspected, lower case, e.g. "varchar(40)", "decimal(10,2)", "tinyint(1) unsigned"
	Type     edm.Type
	Nullable bool
	// MaxLength for strings (characters) and binary (bytes). Strings always get one.
	MaxLength int
	Precision int
	Scale     int
	// AutoIncrement marks identity / auto-increment / serial columns (generated keys).
	AutoIncrement bool
	// Generated marks computed columns that cannot be written.
	Generated  bool
	HasDefault bool
	// FixedChar marks CHAR(n)/NCHAR(n): databases differ in padding (see dialects).
	FixedChar bool
	// CaseInsensitive marks a string column whose collation compares case-insensitively
	// (MySQL *_ci); dialects use it to make eq exact.
	CaseInsensitive bool
}

// Options are the per-source settings that shape the catalog (from the config file).
type Options struct {
	// Schemas to introspect (PostgreSQL default "public"; SQL Server "dbo"; Oracle the user).
	Schemas []string
	// Tables holds per-table settings keyed by the database table name.
	Tables map[string]TableOptions
	// Writable lists entity sets (or "*") that accept writes.
	Writable []string
	// MaxStringLength caps MaxLength of unbounded text (default 131072).
	MaxStringLength int
}

// TableOptions are the per-table settings.
type TableOptions struct {
	Name       string            // entity-set (and type) name override
	Key        []string          // columns that form the key (for views and key-less tables)
	Hidden     bool              // leave the table out
	Columns    map[string]string // column name -> property name overrides
	Searchable []string          // columns $search looks in (default: all string columns)
	Writable   *bool
	ETag       string // column whose value is the entity's ETag (a row version or updated-at)
	// Navigations renames derived navigation properties (nav.go): keyed by the derived
	// to-one name or the constraint name; "<derived>.partner" names the to-many end.
	Navigations map[string]string
}

// Set returns the table served under the entity-set name, or nil.
func (c *Catalog) Set(name string) *Table {
	return c.bySet[name]
}

// Column returns the column with the given EDM property name, or nil.
func (t *Table) Column(prop string) *Column {
	for _, c := range t.Columns {
		if c.Prop == prop {
			return c
		}
	}
	return nil
}

// ColumnByName returns the column with the given database name, or nil.
func (t *Table) ColumnByName(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// IsKey reports whether col is part of the table's key.
func (t *Table) IsKey(col *Column) bool {
	for _, k := range t.Key {
		if k == col {
			return true
		}
	}
	return false
}
