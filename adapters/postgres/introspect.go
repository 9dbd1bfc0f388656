package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
)

// relKinds are the relations published: ordinary and partitioned tables, views,
// materialized views and foreign tables. Partitions are left out (their parent is
// published).
const relKinds = `('r', 'p', 'v', 'm', 'f')`

// readTables reads the relations of schemas from pg_catalog (information_schema leaves
// out materialized views and is slow on large catalogs): columns in attnum order with
// format_type() types, domains resolved to their base type, NOT NULL, identity (10+) and
// serial (a nextval() default) as AutoIncrement, generated columns (12+), defaults;
// primary keys in key order from pg_index.indkey; foreign keys from pg_constraint with
// the column pairs in constraint order.
func readTables(ctx context.Context, db *sqlx.DB, schemas []string, log *slog.Logger) ([]*catalog.Table, error) {
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

	type key struct{ schema, name string }
	byName := map[key]*catalog.Table{}
	var tables []*catalog.Table
	err := introspect.Query(ctx, db, `SELECT n.nspname, c.relname, c.relkind
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = ANY($1) AND c.relkind IN `+relKinds+notPartition+`
		ORDER BY n.nspname, c.relname`, []any{schemas}, func(rows *sql.Rows) error {
		var schema, name, kind string
		if err := rows.Scan(&schema, &name, &kind); err != nil {
			return err
		}
		t := &catalog.Table{Schema: schema, Name: name, IsView: kind == "v" || kind == "m"}
		tables = append(tables, t)
		byName[key{schema, name}] = t
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list tables: %w", err)
	}

	err = introspect.Query(ctx, db, `SELECT n.nspname, c.relname, a.attname,
			CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
				ELSE format_type(a.atttypid, a.atttypmod) END,
			COALESCE(bt.typtype, t.typtype), COALESCE(bt.typcategory, t.typcategory),
			a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
			`+identity+`, `+generated+`,
			pg_get_expr(d.adbin, d.adrelid),
			COALESCE((SELECT max(length(e.enumlabel)) FROM pg_enum e WHERE e.enumtypid = COALESCE(bt.oid, t.oid)), 0)
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type t ON t.oid = a.atttypid
		LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = ANY($1) AND c.relkind IN `+relKinds+notPartition+`
			AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY n.nspname, c.relname, a.attnum`, []any{schemas}, func(rows *sql.Rows) error {
		var (
			schema, table, name, typ, typtype, category string
			notNull, isIdentity, isGenerated            bool
			dflt                                        sql.NullString
			enumMax                                     int
		)
		if err := rows.Scan(&schema, &table, &name, &typ, &typtype, &category, &notNull,
			&isIdentity, &isGenerated, &dflt, &enumMax); err != nil {
			return err
		}
		t := byName[key{schema, table}]
		if t == nil {
			return nil
		}
		ct, ok := mapType(typ, typtype, category, enumMax)
		if !ok {
			log.Warn("column left out: type not supported", "schema", schema, "table", table, "column", name, "type", typ)
			return nil
		}
		serial := dflt.Valid && strings.HasPrefix(dflt.String, "nextval(")
		t.Columns = append(t.Columns, &catalog.Column{
			Name:            name,
			SQLType:         strings.ToLower(typ),
			Type:            ct.T,
			Nullable:        !notNull,
			MaxLength:       ct.MaxLength,
			Precision:       ct.Precision,
			Scale:           ct.Scale,
			AutoIncrement:   isIdentity || serial,
			Generated:       isGenerated,
			HasDefault:      dflt.Valid && !isGenerated && !serial,
			FixedChar:       ct.FixedChar,
			CaseInsensitive: ct.CaseInsensitive,
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: columns: %w", err)
	}

	err = introspect.Query(ctx, db, `SELECT n.nspname, c.relname, a.attname
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
		WHERE i.indisprimary AND n.nspname = ANY($1)
		ORDER BY n.nspname, c.relname, k.ord`, []any{schemas}, func(rows *sql.Rows) error {
		var schema, table, col string
		if err := rows.Scan(&schema, &table, &col); err != nil {
			return err
		}
		if t := byName[key{schema, table}]; t != nil {
			t.PrimaryKey = append(t.PrimaryKey, col)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: primary keys: %w", err)
	}

	err = introspect.Query(ctx, db, `SELECT n.nspname, c.relname, con.conname, a.attname, rn.nspname, rc.relname, ra.attname
		FROM pg_constraint con
		JOIN pg_class c ON c.oid = con.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_class rc ON rc.oid = con.confrelid
		JOIN pg_namespace rn ON rn.oid = rc.relnamespace
		CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
		JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
		JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum
		WHERE con.contype = 'f' AND n.nspname = ANY($1)
		ORDER BY n.nspname, c.relname, con.conname, k.ord`, []any{schemas}, func(rows *sql.Rows) error {
		var schema, table, name, col, refSchema, refTable, refCol string
		if err := rows.Scan(&schema, &table, &name, &col, &refSchema, &refTable, &refCol); err != nil {
			return err
		}
		t := byName[key{schema, table}]
		if t == nil {
			return nil
		}
		introspect.AddForeignKeyColumn(t, name, col, refSchema, refTable, refCol)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: foreign keys: %w", err)
	}
	return tables, nil
}
