package catalog

import (
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata/edm"
)

func ncol(name string, nullable bool) *Column {
	return &Column{Name: name, Type: edm.Int32, Nullable: nullable}
}

func navNames(t *Table) string {
	var parts []string
	for _, n := range t.Navs {
		s := n.Name + "→" + n.To.SetName
		if n.Many {
			s += "[]"
		}
		parts = append(parts, s+"~"+n.Partner.Name)
	}
	return strings.Join(parts, " ")
}

// TestNavNames covers the naming rules: ID suffixes, a column of the same name,
// two keys to the same table, self-references, composite keys, hidden tables, and
// configured names.
func TestNavNames(t *testing.T) {
	mk := func() []*Table {
		return []*Table{
			{Name: "Customers", Columns: []*Column{ncol("CustomerID", false), ncol("Orders", true)}, PrimaryKey: []string{"CustomerID"}},
			{Name: "Orders", Columns: []*Column{ncol("OrderID", false), ncol("CustomerID", true), ncol("Customer", true), ncol("BillTo", true), ncol("ShipTo", true)},
				PrimaryKey: []string{"OrderID"},
				ForeignKeys: []ForeignKey{
					{Name: "fk_cust", Columns: []string{"CustomerID"}, RefTable: "Customers", RefColumns: []string{"CustomerID"}},
					{Name: "fk_bill", Columns: []string{"BillTo"}, RefTable: "Addresses", RefColumns: []string{"AddressID"}},
					{Name: "fk_ship", Columns: []string{"ShipTo"}, RefTable: "Addresses", RefColumns: []string{"AddressID"}},
				}},
			{Name: "Addresses", Columns: []*Column{ncol("AddressID", false)}, PrimaryKey: []string{"AddressID"}},
			{Name: "Employees", Columns: []*Column{ncol("EmployeeID", false), ncol("ReportsTo", true)}, PrimaryKey: []string{"EmployeeID"},
				ForeignKeys: []ForeignKey{{Name: "fk_boss", Columns: []string{"ReportsTo"}, RefTable: "Employees", RefColumns: []string{"EmployeeID"}}}},
			{Name: "Lines", Columns: []*Column{ncol("OrderNo", false), ncol("LineNo", false)}, PrimaryKey: []string{"OrderNo", "LineNo"}},
			{Name: "Notes", Columns: []*Column{ncol("NoteID", false), ncol("OrderNo", true), ncol("LineNo", true), ncol("SecretID", true)}, PrimaryKey: []string{"NoteID"},
				ForeignKeys: []ForeignKey{
					{Name: "fk_line", Columns: []string{"OrderNo", "LineNo"}, RefTable: "Lines", RefColumns: []string{"OrderNo", "LineNo"}},
					{Name: "fk_secret", Columns: []string{"SecretID"}, RefTable: "Secrets", RefColumns: []string{"SecretID"}},
				}},
			{Name: "Secrets", Columns: []*Column{ncol("SecretID", false)}, PrimaryKey: []string{"SecretID"}},
		}
	}
	c, err := New(mk(), Options{Tables: map[string]TableOptions{"Secrets": {Hidden: true}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		// "Customer" is a column of Orders: the to-one takes the singular set name, taken
		// too, so it gets _2; Customers has a column "Orders", so its to-many gets _2.
		"Orders":    "BillTo_Address→Addresses~Orders_BillTo_Address Customer_2→Customers~Orders_2 ShipTo_Address→Addresses~Orders_ShipTo_Address",
		"Customers": "Orders_2→Orders[]~Customer_2",
		"Addresses": "Orders_BillTo_Address→Orders[]~BillTo_Address Orders_ShipTo_Address→Orders[]~ShipTo_Address",
		"Employees": "Employee→Employees~Employees Employees→Employees[]~Employee",
		"Lines":     "Notes→Notes[]~Line",
		"Notes":     "Line→Lines~Notes", // composite; the key to the hidden Secrets is left out
	}
	for set, w := range want {
		if got := navNames(c.Set(set)); got != w {
			t.Errorf("%s: got  %s\n want %s", set, got, w)
		}
	}
	line := c.Set("Notes").Nav("Line")
	if len(line.FromCols) != 2 || line.FromCols[1].Name != "LineNo" || line.ToCols[1].Name != "LineNo" || !line.Nullable {
		t.Errorf("composite navigation: %+v", line)
	}
	// Configured names win, for both ends.
	c, err = New(mk(), Options{Tables: map[string]TableOptions{"Employees": {Navigations: map[string]string{"Employee": "Manager", "Employee.partner": "DirectReports"}}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := navNames(c.Set("Employees")); got != "Manager→Employees~DirectReports DirectReports→Employees[]~Manager" {
		t.Errorf("configured: %s", got)
	}
	// The EDM model carries both ends with constraints and bindings.
	m := c.Model("ns")
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	et := m.Type("Notes")
	if n := et.Nav("Line"); n == nil || len(n.Constraints) != 2 || n.Type != "ns.Lines" || n.Partner != "Notes" {
		t.Errorf("Notes.Line in the model: %+v", n)
	}
	if s := m.Set("Lines"); len(s.Bindings) != 1 || s.Bindings[0] != (edm.NavigationPropertyBinding{Path: "Notes", Target: "Notes"}) {
		t.Errorf("Lines bindings: %+v", s.Bindings)
	}
}
