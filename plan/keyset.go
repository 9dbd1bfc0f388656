package plan

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
)

// Keyset paging. A server-driven next link carries a signed $skiptoken. When every
// $orderby term is a plain column (the key columns always close the order), the token
// holds the sort values of the first row of the next page, and that page is read with
// a seek predicate — rows at or after that position in the order — instead of an
// OFFSET: page N costs what page 1 costs, and rows inserted or deleted between pages do
// not shift the window. An order on an expression (year(D), length(S)) falls back to
// an offset token. Both kinds are HMAC-signed with a key derived from
// Limits.TokenSecret (a random per-process key when empty) and bound to the entity set
// and the order, so a forged, truncated or foreign token is a 400.

// Keyset is the seek paging of a collection query whose order is all columns.
type Keyset struct {
	// Cols are the order columns, in order (the key columns last), and Desc their
	// directions.
	Cols []*catalog.Column
	Desc []bool
	// Index is where each order column's value is in a scanned row: its position in
	// Query.Select, or len(Select)+i for Query.Extra[i].
	Index []int
	// After holds the values of the row the page starts at (inclusive), one per
	// column, from the $skiptoken; nil on the first page. A Const with V == nil is a
	// null. sqlgen renders it as the expanded seek predicate.
	After []*Const
}

// MaxSkipTokenLen bounds a keyset $skiptoken; a row whose sort values would make a
// longer token (long text in the order) gets an offset token instead.
const MaxSkipTokenLen = 1024

// processTokenKey signs tokens when no secret is configured: valid only in this
// process.
var processTokenKey = func() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("plan: no randomness for the $skiptoken key: " + err.Error())
	}
	return k
}()

func tokenKey(secret string) []byte {
	if secret == "" {
		return processTokenKey
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("odatagw $skiptoken key v1"))
	return m.Sum(nil)
}

// seekable reports whether a column's values can be carried in a token and compared
// in SQL the way ORDER BY orders them.
func seekable(c *catalog.Column, lim *Limits) bool {
	switch c.Type {
	case edm.String, edm.Boolean, edm.Byte, edm.SByte, edm.Int16, edm.Int32, edm.Int64,
		edm.Single, edm.Double, edm.Decimal, edm.Date, edm.DateTimeOffset, edm.Guid:
	default:
		return false
	}
	return lim.Seekable == nil || lim.Seekable(c)
}

// keysetOf returns the keyset of q's order, nil when a term is not a seekable column.
func keysetOf(q *Query, lim *Limits) *Keyset {
	ks := &Keyset{}
	for _, o := range q.OrderBy {
		r, ok := o.Expr.(*ColumnRef)
		if !ok || !seekable(r.Col, lim) {
			return nil
		}
		ks.Cols = append(ks.Cols, r.Col)
		ks.Desc = append(ks.Desc, o.Desc)
	}
	if len(ks.Cols) == 0 {
		return nil
	}
	return ks
}

// index places the keyset columns in the scanned row, adding the ones $select left out
// to q.Extra.
func (ks *Keyset) index(q *Query) {
	ks.Index = make([]int, len(ks.Cols))
	for i, c := range ks.Cols {
		pos := -1
		for j, s := range q.Select {
			if s == c {
				pos = j
			}
		}
		if pos < 0 {
			for j, e := range q.Extra {
				if e == c {
					pos = len(q.Select) + j
				}
			}
		}
		if pos < 0 {
			q.Extra = append(q.Extra, c)
			pos = len(q.Select) + len(q.Extra) - 1
		}
		ks.Index[i] = pos
	}
}

// orderSig is what a token is bound to besides its entity set: the order.
func orderSig(q *Query) string {
	var sb strings.Builder
	for _, o := range q.OrderBy {
		sb.WriteString(o.Expr.String())
		if o.Desc {
			sb.WriteString(" desc")
		}
		sb.WriteByte(',')
	}
	return sb.String()
}

type tokenBody struct {
	N int64     `json:"n"`           // rows delivered by earlier pages
	V []*string `json:"v,omitempty"` // keyset: the next page's first row, one per order column
}

func sign(key []byte, q *Query, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("odatagw/skiptoken/1\x00"))
	m.Write([]byte(q.Table.SetName))
	m.Write([]byte{0})
	m.Write([]byte(orderSig(q)))
	m.Write([]byte{0})
	m.Write([]byte(payload))
	return m.Sum(nil)[:16]
}

func encodeToken(lim Limits, q *Query, body tokenBody) string {
	raw, _ := json.Marshal(body)
	payload := base64.RawURLEncoding.EncodeToString(raw)
	return payload + "." + base64.RawURLEncoding.EncodeToString(sign(tokenKey(lim.TokenSecret), q, payload))
}

// OffsetToken is the $skiptoken of the next page of q after delivered rows, read
// with an OFFSET.
func OffsetToken(lim Limits, q *Query, delivered int64) string {
	return encodeToken(lim, q, tokenBody{N: delivered})
}

// KeysetToken is the $skiptoken of the next page of q, which starts at the row whose
// scanned values (as database/sql gave them, Select then Extra) are row; "" when q has
// no keyset, a value cannot be carried exactly, or the token would pass
// MaxSkipTokenLen (the caller then uses OffsetToken).
func KeysetToken(lim Limits, q *Query, delivered int64, row []any) string {
	ks := q.Keyset
	if ks == nil {
		return ""
	}
	body := tokenBody{N: delivered, V: make([]*string, len(ks.Cols))}
	for i, c := range ks.Cols {
		if ks.Index[i] >= len(row) {
			return ""
		}
		v, ok := seekValue(c, row[ks.Index[i]])
		if !ok {
			return ""
		}
		if v != nil {
			s, ok := tokenText(c.Type, v)
			if !ok {
				return ""
			}
			body.V[i] = &s
		}
	}
	tok := encodeToken(lim, q, body)
	if len(tok) > MaxSkipTokenLen {
		return ""
	}
	return tok
}

// strict refuses the non-canonical encodings (stray bits in the last character), so
// that a token has exactly one spelling.
var strict = base64.RawURLEncoding.Strict()

var errBadToken = odata.BadRequest("InvalidSkipToken", "$skiptoken", "$skiptoken is not one this service issued")

// decodeToken checks the signature of tok for q and returns its body.
func decodeToken(lim Limits, q *Query, tok string) (tokenBody, error) {
	var body tokenBody
	payload, mac, ok := strings.Cut(tok, ".")
	if !ok || len(tok) > 2*MaxSkipTokenLen {
		return body, errBadToken
	}
	got, err := strict.DecodeString(mac)
	if err != nil || !hmac.Equal(got, sign(tokenKey(lim.TokenSecret), q, payload)) {
		return body, errBadToken
	}
	raw, err := strict.DecodeString(payload)
	if err != nil || json.Unmarshal(raw, &body) != nil || body.N < 0 {
		return body, errBadToken
	}
	return body, nil
}

// seekValue converts a scanned driver value of column c to the Go value a Const of
// c's type holds (see Const), exactly: nil for null; ok false when the value has a
// form this code does not know (the page then gets an offset token).
func seekValue(c *catalog.Column, v any) (any, bool) {
	if v == nil {
		return nil, true
	}
	if b, ok := v.([]byte); ok {
		if b == nil {
			return nil, true
		}
		v = string(b)
	}
	switch c.Type {
	case edm.String:
		s, ok := v.(string)
		return s, ok
	case edm.Guid:
		switch x := v.(type) {
		case string:
			return x, true
		case [16]byte:
			return fmt.Sprintf("%x-%x-%x-%x-%x", x[0:4], x[4:6], x[6:8], x[8:10], x[10:16]), true
		}
	case edm.Boolean:
		switch x := v.(type) {
		case bool:
			return x, true
		case int64:
			return x != 0, true
		case string:
			switch strings.ToLower(x) {
			case "1", "t", "true":
				return true, true
			case "0", "f", "false":
				return false, true
			}
		}
	case edm.Byte, edm.SByte, edm.Int16, edm.Int32, edm.Int64:
		switch x := v.(type) {
		case int64:
			return x, true
		case int32:
			return int64(x), true
		case int16:
			return int64(x), true
		case int8:
			return int64(x), true
		case int:
			return int64(x), true
		case uint8:
			return int64(x), true
		case uint16:
			return int64(x), true
		case uint32:
			return int64(x), true
		case uint64:
			if x <= math.MaxInt64 {
				return int64(x), true
			}
		case string:
			n, err := strconv.ParseInt(x, 10, 64)
			return n, err == nil
		}
	case edm.Single, edm.Double:
		var f float64
		switch x := v.(type) {
		case float64:
			f = x
		case float32:
			f = float64(x)
		case int64:
			f = float64(x)
			if int64(f) != x {
				return nil, false
			}
		case string:
			var err error
			if f, err = strconv.ParseFloat(x, 64); err != nil {
				return nil, false
			}
		default:
			return nil, false
		}
		if c.Type == edm.Single && !math.IsNaN(f) {
			// A single-precision column holds a float32: its exact value.
			f = float64(float32(f))
		}
		return f, true
	case edm.Decimal:
		switch x := v.(type) {
		case string:
			return x, true
		case int64:
			return x, true // SQLite: an integral value of a NUMERIC column
		case float64:
			// SQLite stores such values as REAL: the seek binds that double itself
			// (its shortest text can have more digits than SQLite takes as a literal).
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, false
			}
			return x, true
		}
	case edm.Date:
		switch x := v.(type) {
		case time.Time:
			return x.Format(edm.DateLayout), true
		case string:
			if len(x) >= 10 {
				if _, err := time.Parse(edm.DateLayout, x[:10]); err == nil && (len(x) == 10 || strings.Trim(x[10:], " T0:.Z") == "") {
					return x[:10], true
				}
			}
		}
	case edm.DateTimeOffset:
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), true
		case string:
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
				if t, err := time.Parse(layout, x); err == nil {
					return t.UTC(), true
				}
			}
		}
	}
	return nil, false
}

// tokenText writes a Const value of type t as token text. A decimal column's value
// says which Go type it had (digits "s…", SQLite's integer "i…" or double "f…").
func tokenText(t edm.Type, v any) (string, bool) {
	if t == edm.Decimal {
		switch x := v.(type) {
		case string:
			return "s" + x, true
		case int64:
			return "i" + strconv.FormatInt(x, 10), true
		case float64:
			return "f" + strconv.FormatFloat(x, 'g', -1, 64), true
		}
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano), true
	}
	return "", false
}

// tokenValue reads token text back into a Const of column c's type.
func tokenValue(c *catalog.Column, s *string) (*Const, bool) {
	if s == nil {
		return &Const{T: c.Type}, true
	}
	switch c.Type {
	case edm.String, edm.Guid:
		return &Const{T: c.Type, V: *s}, true
	case edm.Decimal:
		if *s == "" {
			return nil, false
		}
		switch rest := (*s)[1:]; (*s)[0] {
		case 's':
			return &Const{T: c.Type, V: rest}, true
		case 'i':
			n, err := strconv.ParseInt(rest, 10, 64)
			return &Const{T: edm.Int64, V: n}, err == nil
		case 'f':
			f, err := strconv.ParseFloat(rest, 64)
			return &Const{T: edm.Double, V: f}, err == nil
		}
		return nil, false
	case edm.Date:
		if _, err := time.Parse(edm.DateLayout, *s); err != nil {
			return nil, false
		}
		return &Const{T: c.Type, V: *s}, true
	case edm.Boolean:
		b, err := strconv.ParseBool(*s)
		return &Const{T: c.Type, V: b}, err == nil
	case edm.Byte, edm.SByte, edm.Int16, edm.Int32, edm.Int64:
		n, err := strconv.ParseInt(*s, 10, 64)
		return &Const{T: c.Type, V: n}, err == nil
	case edm.Single, edm.Double:
		f, err := strconv.ParseFloat(*s, 64)
		return &Const{T: c.Type, V: f}, err == nil
	case edm.DateTimeOffset:
		t, err := time.Parse(time.RFC3339Nano, *s)
		return &Const{T: c.Type, V: t.UTC()}, err == nil
	}
	return nil, false
}

// applySkipToken reads the request's $skiptoken into q: the rows delivered so far and,
// for a keyset token, the row the page starts at.
func applySkipToken(b *binder, tok string) error {
	q := b.q
	body, err := decodeToken(b.lim, q, tok)
	if err != nil {
		return err
	}
	q.Delivered = body.N
	if body.V == nil {
		return nil
	}
	ks := keysetOf(q, &b.lim)
	if ks == nil || len(ks.Cols) != len(body.V) {
		return errBadToken
	}
	ks.After = make([]*Const, len(body.V))
	for i, c := range ks.Cols {
		v, ok := tokenValue(c, body.V[i])
		if !ok || (v.V == nil && !c.Nullable) {
			return errBadToken
		}
		ks.After[i] = v
	}
	q.Keyset = ks
	return nil
}
