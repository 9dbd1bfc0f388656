package sqlgen

import (
	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/plan"
)

// Seekable is implemented by dialects with columns whose ORDER BY order differs from
// the order their comparison operators give (MySQL's ENUM sorts by its index but
// compares as text): keyset paging must not seek on them, and plan falls back to an
// offset for such an order.
type Seekable interface {
	Seekable(c *catalog.Column) bool
}

// SeekTerm is implemented by dialects that ORDER BY a column otherwise than through
// Column (PostgreSQL orders a char(n) column as itself, so its index serves): the seek
// must compare the same expression, so that it agrees with the order and can use the
// same index.
type SeekTerm interface {
	SeekTerm(b *Builder, c *catalog.Column)
}

// SeekableFunc returns d's Seekable check, nil when every column is seekable.
func SeekableFunc(d Dialect) func(*catalog.Column) bool {
	if s, ok := d.(Seekable); ok {
		return s.Seekable
	}
	return nil
}

// seek atoms: one comparison of an order term with the token's value.
type seekOp int

const (
	opEq      seekOp = iota // x = v, or x IS NULL for a null v
	opAfter                 // x > v (asc) / x < v (desc)
	opFrom                  // x >= v (asc) / x <= v (desc)
	opNotNull               // x IS NOT NULL
	opIsNull                // x IS NULL
)

type seekAtom struct {
	i  int
	op seekOp
}

// seekPredicate writes the keyset condition "at or after the row ks.After" in the
// expanded form every database understands, with OData's null order (nulls first
// ascending, last descending):
//
//	(a > ?) OR (a = ? AND b > ?) OR … OR (a = ? AND … AND k >= ?)
//
// where a null value or a descending term changes its atom (x IS NOT NULL, x < ? OR x
// IS NULL, …). When the first value is not null, a redundant `a >= ?` (or `a <= ?` on
// a descending column that cannot be null) is put in front, so an index on the first
// column narrows the range. The comparisons are the database's own operators on the
// same expressions as ORDER BY, so they agree with its collation and order.
func (b *Builder) seekPredicate(ks *plan.Keyset) {
	n := len(ks.After)
	var disj [][]seekAtom
	always := false
	for i := 0; i < n && !always; i++ {
		var conj []seekAtom
		for j := 0; j < i; j++ {
			conj = append(conj, seekAtom{j, opEq})
		}
		last := i == n-1
		null := ks.After[i].V == nil
		switch {
		case !ks.Desc[i] && null && last:
			// every row is at or after a null (nulls first)
		case !ks.Desc[i] && null:
			conj = append(conj, seekAtom{i, opNotNull})
		case ks.Desc[i] && null && last:
			conj = append(conj, seekAtom{i, opIsNull})
		case ks.Desc[i] && null:
			continue // nothing sorts after a null descending
		case last:
			conj = append(conj, seekAtom{i, opFrom})
		default:
			conj = append(conj, seekAtom{i, opAfter})
		}
		if len(conj) == 0 {
			always = true
		}
		disj = append(disj, conj)
	}
	switch {
	case always:
		b.WriteString("1=1")
		return
	case len(disj) == 0:
		b.WriteString("1=0")
		return
	}
	b.WriteByte('(')
	if n > 1 && ks.After[0].V != nil && (!ks.Desc[0] || !ks.Cols[0].Nullable) {
		b.seekAtom(ks, seekAtom{0, opFrom}, false)
		b.WriteString(" AND (")
		defer b.WriteByte(')')
	}
	for k, conj := range disj {
		if k > 0 {
			b.WriteString(" OR ")
		}
		if len(disj) > 1 {
			b.WriteByte('(')
		}
		for m, a := range conj {
			if m > 0 {
				b.WriteString(" AND ")
			}
			b.seekAtom(ks, a, true)
		}
		if len(disj) > 1 {
			b.WriteByte(')')
		}
	}
	b.WriteByte(')')
}

// seekAtom writes one atom; withNulls adds the nulls that sort last descending.
func (b *Builder) seekAtom(ks *plan.Keyset, a seekAtom, withNulls bool) {
	col := seekRef{ks.Cols[a.i]}
	v := ks.After[a.i]
	switch {
	case a.op == opIsNull || (a.op == opEq && v.V == nil):
		col.write(b)
		b.WriteString(" IS NULL")
		return
	case a.op == opNotNull:
		col.write(b)
		b.WriteString(" IS NOT NULL")
		return
	}
	op := " = "
	switch {
	case a.op == opAfter && ks.Desc[a.i]:
		op = " < "
	case a.op == opAfter:
		op = " > "
	case a.op == opFrom && ks.Desc[a.i]:
		op = " <= "
	case a.op == opFrom:
		op = " >= "
	}
	nulls := withNulls && a.op != opEq && ks.Desc[a.i] && ks.Cols[a.i].Nullable
	if nulls {
		b.WriteByte('(')
	}
	col.write(b)
	b.WriteString(op)
	b.D.Bind(b, v)
	if nulls {
		b.WriteString(" OR ")
		col.write(b)
		b.WriteString(" IS NULL)")
	}
}

// seekRef is an order column as the seek writes it: as ORDER BY does.
type seekRef struct{ c *catalog.Column }

func (r seekRef) write(b *Builder) {
	if st, ok := b.D.(SeekTerm); ok {
		st.SeekTerm(b, r.c)
		return
	}
	b.Expr(&plan.ColumnRef{Col: r.c})
}
