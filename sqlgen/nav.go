package sqlgen

import (
	"fmt"
	"strconv"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/plan"
)

// Navigation in filters and order: every step to a related table is a correlated
// subquery over that table, aliased n1, n2, … by depth. Inside a subquery the related
// table is the only one in FROM, so its columns need no qualifier (SQL resolves an
// unqualified name in the innermost scope first); the correlation names the outer side
// explicitly: the query's own table (unaliased) at depth 0, n<depth> below it.

func (b *Builder) navAlias(depth int) string { return b.D.QuoteIdent("n" + strconv.Itoa(depth)) }

// navFrom writes `FROM <to> nK WHERE <correlation>` for nav at the next depth and
// returns with b.navDepth raised; the caller lowers it with navEnd.
func (b *Builder) navFrom(nav *catalog.Nav) { b.navFromLevel(nav, b.navDepth) }

// navFromLevel is navFrom correlated with the row at nesting level level.
func (b *Builder) navFromLevel(nav *catalog.Nav, level int) {
	outer := ""
	if level > 0 {
		outer = b.navAlias(level)
	}
	b.navDepth++
	alias := b.navAlias(b.navDepth)
	b.WriteString(" FROM ")
	b.Table(nav.To)
	b.WriteByte(' ')
	b.WriteString(alias)
	b.WriteString(" WHERE ")
	for i, to := range nav.ToCols {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString(alias + "." + b.D.QuoteIdent(to.Name) + " = ")
		if outer == "" {
			b.Table(nav.From)
			b.WriteByte('.')
		} else {
			b.WriteString(outer + ".")
		}
		b.WriteString(b.D.QuoteIdent(nav.FromCols[i].Name))
	}
}

func (b *Builder) navEnd() { b.navDepth-- }

// navValue writes (SELECT x FROM to nK WHERE corr): null when there is no related row.
func (b *Builder) navValue(e *plan.NavValue) {
	b.WriteString("(SELECT ")
	// x is rendered inside the subquery's scope: one level deeper.
	b.navDepth++
	b.Expr(e.X)
	b.navDepth--
	if e.Outer {
		// A path from an enclosing row ($it/Customer/Country inside a lambda).
		if e.Level > b.navDepth {
			b.Fail(fmt.Errorf("path from level %d at depth %d: %w", e.Level, b.navDepth, ErrUnsupported))
			return
		}
		b.navFromLevel(e.Nav, e.Level)
	} else {
		b.navFrom(e.Nav)
	}
	b.navEnd()
	b.WriteByte(')')
}

// navExists writes EXISTS (… AND pred) for any, NOT EXISTS (… AND NOT (pred)) for all.
func (b *Builder) navExists(e *plan.NavExists) {
	if e.All {
		b.WriteString("NOT ")
	}
	b.WriteString("EXISTS (SELECT 1")
	b.navFrom(e.Nav)
	if e.Pred != nil {
		if e.All {
			b.WriteString(" AND NOT (")
			b.Pred(e.Pred, true)
		} else {
			b.WriteString(" AND (")
			b.Pred(e.Pred, false)
		}
		b.WriteByte(')')
	}
	b.navEnd()
	b.WriteByte(')')
}

// navCount writes (SELECT COUNT(*) FROM to nK WHERE corr [AND filter]).
func (b *Builder) navCount(e *plan.NavCount) {
	b.WriteString("(SELECT COUNT(*)")
	b.navFrom(e.Nav)
	if e.Filter != nil {
		b.WriteString(" AND (")
		b.Pred(e.Filter, false)
		b.WriteByte(')')
	}
	b.navEnd()
	b.WriteByte(')')
}

// outerRef writes a column of the row at an enclosing level, qualified with that
// level's name: the query's own table at level 0, n<level> below it. Dialects write
// columns through ColumnName, so their conversions apply to the qualified name too.
func (b *Builder) outerRef(e *plan.OuterRef) {
	if e.Level > b.navDepth {
		b.Fail(fmt.Errorf("outer reference to level %d at depth %d: %w", e.Level, b.navDepth, ErrUnsupported))
		return
	}
	saved := b.qual
	if e.Level == 0 {
		b.qual = b.tableName(e.Table)
	} else {
		b.qual = b.navAlias(e.Level)
	}
	b.D.Column(b, e.Col)
	b.qual = saved
}

// ColumnName is the quoted name of c, qualified when an outer reference is written.
func (b *Builder) ColumnName(c *catalog.Column) string {
	if b.qual != "" {
		return b.qual + "." + b.D.QuoteIdent(c.Name)
	}
	return b.D.QuoteIdent(c.Name)
}
