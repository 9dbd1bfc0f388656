package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
)

// readTables reads the tables and views of the main schema: PRAGMA table_list names
// them (leaving out SQLite's own sqlite_* tables, virtual tables and their shadow
// tables), PRAGMA table_xinfo gives the columns in ordinal order including generated
// ones, PRAGMA foreign_key_list the foreign keys. Views have no primary key.
func readTables(ctx context.Context, db *sqlx.DB, log *slog.Logger) ([]*catalog.Table, error) {
	type entry struct {
		name, kind   string
		withoutRowid bool
	}
	var list []entry
	rows, err := db.QueryContext(ctx, `SELECT name, type, wr FROM pragma_table_list
		WHERE schema = 'main' AND type IN ('table', 'view') AND name NOT LIKE 'sqlite!_%' ESCAPE '!'
		ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list tables: %w", err)
	}
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.name, &e.kind, &e.withoutRowid); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: list tables: %w", err)
		}
		list = append(list, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list tables: %w", err)
	}

	byName := map[string]*catalog.Table{}
	var tables []*catalog.Table
	for _, e := range list {
		t := &catalog.Table{Name: e.name, IsView: e.kind == "view"}
		if err := readColumns(ctx, db, t, !e.withoutRowid, log); err != nil {
			return nil, err
		}
		if !t.IsView {
			if err := readForeignKeys(ctx, db, t); err != nil {
				return nil, err
			}
		}
		tables = append(tables, t)
		byName[t.Name] = t
	}
	// A foreign key that names no parent columns refers to the parent's primary key.
	for _, t := range tables {
		for i := range t.ForeignKeys {
			fk := &t.ForeignKeys[i]
			missing := false
			for _, c := range fk.RefColumns {
				if c == "" {
					missing = true
				}
			}
			if missing {
				if p := byName[fk.RefTable]; p != nil && len(p.PrimaryKey) == len(fk.Columns) {
					fk.RefColumns = append([]string(nil), p.PrimaryKey...)
				}
			}
		}
	}
	return tables, nil
}

// readColumns fills t's columns and primary key from PRAGMA table_xinfo. hidden is 0
// for ordinary columns, 1 for hidden columns of virtual tables (left out), 2 for
// VIRTUAL and 3 for STORED generated columns. pk is the column's 1-based position in
// the primary key. A single-column primary key declared exactly INTEGER in a rowid
// table is an alias of the rowid: SQLite assigns it, so it is AutoIncrement and never
// null (other primary-key columns may hold NULL in SQLite, a documented quirk).
func readColumns(ctx context.Context, db *sqlx.DB, t *catalog.Table, rowid bool, log *slog.Logger) error {
	rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value, pk, hidden
		FROM pragma_table_xinfo(?, 'main') ORDER BY cid`, t.Name)
	if err != nil {
		return fmt.Errorf("sqlite: columns of %q: %w", t.Name, err)
	}
	defer rows.Close()
	type pkCol struct {
		pos  int
		name string
		decl string
	}
	var pks []pkCol
	for rows.Next() {
		var (
			name, decl string
			notNull    bool
			dflt       sql.NullString
			pk, hidden int
		)
		if err := rows.Scan(&name, &decl, &notNull, &dflt, &pk, &hidden); err != nil {
			return fmt.Errorf("sqlite: columns of %q: %w", t.Name, err)
		}
		if hidden == 1 {
			continue
		}
		if pk > 0 {
			pks = append(pks, pkCol{pk, name, decl})
		}
		ct, ok := mapType(decl)
		if !ok {
			log.Warn("column left out: type not supported", "table", t.Name, "column", name, "type", decl)
			continue
		}
		t.Columns = append(t.Columns, &catalog.Column{
			Name:       name,
			SQLType:    strings.ToLower(strings.TrimSpace(decl)),
			Type:       ct.T,
			Nullable:   !notNull,
			MaxLength:  ct.MaxLength,
			Precision:  ct.Precision,
			Scale:      ct.Scale,
			FixedChar:  ct.FixedChar,
			Generated:  hidden == 2 || hidden == 3,
			HasDefault: dflt.Valid,
		})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: columns of %q: %w", t.Name, err)
	}
	for pos := 1; pos <= len(pks); pos++ {
		for _, p := range pks {
			if p.pos == pos {
				t.PrimaryKey = append(t.PrimaryKey, p.name)
			}
		}
	}
	if rowid && len(pks) == 1 && strings.EqualFold(strings.TrimSpace(pks[0].decl), "INTEGER") {
		if c := t.ColumnByName(pks[0].name); c != nil {
			c.AutoIncrement = true
			c.Nullable = false
		}
	}
	return nil
}

// readForeignKeys reads PRAGMA foreign_key_list: one row per column, grouped by id,
// ordered by seq. SQLite does not expose constraint names, so Name stays empty; "to"
// is NULL when the key refers to the parent's primary key implicitly.
func readForeignKeys(ctx context.Context, db *sqlx.DB, t *catalog.Table) error {
	rows, err := db.QueryContext(ctx, `SELECT id, "table", "from", "to"
		FROM pragma_foreign_key_list(?, 'main') ORDER BY id, seq`, t.Name)
	if err != nil {
		return fmt.Errorf("sqlite: foreign keys of %q: %w", t.Name, err)
	}
	defer rows.Close()
	last := -1
	for rows.Next() {
		var (
			id       int
			ref, col string
			to       sql.NullString
		)
		if err := rows.Scan(&id, &ref, &col, &to); err != nil {
			return fmt.Errorf("sqlite: foreign keys of %q: %w", t.Name, err)
		}
		if id != last {
			t.ForeignKeys = append(t.ForeignKeys, catalog.ForeignKey{RefTable: ref})
			last = id
		}
		fk := &t.ForeignKeys[len(t.ForeignKeys)-1]
		fk.Columns = append(fk.Columns, col)
		fk.RefColumns = append(fk.RefColumns, to.String)
	}
	return rows.Err()
}
