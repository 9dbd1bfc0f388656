package plan

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// WriteOp is the kind of a write.
type WriteOp int

const (
	Insert  WriteOp = iota // POST /Set
	Update                 // PATCH or MERGE /Set(key): only the given properties change
	Replace                // PUT /Set(key): every writable property is set; absent ones become null
	Delete                 // DELETE /Set(key)
)

func (op WriteOp) String() string {
	return [...]string{"insert", "update", "replace", "delete"}[op]
}

// Write is a bound write request, ready for SQL rendering.
type Write struct {
	Op    WriteOp
	Table *catalog.Table
	// Key holds the addressed entity's key values in Table.Key order. For Insert it
	// holds the values the body gave; a nil entry is a key the database generates.
	Key []*Const
	// Values are the columns written, in table column order (never key, generated,
	// auto-increment or ETag columns on updates; on Insert the given key columns are
	// included).
	Values []Assign
	// Bump is the ETag column an update advances (an integer row version: col + 1),
	// nil when there is none or the database maintains it. (An updated-at
	// DateTimeOffset ETag column is set to the current time through Values instead.)
	Bump *catalog.Column
}

// Assign is one column := value.
type Assign struct {
	Col *catalog.Column
	Val *Const // V nil is NULL
}

// WriteOpFor maps an HTTP method (after X-HTTP-Method tunnelling) and a path to a
// write operation: POST on a collection inserts; PATCH/MERGE, PUT and DELETE address
// one entity by key. Anything else is 405.
func WriteOpFor(method string, p odata.Path) (WriteOp, error) {
	notAllowed := func() error {
		return odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "", "%s is not allowed on this resource", method)
	}
	switch method {
	case http.MethodPost:
		if p.Kind != odata.PathEntitySet {
			return 0, notAllowed()
		}
		return Insert, nil
	case http.MethodPatch, "MERGE", http.MethodPut, http.MethodDelete:
		if p.Kind != odata.PathEntity {
			return 0, notAllowed()
		}
		switch method {
		case http.MethodPut:
			return Replace, nil
		case http.MethodDelete:
			return Delete, nil
		}
		return Update, nil
	}
	return 0, notAllowed()
}

// BuildWrite binds a write to the catalog: the entity set must exist and be writable,
// the key must fit, and every property of the JSON body is type-checked against its
// EDM type (400 with the property as target). Bodies may carry the whole entity, as
// Salesforce's UI sends it: unchanged key values, generated, auto-increment and ETag
// columns are ignored, as are instance annotations (`@odata.etag`, `Prop@odata.type`).
// A property the entity type does not have is a 400. now is the time of the write: an
// updated-at ETag column is set to it.
func BuildWrite(op WriteOp, p odata.Path, body []byte, cat *catalog.Catalog, now time.Time) (*Write, error) {
	t := cat.Set(p.EntitySet)
	if t == nil {
		return nil, odata.NotFound("EntitySetNotFound", p.EntitySet, "no entity set named '%s'", p.EntitySet)
	}
	if !t.Writable {
		return nil, odata.Errorf(http.StatusMethodNotAllowed, "ReadOnlyEntitySet", t.SetName,
			"entity set '%s' is read-only; the gateway's -writable setting enables writes", t.SetName)
	}
	w := &Write{Op: op, Table: t}
	if op != Insert {
		key, err := KeyValues(t, p.Key)
		if err != nil {
			return nil, err
		}
		w.Key = key
	}
	if op == Delete {
		return existing(w)
	}
	props, err := decodeBody(body)
	if err != nil {
		return nil, err
	}
	given := map[*catalog.Column]*Const{}
	for name, raw := range props {
		col := t.Column(name)
		if col == nil {
			return nil, odata.BadRequest("PropertyNotFound", name, "entity set '%s' has no property '%s'", t.SetName, name)
		}
		v, err := BodyValue(col, raw)
		if err != nil {
			return nil, err
		}
		given[col] = v
	}
	if err := bindNavs(t, body, given); err != nil { // Nav@odata.bind (navbind.go)
		return nil, err
	}
	if op == Insert {
		w.Key = make([]*Const, len(t.Key))
	}
	for i, k := range t.Key {
		v, ok := given[k]
		switch {
		case op == Insert && ok && !k.AutoIncrement && !k.Generated:
			if v.V == nil {
				return nil, odata.BadRequest("InvalidValue", k.Prop, "key property '%s' cannot be null", k.Prop)
			}
			w.Key[i] = v
		case op == Insert && !k.AutoIncrement && !k.Generated:
			return nil, odata.BadRequest("MissingKey", k.Prop, "key property '%s' is required", k.Prop)
		case op != Insert && ok && !sameValue(v, w.Key[i]):
			return nil, odata.BadRequest("KeyChanged", k.Prop, "key property '%s' cannot be changed; the body's value differs from the URL's", k.Prop)
		}
	}
	for _, col := range t.Columns {
		if col.Generated || col.AutoIncrement {
			continue
		}
		if col == t.ETag && (op != Insert || given[col] == nil) {
			// The ETag column is the server's: an updated-at timestamp is set to the
			// current time on every write, an integer row version advances (Bump).
			if col.Type == edm.DateTimeOffset {
				w.Values = append(w.Values, Assign{Col: col, Val: &Const{T: edm.DateTimeOffset, V: now.UTC().Truncate(time.Microsecond)}})
				continue
			}
			if op != Insert {
				continue
			}
		}
		if t.IsKey(col) {
			if op == Insert && given[col] != nil {
				w.Values = append(w.Values, Assign{Col: col, Val: given[col]})
			}
			continue
		}
		v, ok := given[col]
		switch {
		case ok && v.V == nil && !col.Nullable:
			if op == Insert && col.HasDefault {
				continue // the database's default applies
			}
			return nil, odata.BadRequest("InvalidValue", col.Prop, "property '%s' cannot be null", col.Prop)
		case ok:
			w.Values = append(w.Values, Assign{Col: col, Val: v})
		case op == Replace && col.Nullable:
			w.Values = append(w.Values, Assign{Col: col, Val: &Const{T: col.Type}})
		case op == Replace && !col.HasDefault || op == Insert && !col.Nullable && !col.HasDefault:
			return nil, odata.BadRequest("MissingProperty", col.Prop, "property '%s' is required", col.Prop)
		}
	}
	if op == Insert && len(w.Values) == 0 {
		return nil, odata.BadRequest("EmptyEntity", "", "the request body sets no writable property")
	}
	if op != Insert && t.ETag != nil && !t.ETag.Generated && t.ETag.Type.IsIntegral() {
		w.Bump = t.ETag
	}
	return existing(w)
}

// CheckTimes rejects (400 InvalidValue, naming the property) a date or time value the
// database cannot store: Times is the dialect's range (Limits.Times; nil: unbounded).
// A driver would otherwise fail on it (the MySQL driver refuses year 0) or the database
// would store something else.
func (w *Write) CheckTimes(r *TimeRange) error {
	if r == nil {
		return nil
	}
	for _, a := range w.Values {
		if a.Val == nil || a.Val.V == nil || (a.Col.Type != edm.Date && a.Col.Type != edm.DateTimeOffset) {
			continue
		}
		v, ok := constInstant(a.Val)
		if !ok {
			continue
		}
		if min, max := r.bounds(a.Col.Type); v.Before(min) || v.After(max) {
			return odata.BadRequest("InvalidValue", a.Col.Prop, "property '%s': %s is outside the range the database can store (%s to %s)",
				a.Col.Prop, v.Format(time.RFC3339), r.Min.Format(time.RFC3339), r.Max.Format(time.RFC3339))
		}
	}
	return nil
}

// existing is w, or 404 when its URL key is one no row can have (checked after the
// body, so that a bad body is the same 400 for every key).
func existing(w *Write) (*Write, error) {
	if w.Op != Insert && KeyCannotExist(w.Table, w.Key) {
		return nil, odata.NotFound("EntityNotFound", w.Table.SetName, "no entity in '%s' has this key", w.Table.SetName)
	}
	return w, nil
}

// decodeBody reads a JSON object, dropping instance and property annotations.
func decodeBody(body []byte) (map[string]json.RawMessage, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, odata.BadRequest("InvalidBody", "", "the request body is empty; send the entity as a JSON object")
	}
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, odata.BadRequest("InvalidBody", "", "the request body is not a JSON object")
	}
	if dec.More() {
		return nil, odata.BadRequest("InvalidBody", "", "the request body has data after the JSON object")
	}
	for k := range m {
		if strings.Contains(k, "@") || strings.HasPrefix(k, "odata.") {
			delete(m, k)
		}
	}
	return m, nil
}

// KeyValues converts a URL key predicate to the table's key values, in key order.
func KeyValues(t *catalog.Table, key []odata.KeyPart) ([]*Const, error) {
	target := t.SetName
	if len(key) != len(t.Key) {
		return nil, odata.BadRequest("InvalidKey", target, "entity set '%s' has a key of %d propert%s; the request gave %d", t.SetName, len(t.Key), plural(len(t.Key), "y", "ies"), len(key))
	}
	out := make([]*Const, len(t.Key))
	for i, part := range key {
		idx := i
		if part.Name != "" {
			idx = -1
			for j, k := range t.Key {
				if k.Prop == part.Name {
					idx = j
				}
			}
			if idx < 0 {
				return nil, odata.BadRequest("InvalidKey", target, "'%s' is not a key property of '%s'", part.Name, t.SetName)
			}
		} else if len(key) > 1 {
			return nil, odata.BadRequest("InvalidKey", target, "a composite key needs named values: (%s)", keyNames(t))
		}
		col := t.Key[idx]
		if part.Value.Kind == odata.LitNull {
			return nil, odata.BadRequest("InvalidKey", target, "key property '%s' cannot be null", col.Prop)
		}
		c, err := constFor(part.Value, col.Type)
		if err != nil {
			return nil, odata.BadRequest("InvalidKey", target, "key property '%s': %v", col.Prop, err)
		}
		out[idx] = c
	}
	for i, c := range out {
		if c == nil {
			return nil, odata.BadRequest("InvalidKey", target, "key property '%s' is missing", t.Key[i].Prop)
		}
	}
	return out, nil
}

// KeyCannotExist reports whether a key value lies outside what its column can hold
// (Orders(2147483648) on an Int32 key, a fraction on an integer key): no entity has
// that key, and the value is never sent to the database, which would reject it.
func KeyCannotExist(t *catalog.Table, key []*Const) bool {
	var b binder // no date range: a date key is left to the database
	for i, k := range t.Key {
		ref := &ColumnRef{Col: k}
		if b.columnRange(ref, key[i]) != inside {
			return true
		}
		if c, ok := exactCompare(&Compare{Op: odata.OpEq, L: ref, R: key[i]}).(*Const); ok && c.V == false {
			return true
		}
	}
	return false
}

// KeyFilter is the condition `k1 eq v1 and k2 eq v2 …` on the table's key.
func KeyFilter(t *catalog.Table, key []*Const) Expr {
	var cond Expr
	for i, k := range t.Key {
		cond = and(cond, &Compare{Op: odata.OpEq, L: &ColumnRef{Col: k}, R: key[i]})
	}
	return cond
}

// EntityQuery is the read of one entity by key, all columns: what a write answers with.
func EntityQuery(t *catalog.Table, key []*Const) *Query {
	q := &Query{Kind: Entity, Table: t, Select: t.Columns, Filter: KeyFilter(t, key), Limit: -1, Top: -1}
	for _, k := range t.Key {
		q.OrderBy = append(q.OrderBy, Order{Expr: &ColumnRef{Col: k}})
	}
	return q
}

// sameValue reports whether two constants of a column's type hold the same value.
func sameValue(a, b *Const) bool {
	if a == nil || b == nil {
		return a == b
	}
	switch x := a.V.(type) {
	case time.Time:
		y, ok := b.V.(time.Time)
		return ok && x.Equal(y)
	case []byte:
		y, ok := b.V.([]byte)
		return ok && bytes.Equal(x, y)
	case string:
		y, ok := b.V.(string)
		if a.T == edm.Decimal && ok {
			return decimalEqual(x, y)
		}
		return ok && x == y
	}
	return a.V == b.V
}

func decimalEqual(a, b string) bool {
	fa, ea := strconv.ParseFloat(a, 64)
	fb, eb := strconv.ParseFloat(b, 64)
	return ea == nil && eb == nil && fa == fb || a == b
}

// BodyValue converts one JSON property value to a constant of the column's EDM type,
// following OData JSON: strings for String, Date ("2020-01-31"), DateTimeOffset
// (RFC 3339), Guid and Binary (base64); numbers for the numeric types (Int64 and
// Decimal also as strings, the IEEE754Compatible form); true/false. A value that does
// not fit is a 400 naming the property.
func BodyValue(col *catalog.Column, raw json.RawMessage) (*Const, error) {
	raw = bytes.TrimSpace(raw)
	bad := func(format string, args ...any) error {
		return odata.BadRequest("InvalidValue", col.Prop, "property '%s' (%s): %s", col.Prop, col.Type, fmt.Sprintf(format, args...))
	}
	if string(raw) == "null" {
		return &Const{T: col.Type}, nil
	}
	str := func() (string, bool) {
		var s string
		if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	}
	number := func() (string, bool) {
		if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
			var n json.Number
			if json.Unmarshal(raw, &n) == nil {
				return n.String(), true
			}
		}
		return "", false
	}
	switch col.Type {
	case edm.String:
		s, ok := str()
		if !ok {
			return nil, bad("expected a JSON string")
		}
		if col.MaxLength > 0 && utf8.RuneCountInString(s) > col.MaxLength {
			return nil, bad("longer than %d characters", col.MaxLength)
		}
		return &Const{T: edm.String, V: s}, nil
	case edm.Boolean:
		switch string(raw) {
		case "true":
			return &Const{T: edm.Boolean, V: true}, nil
		case "false":
			return &Const{T: edm.Boolean, V: false}, nil
		}
		return nil, bad("expected true or false")
	case edm.Byte, edm.SByte, edm.Int16, edm.Int32, edm.Int64:
		s, ok := number()
		if !ok && col.Type == edm.Int64 {
			s, ok = str()
		}
		if !ok {
			return nil, bad("expected an integer")
		}
		// 5.0 is the integer 5; 5.5 is not.
		if whole, frac, found := strings.Cut(s, "."); found && strings.Trim(frac, "0") == "" {
			s = whole
		}
		lo, hi := intRange(col.Type)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < lo || n > hi {
			return nil, bad("expected an integer from %d to %d", lo, hi)
		}
		return &Const{T: col.Type, V: n}, nil
	case edm.Decimal:
		s, ok := number()
		if !ok {
			s, ok = str()
		}
		if !ok || !isDecimal(s) {
			return nil, bad("expected a decimal number")
		}
		if err := fitsDecimal(s, col.Precision, col.Scale); err != "" {
			return nil, bad("%s", err)
		}
		return &Const{T: edm.Decimal, V: s}, nil
	case edm.Single, edm.Double:
		s, ok := number()
		if !ok {
			return nil, bad("expected a number (NaN and INF cannot be stored)")
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, bad("out of range")
		}
		if col.Type == edm.Single && math.Abs(f) > math.MaxFloat32 {
			return nil, bad("out of range")
		}
		return &Const{T: col.Type, V: f}, nil
	case edm.Date:
		s, ok := str()
		if _, err := time.Parse(edm.DateLayout, s); !ok || err != nil {
			return nil, bad("expected a date like \"2020-01-31\"")
		}
		return &Const{T: edm.Date, V: s}, nil
	case edm.DateTimeOffset:
		s, ok := str()
		tm, err := time.Parse(time.RFC3339Nano, s)
		if !ok || err != nil {
			return nil, bad("expected a timestamp like \"2020-01-31T10:00:00Z\"")
		}
		return &Const{T: edm.DateTimeOffset, V: tm.UTC()}, nil
	case edm.Guid:
		s, ok := str()
		s = strings.ToLower(s)
		if !ok || !odata.IsGuid(s) {
			return nil, bad("expected a GUID like \"01234567-89ab-cdef-0123-456789abcdef\"")
		}
		return &Const{T: edm.Guid, V: s}, nil
	case edm.Binary:
		s, ok := str()
		if !ok {
			return nil, bad("expected base64 text")
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			b, err = base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
		}
		if err != nil {
			return nil, bad("expected base64 text")
		}
		if col.MaxLength > 0 && len(b) > col.MaxLength {
			return nil, bad("longer than %d bytes", col.MaxLength)
		}
		return &Const{T: edm.Binary, V: b}, nil
	}
	return nil, odata.NotImplemented("NotSupported", col.Prop, "property '%s' has type %s, which cannot be written", col.Prop, col.Type)
}

func intRange(t edm.Type) (int64, int64) {
	switch t {
	case edm.Byte:
		return 0, math.MaxUint8
	case edm.SByte:
		return math.MinInt8, math.MaxInt8
	case edm.Int16:
		return math.MinInt16, math.MaxInt16
	case edm.Int32:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// isDecimal reports whether s is [-]digits[.digits] (no exponent: writes keep exact
// digits).
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, found := strings.Cut(s, ".")
	if whole == "" || found && frac == "" {
		return false
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

// fitsDecimal checks digits against DECIMAL(p,s); p == 0 means unconstrained.
func fitsDecimal(s string, p, sc int) string {
	if p <= 0 {
		return ""
	}
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	whole = strings.TrimLeft(whole, "0")
	frac = strings.TrimRight(frac, "0")
	if len(frac) > sc {
		return fmt.Sprintf("more than %d decimal places", sc)
	}
	if len(whole) > p-sc {
		return fmt.Sprintf("more than %d digits before the decimal point", p-sc)
	}
	return ""
}
