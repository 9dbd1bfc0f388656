package sqlserver

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
)

// DefaultSchema is introspected when the configuration names no schema.
const DefaultSchema = "dbo"

// The catalog queries take the schema name as @p1. Tables and views come from sys.objects
// (user objects only: is_ms_shipped = 0, and not the tables SSMS marks as its own, such
// as sysdiagrams). Columns come from INFORMATION_SCHEMA.COLUMNS, which resolves alias
// types (sysname, CREATE TYPE … FROM) to their base type and reports (max) as -1, joined
// to sys.columns for is_identity and is_computed. Primary keys come from sys.indexes in
// key_ordinal order; foreign keys from sys.foreign_keys / sys.foreign_key_columns.
const (
	tablesQuery = `SELECT o.name, CASE WHEN o.type = 'V' THEN CAST(1 AS bit) ELSE CAST(0 AS bit) END
FROM sys.objects AS o
JOIN sys.schemas AS s ON s.schema_id = o.schema_id
WHERE s.name = @p1
  AND o.type IN ('U', 'V')
  AND o.is_ms_shipped = 0
  AND NOT EXISTS (SELECT 1 FROM sys.extended_properties AS ep
                  WHERE ep.class = 1 AND ep.major_id = o.object_id AND ep.minor_id = 0
                    AND ep.name = N'microsoft_database_tools_support')
ORDER BY o.name`

	columnsQuery = `SELECT c.TABLE_NAME, c.COLUMN_NAME, c.ORDINAL_POSITION, c.DATA_TYPE,
       c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.DATETIME_PRECISION,
       CASE WHEN c.IS_NULLABLE = 'YES' THEN CAST(1 AS bit) ELSE CAST(0 AS bit) END,
       CASE WHEN c.COLUMN_DEFAULT IS NULL THEN CAST(0 AS bit) ELSE CAST(1 AS bit) END,
       sc.is_identity, sc.is_computed
FROM INFORMATION_SCHEMA.COLUMNS AS c
JOIN sys.columns AS sc
  ON sc.object_id = OBJECT_ID(QUOTENAME(c.TABLE_SCHEMA) + N'.' + QUOTENAME(c.TABLE_NAME))
 AND sc.name = c.COLUMN_NAME
WHERE c.TABLE_SCHEMA = @p1
ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`

	primaryKeysQuery = `SELECT o.name, c.name
FROM sys.indexes AS i
JOIN sys.index_columns AS ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
JOIN sys.columns AS c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
JOIN sys.objects AS o ON o.object_id = i.object_id
JOIN sys.schemas AS s ON s.schema_id = o.schema_id
WHERE i.is_primary_key = 1 AND s.name = @p1
ORDER BY o.name, ic.key_ordinal`

	foreignKeysQuery = `SELECT tp.name, fk.name, cp.name, rs.name, tr.name, cr.name
FROM sys.foreign_keys AS fk
JOIN sys.foreign_key_columns AS fkc ON fkc.constraint_object_id = fk.object_id
JOIN sys.objects AS tp ON tp.object_id = fk.parent_object_id
JOIN sys.schemas AS sp ON sp.schema_id = tp.schema_id
JOIN sys.columns AS cp ON cp.object_id = fkc.parent_object_id AND cp.column_id = fkc.parent_column_id
JOIN sys.objects AS tr ON tr.object_id = fk.referenced_object_id
JOIN sys.schemas AS rs ON rs.schema_id = tr.schema_id
JOIN sys.columns AS cr ON cr.object_id = fkc.referenced_object_id AND cr.column_id = fkc.referenced_column_id
WHERE sp.name = @p1
ORDER BY tp.name, fk.name, fkc.constraint_column_id`
)

// tableRow is one row of tablesQuery.
type tableRow struct {
	Name   string
	IsView bool
}

// columnRow is one row of columnsQuery.
type columnRow struct {
	Table, Name string
	Ordinal     int64
	Type        sqlType
	Nullable    bool
	HasDefault  bool
	IsIdentity  bool
	IsComputed  bool
}

// Introspect reads the tables and views of opts.Schemas (default "dbo") and returns the
// catalog. Columns of types the service does not publish are left out (logged).
func (a *Adapter) Introspect(ctx context.Context, db *sqlx.DB, opts catalog.Options) (*catalog.Catalog, error) {
	schemas := opts.Schemas
	if len(schemas) == 0 {
		schemas = []string{DefaultSchema}
	}
	warn := a.warn()
	var all []*catalog.Table
	for _, schema := range schemas {
		tables, err := readSchema(ctx, db, schema)
		if err != nil {
			return nil, err
		}
		if len(tables.tables) == 0 {
			warn("schema has no tables or views visible to this login", "schema", schema)
		}
		all = append(all, buildTables(schema, tables.tables, tables.columns, tables.keys, tables.fks, warn)...)
	}
	return catalog.New(all, opts, warn)
}

type schemaRows struct {
	tables  []tableRow
	columns []columnRow
	keys    []introspect.KeyRow
	fks     []introspect.FKRow
}

func readSchema(ctx context.Context, db *sqlx.DB, schema string) (*schemaRows, error) {
	var r schemaRows
	err := introspect.Query(ctx, db, tablesQuery, []any{schema}, func(rows *sql.Rows) error {
		var t tableRow
		if err := rows.Scan(&t.Name, &t.IsView); err != nil {
			return err
		}
		r.tables = append(r.tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlserver: read tables of schema %q: %w", schema, err)
	}
	err = introspect.Query(ctx, db, columnsQuery, []any{schema}, func(rows *sql.Rows) error {
		var c columnRow
		var maxLen, prec, scale, dtPrec sql.NullInt64
		if err := rows.Scan(&c.Table, &c.Name, &c.Ordinal, &c.Type.DataType, &maxLen, &prec, &scale, &dtPrec,
			&c.Nullable, &c.HasDefault, &c.IsIdentity, &c.IsComputed); err != nil {
			return err
		}
		c.Type.MaxLength, c.Type.Precision, c.Type.Scale, c.Type.DatetimePrecision = maxLen.Int64, prec.Int64, scale.Int64, dtPrec.Int64
		r.columns = append(r.columns, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlserver: read columns of schema %q: %w", schema, err)
	}
	if r.keys, err = introspect.ReadKeys(ctx, db, primaryKeysQuery, []any{schema}, false); err != nil {
		return nil, fmt.Errorf("sqlserver: read primary keys of schema %q: %w", schema, err)
	}
	if r.fks, err = introspect.ReadForeignKeys(ctx, db, foreignKeysQuery, []any{schema}, false); err != nil {
		return nil, fmt.Errorf("sqlserver: read foreign keys of schema %q: %w", schema, err)
	}
	return &r, nil
}

// buildTables turns the catalog rows of one schema into catalog tables (columns in
// ordinal order, primary key names in key order, foreign keys grouped by constraint).
// Columns whose type is not published are left out and reported through warn.
func buildTables(schema string, tables []tableRow, cols []columnRow, keys []introspect.KeyRow, fks []introspect.FKRow, warn func(string, ...any)) []*catalog.Table {
	byName := make(map[string]*catalog.Table, len(tables))
	out := make([]*catalog.Table, 0, len(tables))
	for _, r := range tables {
		t := &catalog.Table{Schema: schema, Name: r.Name, IsView: r.IsView}
		byName[r.Name] = t
		out = append(out, t)
	}
	for _, r := range cols {
		t := byName[r.Table]
		if t == nil {
			continue // a table the login cannot see as an object, or a table-valued function
		}
		col := &catalog.Column{
			Name:          r.Name,
			Nullable:      r.Nullable,
			HasDefault:    r.HasDefault,
			AutoIncrement: r.IsIdentity,
			Generated:     r.IsComputed,
		}
		if ok, reason := applyType(col, r.Type); !ok {
			warn("column left out", "schema", schema, "table", r.Table, "column", r.Name, "reason", reason)
			continue
		}
		t.Columns = append(t.Columns, col)
	}
	introspect.AttachKeys(keys, fks, "", func(_, name string) *catalog.Table { return byName[name] })
	return out
}
