package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
)

// The catalog queries read the main schema: PRAGMA table_list names the tables and
// views (leaving out SQLite's own sqlite_* tables, virtual tables and their shadow
// tables), PRAGMA table_xinfo gives each one's columns in ordinal order including
// generated ones, PRAGMA foreign_key_list its foreign keys. The table-valued PRAGMAs
// are joined to the list, so each is one query for the whole schema.
const (
	listed = `FROM pragma_table_list AS l
		WHERE l.schema = 'main' AND l.type IN ('table', 'view') AND l.name NOT LIKE 'sqlite!_%' ESCAPE '!'`

	tablesQuery = `SELECT l.name, l.type, l.wr ` + listed + ` ORDER BY l.name`

	columnsQuery = `SELECT l.name, x.name, x.type, x."notnull", x.dflt_value, x.pk, x.hidden
		FROM pragma_table_list AS l, pragma_table_xinfo(l.name, 'main') AS x
		WHERE l.schema = 'main' AND l.type IN ('table', 'view') AND l.name NOT LIKE 'sqlite!_%' ESCAPE '!'
		ORDER BY l.name, x.cid`

	foreignKeysQuery = `SELECT l.name, f.id, f."table", f."from", f."to"
		FROM pragma_table_list AS l, pragma_foreign_key_list(l.name, 'main') AS f
		WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite!_%' ESCAPE '!'
		ORDER BY l.name, f.id, f.seq`
)

// tableRow is one row of tablesQuery.
type tableRow struct {
	Name, Type   string // Type: table or view
	WithoutRowid bool
}

// columnRow is one row of columnsQuery. Hidden is 0 for ordinary columns, 1 for hidden
// columns of virtual tables, 2 for VIRTUAL and 3 for STORED generated columns; PK is
// the column's 1-based position in the primary key (0: not in it).
type columnRow struct {
	Table, Name, Decl string
	NotNull           bool
	Default           sql.NullString
	PK, Hidden        int
}

// fkRow is one row of foreignKeysQuery: one column of the foreign key ID, in order.
// To is NULL when the key refers to the parent's primary key implicitly.
type fkRow struct {
	Table         string
	ID            int
	RefTable, Col string
	To            sql.NullString
}

// readTables reads the catalog rows of the main schema and builds its tables.
func readTables(ctx context.Context, db *sqlx.DB, warn func(string, ...any)) ([]*catalog.Table, error) {
	var (
		tables []tableRow
		cols   []columnRow
		fks    []fkRow
	)
	err := introspect.Query(ctx, db, tablesQuery, nil, func(rows *sql.Rows) error {
		var t tableRow
		if err := rows.Scan(&t.Name, &t.Type, &t.WithoutRowid); err != nil {
			return err
		}
		tables = append(tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: list tables: %w", err)
	}
	err = introspect.Query(ctx, db, columnsQuery, nil, func(rows *sql.Rows) error {
		var c columnRow
		if err := rows.Scan(&c.Table, &c.Name, &c.Decl, &c.NotNull, &c.Default, &c.PK, &c.Hidden); err != nil {
			return err
		}
		cols = append(cols, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: columns: %w", err)
	}
	err = introspect.Query(ctx, db, foreignKeysQuery, nil, func(rows *sql.Rows) error {
		var f fkRow
		if err := rows.Scan(&f.Table, &f.ID, &f.RefTable, &f.Col, &f.To); err != nil {
			return err
		}
		fks = append(fks, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: foreign keys: %w", err)
	}
	return buildTables(tables, cols, fks, warn), nil
}

// buildTables turns the catalog rows into tables. Views have no primary key. A
// single-column primary key declared exactly INTEGER in a rowid table is an alias of
// the rowid: SQLite assigns it, so it is AutoIncrement and never null (other
// primary-key columns may hold NULL in SQLite, a documented quirk). SQLite does not
// expose constraint names, so foreign keys have none; one that names no parent columns
// refers to the parent's primary key. Columns whose type is not published are left out
// and reported through warn.
func buildTables(rows []tableRow, cols []columnRow, fks []fkRow, warn func(string, ...any)) []*catalog.Table {
	tables := make([]*catalog.Table, 0, len(rows))
	byName := make(map[string]*catalog.Table, len(rows))
	rowid := map[string]bool{}
	for _, r := range rows {
		t := &catalog.Table{Name: r.Name, IsView: r.Type == "view"}
		tables = append(tables, t)
		byName[r.Name] = t
		rowid[r.Name] = !r.WithoutRowid
	}
	pks := map[string][]columnRow{} // by table, in column order
	for _, c := range cols {
		t := byName[c.Table]
		if t == nil || c.Hidden == 1 {
			continue
		}
		if c.PK > 0 {
			pks[c.Table] = append(pks[c.Table], c)
		}
		ct, ok := mapType(c.Decl)
		if !ok {
			warn("column left out: type not supported", "table", c.Table, "column", c.Name, "type", c.Decl)
			continue
		}
		t.Columns = append(t.Columns, &catalog.Column{
			Name:       c.Name,
			SQLType:    strings.ToLower(strings.TrimSpace(c.Decl)),
			Type:       ct.T,
			Nullable:   !c.NotNull,
			MaxLength:  ct.MaxLength,
			Precision:  ct.Precision,
			Scale:      ct.Scale,
			FixedChar:  ct.FixedChar,
			Generated:  c.Hidden == 2 || c.Hidden == 3,
			HasDefault: c.Default.Valid,
		})
	}
	for name, key := range pks {
		t := byName[name]
		for pos := 1; pos <= len(key); pos++ {
			for _, c := range key {
				if c.PK == pos {
					t.PrimaryKey = append(t.PrimaryKey, c.Name)
				}
			}
		}
		if rowid[name] && len(key) == 1 && strings.EqualFold(strings.TrimSpace(key[0].Decl), "INTEGER") {
			if c := t.ColumnByName(key[0].Name); c != nil {
				c.AutoIncrement = true
				c.Nullable = false
			}
		}
	}
	last := map[string]int{}
	for _, f := range fks {
		t := byName[f.Table]
		if t == nil || t.IsView {
			continue
		}
		if id, ok := last[f.Table]; !ok || id != f.ID {
			t.ForeignKeys = append(t.ForeignKeys, catalog.ForeignKey{RefTable: f.RefTable})
			last[f.Table] = f.ID
		}
		fk := &t.ForeignKeys[len(t.ForeignKeys)-1]
		fk.Columns = append(fk.Columns, f.Col)
		fk.RefColumns = append(fk.RefColumns, f.To.String)
	}
	for _, t := range tables {
		for i := range t.ForeignKeys {
			fk := &t.ForeignKeys[i]
			if slices.Contains(fk.RefColumns, "") {
				if p := byName[fk.RefTable]; p != nil && len(p.PrimaryKey) == len(fk.Columns) {
					fk.RefColumns = append([]string(nil), p.PrimaryKey...)
				}
			}
		}
	}
	return tables
}
