package jsonfmt

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/odata/edm"
)

var allProps = []*edm.Property{
	pString, pBool, pByte, pSByte, pInt16, pInt32, pInt64, pSingle, pDouble,
	pDate, pDTO, dto(3), dto(9), pGuid, pBinary, pDec102, pDec200, pDecVar, pDecNoFac,
}

const alphabet = "0123456789.-+eE :TZtz{}abcdefABCDEF\"\\\x00\x01\n\xff\xc3\u00e9\u2028"

func randomText(r *rand.Rand) []byte {
	var b []byte
	switch r.IntN(4) {
	case 0: // anything
		b = make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
	case 1: // a plausible number
		b = strconv.AppendFloat(b, r.NormFloat64()*math.Pow(10, float64(r.IntN(30)-10)), 'f', r.IntN(12)-1, 64)
	case 2: // a plausible date-time
		t := time.Unix(r.Int64N(1<<36)-1<<35, r.Int64N(1e9)).UTC()
		layouts := []string{"2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04"}
		b = t.In(time.FixedZone("", (r.IntN(48)-24)*1800)).AppendFormat(b, layouts[r.IntN(len(layouts))])
	default: // characters that matter to the parsers
		b = make([]byte, r.IntN(40))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
	}
	// Mutate a byte now and then.
	if len(b) > 0 && r.IntN(4) == 0 {
		b[r.IntN(len(b))] = alphabet[r.IntN(len(alphabet))]
	}
	return b
}

func randomValue(r *rand.Rand) any {
	switch r.IntN(14) {
	case 0:
		return nil
	case 1:
		return randomText(r)
	case 2:
		return string(randomText(r))
	case 3:
		return int64(r.Uint64())
	case 4:
		return r.Int64N(1000) - 500
	case 5:
		return r.Uint64()
	case 6:
		return math.Float64frombits(r.Uint64())
	case 7:
		return r.NormFloat64() * 1000
	case 8:
		return float32(r.NormFloat64())
	case 9:
		return r.IntN(2) == 0
	case 10:
		return time.Unix(r.Int64N(1<<40)-1<<39, r.Int64N(1e9)).In(time.FixedZone("", (r.IntN(96)-48)*900))
	case 11:
		var g [16]byte
		for i := range g {
			g[i] = byte(r.UintN(256))
		}
		return g
	case 12:
		return int32(r.Uint32())
	default:
		return []any{1} // an unsupported shape
	}
}

// checkValue checks what AppendValue wrote beyond being valid JSON.
func checkValue(t *testing.T, p *edm.Property, f Format, v any, out []byte) {
	t.Helper()
	if !jsontext.Value(out).IsValid() {
		t.Fatalf("%s %T %q: invalid JSON %q", p.Type, v, v, out)
	}
	if string(out) == "null" {
		if v != nil {
			if b, ok := v.([]byte); !ok || b != nil {
				t.Fatalf("%s %T %q: null for a non-null value", p.Type, v, v)
			}
		}
		return
	}
	s := string(out)
	special := s == `"NaN"` || s == `"INF"` || s == `"-INF"`
	unq := strings.Trim(s, `"`)
	switch p.Type {
	case edm.Byte, edm.SByte, edm.Int16, edm.Int32, edm.Int64:
		if _, err := strconv.ParseInt(unq, 10, 64); err != nil {
			t.Fatalf("%s %T %q: %s is not an integer", p.Type, v, v, out)
		}
		if quoted := s[0] == '"'; quoted != (p.Type == edm.Int64 && f.IEEE754Compatible) {
			t.Fatalf("%s: quoting of %s", p.Type, out)
		}
	case edm.Decimal, edm.Double, edm.Single:
		if special {
			return
		}
		if _, err := strconv.ParseFloat(unq, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			t.Fatalf("%s %T %q: %s is not a number", p.Type, v, v, out)
		}
		if quoted := s[0] == '"'; quoted != (p.Type == edm.Decimal && f.IEEE754Compatible) {
			t.Fatalf("%s: quoting of %s", p.Type, out)
		}
	case edm.DateTimeOffset:
		if !strings.HasSuffix(unq, "Z") {
			t.Fatalf("%s: %s not in UTC", p.Type, out)
		}
		if unq[0] == '-' || unq[4] != '-' {
			return // a year time.Parse cannot read (negative or past 9999): valid OData
		}
		if tm, err := time.Parse(time.RFC3339Nano, unq); err == nil {
			if vt, ok := v.(time.Time); ok && p.Precision == 0 && !vt.Truncate(100).Equal(tm) {
				t.Fatalf("%s: %v written as %s", p.Type, vt, out)
			}
		} else {
			t.Fatalf("%s %T %q: %s does not parse: %v", p.Type, v, v, out, err)
		}
	case edm.Date:
		if unq[0] == '-' || unq[4] != '-' {
			return
		}
		if _, err := time.Parse(time.DateOnly, unq); err != nil {
			t.Fatalf("%s %T %q: %s does not parse: %v", p.Type, v, v, out, err)
		}
	case edm.Guid:
		if len(unq) != 36 || strings.ToLower(unq) != unq {
			t.Fatalf("%s: %s", p.Type, out)
		}
	case edm.Boolean:
		if s != "true" && s != "false" {
			t.Fatalf("%s: %s", p.Type, out)
		}
	}
}

// TestRandomValuesAreValidJSON feeds random driver values of every shape to every
// property type, alone and as collection rows: no panics, errors only as *ValueError,
// and every output valid JSON of the right kind.
func TestRandomValuesAreValidJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	var page bytes.Buffer
	props := make([]*edm.Property, 4)
	vals := make([]any, 4)
	ok, failed := 0, 0
	for i := range n {
		f := Format{IEEE754Compatible: i%3 == 0}
		p := allProps[r.IntN(len(allProps))]
		v := randomValue(r)
		out, err := f.AppendValue(nil, p, v)
		if err != nil {
			failed++
			var ve *ValueError
			if !errors.As(err, &ve) || len(out) != 0 {
				t.Fatalf("%s %T: error %v, out %q", p.Type, v, err, out)
			}
		} else {
			ok++
			checkValue(t, p, f, v, out)
		}

		if i%4 == 0 {
			page.Reset()
			count := r.Int64()
			for j := range props {
				cp := *allProps[r.IntN(len(allProps))]
				cp.Name = "P" + strconv.Itoa(j) // member names must be unique
				props[j] = &cp
			}
			cw := NewCollectionWriter(&page, Options{ContextURL: string(randomText(r)), Count: &count, IEEE754Compatible: f.IEEE754Compatible})
			for range 5 {
				for j := range vals {
					vals[j] = randomValue(r)
				}
				_ = cw.WriteRow(props, vals)
			}
			if err := cw.Close(string(randomText(r))); err != nil {
				t.Fatal(err)
			}
			if !jsontext.Value(page.Bytes()).IsValid() {
				t.Fatalf("invalid page: %q", page.Bytes())
			}
		}
	}
	if ok < n/4 || failed < n/10 {
		t.Errorf("poor coverage: %d converted, %d rejected", ok, failed)
	}
}

func FuzzAppendValue(f *testing.F) {
	for _, c := range valueCases() {
		switch v := c.v.(type) {
		case string:
			f.Add([]byte(v), uint8(kindOf(c.p.Type)), false, true)
		case []byte:
			f.Add(v, uint8(kindOf(c.p.Type)), true, false)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, typ uint8, ieee, asString bool) {
		p := allProps[int(typ)%len(allProps)]
		var v any = data
		if asString {
			v = string(data)
		}
		fm := Format{IEEE754Compatible: ieee}
		out, err := fm.AppendValue(nil, p, v)
		if err != nil {
			if !errors.Is(err, ErrConversion) {
				t.Fatalf("error %v does not wrap ErrConversion", err)
			}
			return
		}
		checkValue(t, p, fm, v, out)
	})
}
