package changes

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/odatagw/odatagw/odata"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Querier runs a read (a *sql.DB or *sqlx.DB).
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Column is the column-mode source: a last-modified column of the table (a timestamp,
// or a number that only grows), configured as tables.<t>.changed-at. It sees inserts and
// updates, never deletes, on every engine. Its position is the mark (the column's value)
// and key of the last change read; it reads rows whose (mark, key) is after it, in
// that order, through the dialect's own rendering (values bound).
//
// A transaction that commits after a later mark was read, with an earlier mark, is not
// seen: the column records when a row was written, not when it became visible.
type Column struct {
	DB      Querier
	Dialect sqlgen.Dialect
	Table   *catalog.Table
	Col     *catalog.Column
}

// NewColumn checks that col is a column of t whose type can be ordered as a mark.
func NewColumn(db Querier, d sqlgen.Dialect, t *catalog.Table, col string) (*Column, error) {
	c := t.ColumnByName(col)
	if c == nil {
		c = t.Column(col)
	}
	if c == nil {
		return nil, fmt.Errorf("tables.%s.changed-at: the table has no column %q", t.Name, col)
	}
	if _, err := decodeValue(c, "0"); err != nil && c.Type != "Edm.DateTimeOffset" {
		return nil, fmt.Errorf("tables.%s.changed-at: column %q of type %s cannot be a change mark", t.Name, col, c.Type)
	}
	return &Column{DB: db, Dialect: d, Table: t, Col: c}, nil
}

// columnPos is a Column position: Null means before every row.
type columnPos struct {
	Null bool     `json:"n,omitempty"`
	Mark string   `json:"m,omitempty"`
	Key  []string `json:"k,omitempty"`
}

func (s *Column) Kind() string { return "column" }

// Current is the (mark, key) of the last row in mark order.
func (s *Column) Current(ctx context.Context) (string, error) {
	q := s.query(1)
	q.OrderBy = s.order(true)
	q.Filter = &plan.IsNull{X: &plan.ColumnRef{Col: s.Col}, Negate: true}
	entries, _, err := s.run(ctx, q)
	if err != nil {
		return "", err
	}
	if len(entries) == 0 {
		return marshal(columnPos{Null: true}), nil
	}
	return entries[0].Pos, nil
}

// Read returns the rows after pos in (mark, key) order.
func (s *Column) Read(ctx context.Context, pos string, max int) ([]Entry, bool, error) {
	var p columnPos
	if err := json.Unmarshal([]byte(pos), &p); err != nil {
		return nil, false, errForged
	}
	q := s.query(int64(max))
	q.OrderBy = s.order(false)
	col := &plan.ColumnRef{Col: s.Col}
	var f plan.Expr = &plan.IsNull{X: col, Negate: true}
	if !p.Null {
		mark, err := decodeValue(s.Col, p.Mark)
		if err != nil {
			return nil, false, errForged
		}
		m := &plan.Const{T: s.Col.Type, V: mark}
		f = &plan.Compare{Op: odata.OpGt, L: col, R: m}
		if len(p.Key) == len(s.Table.Key) {
			after, err := s.keyAfter(p.Key)
			if err != nil {
				return nil, false, errForged
			}
			f = &plan.Logical{Op: odata.OpOr, L: f, R: &plan.Logical{Op: odata.OpAnd,
				L: &plan.Compare{Op: odata.OpEq, L: col, R: m}, R: after}}
		}
	}
	q.Filter = f
	return s.run(ctx, q)
}

// keyAfter is the lexicographic "key > k" over the key columns.
func (s *Column) keyAfter(k []string) (plan.Expr, error) {
	var out plan.Expr
	for i := len(s.Table.Key) - 1; i >= 0; i-- {
		c := s.Table.Key[i]
		v, err := decodeValue(c, k[i])
		if err != nil {
			return nil, err
		}
		ref, lit := &plan.ColumnRef{Col: c}, &plan.Const{T: c.Type, V: v}
		var e plan.Expr = &plan.Compare{Op: odata.OpGt, L: ref, R: lit}
		if out != nil {
			e = &plan.Logical{Op: odata.OpOr, L: e, R: &plan.Logical{Op: odata.OpAnd, L: &plan.Compare{Op: odata.OpEq, L: ref, R: lit}, R: out}}
		}
		out = e
	}
	return out, nil
}

func (s *Column) query(limit int64) *plan.Query {
	sel := append([]*catalog.Column(nil), s.Table.Key...)
	sel = append(sel, s.Col)
	return &plan.Query{Kind: plan.Collection, Table: s.Table, Select: sel, Limit: limit, FetchExtra: true, Top: -1}
}

func (s *Column) order(desc bool) []plan.Order {
	o := []plan.Order{{Expr: &plan.ColumnRef{Col: s.Col}, Desc: desc}}
	for _, k := range s.Table.Key {
		o = append(o, plan.Order{Expr: &plan.ColumnRef{Col: k}, Desc: desc})
	}
	return o
}

// run reads (key…, mark) rows into entries; more when the extra row came back.
func (s *Column) run(ctx context.Context, q *plan.Query) ([]Entry, bool, error) {
	text, args, err := sqlgen.Select(q, s.Dialect)
	if err != nil {
		return nil, false, err
	}
	rows, err := s.DB.QueryContext(ctx, text, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	n := len(q.Select)
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []Entry
	more := false
	for rows.Next() {
		if int64(len(out)) == q.Limit {
			more = true
			break
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, false, err
		}
		e := Entry{Key: make([]any, len(s.Table.Key))}
		p := columnPos{Key: make([]string, len(s.Table.Key))}
		for i, k := range s.Table.Key {
			if e.Key[i], err = gateway.NormalizeKey(k, vals[i]); err != nil {
				return nil, false, err
			}
			if p.Key[i], err = encodeValue(k, vals[i]); err != nil {
				return nil, false, err
			}
		}
		if p.Mark, err = encodeValue(s.Col, vals[n-1]); err != nil {
			return nil, false, err
		}
		e.Pos = marshal(p)
		out = append(out, e)
	}
	return out, more, rows.Err()
}

func marshal(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
