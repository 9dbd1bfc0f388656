package jsonfmt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-cmp/cmp"

	"github.com/odatagw/odatagw/odata/edm"
)

const root = "https://gw.example.com/odata/northwind/"

var orderProps = []*edm.Property{
	{Name: "OrderID", Type: edm.Int32},
	{Name: "ShipName", Type: edm.String, Nullable: true, MaxLength: 40},
	{Name: "Freight", Type: edm.Decimal, Nullable: true, Precision: 10, Scale: 4},
	{Name: "OrderDate", Type: edm.DateTimeOffset, Nullable: true},
	{Name: "Big", Type: edm.Int64, Nullable: true},
}

func orderRows() [][]any {
	return [][]any{
		{int64(10248), []byte("Vins et alcools Chevalier"), []byte("32.3800"), time.Date(1996, 7, 4, 0, 0, 0, 0, time.UTC), int64(1<<53 + 1)},
		{int64(10249), "Toms Spezialitäten", 11.61, "1996-07-05 00:00:00", nil},
	}
}

// decodeJSON unmarshals a payload, keeping numbers as their text.
func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	if !jsontext.Value(b).IsValid() {
		t.Fatalf("invalid JSON: %s", b)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("unmarshal: %v\n%s", err, b)
	}
	return m
}

// topNames returns the member names of a JSON object in order.
func topNames(t *testing.T, b []byte) []string {
	t.Helper()
	d := jsontext.NewDecoder(bytes.NewReader(b))
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != '{' {
		t.Fatalf("not an object: %v", err)
	}
	var names []string
	for d.PeekKind() != '}' {
		tok, err := d.ReadToken()
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, tok.String())
		if err := d.SkipValue(); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

func writeCollection(t *testing.T, props []*edm.Property, rows [][]any, opts Options, next string) []byte {
	t.Helper()
	var b bytes.Buffer
	cw := NewCollectionWriter(&b, opts)
	for _, r := range rows {
		if err := cw.WriteRow(props, r); err != nil {
			t.Fatalf("WriteRow: %v", err)
		}
	}
	if err := cw.Close(next); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if cw.Written() != int64(b.Len()) {
		t.Errorf("Written() = %d, payload is %d bytes", cw.Written(), b.Len())
	}
	if cw.Rows() != len(rows) {
		t.Errorf("Rows() = %d, want %d", cw.Rows(), len(rows))
	}
	return b.Bytes()
}

func TestCollectionExact(t *testing.T) {
	count := int64(830)
	sel := []string{"OrderID", "ShipName", "Freight", "OrderDate", "Big"}
	got := writeCollection(t, orderProps, orderRows(), Options{
		ContextURL: ContextCollection(root, "Orders", sel),
		Count:      &count,
	}, root+"Orders?$skiptoken=10249")
	want := `{"@odata.context":"https://gw.example.com/odata/northwind/$metadata#Orders(OrderID,ShipName,Freight,OrderDate,Big)",` +
		`"@odata.count":830,"value":[` +
		`{"OrderID":10248,"ShipName":"Vins et alcools Chevalier","Freight":32.3800,"OrderDate":"1996-07-04T00:00:00Z","Big":9007199254740993},` +
		`{"OrderID":10249,"ShipName":"Toms Spezialitäten","Freight":11.6100,"OrderDate":"1996-07-05T00:00:00Z","Big":null}],` +
		`"@odata.nextLink":"https://gw.example.com/odata/northwind/Orders?$skiptoken=10249"}`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCollectionShapes(t *testing.T) {
	count := int64(2)
	ctx := ContextCollection(root, "Orders", nil)
	for _, c := range []struct {
		name      string
		opts      Options
		next      string
		wantNames []string
		check     func(t *testing.T, m map[string]any)
	}{
		{"minimal", Options{ContextURL: ctx}, "", []string{"@odata.context", "value"}, func(t *testing.T, m map[string]any) {
			if m["@odata.context"] != root+"$metadata#Orders" {
				t.Errorf("context %v", m["@odata.context"])
			}
		}},
		{"count and next", Options{ContextURL: ctx, Count: &count}, "https://x/Orders?$skip=2", []string{"@odata.context", "@odata.count", "value", "@odata.nextLink"}, func(t *testing.T, m map[string]any) {
			if m["@odata.count"] != json.Number("2") || m["@odata.nextLink"] != "https://x/Orders?$skip=2" {
				t.Errorf("count/next %v %v", m["@odata.count"], m["@odata.nextLink"])
			}
		}},
		{"metadata none keeps count and next", Options{ContextURL: ctx, MetadataNone: true, Count: &count}, "https://x/n", []string{"@odata.count", "value", "@odata.nextLink"}, nil},
		{"no context", Options{}, "", []string{"value"}, nil},
		{"ieee754", Options{ContextURL: ctx, Count: &count, IEEE754Compatible: true}, "", []string{"@odata.context", "@odata.count", "value"}, func(t *testing.T, m map[string]any) {
			if m["@odata.count"] != "2" {
				t.Errorf("count %#v, want string", m["@odata.count"])
			}
			row := m["value"].([]any)[0].(map[string]any)
			if row["Big"] != "9007199254740993" || row["Freight"] != "32.3800" || row["OrderID"] != json.Number("10248") {
				t.Errorf("row %#v", row)
			}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := writeCollection(t, orderProps, orderRows(), c.opts, c.next)
			if diff := cmp.Diff(c.wantNames, topNames(t, got)); diff != "" {
				t.Errorf("member order (-want +got):\n%s", diff)
			}
			m := decodeJSON(t, got)
			rows := m["value"].([]any)
			if len(rows) != 2 {
				t.Fatalf("%d rows", len(rows))
			}
			if c.check != nil {
				c.check(t, m)
			}
		})
	}
}

func TestCollectionRowsDecode(t *testing.T) {
	got := writeCollection(t, orderProps, orderRows(), Options{}, "")
	m := decodeJSON(t, got)
	want := []any{
		map[string]any{"OrderID": json.Number("10248"), "ShipName": "Vins et alcools Chevalier", "Freight": json.Number("32.3800"), "OrderDate": "1996-07-04T00:00:00Z", "Big": json.Number("9007199254740993")},
		map[string]any{"OrderID": json.Number("10249"), "ShipName": "Toms Spezialitäten", "Freight": json.Number("11.6100"), "OrderDate": "1996-07-05T00:00:00Z", "Big": nil},
	}
	if diff := cmp.Diff(want, m["value"]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var rowNames []string
	d := jsontext.NewDecoder(bytes.NewReader(got))
	for {
		tok, err := d.ReadToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if d.StackDepth() == 3 && tok.Kind() == '"' {
			if _, n := d.StackIndex(3); n%2 == 1 { // a name, not a value
				rowNames = append(rowNames, tok.String())
			}
		}
	}
	wantNames := []string{"OrderID", "ShipName", "Freight", "OrderDate", "Big", "OrderID", "ShipName", "Freight", "OrderDate", "Big"}
	if diff := cmp.Diff(wantNames, rowNames); diff != "" {
		t.Errorf("property order (-want +got):\n%s", diff)
	}
}

func TestCollectionEmpty(t *testing.T) {
	zero := int64(0)
	got := writeCollection(t, orderProps, nil, Options{ContextURL: "c", Count: &zero}, "")
	if string(got) != `{"@odata.context":"c","@odata.count":0,"value":[]}` {
		t.Errorf("got %s", got)
	}
}

func TestCollectionBadRowIsSkipped(t *testing.T) {
	var b bytes.Buffer
	cw := NewCollectionWriter(&b, Options{})
	if err := cw.WriteRow(orderProps, orderRows()[0]); err != nil {
		t.Fatal(err)
	}
	bad := []any{int64(1), "x", []byte("12,5"), nil, nil}
	err := cw.WriteRow(orderProps, bad)
	var ve *ValueError
	if !errors.As(err, &ve) || ve.Property != "Freight" {
		t.Fatalf("want a ValueError for Freight, got %v", err)
	}
	if err := cw.WriteRow(orderProps, []any{int64(1)}); err == nil {
		t.Fatal("short row accepted")
	}
	if err := cw.WriteRow(orderProps, orderRows()[1]); err != nil {
		t.Fatal(err)
	}
	if err := cw.Close(""); err != nil {
		t.Fatal(err)
	}
	m := decodeJSON(t, b.Bytes())
	if n := len(m["value"].([]any)); n != 2 || cw.Rows() != 2 {
		t.Errorf("%d rows written, Rows()=%d; want 2", n, cw.Rows())
	}
	if err := cw.WriteRow(orderProps, orderRows()[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("WriteRow after Close: %v", err)
	}
	if err := cw.Close(""); !errors.Is(err, ErrClosed) {
		t.Errorf("Close twice: %v", err)
	}
}

func TestCollectionBudget(t *testing.T) {
	props := []*edm.Property{{Name: "ID", Type: edm.Int32}, {Name: "S", Type: edm.String}}
	row := func(i int) []any { return []any{int64(i), strings.Repeat("x", 100)} }
	for _, max := range []int64{30, 200, 1000, 5000} {
		var b bytes.Buffer
		cw := NewCollectionWriter(&b, Options{ContextURL: "ctx", MaxBytes: max})
		var err error
		n := 0
		for ; n < 1000; n++ {
			if err = cw.WriteRow(props, row(n)); err != nil {
				break
			}
		}
		if !errors.Is(err, ErrPageFull) {
			t.Fatalf("max %d: want ErrPageFull, got %v", max, err)
		}
		if cw.Rows() != n {
			t.Errorf("max %d: Rows()=%d, accepted %d", max, cw.Rows(), n)
		}
		before := cw.Written()
		if err := cw.WriteRow(props, row(n)); !errors.Is(err, ErrPageFull) || cw.Written() != before {
			t.Errorf("max %d: refused row changed the payload (%v)", max, err)
		}
		if err := cw.Close(""); err != nil {
			t.Fatal(err)
		}
		const envelope = len(`{"@odata.context":"ctx","value":[]}`)
		if int64(b.Len()) > max && !(n == 0 && b.Len() == envelope) {
			t.Errorf("max %d: payload is %d bytes", max, b.Len())
		}
		// One more row would not have fitted.
		if int64(b.Len())+int64(len(`,{"ID":0,"S":""}`))+100 <= max {
			t.Errorf("max %d: stopped early at %d bytes", max, b.Len())
		}
		m := decodeJSON(t, b.Bytes())
		if got := len(m["value"].([]any)); got != n {
			t.Errorf("max %d: %d rows in payload, %d accepted", max, got, n)
		}
	}
}

// chunkWriter records every Write.
type chunkWriter struct{ chunks [][]byte }

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.chunks = append(c.chunks, bytes.Clone(p))
	return len(p), nil
}

func TestCollectionStreamsAtRowBoundaries(t *testing.T) {
	props := []*edm.Property{{Name: "ID", Type: edm.Int64}, {Name: "S", Type: edm.String}}
	var cw chunkWriter
	w := NewCollectionWriter(&cw, Options{ContextURL: "ctx"})
	for i := range 100 {
		if err := w.WriteRow(props, []any{int64(i), "row"}); err != nil {
			t.Fatal(err)
		}
	}
	if len(cw.chunks) != 0 {
		t.Fatalf("small page flushed before Close: %d writes", len(cw.chunks))
	}
	for i := 100; i < 5000; i++ {
		if err := w.WriteRow(props, []any{int64(i), strings.Repeat("s", i%50)}); err != nil {
			t.Fatal(err)
		}
	}
	if len(cw.chunks) < 2 {
		t.Fatalf("large page not streamed: %d writes", len(cw.chunks))
	}
	if w.Written() <= int64(len(bytes.Join(cw.chunks, nil))) {
		t.Error("Written() does not count buffered bytes")
	}
	if err := w.Close(""); err != nil {
		t.Fatal(err)
	}
	for i, c := range cw.chunks[:len(cw.chunks)-1] {
		if c[len(c)-1] != '}' {
			t.Errorf("chunk %d does not end at a row boundary: ...%q", i, c[len(c)-10:])
		}
	}
	all := bytes.Join(cw.chunks, nil)
	if int64(len(all)) != w.Written() {
		t.Errorf("Written() = %d, wrote %d", w.Written(), len(all))
	}
	if n := len(decodeJSON(t, all)["value"].([]any)); n != 5000 {
		t.Errorf("%d rows", n)
	}
}

type errWriter struct{ n int }

func (e *errWriter) Write(p []byte) (int, error) {
	e.n++
	return 0, errors.New("connection reset")
}

func TestCollectionWriteErrorIsSticky(t *testing.T) {
	ew := &errWriter{}
	sp := []*edm.Property{{Name: "S", Type: edm.String}}
	cw := NewCollectionWriter(ew, Options{})
	var err error
	for i := 0; i < 10000 && err == nil; i++ {
		err = cw.WriteRow(sp, []any{strings.Repeat("x", 100)})
	}
	if err == nil || ew.n != 1 {
		t.Fatalf("err=%v after %d writes", err, ew.n)
	}
	if cw.WriteRow(sp, []any{"x"}) == nil || cw.Close("") == nil || cw.Flush() == nil || ew.n != 1 {
		t.Error("write error not sticky")
	}
}

func TestCollectionReset(t *testing.T) {
	var a, b bytes.Buffer
	cw := NewCollectionWriter(&a, Options{ContextURL: "a"})
	_ = cw.WriteRow(orderProps, orderRows()[0])
	_ = cw.Close("")
	props := []*edm.Property{{Name: "X", Type: edm.Boolean}}
	cw.Reset(&b, Options{ContextURL: "b"})
	if err := cw.WriteRow(props, []any{true}); err != nil {
		t.Fatal(err)
	}
	if err := cw.Close(""); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != `{"@odata.context":"b","value":[{"X":true}]}` {
		t.Errorf("after Reset: %s", got)
	}
}

func TestServiceDocument(t *testing.T) {
	m := &edm.Model{Namespace: "NS", Container: "C", EntitySets: []*edm.EntitySet{
		{Name: "Orders", EntityType: "Order"}, {Name: "Order_Details", EntityType: "Order_Detail"},
	}}
	got, err := ServiceDocument("https://h/svc", m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"@odata.context":"https://h/svc/$metadata","value":[` +
		`{"name":"Orders","kind":"EntitySet","url":"Orders"},` +
		`{"name":"Order_Details","kind":"EntitySet","url":"Order_Details"}]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	decodeJSON(t, got)
	if got := AppendServiceDocument(nil, "https://h/svc/", &edm.Model{}, Options{MetadataNone: true}); string(got) != `{"value":[]}` {
		t.Errorf("empty, metadata none: %s", got)
	}
}

func TestEntity(t *testing.T) {
	got, err := AppendEntity(nil, ContextEntity(root, "Orders", nil), orderProps, orderRows()[0], Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"@odata.context":"https://gw.example.com/odata/northwind/$metadata#Orders/$entity",` +
		`"OrderID":10248,"ShipName":"Vins et alcools Chevalier","Freight":32.3800,"OrderDate":"1996-07-04T00:00:00Z","Big":9007199254740993}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	m := decodeJSON(t, got)
	if m["Freight"] != json.Number("32.3800") || m["Big"] != json.Number("9007199254740993") {
		t.Errorf("decoded %#v", m)
	}
	got, err = AppendEntity([]byte("keep"), "ctx", orderProps[:1], []any{int64(1)}, Options{MetadataNone: true})
	if err != nil || string(got) != `keep{"OrderID":1}` {
		t.Errorf("metadata none: %s %v", got, err)
	}
	var b bytes.Buffer
	if err := WriteEntity(&b, "c", orderProps[:1], []any{"nope"}, Options{}); !errors.Is(err, ErrConversion) || b.Len() != 0 {
		t.Errorf("bad value: err=%v, wrote %q", err, b.String())
	}
	if err := WriteEntity(&b, "c", orderProps, []any{int64(1)}, Options{}); err == nil {
		t.Error("short row accepted")
	}
	if err := WriteEntity(&b, "", orderProps[:2], []any{int64(1), nil}, Options{IEEE754Compatible: true}); err != nil || b.String() != `{"OrderID":1,"ShipName":null}` {
		t.Errorf("no context: %s %v", b.String(), err)
	}
	if got := ContextEntity(root, "Orders", []string{"OrderID", "ShipName"}); got != root+"$metadata#Orders(OrderID,ShipName)/$entity" {
		t.Errorf("ContextEntity with select: %s", got)
	}
}

func TestProperty(t *testing.T) {
	ctx := ContextProperty("https://h/svc", "Orders", "(10248)", "ShipName")
	if ctx != "https://h/svc/$metadata#Orders(10248)/ShipName" {
		t.Errorf("ContextProperty: %s", ctx)
	}
	got, err := AppendProperty(nil, ctx, orderProps[1], []byte("Vins et alcools Chevalier"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"@odata.context":"https://h/svc/$metadata#Orders(10248)/ShipName","value":"Vins et alcools Chevalier"}`; string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	decodeJSON(t, got)
	var b bytes.Buffer
	if err := WriteProperty(&b, ctx, orderProps[4], int64(1<<60), Options{IEEE754Compatible: true, MetadataNone: true}); err != nil {
		t.Fatal(err)
	}
	if b.String() != `{"value":"1152921504606846976"}` {
		t.Errorf("ieee754, metadata none: %s", b.String())
	}
	b.Reset()
	if err := WriteProperty(&b, ctx, orderProps[0], "x", Options{}); !errors.Is(err, ErrConversion) || b.Len() != 0 {
		t.Errorf("bad value: %v, wrote %q", err, b.String())
	}
}

func TestWriteRawValue(t *testing.T) {
	var b bytes.Buffer
	ct, err := WriteRawValue(&b, pBinary, []byte{0, 0xff})
	if err != nil || ct != "application/octet-stream" || b.String() != "\x00\xff" {
		t.Errorf("binary: %q %q %v", b.String(), ct, err)
	}
	b.Reset()
	ct, err = WriteRawValue(&b, pDec102, []byte("1.50"))
	if err != nil || ct != "text/plain; charset=utf-8" || b.String() != "1.50" {
		t.Errorf("decimal: %q %q %v", b.String(), ct, err)
	}
	b.Reset()
	if _, err := WriteRawValue(&b, pInt32, "x"); !errors.Is(err, ErrConversion) || b.Len() != 0 {
		t.Errorf("bad value: %v, wrote %q", err, b.String())
	}
	if _, err := WriteRawValue(&b, pInt32, nil); !errors.Is(err, ErrNull) {
		t.Errorf("nil: %v", err)
	}
}

func TestErrorBody(t *testing.T) {
	got := ErrorBody("BadFilter", `unknown property "Foo"`, "$filter", "")
	if want := `{"error":{"code":"BadFilter","message":"unknown property \"Foo\"","target":"$filter"}}`; string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got = ErrorBody("DataConversion", "a database value could not be converted", "", "r-42")
	if want := `{"error":{"code":"DataConversion","message":"a database value could not be converted","innererror":{"requestId":"r-42"}}}`; string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	m := decodeJSON(t, AppendError([]byte{}, "c\n", "m\xff", "", ""))
	if diff := cmp.Diff(map[string]any{"error": map[string]any{"code": "c\n", "message": "m\uFFFD"}}, m); diff != "" {
		t.Error(diff)
	}
}

// TestCollectionPropsChange checks that WriteRow notices a different property list,
// including one changed in place in the same slice.
func TestCollectionPropsChange(t *testing.T) {
	a := &edm.Property{Name: "A", Type: edm.Int32}
	b := &edm.Property{Name: "B", Type: edm.String}
	c := &edm.Property{Name: "C", Type: edm.Boolean}
	props := []*edm.Property{a, b}
	var out bytes.Buffer
	cw := NewCollectionWriter(&out, Options{})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(cw.WriteRow(props, []any{int64(1), "x"}))
	must(cw.WriteRow([]*edm.Property{a, b}, []any{int64(2), "y"})) // other slice, same properties
	props[1] = c                                                   // changed in place
	must(cw.WriteRow(props, []any{int64(3), true}))
	must(cw.WriteRow(props[:1], []any{int64(4)}))
	must(cw.Close(""))
	want := `{"value":[{"A":1,"B":"x"},{"A":2,"B":"y"},{"A":3,"C":true},{"A":4}]}`
	if out.String() != want {
		t.Errorf("got  %s\nwant %s", out.String(), want)
	}
}
