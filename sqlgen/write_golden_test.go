package sqlgen_test

import (
	"strings"
	"testing"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// writeCases are writes whose SQL every dialect renders: "METHOD path body".
var writeCases = []string{
	`POST orders {"CustomerCode":"ALFKI","ShipName":"O'Brien","Freight":12.5,"OrderDate":"2020-01-31","Shipped":"2020-01-31T10:00:00+02:00","Discontinued":true,"Ref":"9007199254740993","Token":"01234567-89AB-cdef-0123-456789abcdef","Thumbnail":"iVBORw=="}`,
	`POST orders {"OrderNo":99,"CustomerCode":"ALFKI","@odata.type":"#odatagw.orders"}`,
	`POST Order_Lines {"OrderNo":10248,"LineNo":10,"Quantity":5,"UnitPrice":"9.99"}`,
	`POST acct_we_ird_name {"EntryID":1,"Amount":"0.000001"}`,
	`PATCH orders(10248) {"ShipName":"x","Freight":null}`,
	`MERGE orders(10248) {"OrderNo":10248,"ShipName":"full entity","CustomerCode":"ALFKI"}`,
	`PATCH orders(10248) {"OrderNo":10248}`,
	`PUT Order_Lines(OrderNo=10248,LineNo=10) {"Quantity":1,"UnitPrice":"1.00"}`,
	`DELETE Order_Lines(OrderNo=10248,LineNo=10)`,
	`DELETE acct_we_ird_name(9223372036854775807)`,
	// Rejected writes.
	`POST orders {"ShipName":5}`,
	`POST orders {"Year":2147483648}`,
	`POST orders {"Freight":"1.234"}`,
	`POST orders {"Nope":1}`,
	`POST Order_Lines {"OrderNo":1,"Quantity":1,"UnitPrice":"1"}`,
	`PATCH orders(10248) {"OrderNo":1}`,
	`PATCH orders(10248) {"ShipName":"` + strings.Repeat("x", 41) + `"}`,
	`PATCH orders {"ShipName":"x"}`,
	`PUT Order_Lines(OrderNo=10248,LineNo=10) {"Note":"x"}`,
}

func writableFixture(t *testing.T) *catalog.Catalog {
	cat := fixture(t)
	for _, tb := range cat.Tables {
		tb.Writable = true
	}
	return cat
}

func TestGoldenWriteSQL(t *testing.T) {
	cat := writableFixture(t)
	files := newDialectFiles("the SQL of TestGoldenWriteSQL's writes")
	for _, c := range writeCases {
		renderWrite(t, cat, files, c)
	}
	files.check(t, "write")
}

func renderWrite(t *testing.T, cat *catalog.Catalog, files dialectFiles, c string) {
	cs := files.add(c)
	method, rest, _ := strings.Cut(c, " ")
	path, body, _ := strings.Cut(rest, " ")
	p, err := odata.ParsePath(path)
	var op plan.WriteOp
	if err == nil {
		op, err = plan.WriteOpFor(method, p)
	}
	var w *plan.Write
	if err == nil {
		w, err = plan.BuildWrite(op, p, []byte(body), cat, time.Now())
	}
	if err != nil {
		rejected(t, cs, c, err)
		return
	}
	for i, d := range dialects {
		var st sqlgen.Stmt
		switch op {
		case plan.Insert:
			st, err = sqlgen.Insert(w, d)
		case plan.Update, plan.Replace:
			st, err = sqlgen.Update(w, d)
		case plan.Delete:
			st, err = sqlgen.Delete(w, d)
		}
		if err == nil && st.SQL == "" {
			if len(st.Args) != 0 {
				t.Errorf("%s on %s: no statement, %d args", c, d.Name(), len(st.Args))
			}
			cs[i].Add("noop", "nothing to change")
			continue
		}
		if !rendered(t, cs[i], d, st.SQL, st.Args, err) {
			continue
		}
		for _, r := range st.Returning {
			cs[i].Add("returns", r.Name)
		}
		if st.LastInsertID != nil {
			cs[i].Add("last-insert-id", st.LastInsertID.Name)
		}
	}
}
