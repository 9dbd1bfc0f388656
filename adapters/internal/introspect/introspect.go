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
