package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// The catalog queries read the current database (DATABASE()) from information_schema:
// base tables (and MariaDB system-versioned tables) and views; columns in ordinal
// order; primary keys in key order; foreign keys grouped by constraint, columns in
// order.
const (
	tablesQuery = `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')
		ORDER BY TABLE_NAME`

	columnsQuery = `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,
			CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION,
			CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_TYPE, EXTRA
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
		ORDER BY TABLE_NAME, ORDINAL_POSITION`

	primaryKeysQuery = `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
		WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY'
		ORDER BY TABLE_NAME, ORDINAL_POSITION`

	foreignKeysQuery = `SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,
			REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
		FROM information_schema.KEY_COLUMN_USAGE
		WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
		ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`
)

// tableRow is one row of tablesQuery.
type tableRow struct {
	Name, Type string // TABLE_TYPE: BASE TABLE, SYSTEM VERSIONED or VIEW
}

// columnRow is one row of columnsQuery.
type columnRow struct {
	Table, Name string
	Default     sql.NullString // COLUMN_DEFAULT
	Nullable    bool
	Info        colInfo
	Extra       string // EXTRA, lower case
}

// schemaRows are the catalog rows of the current database.
type schemaRows struct {
	database string
	tables   []tableRow
	columns  []columnRow
	keys     []introspect.KeyRow
	fks      []introspect.FKRow
}

// readTables reads the current database's catalog rows (flavor: "mariadb" or
// "mysql", "" to detect it) and builds its tables. Table.Schema stays "" (the current
// database); a foreign key to another database records that database as RefSchema.
func (a *Adapter) readTables(ctx context.Context, db *sqlx.DB, warn func(string, ...any)) ([]*catalog.Table, error) {
	r, err := a.readSchema(ctx, db)
	if err != nil {
		return nil, err
	}
	return buildTables(r, a.flavor() == "mariadb", warn), nil
}

// readSchema runs the catalog queries. The flavor comes from Connect; a pool the
// adapter did not open has it detected here, once.
func (a *Adapter) readSchema(ctx context.Context, db *sqlx.DB) (*schemaRows, error) {
	var r schemaRows
	var dbName sql.NullString
	if a.flavor() == "" {
		var version string
		if err := db.QueryRowContext(ctx, `SELECT VERSION(), DATABASE()`).Scan(&version, &dbName); err != nil {
			return nil, fmt.Errorf("mysql: introspect: %w", err)
		}
		f := flavorOf(version)
		a.detected.Store(&f)
	} else if err := db.QueryRowContext(ctx, `SELECT DATABASE()`).Scan(&dbName); err != nil {
		return nil, fmt.Errorf("mysql: introspect: %w", err)
	}
	if !dbName.Valid || dbName.String == "" {
		return nil, errors.New("mysql: the DSN names no database (user:pass@tcp(host)/DATABASE)")
	}
	r.database = dbName.String
	err := introspect.Query(ctx, db, tablesQuery, nil, func(rows *sql.Rows) error {
		var t tableRow
		if err := rows.Scan(&t.Name, &t.Type); err != nil {
			return err
		}
		r.tables = append(r.tables, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mysql: list tables: %w", err)
	}
	err = introspect.Query(ctx, db, columnsQuery, nil, func(rows *sql.Rows) error {
		var (
			c                              columnRow
			nullable, dataType, columnType string
			charset, collation             sql.NullString
			charMax, prec, scale, timePrec sql.NullInt64
		)
		if err := rows.Scan(&c.Table, &c.Name, &c.Default, &nullable, &dataType, &charMax, &prec, &scale,
			&timePrec, &charset, &collation, &columnType, &c.Extra); err != nil {
			return err
		}
		c.Nullable = nullable == "YES"
		c.Extra = strings.ToLower(c.Extra)
		c.Info = colInfo{
			DataType:   strings.ToLower(dataType),
			ColumnType: strings.ToLower(columnType),
			CharMax:    nullInt(charMax),
			Precision:  nullInt(prec),
			Scale:      nullInt(scale),
			TimePrec:   nullInt(timePrec),
			Charset:    charset.String,
			Collation:  collation.String,
		}
		r.columns = append(r.columns, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mysql: columns: %w", err)
	}
	if r.keys, err = introspect.ReadKeys(ctx, db, primaryKeysQuery, nil, false); err != nil {
		return nil, fmt.Errorf("mysql: primary keys: %w", err)
	}
	if r.fks, err = introspect.ReadForeignKeys(ctx, db, foreignKeysQuery, nil, false); err != nil {
		return nil, fmt.Errorf("mysql: foreign keys: %w", err)
	}
	return &r, nil
}

// buildTables turns the catalog rows into tables. Columns of types the service does not
// publish are left out and reported through warn.
//
// MySQL and MariaDB differ in COLUMN_DEFAULT: MySQL reports NULL both for "no default"
// and for DEFAULT NULL; MariaDB (10.2.7+) reports SQL NULL for "no default", the text
// 'NULL' for DEFAULT NULL and quotes string defaults (”'abc”'). Both mark generated
// columns in EXTRA ("VIRTUAL GENERATED", "STORED GENERATED"; MariaDB also "PERSISTENT
// GENERATED"), while MySQL 8's "DEFAULT_GENERATED" marks an expression default.
func buildTables(r *schemaRows, mariaDB bool, warn func(string, ...any)) []*catalog.Table {
	tables := make([]*catalog.Table, 0, len(r.tables))
	byName := make(map[string]*catalog.Table, len(r.tables))
	for _, tr := range r.tables {
		t := &catalog.Table{Name: tr.Name, IsView: tr.Type == "VIEW"}
		tables = append(tables, t)
		byName[tr.Name] = t
	}
	for _, c := range r.columns {
		t := byName[c.Table]
		if t == nil {
			continue // a sequence or temporary table
		}
		ct, ok := mapType(c.Info)
		if !ok {
			warn("column left out: type not supported", "table", c.Table, "column", c.Name, "type", c.Info.ColumnType)
			continue
		}
		generated := strings.Contains(c.Extra, "generated") && !strings.Contains(c.Extra, "default_generated")
		hasDefault := c.Default.Valid && !(mariaDB && strings.EqualFold(c.Default.String, "NULL"))
		t.Columns = append(t.Columns, &catalog.Column{
			Name:            c.Name,
			SQLType:         sqlType(c.Info),
			Type:            ct.T,
			Nullable:        c.Nullable,
			MaxLength:       ct.MaxLength,
			Precision:       ct.Precision,
			Scale:           ct.Scale,
			AutoIncrement:   strings.Contains(c.Extra, "auto_increment"),
			Generated:       generated,
			HasDefault:      hasDefault && !generated,
			FixedChar:       ct.FixedChar,
			CaseInsensitive: ct.T == edm.String && caseInsensitive(c.Info.Collation),
		})
	}
	introspect.AttachKeys(r.keys, r.fks, r.database, func(_, name string) *catalog.Table { return byName[name] })
	return tables
}

func nullInt(v sql.NullInt64) int64 {
	if !v.Valid {
		return -1
	}
	return v.Int64
}
