package semantics

import (
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// oracle evaluates plan expressions over rows read back from the database.
type oracle struct {
	e    *Engine
	tbl  *catalog.Table
	rows []map[string]any // column name → value (string, int64, *big.Rat/float64, float64, bool, time.Time, dateV)
}

type dateV string // "YYYY-MM-DD"

// readBack reads all rows through the dialect (so Column's conversions apply).
func readBack(t *testing.T, e *Engine, tbl *catalog.Table) *oracle {
	t.Helper()
	id := tbl.ColumnByName("id")
	q := &plan.Query{Kind: plan.Collection, Table: tbl, Select: tbl.Columns,
		OrderBy: []plan.Order{{Expr: &plan.ColumnRef{Col: id}}}, Limit: -1}
	text, args, err := sqlgen.Select(q, e.Adapter.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	rows, err := e.DB.Queryx(text, args...)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	defer rows.Close()
	o := &oracle{e: e, tbl: tbl}
	for rows.Next() {
		vals, err := rows.SliceScan()
		if err != nil {
			t.Fatal(err)
		}
		row := map[string]any{}
		for i, c := range tbl.Columns {
			v, err := o.fromDB(c, vals[i])
			if err != nil {
				t.Fatalf("row %d column %s: %v", len(o.rows)+1, c.Name, err)
			}
			row[c.Name] = v
		}
		o.rows = append(o.rows, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(o.rows) != len(semRows) {
		t.Fatalf("read %d rows, inserted %d", len(o.rows), len(semRows))
	}
	for i, r := range semRows {
		if got := o.rows[i]["s"]; got != r.s {
			t.Errorf("row %d: s read back as %q, inserted %q", r.id, got, r.s)
		}
	}
	return o
}

func asString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	}
	return "", false
}

func (o *oracle) fromDB(c *catalog.Column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch {
	case c.Type == edm.String:
		if s, ok := asString(v); ok {
			return s, nil
		}
	case c.Type.IsIntegral():
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		}
		if s, ok := asString(v); ok {
			return strconv.ParseInt(s, 10, 64)
		}
	case c.Type == edm.Decimal:
		if o.e.FloatDecimal {
			switch x := v.(type) {
			case float64:
				return x, nil
			case int64:
				return float64(x), nil
			}
		}
		if s, ok := asString(v); ok {
			r, ok := new(big.Rat).SetString(s)
			if !ok {
				return nil, fmt.Errorf("decimal %q", s)
			}
			return r, nil
		}
	case c.Type == edm.Double || c.Type == edm.Single:
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		}
		if s, ok := asString(v); ok {
			return strconv.ParseFloat(s, 64)
		}
	case c.Type == edm.Boolean:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
		if s, ok := asString(v); ok {
			return s != "0", nil
		}
	case c.Type == edm.DateTimeOffset:
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), nil
		}
		if s, ok := asString(v); ok {
			return ts(s), nil
		}
	case c.Type == edm.Date:
		switch x := v.(type) {
		case time.Time:
			return dateV(x.Format("2006-01-02")), nil
		}
		if s, ok := asString(v); ok {
			return dateV(s[:10]), nil
		}
	}
	return nil, fmt.Errorf("unexpected %T %v for %s", v, v, c.Type)
}

// --- evaluation ---

func (o *oracle) fold(s string, upper bool) string {
	if upper {
		return strings.ToUpper(s)
	}
	return strings.ToLower(s)
}

// num converts a numeric value for arithmetic: int64 stays, decimals are *big.Rat (or
// float64 on float engines), doubles float64.
func (o *oracle) constValue(c *plan.Const) any {
	if c.V == nil {
		return nil
	}
	switch c.T {
	case edm.Decimal:
		s := c.V.(string)
		if o.e.FloatDecimal {
			f, _ := strconv.ParseFloat(s, 64)
			return f
		}
		r, _ := new(big.Rat).SetString(s)
		return r
	case edm.Date:
		return dateV(c.V.(string))
	case edm.DateTimeOffset:
		return c.V.(time.Time).UTC()
	}
	return c.V
}

func toRat(v any) *big.Rat {
	switch x := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(x)
	case *big.Rat:
		return x
	}
	return nil
}

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case *big.Rat:
		f, _ := x.Float64()
		return f
	case float64:
		return x
	}
	return math.NaN()
}

func isFloat(v any) bool { _, ok := v.(float64); return ok }

// compare orders two non-null values of comparable types.
func compare(a, b any) int {
	switch x := a.(type) {
	case string:
		return strings.Compare(x, b.(string))
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case time.Time:
		return x.Compare(b.(time.Time))
	case dateV:
		return strings.Compare(string(x), string(b.(dateV)))
	}
	if xi, ok := a.(int64); ok {
		if yi, ok := b.(int64); ok {
			switch {
			case xi < yi:
				return -1
			case xi > yi:
				return 1
			}
			return 0
		}
	}
	if isFloat(a) || isFloat(b) {
		fa, fb := toFloat(a), toFloat(b)
		switch {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	}
	return toRat(a).Cmp(toRat(b))
}

func ratFloor(r *big.Rat) *big.Rat {
	q := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean: floor for a positive denominator
	return new(big.Rat).SetInt(q)
}

func ratTrunc(r *big.Rat) *big.Rat {
	q := new(big.Int).Quo(r.Num(), r.Denom())
	return new(big.Rat).SetInt(q)
}

func (o *oracle) value(e plan.Expr, row map[string]any) any {
	switch e := e.(type) {
	case *plan.ColumnRef:
		return row[e.Col.Name]
	case *plan.Const:
		return o.constValue(e)
	case *plan.Neg:
		v := o.value(e.X, row)
		switch x := v.(type) {
		case int64:
			return -x
		case float64:
			return -x
		case *big.Rat:
			return new(big.Rat).Neg(x)
		}
		return nil
	case *plan.Arith:
		return o.arith(e, o.value(e.L, row), o.value(e.R, row))
	case *plan.Func:
		return o.fn(e, row)
	}
	if e.Type() == edm.Boolean {
		return o.pred(e, row)
	}
	panic(fmt.Sprintf("oracle: %T", e))
}

func (o *oracle) arith(e *plan.Arith, l, r any) any {
	if l == nil || r == nil {
		return nil
	}
	li, lok := l.(int64)
	ri, rok := r.(int64)
	ints := lok && rok
	floats := isFloat(l) || isFloat(r) || (o.e.FloatDecimal && !ints)
	switch e.Op {
	case "add", "sub", "mul":
		switch {
		case ints:
			return map[string]int64{"add": li + ri, "sub": li - ri, "mul": li * ri}[string(e.Op)]
		case floats:
			a, b := toFloat(l), toFloat(r)
			return map[string]float64{"add": a + b, "sub": a - b, "mul": a * b}[string(e.Op)]
		}
		a, b := toRat(l), toRat(r)
		switch e.Op {
		case "add":
			return new(big.Rat).Add(a, b)
		case "sub":
			return new(big.Rat).Sub(a, b)
		}
		return new(big.Rat).Mul(a, b)
	case "div", "divby":
		if toFloat(r) == 0 {
			return nil
		}
		if ints && e.Op == "div" {
			return li / ri
		}
		if floats || (o.e.FloatDecimal && ints) {
			return toFloat(l) / toFloat(r)
		}
		return new(big.Rat).Quo(toRat(l), toRat(r))
	case "mod":
		if toFloat(r) == 0 {
			return nil
		}
		switch {
		case ints:
			return li % ri
		case floats:
			return math.Mod(toFloat(l), toFloat(r))
		}
		a, b := toRat(l), toRat(r)
		q := ratTrunc(new(big.Rat).Quo(a, b))
		return new(big.Rat).Sub(a, new(big.Rat).Mul(b, q))
	}
	panic("oracle: arith " + e.Op)
}

func (o *oracle) fn(f *plan.Func, row map[string]any) any {
	args := make([]any, len(f.Args))
	for i, a := range f.Args {
		args[i] = o.value(a, row)
	}
	switch f.Name {
	case "now":
		return time.Now().UTC()
	case "maxdatetime":
		return ts("9999-12-31 23:59:59.999")
	case "mindatetime":
		return ts("0001-01-01 00:00:00")
	}
	for _, a := range args {
		if a == nil {
			return nil
		}
	}
	str := func(i int) string { return args[i].(string) }
	switch f.Name {
	case "contains":
		return strings.Contains(str(0), str(1))
	case "startswith":
		return strings.HasPrefix(str(0), str(1))
	case "endswith":
		return strings.HasSuffix(str(0), str(1))
	case "matchespattern":
		return regexp.MustCompile(str(1)).MatchString(str(0))
	case "length":
		return int64(utf8.RuneCountInString(str(0)))
	case "indexof":
		i := strings.Index(str(0), str(1))
		if i < 0 {
			return int64(-1)
		}
		return int64(utf8.RuneCountInString(str(0)[:i]))
	case "substring":
		rs := []rune(str(0))
		start := max(args[1].(int64), 0)
		if start > int64(len(rs)) {
			start = int64(len(rs))
		}
		end := int64(len(rs))
		if len(args) == 3 {
			end = min(start+max(args[2].(int64), 0), end)
		}
		return string(rs[start:end])
	case "tolower":
		return o.fold(str(0), false)
	case "toupper":
		return o.fold(str(0), true)
	case "trim":
		return strings.Trim(str(0), " ")
	case "concat":
		return str(0) + str(1)
	case "year", "month", "day", "hour", "minute", "second", "fractionalseconds", "date", "totaloffsetminutes":
		var tm time.Time
		switch x := args[0].(type) {
		case time.Time:
			tm = x
		case dateV:
			tm, _ = time.Parse("2006-01-02", string(x))
		}
		switch f.Name {
		case "year":
			return int64(tm.Year())
		case "month":
			return int64(tm.Month())
		case "day":
			return int64(tm.Day())
		case "hour":
			return int64(tm.Hour())
		case "minute":
			return int64(tm.Minute())
		case "second":
			return int64(tm.Second())
		case "fractionalseconds":
			if o.e.FloatDecimal {
				return float64(tm.Nanosecond()) / 1e9
			}
			return big.NewRat(int64(tm.Nanosecond()), 1e9)
		case "totaloffsetminutes":
			return int64(0)
		}
		return dateV(tm.Format("2006-01-02"))
	case "round", "floor", "ceiling":
		switch x := args[0].(type) {
		case int64:
			return x
		case float64:
			return map[string]float64{"round": math.Round(x), "floor": math.Floor(x), "ceiling": math.Ceil(x)}[string(f.Name)]
		case *big.Rat:
			switch f.Name {
			case "floor":
				return ratFloor(x)
			case "ceiling":
				return new(big.Rat).Neg(ratFloor(new(big.Rat).Neg(x)))
			}
			abs := new(big.Rat).Abs(x)
			r := ratFloor(abs.Add(abs, big.NewRat(1, 2)))
			if x.Sign() < 0 {
				r.Neg(r)
			}
			return r
		}
	case "cast":
		x := args[0]
		switch {
		case f.T == edm.String:
			switch v := x.(type) {
			case string:
				return v
			case int64:
				return strconv.FormatInt(v, 10)
			}
		case f.T.IsIntegral():
			switch v := x.(type) {
			case int64:
				return v
			case float64:
				return int64(v)
			case *big.Rat:
				return ratTrunc(v).Num().Int64()
			}
		case f.T == edm.Decimal:
			if isFloat(x) || o.e.FloatDecimal {
				return toFloat(x)
			}
			return toRat(x)
		case f.T == edm.Double:
			return toFloat(x)
		}
	}
	panic("oracle: function " + f.Name)
}

// pred evaluates a predicate two-valued, as sqlgen renders it: eq/ne treat null as a
// value, everything else with a null operand is false.
func (o *oracle) pred(e plan.Expr, row map[string]any) bool {
	switch e := e.(type) {
	case *plan.Logical:
		if e.Op == "and" {
			return o.pred(e.L, row) && o.pred(e.R, row)
		}
		return o.pred(e.L, row) || o.pred(e.R, row)
	case *plan.Not:
		return !o.pred(e.X, row)
	case *plan.IsNull:
		v := o.value(e.X, row)
		null := v == nil || (e.Blank && v == "")
		return null != e.Negate
	case *plan.Compare:
		l, r := o.value(e.L, row), o.value(e.R, row)
		if e.Op == "eq" || e.Op == "ne" {
			eq := (l == nil && r == nil) || (l != nil && r != nil && compare(l, r) == 0)
			return eq == (e.Op == "eq")
		}
		if l == nil || r == nil {
			return false
		}
		c := compare(l, r)
		return map[string]bool{"lt": c < 0, "le": c <= 0, "gt": c > 0, "ge": c >= 0}[string(e.Op)]
	case *plan.In:
		for _, v := range e.List {
			if o.pred(&plan.Compare{Op: "eq", L: e.X, R: v}, row) {
				return true
			}
		}
		return false
	case *plan.Search:
		text := o.fold(e.Text, false)
		for _, c := range e.Cols {
			if s, ok := row[c.Name].(string); ok && strings.Contains(o.fold(s, false), text) {
				return true
			}
		}
		return false
	}
	v := o.value(e, row)
	b, _ := v.(bool)
	return b
}
