package sqlgen

import (
	"strconv"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/plan"
)

// ExpandSelect renders one level of $expand for a batch of parents: the rows of
// x.Nav.To related to any of keys (each key the values of x.Nav.FromCols of one parent,
// matched against x.Nav.ToCols), filtered by x.Q's filter. The result columns are cols
// (read like a page's columns), then the ToCols (to match rows to parents); for a
// to-many navigation then the number of related rows of that parent after the filter.
//
// A to-many level is bounded per parent with window functions (MySQL 8+, MariaDB
// 10.2+, PostgreSQL, SQLite 3.25+): ROW_NUMBER() over the parent's rows in x.Q's order
// keeps rows Offset+1 … Offset+Limit+1 (one extra, so the caller knows whether a next
// link is due), COUNT(*) OVER the same partition gives $count. Rows come ordered by
// parent, then by x.Q's order. keys must not be empty; values are bound.
func ExpandSelect(x *plan.Expand, cols []*catalog.Column, keys [][]any, d Dialect) (string, []any, error) {
	b := NewBuilder(d)
	q, nav := x.Q, x.Nav
	alias := func(p string, i int) string { return d.QuoteIdent("odatagw_" + p + strconv.Itoa(i)) }
	if !nav.Many {
		b.WriteString("SELECT ")
		for i, c := range cols {
			if i > 0 {
				b.WriteString(", ")
			}
			d.Column(b, c)
		}
		for _, c := range nav.ToCols {
			b.WriteString(", " + d.QuoteIdent(c.Name))
		}
		b.WriteString(" FROM ")
		b.Table(q.Table)
		b.expandWhere(nav, keys, q.Filter)
		return b.Finish()
	}
	b.WriteString("SELECT ")
	for i := range cols {
		b.WriteString(alias("c", i) + ", ")
	}
	for i := range nav.ToCols {
		b.WriteString(alias("k", i) + ", ")
	}
	b.WriteString(d.QuoteIdent("odatagw_cnt") + " FROM (SELECT ")
	for i, c := range cols {
		d.Column(b, c)
		b.WriteString(" AS " + alias("c", i) + ", ")
	}
	for i, c := range nav.ToCols {
		b.WriteString(d.QuoteIdent(c.Name) + " AS " + alias("k", i) + ", ")
	}
	partition := ""
	for i, c := range nav.ToCols {
		if i > 0 {
			partition += ", "
		}
		partition += d.QuoteIdent(c.Name)
	}
	b.WriteString("ROW_NUMBER() OVER (PARTITION BY " + partition)
	b.orderBy(q)
	b.WriteString(") AS " + d.QuoteIdent("odatagw_rn"))
	b.WriteString(", COUNT(*) OVER (PARTITION BY " + partition + ") AS " + d.QuoteIdent("odatagw_cnt"))
	b.WriteString(" FROM ")
	b.Table(q.Table)
	b.expandWhere(nav, keys, q.Filter)
	b.WriteString(") " + d.QuoteIdent("odatagw_x") + " WHERE " + d.QuoteIdent("odatagw_rn") + " > ")
	b.Arg(q.Offset)
	b.WriteString(" AND " + d.QuoteIdent("odatagw_rn") + " <= ")
	b.Arg(q.Offset + q.Limit + 1)
	b.WriteString(" ORDER BY ")
	for i := range nav.ToCols {
		b.WriteString(alias("k", i) + ", ")
	}
	b.WriteString(d.QuoteIdent("odatagw_rn"))
	return b.Finish()
}

// expandWhere writes WHERE (ToCols match one of keys) [AND (filter)].
func (b *Builder) expandWhere(nav *catalog.Nav, keys [][]any, filter plan.Expr) {
	b.WriteString(" WHERE (")
	if len(nav.ToCols) == 1 {
		col := b.D.QuoteIdent(nav.ToCols[0].Name)
		for start := 0; start < len(keys); start += MaxInList {
			if start > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(col + " IN (")
			for i, k := range keys[start:min(start+MaxInList, len(keys))] {
				if i > 0 {
					b.WriteString(", ")
				}
				b.Arg(k[0])
			}
			b.WriteByte(')')
		}
	} else {
		for i, k := range keys {
			if i > 0 {
				b.WriteString(" OR ")
			}
			b.WriteByte('(')
			for j, c := range nav.ToCols {
				if j > 0 {
					b.WriteString(" AND ")
				}
				b.WriteString(b.D.QuoteIdent(c.Name) + " = ")
				b.Arg(k[j])
			}
			b.WriteByte(')')
		}
	}
	b.WriteByte(')')
	if filter != nil {
		b.WriteString(" AND (")
		b.Pred(filter, false)
		b.WriteByte(')')
	}
}
