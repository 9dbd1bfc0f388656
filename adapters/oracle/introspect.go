package oracle

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
)

// The catalog queries take the owner (schema) as a bind variable; owner names are
// stored as created, normally in upper case ("HR", not "hr").
//
// Tables come from ALL_TABLES without nested tables, secondary (domain index) tables,
// IOT overflow/mapping segments and recycle-bin objects; views from ALL_VIEWS. Columns
// come from ALL_TAB_COLS, which (unlike ALL_TAB_COLUMNS) has VIRTUAL_COLUMN; hidden and
// invisible columns (HIDDEN_COLUMN = 'YES', COLUMN_ID null) are skipped. IDENTITY_COLUMN
// exists from 12c on, like the paging the dialect needs. DEFAULT_LENGTH is read instead
// of the LONG column DATA_DEFAULT. Keys come from ALL_CONSTRAINTS/ALL_CONS_COLUMNS in
// POSITION order; a foreign key's columns are paired with the referenced (primary or
// unique) constraint's columns by position.
const (
	currentUserQuery = `SELECT USER FROM DUAL`

	tablesQuery = `SELECT TABLE_NAME, 0 FROM ALL_TABLES
WHERE OWNER = :1 AND NESTED = 'NO' AND SECONDARY = 'N' AND DROPPED = 'NO'
  AND (IOT_TYPE IS NULL OR IOT_TYPE = 'IOT')
UNION ALL
SELECT VIEW_NAME, 1 FROM ALL_VIEWS WHERE OWNER = :2
ORDER BY 1`

	columnsQuery = `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_ID, DATA_TYPE, DATA_TYPE_OWNER, DATA_LENGTH,
       DATA_PRECISION, DATA_SCALE, CHAR_LENGTH,
       CASE WHEN NULLABLE = 'Y' THEN 1 ELSE 0 END,
       CASE WHEN DEFAULT_LENGTH IS NULL THEN 0 ELSE 1 END,
       CASE WHEN VIRTUAL_COLUMN = 'YES' THEN 1 ELSE 0 END,
       CASE WHEN IDENTITY_COLUMN = 'YES' THEN 1 ELSE 0 END
FROM ALL_TAB_COLS
WHERE OWNER = :1 AND HIDDEN_COLUMN = 'NO' AND COLUMN_ID IS NOT NULL
ORDER BY TABLE_NAME, COLUMN_ID`

	primaryKeysQuery = `SELECT c.TABLE_NAME, cc.COLUMN_NAME
FROM ALL_CONSTRAINTS c
JOIN ALL_CONS_COLUMNS cc
  ON cc.OWNER = c.OWNER AND cc.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND cc.TABLE_NAME = c.TABLE_NAME
WHERE c.OWNER = :1 AND c.CONSTRAINT_TYPE = 'P'
ORDER BY c.TABLE_NAME, cc.POSITION`

	foreignKeysQuery = `SELECT c.TABLE_NAME, c.CONSTRAINT_NAME, cc.COLUMN_NAME, r.OWNER, r.TABLE_NAME, rc.COLUMN_NAME
FROM ALL_CONSTRAINTS c
JOIN ALL_CONS_COLUMNS cc
  ON cc.OWNER = c.OWNER AND cc.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND cc.TABLE_NAME = c.TABLE_NAME
JOIN ALL_CONSTRAINTS r
  ON r.OWNER = c.R_OWNER AND r.CONSTRAINT_NAME = c.R_CONSTRAINT_NAME
JOIN ALL_CONS_COLUMNS rc
  ON rc.OWNER = r.OWNER AND rc.CONSTRAINT_NAME = r.CONSTRAINT_NAME AND rc.TABLE_NAME = r.TABLE_NAME
 AND rc.POSITION = cc.POSITION
WHERE c.OWNER = :1 AND c.CONSTRAINT_TYPE = 'R'
ORDER BY c.TABLE_NAME, c.CONSTRAINT_NAME, cc.POSITION`
)

// tableRow is one row of tablesQuery.
type tableRow struct {
	Name   string
	IsView bool
}

// columnRow is one row of columnsQuery.
type columnRow struct {
	Table, Name string
	ID          int64
	Type        sqlType
	Nullable    bool
	HasDefault  bool
	Virtual     bool
	Identity    bool
}

// Introspect reads the tables and views of opts.Schemas (default: the connected user's
// own schema) and returns the catalog. Columns of types the service does not publish
// are left out (logged).
func (a *Adapter) Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error) {
	owners := opts.Schemas
	if len(owners) == 0 {
		var user string
		if err := db.QueryRowContext(ctx, currentUserQuery).Scan(&user); err != nil {
			return nil, fmt.Errorf("oracle: read current user: %w", err)
		}
		owners = []string{user}
	}
	warn := a.warn()
	var all []*catalog.Table
	for _, owner := range owners {
		r, err := readSchema(ctx, db, owner)
		if err != nil {
			return nil, err
		}
		if len(r.tables) == 0 {
			warn("schema has no tables or views visible to this user (owner names are case-sensitive, usually upper case)", "owner", owner)
		}
		all = append(all, buildTables(owner, r.tables, r.columns, r.keys, r.fks, warn)...)
	}
	return catalog.New(all, opts, warn)
}

type schemaRows struct {
	tables  []tableRow
	columns []columnRow
	keys    []introspect.KeyRow
	fks     []introspect.FKRow
}

func readSchema(ctx context.Context, db *sqlx.DB, owner string) (*schemaRows, error) {
	var r schemaRows
	err := introspect.Query(ctx, db, tablesQuery, []any{owner, owner}, func(rows *sql.Rows) error {
		var t tableRow
		var view int64
		if err := rows.Scan(&t.Name, &view); err != nil {
			return err
		}
		t.IsView = view == 1
		r.tables = append(r.tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("oracle: read tables of %q: %w", owner, err)
	}
	err = introspect.Query(ctx, db, columnsQuery, []any{owner}, func(rows *sql.Rows) error {
		var c columnRow
		var typeOwner sql.NullString
		var prec, scale, charLen sql.NullInt64
		var nullable, hasDefault, virtual, identity int64
		if err := rows.Scan(&c.Table, &c.Name, &c.ID, &c.Type.DataType, &typeOwner, &c.Type.DataLength,
			&prec, &scale, &charLen, &nullable, &hasDefault, &virtual, &identity); err != nil {
			return err
		}
		c.Type.Owner = typeOwner.String
		c.Type.Precision, c.Type.HasPrecision = prec.Int64, prec.Valid
		c.Type.Scale, c.Type.HasScale = scale.Int64, scale.Valid
		c.Type.CharLength = charLen.Int64
		c.Nullable, c.HasDefault, c.Virtual, c.Identity = nullable == 1, hasDefault == 1, virtual == 1, identity == 1
		r.columns = append(r.columns, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("oracle: read columns of %q: %w", owner, err)
	}
	if r.keys, err = introspect.ReadKeys(ctx, db, primaryKeysQuery, []any{owner}, false); err != nil {
		return nil, fmt.Errorf("oracle: read primary keys of %q: %w", owner, err)
	}
	if r.fks, err = introspect.ReadForeignKeys(ctx, db, foreignKeysQuery, []any{owner}, false); err != nil {
		return nil, fmt.Errorf("oracle: read foreign keys of %q: %w", owner, err)
	}
	return &r, nil
}

// buildTables turns the catalog rows of one owner into catalog tables (columns in
// COLUMN_ID order, primary key names in position order, foreign keys grouped by
// constraint). Columns whose type is not published are left out and reported through
// warn. Virtual columns are Generated; identity columns AutoIncrement.
func buildTables(owner string, tables []tableRow, cols []columnRow, keys []introspect.KeyRow, fks []introspect.FKRow, warn func(string, ...any)) []*catalog.Table {
	byName := make(map[string]*catalog.Table, len(tables))
	out := make([]*catalog.Table, 0, len(tables))
	for _, r := range tables {
		t := &catalog.Table{Schema: owner, Name: r.Name, IsView: r.IsView}
		byName[r.Name] = t
		out = append(out, t)
	}
	for _, r := range cols {
		t := byName[r.Table]
		if t == nil {
			continue // a cluster, an excluded table, or a view the user cannot see
		}
		col := &catalog.Column{
			Name:          r.Name,
			Nullable:      r.Nullable,
			HasDefault:    r.HasDefault,
			AutoIncrement: r.Identity,
			Generated:     r.Virtual,
		}
		if ok, reason := applyType(col, r.Type); !ok {
			warn("column left out", "owner", owner, "table", r.Table, "column", r.Name, "reason", reason)
			continue
		}
		t.Columns = append(t.Columns, col)
	}
	introspect.AttachKeys(keys, fks, "", func(_, name string) *catalog.Table { return byName[name] })
	return out
}
