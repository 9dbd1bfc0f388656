package catalog

import (
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata/edm"
)

func TestEDMName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Order Details", "Order_Details"},
		{"order__lines", "order_lines"},
		{"_private", "private"},
		{"trailing_", "trailing"},
		{"2020 sales", "N2020_sales"},
		{"a-b.c/d", "a_b_c_d"},
		{"Kunden Übersicht", "Kunden_bersicht"},
		{"日本", ""},
		{"___", ""},
		{"Year", "Year"},
	} {
		if got := EDMName(c.in); got != c.want {
			t.Errorf("EDMName(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func col(name string, typ edm.Type) *Column { return &Column{Name: name, Type: typ} }

func tables() []*Table {
	return []*Table{
		{Name: "Order Details", PrimaryKey: []string{"OrderID", "ProductID"}, Columns: []*Column{col("OrderID", edm.Int32), col("ProductID", edm.Int32), col("Note", edm.String)}},
		{Name: "Order_Details", PrimaryKey: []string{"ID"}, Columns: []*Column{col("ID", edm.Int32), col("a b", edm.String), col("a_b", edm.String), col("日本", edm.String)}},
		{Name: "audit", Columns: []*Column{col("At", edm.DateTimeOffset)}},
		{Name: "v_view", IsView: true, Columns: []*Column{col("K", edm.Int32), col("V", edm.String)}},
		{Name: "floaty", PrimaryKey: []string{"F"}, Columns: []*Column{col("F", edm.Double)}},
	}
}

func TestNewNamesKeysAndHidden(t *testing.T) {
	var warnings []string
	cat, err := New(tables(), Options{Tables: map[string]TableOptions{"v_view": {Key: []string{"K"}}}},
		func(msg string, args ...any) { warnings = append(warnings, msg) })
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, tb := range cat.Tables {
		sets = append(sets, tb.SetName)
	}
	// "Order Details" sorts before "Order_Details", so it keeps the name.
	if got, want := strings.Join(sets, ","), "Order_Details,Order_Details_2,v_view"; got != want {
		t.Errorf("sets = %s, want %s", got, want)
	}
	if cat.Set("Order_Details").Name != "Order Details" || cat.Set("Order_Details_2").Name != "Order_Details" {
		t.Error("collision suffix went to the wrong table")
	}
	od2 := cat.Set("Order_Details_2")
	var props []string
	for _, c := range od2.Columns {
		props = append(props, c.Prop)
	}
	if got, want := strings.Join(props, ","), "ID,a_b,a_b_2,Column4"; got != want {
		t.Errorf("props = %s, want %s", got, want)
	}
	if len(cat.Hidden) != 2 {
		t.Fatalf("hidden = %+v, want audit and floaty", cat.Hidden)
	}
	for _, h := range cat.Hidden {
		if !strings.Contains(h.Reason, "key") {
			t.Errorf("hidden %s: reason %q does not say how to configure a key", h.Name, h.Reason)
		}
	}
	if len(warnings) != 2 {
		t.Errorf("warnings = %v, want one per hidden table", warnings)
	}
	if v := cat.Set("v_view"); v == nil || len(v.Key) != 1 || v.Key[0].Name != "K" || v.Key[0].Nullable {
		t.Error("configured view key not applied")
	}
	for _, c := range od2.Columns {
		if c.Type == edm.String && c.MaxLength != DefaultMaxStringLength {
			t.Errorf("%s: MaxLength %d, want the cap", c.Name, c.MaxLength)
		}
	}
	m := cat.Model("ns")
	if err := m.Validate(); err != nil {
		t.Errorf("model invalid: %v", err)
	}
}

func TestNewStableAcrossInputOrder(t *testing.T) {
	a, _ := New(tables(), Options{}, nil)
	tb := tables()
	for i, j := 0, len(tb)-1; i < j; i, j = i+1, j-1 {
		tb[i], tb[j] = tb[j], tb[i]
	}
	b, _ := New(tb, Options{}, nil)
	for i := range a.Tables {
		if a.Tables[i].SetName != b.Tables[i].SetName || a.Tables[i].Name != b.Tables[i].Name {
			t.Errorf("naming depends on introspection order: %s/%s vs %s/%s", a.Tables[i].Name, a.Tables[i].SetName, b.Tables[i].Name, b.Tables[i].SetName)
		}
	}
}

func TestNewConfigErrors(t *testing.T) {
	for name, o := range map[string]Options{
		"unknown table":      {Tables: map[string]TableOptions{"nope": {}}},
		"unknown key column": {Tables: map[string]TableOptions{"audit": {Key: []string{"nope"}}}},
		"unknown column":     {Tables: map[string]TableOptions{"audit": {Columns: map[string]string{"nope": "X"}}}},
		"float key":          {Tables: map[string]TableOptions{"audit": {Key: []string{"At"}}, "floaty": {Key: []string{"F"}}}},
	} {
		if _, err := New(tables(), o, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestRenameAndWritable(t *testing.T) {
	yes := true
	cat, err := New(tables(), Options{Writable: []string{"Order_Details"}, Tables: map[string]TableOptions{
		"Order_Details": {Name: "Details", Columns: map[string]string{"a b": "AB"}, Writable: &yes},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := cat.Set("Details")
	if d == nil || d.Column("AB") == nil || !d.Writable {
		t.Fatalf("rename/writable not applied: %+v", d)
	}
	if !cat.Set("Order_Details").Writable {
		t.Error("-writable Order_Details not applied")
	}
}
