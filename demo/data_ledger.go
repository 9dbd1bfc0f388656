package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ledger: BIGINT key and values beyond 2^53, DECIMAL(20,6).
func (b *builder) ledger() {
	g, add := b.g, b.add
	// ---- ledger: BIGINT key and values beyond 2^53, DECIMAL(20,6) -------------------
	ledger := add(&table{
		name: "ledger",
		cols: []column{
			{name: "EntryID", kind: kBigInt, notNull: true},
			{name: "AccountNo", kind: kBigInt, notNull: true},
			{name: "CustomerCode", kind: kChar, size: 5},
			{name: "PostedAt", kind: kDateTime, notNull: true},
			{name: "Amount", kind: kDecimal, size: 20, scale: 6, notNull: true},
			{name: "Tax", kind: kDecimal, size: 20, scale: 6},
			{name: "ExternalRef", kind: kBigInt},
			{name: "Memo", kind: kVarchar, size: 120},
		},
		pk:  []string{"EntryID"},
		fks: []foreignKey{{[]string{"CustomerCode"}, "customers", []string{"CustomerCode"}}},
	})
	// Amounts keep at most 15 significant digits: SQLite stores DECIMAL as REAL, and
	// only those survive the round trip, so all engines hold the same values.
	specialAmounts := []string{"123456789.123456", "999999999.999999", "-999999999.999999", "0.000001", "-0.000001", "0.000000", "100.000000"}
	specialIDs := []int64{9007199254740992, 9007199254740993, 9223372036854775807, -9223372036854775808}
	specialRefs := []int64{9007199254740993, 9223372036854775807, -9223372036854775808, 9007199254740992}
	posted0 := time.Date(2023, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 400; i++ {
		id := int64(i + 1)
		amount := fixed(int64(g.between(-5e12, 5e12)), 6) // up to ±5,000,000.000000
		if i < len(specialAmounts) {
			amount = specialAmounts[i]
		}
		var tax any
		if g.chance(0.8) {
			tax = fixed(int64(g.between(0, 1e11)), 6)
		}
		var ref any
		if g.chance(0.85) {
			ref = g.r.Int64() // mostly > 2^53
		}
		if j := i - 390; j >= 0 && j < len(specialIDs) {
			id = specialIDs[j]
			ref = specialRefs[j]
		}
		var cust any = g.pick(b.custCodes)
		if g.chance(0.15) {
			cust = nil
		}
		ledger.rows = append(ledger.rows, []any{
			id,
			int64(4000000000 + g.intn(50)), // beyond INT32
			cust,
			posted0.Add(time.Duration(g.intn(730*24*3600)) * time.Second).Format(dateTimeFmt),
			amount, tax, ref,
			g.orBlank(0.15, 0.05, g.pick([]string{"invoice", "payment", "credit note", "write-off", "FX adj. 0.5%", "rounding_diff", "refund!", "customer's deposit", `ref\123`, "Gebühr", "手数料"})),
		})
	}
}

// audit_log: no primary key (hidden by the gateway), duplicate rows.
func (b *builder) auditLog() {
	g, add := b.g, b.add
	// ---- audit_log: no primary key (hidden by the gateway), duplicate rows ----------
	audit := add(&table{
		name: "audit_log",
		cols: []column{
			{name: "LoggedAt", kind: kDateTime, notNull: true},
			{name: "UserName", kind: kVarchar, size: 30},
			{name: "Action", kind: kVarchar, size: 10, notNull: true},
			{name: "TableName", kind: kVarchar, size: 40, notNull: true},
			{name: "RecordKey", kind: kVarchar, size: 40},
			{name: "Details", kind: kText},
		},
	})
	users := []any{"admin", "ADMIN", "Admin", "jdoe", "batch ", "", nil}
	tableNames := []string{"customers", "orders", "Order Lines", "products", "Shipments", "ledger"}
	logged0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; len(audit.rows) < 600; i++ {
		tn := g.pick(tableNames)
		key := fmt.Sprint(10248 + g.intn(nOrders))
		if tn == "Order Lines" {
			key += fmt.Sprintf("/%d", 10*g.between(1, 9))
		} else if tn == "customers" {
			key = g.pick(b.custCodes)
		}
		var details any
		switch g.intn(4) {
		case 0:
			details = fmt.Sprintf(`{"field":"Freight","old":"%s","new":"%s"}`, money(int64(g.intn(10000))), money(int64(g.intn(10000))))
		case 1:
			details = fmt.Sprintf(`exported to C:\exports\%d.csv`, i)
		case 2:
			details = g.orBlank(0.5, 0.2, g.words(lorem, g.between(10, 300)))
		}
		row := []any{
			logged0.Add(time.Duration(g.intn(365*24*3600)) * time.Second).Format(dateTimeFmt),
			g.pickAny(users),
			g.pick([]string{"INSERT", "UPDATE", "DELETE", "LOGIN"}),
			tn, g.orNull(0.1, key), details,
		}
		audit.rows = append(audit.rows, row)
		if i%50 == 0 {
			audit.rows = append(audit.rows, slices.Clone(row)) // exact duplicate
		}
	}
}

// views over orders, customers, order lines and products.
func (b *builder) views() {
	// ---- views --------------------------------------------------------------------
	type vc struct{ alias, table, col string }
	addView := func(name string, key []string, cols []vc, from func(q func(string) string) string) {
		var defs []column
		for _, c := range cols {
			for _, col := range b.d.byName[c.table].cols {
				if col.name == c.col {
					col.autoInc = false
					defs = append(defs, col)
				}
			}
		}
		b.d.viewCol[name] = defs
		b.d.views = append(b.d.views, &view{name: name, key: key, sql: func(q func(string) string) string {
			sel := make([]string, len(cols))
			for i, c := range cols {
				sel[i] = c.alias + "." + q(c.col)
			}
			return "SELECT " + strings.Join(sel, ", ") + " FROM " + from(q)
		}})
	}
	addView("v_open_orders", []string{"OrderNo"}, []vc{
		{"o", "orders", "OrderNo"}, {"o", "orders", "CustomerCode"}, {"c", "customers", "CompanyName"},
		{"o", "orders", "OrderDate"}, {"o", "orders", "RequiredDate"}, {"o", "orders", "Freight"},
		{"o", "orders", "CurrencyCode"},
	}, func(q func(string) string) string {
		return q("orders") + " o JOIN " + q("customers") + " c ON c." + q("CustomerCode") + " = o." + q("CustomerCode") +
			" WHERE o." + q("Shipped") + " IS NULL"
	})
	addView("v_order_details", []string{"OrderNo", "LineNo"}, []vc{
		{"ol", "Order Lines", "OrderNo"}, {"ol", "Order Lines", "LineNo"}, {"ol", "Order Lines", "ProductID"},
		{"p", "products", "ProductName"}, {"ol", "Order Lines", "Quantity"}, {"ol", "Order Lines", "UnitPrice"},
		{"ol", "Order Lines", "Discount"},
	}, func(q func(string) string) string {
		return q("Order Lines") + " ol JOIN " + q("products") + " p ON p." + q("ProductID") + " = ol." + q("ProductID")
	})
}
