package golden

import (
	"strings"
	"testing"
	"time"
)

func sample() *File {
	f := &File{Header: []string{"sqlite: sample"}}
	c := f.Add("orders?$filter=ShipName eq 'a b '")
	c.SQL(`SELECT "x" FROM "orders" WHERE "ShipName" = ? LIMIT ?`, []any{"a b ", int64(101)})
	c = f.Add("rejected")
	c.Note = "why it looks this way"
	c.Error(404, "EntitySetNotFound", "no entity set named 'x'", "x")
	c = f.Add("typed args")
	c.SQL("INSERT", []any{time.Date(2020, 1, 31, 8, 0, 0, 500, time.UTC), []byte{0x89, 0x50}, 1.5, true})
	return f
}

func TestFormatParseRoundTrip(t *testing.T) {
	text, err := sample().Format()
	if err != nil {
		t.Fatal(err)
	}
	want := `# sqlite: sample

-- orders?$filter=ShipName eq 'a b '
sql: SELECT "x" FROM "orders" WHERE "ShipName" = ? LIMIT ?
arg: string "a b "
arg: int64 101

-- rejected
# why it looks this way
error: 404 EntitySetNotFound: no entity set named 'x'
target: x

-- typed args
sql: INSERT
arg: time.Time 2020-01-31T08:00:00.0000005Z
arg: []byte 8950
arg: float64 1.5
arg: bool true
`
	if string(text) != want {
		t.Fatalf("Format:\n%s\nwant:\n%s", text, want)
	}
	back, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := back.Format()
	if string(again) != want {
		t.Errorf("Parse∘Format is not the identity:\n%s", again)
	}
	if d := Diff(sample(), back); len(d) != 0 {
		t.Errorf("Diff of equal files: %q", d)
	}
}

func TestDiffNamesEachCase(t *testing.T) {
	want, got := sample(), sample()
	got.Cases[0].Fields[1].Value = `string "a b"` // an argument lost its blank
	got.Cases = got.Cases[:2]                     // "typed args" no longer rendered
	got.Add("brand new").Add("sql", "SELECT 1")
	d := strings.Join(Diff(want, got), "\n")
	for _, s := range []string{`case "orders?$filter=ShipName eq 'a b '" changed`, `case "brand new" is new`, `case "typed args" is stale`} {
		if !strings.Contains(d, s) {
			t.Errorf("Diff does not say %s:\n%s", s, d)
		}
	}
	if strings.Contains(d, `"rejected"`) {
		t.Errorf("Diff reports an unchanged case:\n%s", d)
	}
}

func TestFormatRejects(t *testing.T) {
	for name, f := range map[string]*File{
		"duplicate":      {Cases: []Case{{Name: "a"}, {Name: "a"}}},
		"multi-line sql": {Cases: []Case{{Name: "a", Fields: []Field{{"sql", "SELECT\n1"}}}}},
		"empty name":     {Cases: []Case{{Name: ""}}},
	} {
		if _, err := f.Format(); err == nil {
			t.Errorf("%s: Format accepted it", name)
		}
	}
	if _, err := Parse([]byte("sql: before any case\n")); err == nil {
		t.Error("Parse accepted a field outside a case")
	}
}
