package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/introspect"
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// readTables reads the base tables (and MariaDB system-versioned tables) and views of
// the current database from information_schema, with columns in ordinal order, primary
// keys in key order and foreign keys. Table.Schema stays "" (the current database);
// a foreign key to another database records that database as RefSchema.
//
// MySQL and MariaDB differ in COLUMN_DEFAULT: MySQL reports NULL both for "no default"
// and for DEFAULT NULL; MariaDB (10.2.7+) reports SQL NULL for "no default", the text
// 'NULL' for DEFAULT NULL and quotes string defaults (”'abc”'). Both mark generated
// columns in EXTRA ("VIRTUAL GENERATED", "STORED GENERATED"; MariaDB also "PERSISTENT
// GENERATED"), while MySQL 8's "DEFAULT_GENERATED" marks an expression default.
func readTables(ctx context.Context, db *sqlx.DB, log *slog.Logger) ([]*catalog.Table, error) {
	var version string
	var dbName sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT VERSION(), DATABASE()`).Scan(&version, &dbName); err != nil {
		return nil, fmt.Errorf("mysql: introspect: %w", err)
	}
	if !dbName.Valid || dbName.String == "" {
		return nil, errors.New("mysql: the DSN names no database (user:pass@tcp(host)/DATABASE)")
	}
	mariaDB := strings.Contains(strings.ToLower(version), "mariadb")

	var tables []*catalog.Table
	byName := map[string]*catalog.Table{}
	err := introspect.Query(ctx, db, `SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES
		WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW')
		ORDER BY TABLE_NAME`, nil, func(rows *sql.Rows) error {
		var name, kind string
		if err := rows.Scan(&name, &kind); err != nil {
			return err
		}
		t := &catalog.Table{Name: name, IsView: kind == "VIEW"}
		tables = append(tables, t)
		byName[name] = t
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mysql: list tables: %w", err)
	}

	err = introspect.Query(ctx, db, `SELECT TABLE_NAME, COLUMN_NAME, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,
			CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION,
			CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_TYPE, EXTRA
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()
		ORDER BY TABLE_NAME, ORDINAL_POSITION`, nil, func(rows *sql.Rows) error {
		var (
			table, name, nullable, dataType, columnType, extra string
			dflt, charset, collation                           sql.NullString
			charMax, prec, scale, timePrec                     sql.NullInt64
		)
		if err := rows.Scan(&table, &name, &dflt, &nullable, &dataType, &charMax, &prec, &scale,
			&timePrec, &charset, &collation, &columnType, &extra); err != nil {
			return err
		}
		t := byName[table]
		if t == nil {
			return nil // a sequence or temporary table
		}
		ci := colInfo{
			DataType:   strings.ToLower(dataType),
			ColumnType: strings.ToLower(columnType),
			CharMax:    nullInt(charMax),
			Precision:  nullInt(prec),
			Scale:      nullInt(scale),
			TimePrec:   nullInt(timePrec),
			Charset:    charset.String,
			Collation:  collation.String,
		}
		ct, ok := mapType(ci)
		if !ok {
			log.Warn("column left out: type not supported", "table", table, "column", name, "type", ci.ColumnType)
			return nil
		}
		extra = strings.ToLower(extra)
		generated := strings.Contains(extra, "generated") && !strings.Contains(extra, "default_generated")
		hasDefault := dflt.Valid && !(mariaDB && strings.EqualFold(dflt.String, "NULL"))
		t.Columns = append(t.Columns, &catalog.Column{
			Name:            name,
			SQLType:         sqlType(ci),
			Type:            ct.T,
			Nullable:        nullable == "YES",
			MaxLength:       ct.MaxLength,
			Precision:       ct.Precision,
			Scale:           ct.Scale,
			AutoIncrement:   strings.Contains(extra, "auto_increment"),
			Generated:       generated,
			HasDefault:      hasDefault && !generated,
			FixedChar:       ct.FixedChar,
			CaseInsensitive: ct.T == edm.String && caseInsensitive(ci.Collation),
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mysql: columns: %w", err)
	}

	err = introspect.Query(ctx, db, `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
		WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY'
		ORDER BY TABLE_NAME, ORDINAL_POSITION`, nil, func(rows *sql.Rows) error {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return err
		}
		if t := byName[table]; t != nil {
			t.PrimaryKey = append(t.PrimaryKey, col)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mysql: primary keys: %w", err)
	}

	err = introspect.Query(ctx, db, `SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_SCHEMA,
			REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
		FROM information_schema.KEY_COLUMN_USAGE
		WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
		ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`, nil, func(rows *sql.Rows) error {
		var table, name, col, refSchema, refTable, refCol string
		if err := rows.Scan(&table, &name, &col, &refSchema, &refTable, &refCol); err != nil {
			return err
		}
		t := byName[table]
		if t == nil {
			return nil
		}
		if refSchema == dbName.String {
			refSchema = ""
		}
		introspect.AddForeignKeyColumn(t, name, col, refSchema, refTable, refCol)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mysql: foreign keys: %w", err)
	}
	return tables, nil
}

func nullInt(v sql.NullInt64) int64 {
	if !v.Valid {
		return -1
	}
	return v.Int64
}
