package plan

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata/edm"
)

// The String methods print a canonical S-expression of the bound tree: property names
// resolve to database columns and constants print with their EDM type, so two requests
// that mean the same print the same. It serves tests and cache keys.

func (e *ColumnRef) String() string { return strconv.Quote(e.Col.Name) }

func (e *Const) String() string {
	if e.V == nil {
		return "null"
	}
	var v string
	switch x := e.V.(type) {
	case string:
		v = strconv.Quote(x)
		if e.T == edm.Decimal {
			v = x
		}
	case []byte:
		v = "b64:" + base64.StdEncoding.EncodeToString(x)
	case time.Time:
		v = x.UTC().Format(time.RFC3339Nano)
	case float64:
		v = strconv.FormatFloat(x, 'g', -1, 64)
	default:
		v = fmt.Sprint(x)
	}
	return v + ":" + strings.TrimPrefix(string(e.T), "Edm.")
}

func (e *Compare) String() string {
	return "(" + string(e.Op) + " " + e.L.String() + " " + e.R.String() + ")"
}
func (e *Logical) String() string {
	return "(" + string(e.Op) + " " + e.L.String() + " " + e.R.String() + ")"
}
func (e *Not) String() string { return "(not " + e.X.String() + ")" }
func (e *IsNull) String() string {
	op := "isnull"
	if e.Negate {
		op = "notnull"
	}
	if e.Blank {
		op += "-blank"
	}
	return "(" + op + " " + e.X.String() + ")"
}
func (e *Arith) String() string {
	return "(" + string(e.Op) + " " + e.L.String() + " " + e.R.String() + ")"
}
func (e *Neg) String() string { return "(- " + e.X.String() + ")" }
func (e *Func) String() string {
	var sb strings.Builder
	sb.WriteString("(" + string(e.Name))
	for _, a := range e.Args {
		sb.WriteByte(' ')
		sb.WriteString(a.String())
	}
	sb.WriteByte(')')
	return sb.String()
}
func (e *In) String() string {
	var sb strings.Builder
	sb.WriteString("(in " + e.X.String() + " (")
	for i, a := range e.List {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(a.String())
	}
	sb.WriteString("))")
	return sb.String()
}
func (e *Search) String() string {
	var sb strings.Builder
	sb.WriteString("(search " + strconv.Quote(e.Text))
	for _, c := range e.Cols {
		sb.WriteByte(' ')
		sb.WriteString(strconv.Quote(c.Name))
	}
	sb.WriteByte(')')
	return sb.String()
}

// String prints the whole query canonically (kind, table, columns, filter, order,
// paging); the cache key is built from it.
func (q *Query) String() string {
	var sb strings.Builder
	sb.Grow(256)
	sb.WriteString("kind=")
	sb.WriteString(strconv.Itoa(int(q.Kind)))
	sb.WriteString(" table=")
	sb.WriteString(strconv.Quote(q.Table.Name))
	sb.WriteString(" cols=")
	for i, c := range q.Select {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(strconv.Quote(c.Name))
	}
	if q.Filter != nil {
		sb.WriteString(" where=" + q.Filter.String())
	}
	sb.WriteString(" order=")
	for i, o := range q.OrderBy {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(o.Expr.String())
		if o.Desc {
			sb.WriteString(" desc")
		}
	}
	for _, f := range [...]struct {
		name string
		v    int64
	}{{" offset=", q.Offset}, {" limit=", q.Limit}, {" top=", q.Top}, {" skip=", q.Skip}, {" delivered=", q.Delivered}} {
		sb.WriteString(f.name)
		sb.WriteString(strconv.FormatInt(f.v, 10))
	}
	if len(q.Extra) > 0 {
		sb.WriteString(" read=")
		for i, c := range q.Extra {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.Quote(c.Name))
		}
	}
	if q.Keyset != nil && q.Keyset.After != nil {
		sb.WriteString(" after=")
		for i, c := range q.Keyset.After {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(c.String())
		}
	}
	sb.WriteString(" extra=" + strconv.FormatBool(q.FetchExtra) + " count=" + strconv.FormatBool(q.WithCount))
	if q.Property != nil {
		sb.WriteString(" prop=" + strconv.Quote(q.Property.Name))
	}
	if q.Ref {
		sb.WriteString(" ref") // a $ref read is not the entities of the same key columns (cache keys)
	}
	expandString(&sb, q) // expand.go
	return sb.String()
}

func (e *List) String() string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i, x := range e.Items {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(x.String())
	}
	sb.WriteByte(']')
	return sb.String()
}

func (e *Record) String() string {
	var sb strings.Builder
	sb.WriteByte('{')
	for i, n := range e.Names {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(strconv.Quote(n) + ":" + e.Values[i].String())
	}
	sb.WriteByte('}')
	return sb.String()
}

func (e *Deferred) String() string {
	var sb strings.Builder
	sb.WriteString("(deferred")
	for _, a := range e.Args {
		sb.WriteByte(' ')
		sb.WriteString(a.String())
	}
	sb.WriteByte(')')
	return sb.String()
}
