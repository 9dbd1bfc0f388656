package conformance

import (
	"context"
	"database/sql"
	"encoding/xml"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ---- $metadata -------------------------------------------------------------------

type metadata struct {
	types map[string]*entityType // by set name
	sets  []string               // set names, sorted
}

type entityType struct {
	Name   string
	Key    []string
	Props  []*prop
	byName map[string]*prop
}

func (et *entityType) stringProps() []string {
	var out []string
	for _, p := range et.Props {
		if p.isString() {
			out = append(out, p.Name)
		}
	}
	return out
}

type xEdmx struct {
	DataServices struct {
		Schemas []struct {
			Namespace   string `xml:"Namespace,attr"`
			EntityTypes []struct {
				Name string `xml:"Name,attr"`
				Key  struct {
					Refs []struct {
						Name string `xml:"Name,attr"`
					} `xml:"PropertyRef"`
				} `xml:"Key"`
				Props []struct {
					Name      string `xml:"Name,attr"`
					Type      string `xml:"Type,attr"`
					Nullable  string `xml:"Nullable,attr"`
					MaxLength string `xml:"MaxLength,attr"`
					Precision string `xml:"Precision,attr"`
					Scale     string `xml:"Scale,attr"`
				} `xml:"Property"`
			} `xml:"EntityType"`
			Containers []struct {
				Sets []struct {
					Name       string `xml:"Name,attr"`
					EntityType string `xml:"EntityType,attr"`
				} `xml:"EntitySet"`
			} `xml:"EntityContainer"`
		} `xml:"Schema"`
	} `xml:"DataServices"`
}

func parseMetadata(body []byte) (*metadata, error) {
	var x xEdmx
	if err := xml.Unmarshal(body, &x); err != nil {
		return nil, fmt.Errorf("$metadata: %w", err)
	}
	types := map[string]*entityType{}
	for _, s := range x.DataServices.Schemas {
		for _, t := range s.EntityTypes {
			et := &entityType{Name: t.Name, byName: map[string]*prop{}}
			for _, k := range t.Key.Refs {
				et.Key = append(et.Key, k.Name)
			}
			for _, p := range t.Props {
				pp := &prop{Name: p.Name, Type: p.Type, Nullable: p.Nullable != "false", Scale: -1}
				pp.MaxLength, _ = strconv.Atoi(p.MaxLength)
				pp.Precision, _ = strconv.Atoi(p.Precision)
				if p.Scale != "" && p.Scale != "variable" {
					pp.Scale, _ = strconv.Atoi(p.Scale)
				} else if p.Type == "Edm.Decimal" && p.Scale == "" {
					pp.Scale = 0 // CSDL default scale is 0
				}
				et.Props = append(et.Props, pp)
				et.byName[pp.Name] = pp
			}
			types[s.Namespace+"."+t.Name] = et
		}
	}
	m := &metadata{types: map[string]*entityType{}}
	for _, s := range x.DataServices.Schemas {
		for _, c := range s.Containers {
			for _, set := range c.Sets {
				et := types[set.EntityType]
				if et == nil {
					return nil, fmt.Errorf("$metadata: entity set %s has unknown type %s", set.Name, set.EntityType)
				}
				m.types[set.Name] = et
				m.sets = append(m.sets, set.Name)
			}
		}
	}
	sort.Strings(m.sets)
	if len(m.sets) == 0 {
		return nil, fmt.Errorf("$metadata has no entity sets")
	}
	return m, nil
}

// setInfo maps an entity set to its table and its properties to columns.
type setInfo struct {
	name   string
	table  string // database name
	schema string
	et     *entityType
	column map[string]string // property → column
	// padded lists PostgreSQL character(n) properties: the gateway reads them as text,
	// without the padding (adapters/postgres/dialect.go), and so does the oracle.
	padded map[string]bool
	// textCast lists string properties whose SQL type is not a character type: they
	// are ordered as their text (CAST AS TEXT / CHAR), as the adapters document.
	textCast map[string]bool
}

func (e *env) loadMetadata() error {
	res, err := e.gw.get(e.gw.url + "$metadata")
	if err != nil {
		return err
	}
	if res.status != 200 {
		return fmt.Errorf("$metadata: %s", res)
	}
	m, err := parseMetadata(res.body)
	if err != nil {
		return err
	}
	e.meta = m
	e.sets = map[string]*setInfo{}
	// The property → column mapping comes from the gateway's catalog; everything it
	// says is checked against $metadata and the database below.
	cat := e.gw.g.Service.Catalog
	for _, name := range m.sets {
		t := cat.Set(name)
		if t == nil {
			return fmt.Errorf("$metadata lists %s, the catalog does not", name)
		}
		si := &setInfo{name: name, table: t.Name, schema: t.Schema, et: m.types[name], column: map[string]string{}, padded: map[string]bool{}, textCast: map[string]bool{}}
		for _, p := range si.et.Props {
			c := t.Column(p.Name)
			if c == nil {
				return fmt.Errorf("%s: property %s has no catalog column", name, p.Name)
			}
			si.column[p.Name] = c.Name
		}
		e.sets[name] = si
		if e.engine != "sqlite" {
			if err := e.findColumnTypes(si); err != nil {
				return err
			}
		}
	}
	return nil
}

// findColumnTypes asks information_schema for the SQL types: PostgreSQL character(n)
// values lose their padding, and string properties of non-character types (enum,
// json, time, interval, …) are ordered as the text the client reads.
func (e *env) findColumnTypes(si *setInfo) error {
	var q string
	var args []any
	switch e.engine {
	case "postgres":
		schema := si.schema
		if schema == "" {
			schema = "public"
		}
		q = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`
		args = []any{schema, si.table}
	case "mysql":
		q = `SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`
		args = []any{si.table}
	default:
		return nil
	}
	rs, err := e.src.db.Query(q, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	plain := map[string]bool{"text": true, "character varying": true, "name": true, // PostgreSQL
		"char": true, "varchar": true, "tinytext": true, "mediumtext": true, "longtext": true} // MySQL
	for rs.Next() {
		var col, typ string
		if err := rs.Scan(&col, &typ); err != nil {
			return err
		}
		typ = strings.ToLower(typ)
		for p, c := range si.column {
			if c != col || !si.et.byName[p].isString() {
				continue
			}
			if e.engine == "postgres" && typ == "character" {
				si.padded[p] = true
			}
			if !plain[typ] {
				si.textCast[p] = true
			}
		}
	}
	return rs.Err()
}

// ---- SQL helpers -----------------------------------------------------------------

func (e *env) quote(id string) string {
	if e.engine == "mysql" {
		return "`" + strings.ReplaceAll(id, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(id, `"`, `""`) + `"`
}

func (e *env) tableRef(si *setInfo) string {
	if si.schema != "" {
		return e.quote(si.schema) + "." + e.quote(si.table)
	}
	return e.quote(si.table)
}

func (e *env) set(name string) (*setInfo, error) {
	si := e.sets[name]
	if si == nil {
		return nil, fmt.Errorf("no entity set %s in $metadata", name)
	}
	return si, nil
}

// keyOf returns the canonical key of normalized values.
func keyOf(si *setInfo, vals map[string]any) string {
	parts := make([]string, len(si.et.Key))
	for i, k := range si.et.Key {
		parts[i] = canon(vals[k])
	}
	return strings.Join(parts, "\x00")
}

// allRows reads every row of the set with direct SQL (SELECT *), normalized by the
// EDM types of $metadata. Cached.
func (e *env) allRows(set string) ([]*row, error) {
	e.mu.Lock()
	if r, ok := e.rows[set]; ok {
		e.mu.Unlock()
		return r, nil
	}
	e.mu.Unlock()
	si, err := e.set(set)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rs, err := e.src.db.QueryContext(ctx, "SELECT * FROM "+e.tableRef(si))
	if err != nil {
		return nil, fmt.Errorf("oracle read of %s: %w", si.table, err)
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	idx := map[string]int{}
	for _, p := range si.et.Props {
		found := -1
		for i, c := range cols {
			if c == si.column[p.Name] {
				found = i
			}
		}
		if found < 0 {
			return nil, fmt.Errorf("%s: column %s of property %s is not in SELECT * (%v)", si.table, si.column[p.Name], p.Name, cols)
		}
		idx[p.Name] = found
	}
	var out []*row
	seen := map[string]bool{}
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := &row{vals: map[string]any{}}
		for _, p := range si.et.Props {
			v, err := fromSQL(vals[idx[p.Name]], p, e.engine)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", set, err)
			}
			if s, ok := v.(string); ok && si.padded[p.Name] {
				v = strings.TrimRight(s, " ")
			}
			r.vals[p.Name] = v
		}
		r.key = keyOf(si, r.vals)
		if seen[r.key] {
			return nil, fmt.Errorf("%s: duplicate key %q in the database", set, r.key)
		}
		seen[r.key] = true
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.rows[set] = out
	e.mu.Unlock()
	return out, nil
}

// rank returns each row's position (dense rank, from 1) when the database orders the
// set by prop ascending with nulls first — the database's own collation decides
// string order and ties. Cached.
func (e *env) rank(set, propName string) (map[string]int, error) {
	ck := set + "\x00" + propName
	e.mu.Lock()
	if r, ok := e.ranks[ck]; ok {
		e.mu.Unlock()
		return r, nil
	}
	e.mu.Unlock()
	si, err := e.set(set)
	if err != nil {
		return nil, err
	}
	col, ok := si.column[propName]
	if !ok {
		return nil, fmt.Errorf("%s has no property %s", set, propName)
	}
	c := e.quote(col)
	switch {
	case si.textCast[propName] && e.engine == "mysql":
		c = "CAST(" + c + " AS CHAR)"
	case si.textCast[propName]:
		c = "CAST(" + c + " AS TEXT)"
	}
	var keyCols []string
	for _, k := range si.et.Key {
		keyCols = append(keyCols, e.quote(si.column[k]))
	}
	q := fmt.Sprintf("SELECT %s, DENSE_RANK() OVER (ORDER BY CASE WHEN %s IS NULL THEN 0 ELSE 1 END, %s) FROM %s",
		strings.Join(keyCols, ", "), c, c, e.tableRef(si))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rs, err := e.src.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("oracle rank: %w\n%s", err, q)
	}
	defer rs.Close()
	out := map[string]int{}
	n := len(keyCols)
	for rs.Next() {
		vals := make([]any, n+1)
		ptrs := make([]any, n+1)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		kv := map[string]any{}
		for i, k := range si.et.Key {
			v, err := fromSQL(vals[i], si.et.byName[k], e.engine)
			if err != nil {
				return nil, err
			}
			kv[k] = v
		}
		var rk int64
		switch x := vals[n].(type) {
		case int64:
			rk = x
		case []byte:
			rk, _ = strconv.ParseInt(string(x), 10, 64)
		case uint64:
			rk = int64(x)
		default:
			rk, _ = strconv.ParseInt(fmt.Sprint(x), 10, 64)
		}
		out[keyOf(si, kv)] = int(rk)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.ranks[ck] = out
	e.mu.Unlock()
	return out, nil
}

// tableCount counts the rows of a table with direct SQL.
func (e *env) tableCount(si *setInfo) (int64, error) {
	var n int64
	err := e.src.db.QueryRow("SELECT COUNT(*) FROM " + e.tableRef(si)).Scan(&n)
	return n, err
}

var _ = sql.ErrNoRows
