package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
)

// relKinds are the relations published: ordinary and partitioned tables, views,
// materialized views and foreign tables. Partitions are left out (their parent is
// published).
const relKinds = `('r', 'p', 'v', 'm', 'f')`

// The catalog queries take the schema names as $1. {notPartition} (leave out
// partitions, 10+), {identity} (10+) and {generated} (12+) are replaced by what the
// server version supports (see readSchema).
const (
	tablesQuery = `SELECT n.nspname, c.relname, c.relkind
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = ANY($1) AND c.relkind IN ` + relKinds + `{notPartition}
		ORDER BY n.nspname, c.relname`

	columnsQuery = `SELECT n.nspname, c.relname, a.attname,
			CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
				ELSE format_type(a.atttypid, a.atttypmod) END,
			COALESCE(bt.typtype, t.typtype), COALESCE(bt.typcategory, t.typcategory),
			a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
			{identity}, {generated},
			pg_get_expr(d.adbin, d.adrelid),
			COALESCE((SELECT max(length(e.enumlabel)) FROM pg_enum e WHERE e.enumtypid = COALESCE(bt.oid, t.oid)), 0)
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type t ON t.oid = a.atttypid
		LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = ANY($1) AND c.relkind IN ` + relKinds + `{notPartition}
			AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY n.nspname, c.relname, a.attnum`

	primaryKeysQuery = `SELECT n.nspname, c.relname, a.attname
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE i.indisprimary AND n.nspname = ANY($1)
		ORDER BY n.nspname, c.relname, k.ord`

	foreignKeysQuery = `SELECT n.nspname, c.relname, con.conname, a.attname, rn.nspname, rc.relname, ra.attname
		FROM pg_constraint con
		JOIN pg_class c ON c.oid = con.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_class rc ON rc.oid = con.confrelid
		JOIN pg_namespace rn ON rn.oid = rc.relnamespace
		CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
		JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
		JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum
		WHERE con.contype = 'f' AND n.nspname = ANY($1)
		ORDER BY n.nspname, c.relname, con.conname, k.ord`
)

// tableRow is one row of tablesQuery.
type tableRow struct {
	Schema, Name, Kind string // Kind: pg_class.relkind
}

// columnRow is one row of columnsQuery.
type columnRow struct {
	Schema, Table, Name          string
	Type, TypType, Category      string // format_type(), pg_type.typtype and typcategory
	NotNull, Identity, Generated bool
	Default                      sql.NullString // pg_get_expr of the default
	EnumMax                      int            // longest label of an enum type
}

// schemaRows are the catalog rows of the published schemas.
type schemaRows struct {
	tables  []tableRow
	columns []columnRow
	keys    []introspect.KeyRow
	fks     []introspect.FKRow
}

// readSchema reads the relations of schemas from pg_catalog (information_schema leaves
// out materialized views and is slow on large catalogs): columns in attnum order with
// format_type() types, domains resolved to their base type, NOT NULL, identity (10+),
// generated columns (12+), defaults; primary keys in key order from pg_index.indkey;
// foreign keys from pg_constraint with the column pairs in constraint order.
func readSchema(ctx context.Context, db *sqlx.DB, schemas []string) (*schemaRows, error) {
	var version int
	if err := db.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&version); err != nil {
		return nil, fmt.Errorf("postgres: introspect: %w", err)
	}
	notPartition, identity, generated := "", "false", "false"
	if version >= 100000 {
		notPartition, identity = " AND NOT c.relispartition", "a.attidentity <> ''"
	}
	if version >= 120000 {
		generated = "a.attgenerated <> ''"
	}
	versioned := strings.NewReplacer("{notPartition}", notPartition, "{identity}", identity, "{generated}", generated)
	args := []any{schemas}

	var r schemaRows
	err := introspect.Query(ctx, db, versioned.Replace(tablesQuery), args, func(rows *sql.Rows) error {
		var t tableRow
		if err := rows.Scan(&t.Schema, &t.Name, &t.Kind); err != nil {
			return err
		}
		r.tables = append(r.tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list tables: %w", err)
	}
	err = introspect.Query(ctx, db, versioned.Replace(columnsQuery), args, func(rows *sql.Rows) error {
		var c columnRow
		if err := rows.Scan(&c.Schema, &c.Table, &c.Name, &c.Type, &c.TypType, &c.Category, &c.NotNull,
			&c.Identity, &c.Generated, &c.Default, &c.EnumMax); err != nil {
			return err
		}
		r.columns = append(r.columns, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: columns: %w", err)
	}
	if r.keys, err = introspect.ReadKeys(ctx, db, primaryKeysQuery, args, true); err != nil {
		return nil, fmt.Errorf("postgres: primary keys: %w", err)
	}
	if r.fks, err = introspect.ReadForeignKeys(ctx, db, foreignKeysQuery, args, true); err != nil {
		return nil, fmt.Errorf("postgres: foreign keys: %w", err)
	}
	return &r, nil
}

// buildTables turns the catalog rows into tables. Views and materialized views are
// views; identity and serial (a nextval() default) columns are AutoIncrement, and a
// serial's default is not a default the client may rely on. Columns of types the
// service does not publish are left out and reported through warn.
func buildTables(r *schemaRows, warn func(string, ...any)) []*catalog.Table {
	type key struct{ schema, name string }
	byName := make(map[key]*catalog.Table, len(r.tables))
	tables := make([]*catalog.Table, 0, len(r.tables))
	for _, tr := range r.tables {
		t := &catalog.Table{Schema: tr.Schema, Name: tr.Name, IsView: tr.Kind == "v" || tr.Kind == "m"}
		tables = append(tables, t)
		byName[key{tr.Schema, tr.Name}] = t
	}
	for _, c := range r.columns {
		t := byName[key{c.Schema, c.Table}]
		if t == nil {
			continue
		}
		ct, ok := mapType(c.Type, c.TypType, c.Category, c.EnumMax)
		if !ok {
			warn("column left out: type not supported", "schema", c.Schema, "table", c.Table, "column", c.Name, "type", c.Type)
			continue
		}
		serial := c.Default.Valid && strings.HasPrefix(c.Default.String, "nextval(")
		t.Columns = append(t.Columns, &catalog.Column{
			Name:            c.Name,
			SQLType:         strings.ToLower(c.Type),
			Type:            ct.T,
			Nullable:        !c.NotNull,
			MaxLength:       ct.MaxLength,
			Precision:       ct.Precision,
			Scale:           ct.Scale,
			AutoIncrement:   c.Identity || serial,
			Generated:       c.Generated,
			HasDefault:      c.Default.Valid && !c.Generated && !serial,
			FixedChar:       ct.FixedChar,
			CaseInsensitive: ct.CaseInsensitive,
		})
	}
	introspect.AttachKeys(r.keys, r.fks, "", func(schema, name string) *catalog.Table { return byName[key{schema, name}] })
	return tables
}
