package demo

import (
	"fmt"
	"strconv"
	"time"
)

// bigDecimals have 20 significant digits: exact on MySQL and PostgreSQL, not
// representable on SQLite, so they live only in the extras tables.
var bigDecimals = []string{"12345678901234.123456", "99999999999999.999999", "-99999999999999.999999", "0.000001", "90071992547409.930001"}

func mysqlExtras(g *gen) *table {
	t := &table{
		name: "mysql_extras",
		cols: []column{
			{name: "ID", kind: kInt, notNull: true},
			{name: "UBig", kind: kRaw, raw: "BIGINT UNSIGNED"},
			{name: "UMedium", kind: kRaw, raw: "MEDIUMINT UNSIGNED"},
			{name: "Mood", kind: kRaw, raw: "ENUM('happy','sad','so-so','')"},
			{name: "Tags", kind: kRaw, raw: "SET('red','green','blue')"},
			{name: "Doc", kind: kRaw, raw: "JSON"},
			{name: "TimeOfDay", kind: kRaw, raw: "TIME"},
			{name: "Yr", kind: kRaw, raw: "YEAR"},
			{name: "Flag", kind: kRaw, raw: "BIT(1)"},
			{name: "Location", kind: kRaw, raw: "POINT", bind: "ST_GeomFromText(%s)"},
			{name: "BigDecimal", kind: kRaw, raw: "DECIMAL(20,6)"},
			{name: "Bin", kind: kRaw, raw: "VARBINARY(16)"},
			{name: "Stamp", kind: kRaw, raw: "DATETIME(3)"},
		},
		pk: []string{"ID"},
	}
	ubig := []string{"18446744073709551615", "9223372036854775808", "9007199254740993", "0"}
	times := []string{"00:00:00", "23:59:59", "838:59:59", "-12:30:00", "100:00:01"}
	for i := 0; i < 20; i++ {
		var row []any
		u := any(strconv.FormatUint(g.r.Uint64(), 10))
		if i < len(ubig) {
			u = ubig[i]
		}
		var loc any = fmt.Sprintf("POINT(%d.%d %d.%d)", g.between(-179, 179), g.intn(10), g.between(-89, 89), g.intn(10))
		bd := fixed(int64(g.between(-1e12, 1e12)), 6)
		if i < len(bigDecimals) {
			bd = bigDecimals[i]
		}
		tags := []string{"", "red", "red,green", "green,blue", "red,green,blue"}[g.intn(5)]
		row = append(row,
			int64(i+1), u, int64(g.between(0, 16777215)),
			g.orNull(0.15, g.pick([]string{"happy", "sad", "so-so", ""})),
			tags,
			g.orNull(0.15, fmt.Sprintf(`{"id": %d, "name": "item %d", "tags": ["a", "ü", "🚀"], "nested": {"ok": true}}`, i+1, i+1)),
			times[i%len(times)],
			g.orNull(0.1, int64(g.between(1901, 2155))),
			g.orNull(0.1, int64(g.intn(2))),
			g.orNull(0.1, loc),
			bd,
			g.orNull(0.1, []byte{0, byte(i), 0x27, 0x5c, 0xff}),
			g.orNull(0.1, fmt.Sprintf("2024-03-%02d 12:34:56.%03d", 1+i, g.intn(1000))),
		)
		t.rows = append(t.rows, row)
	}
	return t
}

func pgExtras(g *gen) *table {
	t := &table{
		name: "pg_extras",
		cols: []column{
			{name: "ID", kind: kInt, notNull: true},
			{name: "Uid", kind: kRaw, raw: "UUID"},
			{name: "Num", kind: kRaw, raw: "NUMERIC"},
			{name: "BigDecimal", kind: kRaw, raw: "NUMERIC(20,6)"},
			{name: "Ts", kind: kRaw, raw: "TIMESTAMPTZ"},
			{name: "Doc", kind: kRaw, raw: "JSONB"},
			{name: "Tags", kind: kRaw, raw: "TEXT[]"},
			{name: "Dur", kind: kRaw, raw: "INTERVAL"},
			{name: "SmallNum", kind: kRaw, raw: "SMALLINT"},
			{name: "Real4", kind: kRaw, raw: "REAL"},
			{name: "TimeOfDay", kind: kRaw, raw: "TIME"},
			{name: "Bin", kind: kRaw, raw: "BYTEA"},
		},
		pk: []string{"ID"},
	}
	nums := []string{"3.14159265358979323846264338327950288", "123456789012345678901234567890", "-0.000000000000000000001", "0", "1e-5"}
	durs := []string{"1 day 02:03:04", "-3 hours", "1 year 2 mons", "00:00:00.5", "42 days"}
	for i := 0; i < 20; i++ {
		uid := fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", g.r.Uint32(), g.intn(1<<16), g.intn(1<<12), g.intn(1<<12), g.r.Uint64()&(1<<48-1))
		num := fixed(int64(g.between(-1e9, 1e9)), g.intn(10))
		if i < len(nums) {
			num = nums[i]
		}
		bd := fixed(int64(g.between(-1e12, 1e12)), 6)
		if i < len(bigDecimals) {
			bd = bigDecimals[i]
		}
		ts := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.intn(365*24*3600)) * time.Second)
		offs := []string{"+00", "+05:30", "-08", "+01"}
		tags := []string{"{}", `{a,b}`, `{"with space","comma,inside","quote\"d"}`, `{NULL,x}`, `{ü,日本,🚀}`}[g.intn(5)]
		t.rows = append(t.rows, []any{
			int64(i + 1), g.orNull(0.1, uid), g.orNull(0.1, num), bd,
			g.orNull(0.1, ts.Format(dateTimeFmt)+offs[i%len(offs)]),
			g.orNull(0.15, fmt.Sprintf(`{"id": %d, "tags": ["a", "ü", "🚀"], "nested": {"ok": true}}`, i+1)),
			g.orNull(0.1, tags),
			g.orNull(0.1, durs[i%len(durs)]),
			int64(g.between(-32768, 32767)),
			g.orNull(0.1, float64(g.between(0, 1000))/8),
			g.orNull(0.1, fmt.Sprintf("%02d:%02d:%02d", g.intn(24), g.intn(60), g.intn(60))),
			g.orNull(0.1, []byte{0, byte(i), 0x27, 0x5c, 0xff}),
		})
	}
	return t
}
