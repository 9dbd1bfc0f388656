// Package introspect holds the helpers the adapters share to read a database's
// catalog views into catalog tables: running a catalog query row by row, and
// collecting foreign-key columns into constraints.
package introspect

import (
	"context"
	"database/sql"

	"github.com/odatagw/odatagw/catalog"
)

// Queryer runs a query; *sqlx.DB, *sql.DB and *sql.Conn are Queryers.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Query runs q with args and calls scan for each row, stopping at the first error;
// the rows are always closed.
func Query(ctx context.Context, db Queryer, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AddForeignKeyColumn adds one column pair of the foreign key name to t: to the last
// foreign key when it has that name, else to a new one referencing refSchema.refTable.
// Rows must come grouped by constraint and in column order, as the catalog queries
// return them.
func AddForeignKeyColumn(t *catalog.Table, name, column, refSchema, refTable, refColumn string) {
	n := len(t.ForeignKeys)
	if n == 0 || t.ForeignKeys[n-1].Name != name {
		t.ForeignKeys = append(t.ForeignKeys, catalog.ForeignKey{Name: name, RefSchema: refSchema, RefTable: refTable})
		n++
	}
	fk := &t.ForeignKeys[n-1]
	fk.Columns = append(fk.Columns, column)
	fk.RefColumns = append(fk.RefColumns, refColumn)
}

// KeyRow is one primary-key column as a catalog query returns it, in key order.
type KeyRow struct{ Schema, Table, Column string }

// FKRow is one foreign-key column pair, grouped by constraint and in column order.
type FKRow struct {
	Schema, Table, Name, Column string
	RefSchema, RefTable, RefCol string
}

// ReadKeys runs a primary-key query whose rows are (table, column), or (schema, table,
// column) when withSchema.
func ReadKeys(ctx context.Context, db Queryer, q string, args []any, withSchema bool) ([]KeyRow, error) {
	var out []KeyRow
	err := Query(ctx, db, q, args, func(rows *sql.Rows) error {
		var k KeyRow
		dest := []any{&k.Table, &k.Column}
		if withSchema {
			dest = append([]any{&k.Schema}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		out = append(out, k)
		return nil
	})
	return out, err
}

// ReadForeignKeys runs a foreign-key query whose rows are (table, constraint, column,
// referenced schema, referenced table, referenced column), preceded by the schema
// when withSchema.
func ReadForeignKeys(ctx context.Context, db Queryer, q string, args []any, withSchema bool) ([]FKRow, error) {
	var out []FKRow
	err := Query(ctx, db, q, args, func(rows *sql.Rows) error {
		var f FKRow
		dest := []any{&f.Table, &f.Name, &f.Column, &f.RefSchema, &f.RefTable, &f.RefCol}
		if withSchema {
			dest = append([]any{&f.Schema}, dest...)
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return out, err
}

// AttachKeys appends the key columns to their tables' PrimaryKey and the foreign-key
// columns to their tables' ForeignKeys. table finds a row's table (nil: not
// published); a referenced schema equal to home is recorded as "" (the table's own).
func AttachKeys(keys []KeyRow, fks []FKRow, home string, table func(schema, name string) *catalog.Table) {
	for _, k := range keys {
		if t := table(k.Schema, k.Table); t != nil {
			t.PrimaryKey = append(t.PrimaryKey, k.Column)
		}
	}
	for _, f := range fks {
		t := table(f.Schema, f.Table)
		if t == nil {
			continue
		}
		ref := f.RefSchema
		if home != "" && ref == home {
			ref = ""
		}
		AddForeignKeyColumn(t, f.Name, f.Column, ref, f.RefTable, f.RefCol)
	}
}
