package introspect

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/odatagw/odatagw/catalog"
)

func TestAddForeignKeyColumn(t *testing.T) {
	tb := &catalog.Table{Name: "lines"}
	AddForeignKeyColumn(tb, "fk_order", "order_id", "", "orders", "id")
	AddForeignKeyColumn(tb, "fk_order", "line_no", "", "orders", "line")
	AddForeignKeyColumn(tb, "fk_cust", "cust_id", "crm", "customers", "id")
	want := []catalog.ForeignKey{
		{Name: "fk_order", Columns: []string{"order_id", "line_no"}, RefTable: "orders", RefColumns: []string{"id", "line"}},
		{Name: "fk_cust", Columns: []string{"cust_id"}, RefSchema: "crm", RefTable: "customers", RefColumns: []string{"id"}},
	}
	if diff := cmp.Diff(want, tb.ForeignKeys); diff != "" {
		t.Errorf("foreign keys (-want +got):\n%s", diff)
	}
}
