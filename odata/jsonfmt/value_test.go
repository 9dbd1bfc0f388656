package jsonfmt

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/odatagw/odatagw/odata/edm"
)

func prop(t edm.Type) *edm.Property { return &edm.Property{Name: "P", Type: t, Nullable: true} }

func decimal(precision, scale int) *edm.Property {
	return &edm.Property{Name: "D", Type: edm.Decimal, Precision: precision, Scale: scale}
}

func dto(precision int) *edm.Property {
	return &edm.Property{Name: "T", Type: edm.DateTimeOffset, Precision: precision}
}

var (
	pString   = prop(edm.String)
	pBool     = prop(edm.Boolean)
	pByte     = prop(edm.Byte)
	pSByte    = prop(edm.SByte)
	pInt16    = prop(edm.Int16)
	pInt32    = prop(edm.Int32)
	pInt64    = prop(edm.Int64)
	pSingle   = prop(edm.Single)
	pDouble   = prop(edm.Double)
	pDate     = prop(edm.Date)
	pDTO      = prop(edm.DateTimeOffset)
	pGuid     = prop(edm.Guid)
	pBinary   = prop(edm.Binary)
	pDec102   = decimal(10, 2)
	pDec200   = decimal(20, 0)
	pDecVar   = &edm.Property{Name: "D", Type: edm.Decimal, Precision: 38, ScaleVariable: true}
	pDecNoFac = prop(edm.Decimal)
)

const errWant = "\x00error" // marks a case that must fail

type valueCase struct {
	name string
	p    *edm.Property
	v    any
	want string // JSON, or errWant
}

func utc(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
}

var (
	minus5  = time.FixedZone("-05:00", -5*3600)
	plus530 = time.FixedZone("+05:30", 5*3600+1800)
)

func valueCases() []valueCase {
	return []valueCase{
		// null, for every shape
		{"nil", pString, nil, `null`},
		{"nil bytes", pDec102, []byte(nil), `null`},
		{"nil int", pInt32, nil, `null`},

		// Edm.String
		{"string", pString, "abc", `"abc"`},
		{"bytes", pString, []byte("héllo"), `"héllo"`},
		{"empty bytes", pString, []byte{}, `""`},
		{"escapes", pString, "a\"b\\c\n\t\x01", `"a\"b\\c\n\t\u0001"`},
		{"html not escaped", pString, "<a&b>", `"<a&b>"`},
		{"invalid utf8 bytes", pString, []byte{'a', 0xff, 'b'}, "\"a\uFFFDb\""},
		{"invalid utf8 string", pString, "x\xc3(", "\"x\uFFFD(\""},
		{"u2028 kept", pString, "a\u2028b", "\"a\u2028b\""},
		{"string from int64", pString, int64(-42), `"-42"`},
		{"string from uint64", pString, uint64(math.MaxUint64), `"18446744073709551615"`},
		{"string from float", pString, 1.5, `"1.5"`},
		{"string from bool", pString, true, `"true"`},
		{"string from time", pString, utc(2020, 1, 31, 10, 0, 0, 5), `"2020-01-31T10:00:00.000000005Z"`},
		{"string from struct", pString, struct{}{}, errWant},

		// Edm.Boolean
		{"bool true", pBool, true, `true`},
		{"bool false", pBool, false, `false`},
		{"int64 0", pBool, int64(0), `false`},
		{"int64 1", pBool, int64(1), `true`},
		{"int64 5 is true", pBool, int64(5), `true`},
		{"int32 1", pBool, int32(1), `true`},
		{"BIT(1) 0", pBool, []byte{0}, `false`},
		{"BIT(1) 1", pBool, []byte{1}, `true`},
		{"TINYINT(1) text 0", pBool, []byte("0"), `false`},
		{"TINYINT(1) text 1", pBool, []byte("1"), `true`},
		{"text true", pBool, "true", `true`},
		{"text FALSE", pBool, "FALSE", `false`},
		{"text t", pBool, "t", `true`},
		{"text f", pBool, []byte("f"), `false`},
		{"text -1", pBool, "-1", `true`},
		{"float 0", pBool, 0.0, `false`},
		{"float 1", pBool, 1.0, `true`},
		{"text yes", pBool, "yes", errWant},
		{"empty text", pBool, "", errWant},
		{"byte 2", pBool, []byte{2}, errWant},
		{"NaN bool", pBool, math.NaN(), errWant},
		{"time bool", pBool, time.Time{}, errWant},

		// integers
		{"int32 from int64", pInt32, int64(42), `42`},
		{"int32 from int32", pInt32, int32(-5), `-5`},
		{"int32 from text", pInt32, []byte("42"), `42`},
		{"int32 from string", pInt32, "-7", `-7`},
		{"int32 plus", pInt32, "+7", `7`},
		{"int32 zerofill", pInt32, []byte("0000042"), `42`},
		{"int32 zero", pInt32, []byte("000"), `0`},
		{"int32 max", pInt32, "2147483647", `2147483647`},
		{"int32 overflow text", pInt32, "2147483648", errWant},
		{"int32 overflow int64", pInt32, int64(1) << 31, errWant},
		{"int32 from integral float", pInt32, 3.0, `3`},
		{"int32 from fractional float", pInt32, 3.5, errWant},
		{"int32 from decimal text", pInt32, "4.0", errWant},
		{"int32 empty", pInt32, "", errWant},
		{"int32 sign only", pInt32, "-", errWant},
		{"int32 junk", pInt32, []byte("12a"), errWant},
		{"int32 space", pInt32, " 12", errWant},
		{"int32 from bool", pInt32, true, `1`},
		{"int32 from time", pInt32, time.Time{}, errWant},
		{"int32 from int", pInt32, 7, `7`},
		{"int32 from uint8", pInt32, uint8(200), `200`},
		{"byte 255", pByte, int64(255), `255`},
		{"byte 256", pByte, int64(256), errWant},
		{"byte -1", pByte, "-1", errWant},
		{"sbyte -128", pSByte, int64(-128), `-128`},
		{"sbyte 128", pSByte, []byte("128"), errWant},
		{"int16 max", pInt16, int64(32767), `32767`},
		{"int16 min-1", pInt16, int64(-32769), errWant},
		{"int64 2^53+1", pInt64, int64(1<<53 + 1), `9007199254740993`},
		{"int64 max text", pInt64, []byte("9223372036854775807"), `9223372036854775807`},
		{"int64 min text", pInt64, "-9223372036854775808", `-9223372036854775808`},
		{"int64 overflow text", pInt64, "9223372036854775808", errWant},
		{"int64 underflow text", pInt64, "-9223372036854775809", errWant},
		{"int64 huge text", pInt64, "99999999999999999999999", errWant},
		{"int64 uint64 max", pInt64, uint64(math.MaxUint64), errWant},
		{"int64 uint64 small", pInt64, uint64(5), `5`},
		{"int64 float 2^63", pInt64, float64(1 << 63), errWant},
		{"int64 float -2^63", pInt64, -float64(1 << 63), `-9223372036854775808`},
		{"int64 float NaN", pInt64, math.NaN(), errWant},
		{"int64 float Inf", pInt64, math.Inf(1), errWant},

		// Edm.Decimal, text: digits verbatim
		{"decimal 1.50", pDec102, []byte("1.50"), `1.50`},
		{"decimal string", pDec102, "-0.05", `-0.05`},
		{"decimal 30 digits", pDecVar, []byte("123456789012345678901234567890"), `123456789012345678901234567890`},
		{"decimal 30 digits scaled", pDecVar, "12345678901234567890.1234567890", `12345678901234567890.1234567890`},
		{"decimal plus", pDec102, "+1.5", `1.5`},
		{"decimal zerofill", pDec102, []byte("0001.50"), `1.50`},
		{"decimal 0.00", pDec102, []byte("0.00"), `0.00`},
		{"decimal bare fraction", pDec102, ".5", `0.5`},
		{"decimal negative bare fraction", pDec102, "-.5", `-0.5`},
		{"decimal trailing point", pDec102, "5.", `5`},
		{"decimal exponent", pDecNoFac, "1E3", `1e3`},
		{"decimal exponent sign", pDecNoFac, "1.5e-7", `1.5e-7`},
		{"decimal junk", pDec102, "abc", errWant},
		{"decimal two points", pDec102, "1.2.3", errWant},
		{"decimal empty", pDec102, []byte(""), errWant},
		{"decimal sign only", pDec102, "-", errWant},
		{"decimal point only", pDec102, ".", errWant},
		{"decimal bad exponent", pDec102, "1e", errWant},
		{"decimal leading space", pDec102, " 1", errWant},
		{"decimal trailing space", pDec102, "1 ", errWant},
		{"decimal comma", pDec102, "1,5", errWant},
		{"decimal hex", pDec102, "0x10", errWant},
		{"decimal NaN text", pDecVar, "NaN", `"NaN"`},
		{"decimal Infinity text", pDecVar, "Infinity", `"INF"`},
		{"decimal -Infinity text", pDecVar, []byte("-Infinity"), `"-INF"`},
		// Edm.Decimal from SQLite floats: exactly Scale digits
		{"decimal float scale 2", pDec102, 1.5, `1.50`},
		{"decimal float 0.1+0.2", pDec102, 0.1 + 0.2, `0.30`},
		{"decimal float negative", pDec102, -1234.5, `-1234.50`},
		{"decimal float scale 0", pDec200, 3.0, `3`},
		{"decimal float scale 0 rounds", pDec200, 2.5, `2`},
		{"decimal float variable", pDecVar, 0.1, `0.1`},
		{"decimal float no facets", pDecNoFac, 1.25, `1.25`},
		{"decimal float big", pDecNoFac, 1e21, `1000000000000000000000`},
		{"decimal float32", pDec102, float32(1.5), `1.50`},
		{"decimal float NaN", pDec102, math.NaN(), `"NaN"`},
		{"decimal float -Inf", pDec102, math.Inf(-1), `"-INF"`},
		// Edm.Decimal from integers
		{"decimal int scale 2", pDec102, int64(42), `42.00`},
		{"decimal int variable", pDecVar, int64(42), `42`},
		{"decimal uint64 max", pDec200, uint64(math.MaxUint64), `18446744073709551615`},
		{"decimal bool", pDec102, true, errWant},
		{"decimal time", pDec102, time.Time{}, errWant},

		// Edm.Double / Edm.Single
		{"double", pDouble, 1.5, `1.5`},
		{"double 0.1", pDouble, 0.1, `0.1`},
		{"double integral", pDouble, 3.0, `3`},
		{"double big", pDouble, 1e21, `1e+21`},
		{"double small", pDouble, 1e-7, `1e-7`},
		{"double negative zero", pDouble, math.Copysign(0, -1), `-0`},
		{"double max", pDouble, math.MaxFloat64, `1.7976931348623157e+308`},
		{"double NaN", pDouble, math.NaN(), `"NaN"`},
		{"double +Inf", pDouble, math.Inf(1), `"INF"`},
		{"double -Inf", pDouble, math.Inf(-1), `"-INF"`},
		{"double from float32", pDouble, float32(0.1), `0.1`},
		{"double from int64", pDouble, int64(42), `42`},
		{"double from text", pDouble, []byte("3.14"), `3.14`},
		{"double from pg text", pDouble, "1e+300", `1e+300`},
		{"double from Infinity text", pDouble, "Infinity", `"INF"`},
		{"double from -inf text", pDouble, "-inf", `"-INF"`},
		{"double from NaN text", pDouble, []byte("NaN"), `"NaN"`},
		{"double junk", pDouble, "x", errWant},
		{"double bool", pDouble, true, errWant},
		{"single float32", pSingle, float32(3.4028235e38), `3.4028235e+38`},
		{"single float64", pSingle, 0.1, `0.1`},
		{"single NaN", pSingle, float32(math.NaN()), `"NaN"`},

		// Edm.Date
		{"date time.Time", pDate, utc(2020, 1, 31, 0, 0, 0, 0), `"2020-01-31"`},
		{"date keeps own zone", pDate, time.Date(2020, 1, 31, 23, 0, 0, 0, minus5), `"2020-01-31"`},
		{"date text", pDate, "2020-01-31", `"2020-01-31"`},
		{"date bytes leap", pDate, []byte("2020-02-29"), `"2020-02-29"`},
		{"date from datetime text", pDate, "2020-01-31 10:00:00", `"2020-01-31"`},
		{"date from datetime text with zone", pDate, "2020-01-31T23:00:00-05:00", `"2020-01-31"`},
		{"date year 0", pDate, utc(0, 1, 1, 0, 0, 0, 0), `"0000-01-01"`},
		{"date year 12345", pDate, utc(12345, 6, 7, 0, 0, 0, 0), `"12345-06-07"`},
		{"date year -1", pDate, utc(-1, 1, 1, 0, 0, 0, 0), `"-0001-01-01"`},
		{"date not leap", pDate, "2021-02-29", errWant},
		{"date month 13", pDate, "2020-13-01", errWant},
		{"date day 0", pDate, "2020-01-00", errWant},
		{"date short month", pDate, "2020-1-31", errWant},
		{"date junk", pDate, "yesterday", errWant},
		{"date int", pDate, int64(20200131), errWant},

		// Edm.DateTimeOffset from time.Time
		{"dto utc", pDTO, utc(2020, 1, 31, 10, 0, 0, 0), `"2020-01-31T10:00:00Z"`},
		{"dto millis", pDTO, utc(2020, 1, 31, 10, 0, 0, 123000000), `"2020-01-31T10:00:00.123Z"`},
		{"dto 7 digits max", pDTO, utc(2020, 1, 31, 10, 0, 0, 123456789), `"2020-01-31T10:00:00.1234567Z"`},
		{"dto 100ns", pDTO, utc(2020, 1, 31, 10, 0, 0, 100), `"2020-01-31T10:00:00.0000001Z"`},
		{"dto below 100ns", pDTO, utc(2020, 1, 31, 10, 0, 0, 50), `"2020-01-31T10:00:00Z"`},
		{"dto micro", pDTO, utc(2020, 1, 31, 10, 0, 0, 5000), `"2020-01-31T10:00:00.000005Z"`},
		{"dto precision 3", dto(3), utc(2020, 1, 31, 10, 0, 0, 123456789), `"2020-01-31T10:00:00.123Z"`},
		{"dto precision 3 truncated to zero", dto(3), utc(2020, 1, 31, 10, 0, 0, 999999), `"2020-01-31T10:00:00Z"`},
		{"dto precision 9", dto(9), utc(2020, 1, 31, 10, 0, 0, 123456789), `"2020-01-31T10:00:00.123456789Z"`},
		{"dto precision 12", dto(12), utc(2020, 1, 31, 10, 0, 0, 1), `"2020-01-31T10:00:00.000000001Z"`},
		{"dto negative zone", pDTO, time.Date(2020, 1, 31, 22, 30, 0, 0, minus5), `"2020-02-01T03:30:00Z"`},
		{"dto positive zone", pDTO, time.Date(2020, 1, 1, 2, 0, 0, 0, plus530), `"2019-12-31T20:30:00Z"`},
		{"dto zero time", pDTO, time.Time{}, `"0001-01-01T00:00:00Z"`},
		// Edm.DateTimeOffset from SQLite / text
		{"dto text space", pDTO, "2020-01-31 10:00:00", `"2020-01-31T10:00:00Z"`},
		{"dto text T Z", pDTO, "2020-01-31T10:00:00Z", `"2020-01-31T10:00:00Z"`},
		{"dto text millis +00:00", pDTO, []byte("2020-01-31 10:00:00.123+00:00"), `"2020-01-31T10:00:00.123Z"`},
		{"dto text -05:00", pDTO, "2020-01-31T10:00:00.5-05:00", `"2020-01-31T15:00:00.5Z"`},
		{"dto text crosses date", pDTO, "2020-01-31 22:30:00-05:00", `"2020-02-01T03:30:00Z"`},
		{"dto text +0530", pDTO, "2020-01-31 10:00:00+0530", `"2020-01-31T04:30:00Z"`},
		{"dto text +05", pDTO, "2020-01-31 10:00:00+05", `"2020-01-31T05:00:00Z"`},
		{"dto text space before zone", pDTO, "2020-01-31 10:00:00 +01:00", `"2020-01-31T09:00:00Z"`},
		{"dto text date only", pDTO, "2020-01-31", `"2020-01-31T00:00:00Z"`},
		{"dto text no seconds", pDTO, "2020-01-31 10:00", `"2020-01-31T10:00:00Z"`},
		{"dto text lower t z", pDTO, "2020-01-31t10:00:00z", `"2020-01-31T10:00:00Z"`},
		{"dto text long fraction", pDTO, "2020-01-31 10:00:00.123456789123", `"2020-01-31T10:00:00.1234567Z"`},
		{"dto text comma fraction", pDTO, "2020-01-31 10:00:00,25", `"2020-01-31T10:00:00.25Z"`},
		{"dto text leap second", pDTO, "2016-12-31 23:59:60Z", `"2017-01-01T00:00:00Z"`},
		{"dto text bad separator", pDTO, "2020-01-31X10:00:00", errWant},
		{"dto text hour 25", pDTO, "2020-01-31 25:00:00", errWant},
		{"dto text minute 60", pDTO, "2020-01-31 10:60:00", errWant},
		{"dto text dangling sign", pDTO, "2020-01-31 10:00:00+", errWant},
		{"dto text trailing junk", pDTO, "2020-01-31 10:00:00Zjunk", errWant},
		{"dto text empty fraction", pDTO, "2020-01-31 10:00:00.", errWant},
		{"dto text time only", pDTO, "10:00:00", errWant},
		{"dto text empty", pDTO, "", errWant},
		{"dto text bad day", pDTO, "2020-04-31 10:00:00", errWant},
		{"dto int", pDTO, int64(1580464800), errWant},

		// Edm.Guid
		{"guid upper", pGuid, "6F9619FF-8B86-D011-B42D-00C04FC964FF", `"6f9619ff-8b86-d011-b42d-00c04fc964ff"`},
		{"guid braces", pGuid, "{6f9619ff-8b86-d011-b42d-00c04fc964ff}", `"6f9619ff-8b86-d011-b42d-00c04fc964ff"`},
		{"guid no hyphens", pGuid, []byte("6F9619FF8B86D011B42D00C04FC964FF"), `"6f9619ff-8b86-d011-b42d-00c04fc964ff"`},
		{"guid raw 16 bytes", pGuid, []byte{0x6f, 0x96, 0x19, 0xff, 0x8b, 0x86, 0xd0, 0x11, 0xb4, 0x2d, 0x00, 0xc0, 0x4f, 0xc9, 0x64, 0xff}, `"6f9619ff-8b86-d011-b42d-00c04fc964ff"`},
		{"guid array", pGuid, [16]byte{15: 1}, `"00000000-0000-0000-0000-000000000001"`},
		{"guid bad hyphens", pGuid, "6f9619ff8-b86-d011-b42d-00c04fc964ff", errWant},
		{"guid bad hex", pGuid, "6f9619fg-8b86-d011-b42d-00c04fc964ff", errWant},
		{"guid short", pGuid, "6f9619ff", errWant},
		{"guid int", pGuid, int64(1), errWant},

		// Edm.Binary
		{"binary", pBinary, []byte{0, 1, 2, 255}, `"AAEC/w=="`},
		{"binary empty", pBinary, []byte{}, `""`},
		{"binary string", pBinary, "hi", `"aGk="`},
		{"binary int", pBinary, int64(1), errWant},

		// unknown EDM type
		{"unknown type", prop("Edm.TimeOfDay"), "10:00:00", errWant},
	}
}

func TestAppendValue(t *testing.T) {
	for _, c := range valueCases() {
		t.Run(c.p.Name+"/"+c.name, func(t *testing.T) {
			got, err := AppendValue([]byte("prefix:"), c.p, c.v)
			if c.want == errWant {
				if err == nil {
					t.Fatalf("AppendValue(%T %v) = %s, want an error", c.v, c.v, got)
				}
				var ve *ValueError
				if !errors.As(err, &ve) || !errors.Is(err, ErrConversion) {
					t.Fatalf("error %v is not a *ValueError wrapping ErrConversion", err)
				}
				if ve.Property != c.p.Name || ve.Type != c.p.Type || ve.GoType == "" || ve.Reason == "" {
					t.Errorf("incomplete ValueError: %+v", ve)
				}
				if string(got) != "prefix:" {
					t.Errorf("dst changed on error: %q", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("AppendValue(%T %v): %v", c.v, c.v, err)
			}
			if !strings.HasPrefix(string(got), "prefix:") {
				t.Fatalf("prefix lost: %q", got)
			}
			got = got[len("prefix:"):]
			if string(got) != c.want {
				t.Errorf("AppendValue(%T %v) = %s, want %s", c.v, c.v, got, c.want)
			}
			if !jsontext.Value(got).IsValid() {
				t.Errorf("not valid JSON: %s", got)
			}
		})
	}
}

func TestIEEE754Compatible(t *testing.T) {
	f := Format{IEEE754Compatible: true}
	for _, c := range []valueCase{
		{"int64", pInt64, int64(1<<53 + 1), `"9007199254740993"`},
		{"int64 text", pInt64, []byte("-9223372036854775808"), `"-9223372036854775808"`},
		{"int32 unchanged", pInt32, int64(42), `42`},
		{"decimal text", pDec102, []byte("1.50"), `"1.50"`},
		{"decimal float", pDec102, 1.5, `"1.50"`},
		{"decimal int", pDec102, int64(3), `"3.00"`},
		{"decimal NaN", pDec102, math.NaN(), `"NaN"`},
		{"decimal NaN text", pDec102, "NaN", `"NaN"`},
		{"double unchanged", pDouble, 1.5, `1.5`},
		{"null", pInt64, nil, `null`},
		{"decimal bad", pDec102, "x", errWant},
	} {
		got, err := f.AppendValue(nil, c.p, c.v)
		switch {
		case c.want == errWant:
			if err == nil || len(got) != 0 {
				t.Errorf("%s: got %s, %v; want an error and nothing written", c.name, got, err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case string(got) != c.want:
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestEncodeValue(t *testing.T) {
	var b strings.Builder
	enc := jsontext.NewEncoder(&b)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(enc.WriteToken(jsontext.BeginObject))
	must(enc.WriteToken(jsontext.String("a")))
	must(Format{}.EncodeValue(enc, pDec102, []byte("1.50")))
	must(enc.WriteToken(jsontext.String("b")))
	must(Format{IEEE754Compatible: true}.EncodeValue(enc, pInt64, int64(7)))
	must(enc.WriteToken(jsontext.String("c")))
	if err := (Format{}).EncodeValue(enc, pInt32, "x"); !errors.Is(err, ErrConversion) {
		t.Fatalf("want ErrConversion, got %v", err)
	}
	must(Format{}.EncodeValue(enc, pString, nil))
	must(enc.WriteToken(jsontext.EndObject))
	if got, want := b.String(), `{"a":1.50,"b":"7","c":null}`+"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestAppendRawValue(t *testing.T) {
	for _, c := range []valueCase{
		{"string", pString, []byte("Vins et alcools \"Chevalier\""), `Vins et alcools "Chevalier"`},
		{"string invalid utf8", pString, "a\xffb", "a\uFFFDb"},
		{"string bytes invalid utf8", pString, []byte("a\xffb"), "a\uFFFDb"},
		{"string from int", pString, int64(42), `42`},
		{"binary raw bytes", pBinary, []byte{0, 1, 0xff}, "\x00\x01\xff"},
		{"int64", pInt64, []byte("0042"), `42`},
		{"decimal", pDec102, []byte("1.50"), `1.50`},
		{"double NaN", pDouble, math.NaN(), `NaN`},
		{"bool", pBool, []byte{1}, `true`},
		{"date", pDate, utc(2020, 1, 31, 0, 0, 0, 0), `2020-01-31`},
		{"dto", pDTO, "2020-01-31 10:00:00-05:00", `2020-01-31T15:00:00Z`},
		{"guid", pGuid, "6F9619FF-8B86-D011-B42D-00C04FC964FF", `6f9619ff-8b86-d011-b42d-00c04fc964ff`},
		{"bad", pInt32, "x", errWant},
	} {
		got, err := AppendRawValue(nil, c.p, c.v)
		switch {
		case c.want == errWant:
			if !errors.Is(err, ErrConversion) {
				t.Errorf("%s: want ErrConversion, got %q, %v", c.name, got, err)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case string(got) != c.want:
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	if _, err := AppendRawValue(nil, pString, nil); !errors.Is(err, ErrNull) {
		t.Errorf("nil: want ErrNull, got %v", err)
	}
	if RawContentType(edm.Binary) != "application/octet-stream" || !strings.HasPrefix(RawContentType(edm.Int32), "text/plain") {
		t.Error("RawContentType")
	}
}

// TestDecimalNeverViaFloat checks digit-exactness on values a float64 would change.
func TestDecimalNeverViaFloat(t *testing.T) {
	for _, s := range []string{
		"0.1000000000000000055511151231257827",
		"99999999999999999999999999999.99",
		"-0.000000000000000000000000000001",
		"9007199254740993",
		"12345678901234567890123456789012345678",
	} {
		got, err := AppendValue(nil, pDecVar, []byte(s))
		if err != nil || string(got) != s {
			t.Errorf("%s: got %s, %v", s, got, err)
		}
	}
}

// TestValueMatrix runs one canonical value of every driver shape through every EDM
// type, pinning which combinations convert and to what.
func TestValueMatrix(t *testing.T) {
	shapes := []struct {
		name string
		v    any
	}{
		{"nil", nil},
		{"[]byte", []byte("1")},
		{"string", "1"},
		{"int64", int64(1)},
		{"int32", int32(1)},
		{"float64", float64(1)},
		{"float32", float32(1)},
		{"bool", true},
		{"time.Time", utc(2020, 1, 31, 10, 0, 0, 0)},
		{"[16]byte", [16]byte{15: 1}},
	}
	const E = errWant
	want := map[*edm.Property][]string{
		pString: {`null`, `"1"`, `"1"`, `"1"`, `"1"`, `"1"`, `"1"`, `"true"`, `"2020-01-31T10:00:00Z"`, E},
		pBool:   {`null`, `true`, `true`, `true`, `true`, `true`, `true`, `true`, E, E},
		pByte:   {`null`, `1`, `1`, `1`, `1`, `1`, `1`, `1`, E, E},
		pSByte:  {`null`, `1`, `1`, `1`, `1`, `1`, `1`, `1`, E, E},
		pInt16:  {`null`, `1`, `1`, `1`, `1`, `1`, `1`, `1`, E, E},
		pInt32:  {`null`, `1`, `1`, `1`, `1`, `1`, `1`, `1`, E, E},
		pInt64:  {`null`, `1`, `1`, `1`, `1`, `1`, `1`, `1`, E, E},
		pDec102: {`null`, `1`, `1`, `1.00`, `1.00`, `1.00`, `1.00`, E, E, E},
		pDecVar: {`null`, `1`, `1`, `1`, `1`, `1`, `1`, E, E, E},
		pDouble: {`null`, `1`, `1`, `1`, `1`, `1`, `1`, E, E, E},
		pSingle: {`null`, `1`, `1`, `1`, `1`, `1`, `1`, E, E, E},
		pDate:   {`null`, E, E, E, E, E, E, E, `"2020-01-31"`, E},
		pDTO:    {`null`, E, E, E, E, E, E, E, `"2020-01-31T10:00:00Z"`, E},
		pGuid:   {`null`, E, E, E, E, E, E, E, E, `"00000000-0000-0000-0000-000000000001"`},
		pBinary: {`null`, `"MQ=="`, `"MQ=="`, E, E, E, E, E, E, E},
	}
	for p, outs := range want {
		for i, s := range shapes {
			got, err := AppendValue(nil, p, s.v)
			switch {
			case outs[i] == E && err == nil:
				t.Errorf("%s from %s: got %s, want an error", p.Type, s.name, got)
			case outs[i] != E && err != nil:
				t.Errorf("%s from %s: %v", p.Type, s.name, err)
			case outs[i] != E && string(got) != outs[i]:
				t.Errorf("%s from %s: got %s, want %s", p.Type, s.name, got, outs[i])
			}
		}
	}
}
