package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// ViewKeys is the key the gateway must be configured with for each demo view (views
// have no primary key of their own).
var ViewKeys = map[string][]string{
	"v_open_orders":   {"OrderNo"},
	"v_order_details": {"OrderNo", "LineNo"},
}

// Tables returns the database names of the common tables (in creation order, parents
// first) followed by the views. The flavor-only tables are in ExtraTables.
func Tables() []string {
	d := theData()
	var out []string
	for _, t := range d.tables {
		out = append(out, t.name)
	}
	for _, v := range d.views {
		out = append(out, v.name)
	}
	return out
}

// ExtraTables returns the flavor-only tables Create makes for flavor: mysql_extras for
// "mysql", pg_extras for "postgres", none for "sqlite".
func ExtraTables(flavor string) []string {
	var out []string
	for _, t := range theData().extras[flavor] {
		out = append(out, t.name)
	}
	return out
}

// RowCounts returns the number of rows Create inserts, by table or view name (common
// tables, views and every extras table).
func RowCounts() map[string]int {
	d := theData()
	m := map[string]int{}
	for _, t := range d.tables {
		m[t.name] = len(t.rows)
	}
	for _, ts := range d.extras {
		for _, t := range ts {
			m[t.name] = len(t.rows)
		}
	}
	// Views: computed from the generated rows.
	orders := d.byName["orders"]
	open := 0
	for _, r := range orders.rows {
		if r[5] == nil { // Shipped
			open++
		}
	}
	m["v_open_orders"] = open
	m["v_order_details"] = len(d.byName["Order Lines"].rows)
	return m
}

// Create creates all tables and views of flavor ("sqlite", "mysql" or "postgres") in
// db's current database/schema and inserts all rows. On SQLite and PostgreSQL it runs
// in one transaction; on MySQL, whose DDL commits implicitly, the DDL runs first and
// the rows go in one transaction, and everything is dropped again on failure. It fails
// if any of the tables or views already exists.
func Create(ctx context.Context, db *sql.DB, flavor string) error {
	if err := checkFlavor(flavor); err != nil {
		return err
	}
	d := theData()
	if flavor == FlavorMySQL {
		return createMySQL(ctx, db, d)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("demo: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	for _, s := range ddl(flavor, d) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("demo: %w\n%s", err, s)
		}
	}
	if err := insertAll(ctx, tx, flavor, d); err != nil {
		return err
	}
	if flavor == FlavorPostgres {
		// Rows were inserted with explicit keys: move the SERIAL sequence past them.
		for _, t := range d.tables {
			for _, c := range t.cols {
				if !c.autoInc {
					continue
				}
				q := quoter(flavor)
				s := fmt.Sprintf("SELECT setval(pg_get_serial_sequence($1, $2), (SELECT MAX(%s) FROM %s))", q(c.name), q(t.name))
				if _, err := tx.ExecContext(ctx, s, q(t.name), c.name); err != nil {
					return fmt.Errorf("demo: %w\n%s", err, s)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	return nil
}

func createMySQL(ctx context.Context, db *sql.DB, d *dataset) (err error) {
	names := append(Tables(), ExtraTables(FlavorMySQL)...)
	q := "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?" + strings.Repeat(", ?", len(names)-1) + ")"
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("demo: checking existing tables: %w", err)
	}
	var exist []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return fmt.Errorf("demo: checking existing tables: %w", err)
		}
		exist = append(exist, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("demo: checking existing tables: %w", err)
	}
	if len(exist) > 0 {
		slices.Sort(exist)
		return fmt.Errorf("demo: tables already exist: %s", strings.Join(exist, ", "))
	}
	// None existed, so whatever exists after a failure is ours to drop.
	defer func() {
		if err != nil {
			if derr := Drop(context.WithoutCancel(ctx), db, FlavorMySQL); derr != nil {
				err = errors.Join(err, derr)
			}
		}
	}()
	for _, s := range ddl(FlavorMySQL, d) {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("demo: %w\n%s", err, s)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("demo: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	if err := insertAll(ctx, tx, FlavorMySQL, d); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	return nil
}

// Drop drops every table and view Create makes for flavor, if it exists.
func Drop(ctx context.Context, db *sql.DB, flavor string) error {
	if err := checkFlavor(flavor); err != nil {
		return err
	}
	d := theData()
	q := quoter(flavor)
	var stmts []string
	for i := len(d.views) - 1; i >= 0; i-- {
		stmts = append(stmts, "DROP VIEW IF EXISTS "+q(d.views[i].name))
	}
	all := append(slices.Clone(d.tables), d.extras[flavor]...)
	cascade := ""
	if flavor == FlavorPostgres {
		cascade = " CASCADE"
	}
	for i := len(all) - 1; i >= 0; i-- {
		stmts = append(stmts, "DROP TABLE IF EXISTS "+q(all[i].name)+cascade)
	}
	if flavor == FlavorMySQL { // DDL commits implicitly: no transaction
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("demo: %w\n%s", err, s)
			}
		}
		return nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("demo: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("demo: %w\n%s", err, s)
		}
	}
	return tx.Commit()
}

// ddl returns the CREATE statements of flavor in dependency order.
func ddl(flavor string, d *dataset) []string {
	q := quoter(flavor)
	var out []string
	for _, t := range d.tables {
		out = append(out, createTableSQL(flavor, t))
	}
	for _, t := range d.extras[flavor] {
		out = append(out, createTableSQL(flavor, t))
	}
	for _, v := range d.views {
		out = append(out, "CREATE VIEW "+q(v.name)+" AS "+v.sql(q))
	}
	return out
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// maxParams keeps a multi-row INSERT under every engine's bind-parameter limit
// (SQLite 32766, MySQL and PostgreSQL 65535).
const (
	maxParams = 30000
	maxRows   = 500
)

func insertAll(ctx context.Context, tx execer, flavor string, d *dataset) error {
	for _, t := range append(slices.Clone(d.tables), d.extras[flavor]...) {
		if err := insertTable(ctx, tx, flavor, t); err != nil {
			return err
		}
	}
	return nil
}

func insertTable(ctx context.Context, tx execer, flavor string, t *table) error {
	batch := min(maxRows, maxParams/len(t.cols))
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, batch*len(t.cols))
	for lo := 0; lo < len(t.rows); lo += batch {
		hi := min(lo+batch, len(t.rows))
		args = args[:0]
		for _, r := range t.rows[lo:hi] {
			for i, c := range t.cols {
				args = append(args, bindValue(flavor, c, r[i]))
			}
		}
		var err error
		if hi-lo == batch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, insertSQL(flavor, t, batch)); err != nil {
					return fmt.Errorf("demo: insert into %s: %w", t.name, err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, insertSQL(flavor, t, hi-lo), args...)
		}
		if err != nil {
			return fmt.Errorf("demo: insert into %s (rows %d-%d): %w", t.name, lo, hi-1, err)
		}
	}
	return nil
}
