package demo

import (
	"fmt"
	"slices"
	"time"
)

// products: INT key, DECIMAL, BOOLEAN, DOUBLE, Length, BLOB, long TEXT.
func (b *builder) products() {
	g, add := b.g, b.add
	// ---- products: INT key, DECIMAL, BOOLEAN, DOUBLE, Length, BLOB, long TEXT ------
	products := add(&table{
		name: "products",
		cols: []column{
			{name: "ProductID", kind: kInt, notNull: true},
			{name: "ProductName", kind: kVarchar, size: 80, notNull: true},
			{name: "SupplierCode", kind: kVarchar, size: 12},
			{name: "CategoryID", kind: kInt},
			{name: "QuantityPerUnit", kind: kVarchar, size: 40},
			{name: "UnitPrice", kind: kDecimal, size: 12, scale: 2, notNull: true},
			{name: "UnitsInStock", kind: kInt},
			{name: "Discontinued", kind: kBool, notNull: true},
			{name: "Weight", kind: kDouble},
			{name: "Length", kind: kDecimal, size: 8, scale: 3},
			{name: "Thumbnail", kind: kBlob},
			{name: "Description", kind: kText},
		},
		pk: []string{"ProductID"},
		fks: []foreignKey{
			{[]string{"SupplierCode"}, "suppliers", []string{"SupplierCode"}},
			{[]string{"CategoryID"}, "categories", []string{"CategoryID"}},
		},
	})
	curatedProducts := []string{"Chai", "Chang", "Aniseed Syrup", "Chef Anton's Cajun Seasoning", "Grandma's Boysenberry Spread", "Crème Brûlée", "Weißwurst", "Größe XL Brezel", "抹茶 Matcha", "Rocket Fuel 🚀", "50% Cocoa", "Salt_and_Pepper", "Mustard!", `Back\Slash Biscuits`, "Trailing Tea ", "chai", "CHAI"}
	prices := []int64{0, 1, 999999999999} // 0.00, 0.01, 9999999999.99 (DECIMAL(12,2) max)
	pngMagic := []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}
	for i := 0; i < 300; i++ {
		id := int64(i + 1)
		name := ""
		if i < len(curatedProducts) {
			name = curatedProducts[i]
		} else {
			name = fmt.Sprintf("%s %s %d", g.pick(adjs), g.pick(nouns), g.between(1, 999))
		}
		cents := int64(g.between(50, 30000))
		if i >= 20 && i-20 < len(prices) {
			cents = prices[i-20]
		}
		var weight, length, thumb, desc any
		if g.chance(0.85) {
			weight = float64(g.between(1, 250000)) / 1000
		}
		switch i {
		case 30:
			weight = 3.141592653589793
		case 31:
			weight = 1e-7
		case 32:
			weight = 0.1
		}
		if g.chance(0.85) {
			length = fixed(int64(g.between(1, 99999999)), 3)
		}
		if i == 33 {
			length = "99999.999"
		} else if i == 34 {
			length = "0.001"
		}
		if g.chance(0.85) {
			b := make([]byte, g.between(16, 64))
			for j := range b {
				b[j] = byte(g.intn(256))
			}
			copy(b, pngMagic)
			thumb = b
		}
		switch {
		case i%20 == 7:
			desc = g.words(lorem, g.between(2000, 6000)) // a few KB
		default:
			desc = g.orBlank(0.15, 0.05, g.words(lorem, g.between(10, 200)))
		}
		var sup, cat any = g.pick(b.supCodes), int64(g.between(1, len(b.d.byName["categories"].rows)))
		if g.chance(0.08) {
			sup = nil
		}
		if g.chance(0.08) {
			cat = nil
		}
		products.rows = append(products.rows, []any{
			id, name, sup, cat,
			g.orBlank(0.1, 0.05, g.pick(units)),
			money(cents),
			g.orNull(0.1, int64(g.between(0, 500))),
			g.chance(0.1),
			weight, length, thumb, desc,
		})
	}
}

// orders: AUTO_INCREMENT / SERIAL key, `Year`, DATE, DATETIME.
func (b *builder) orders() {
	g, add := b.g, b.add
	// ---- orders: AUTO_INCREMENT / SERIAL key, `Year`, DATE, DATETIME -----------------
	orders := add(&table{
		name: "orders",
		cols: []column{
			{name: "OrderNo", kind: kInt, notNull: true, autoInc: true},
			{name: "CustomerCode", kind: kChar, size: 5, notNull: true},
			{name: "EmployeeName", kind: kVarchar, size: 40},
			{name: "OrderDate", kind: kDate, notNull: true},
			{name: "RequiredDate", kind: kDate},
			{name: "Shipped", kind: kDateTime},
			{name: "Freight", kind: kDecimal, size: 12, scale: 2},
			{name: "ShipName", kind: kVarchar, size: 100},
			{name: "ShipCity", kind: kVarchar, size: 40},
			{name: "ShipCountry", kind: kVarchar, size: 40},
			{name: "Year", kind: kInt, notNull: true},
			{name: "CurrencyCode", kind: kChar, size: 3, notNull: true},
			{name: "Comment", kind: kVarchar, size: 255},
		},
		pk: []string{"OrderNo"},
		fks: []foreignKey{
			{[]string{"CustomerCode"}, "customers", []string{"CustomerCode"}},
			{[]string{"CurrencyCode"}, "currencies", []string{"CurrencyCode"}},
		},
	})
	orderDates := make([]time.Time, nOrders)
	start := day(2019, 1, 1)
	span := int(day(2025, 1, 1).Sub(start).Hours() / 24)
	for i := range orderDates {
		orderDates[i] = start.AddDate(0, 0, g.intn(span))
	}
	orderDates[nOrders/4] = day(2020, 2, 29) // leap day
	slices.SortFunc(orderDates, func(a, b time.Time) int { return a.Compare(b) })
	var orderList []orderInfo
	for i, od := range orderDates {
		no := int64(10248 + i)
		cust := g.pick(b.custCodes)
		var shipped any
		var shippedT time.Time
		if !g.chance(0.12) {
			shippedT = od.AddDate(0, 0, g.between(0, 14)).Add(time.Duration(g.intn(24*3600)) * time.Second)
			shipped = shippedT.Format(dateTimeFmt)
		}
		var required any
		if g.chance(0.85) {
			required = od.AddDate(0, 0, g.between(7, 42)).Format(dateFmt)
		}
		var freight any
		if g.chance(0.9) {
			freight = money(int64(g.between(2, 100000)))
		}
		city := g.orNull(0.1, g.pick(cities))
		orders.rows = append(orders.rows, []any{
			no, cust,
			g.orBlank(0.1, 0.03, g.pick(employees)),
			od.Format(dateFmt), required, shipped, freight,
			g.orBlank(0.1, 0.05, g.pick(compA)+" "+g.pick(compB)),
			city,
			g.orNull(0.1, g.pick(countries)),
			int64(od.Year()),
			g.pick(b.curCodes),
			g.orBlank(0.35, 0.1, g.words(lorem, g.between(5, 120))),
		})
		orderList = append(orderList, orderInfo{no, shippedT, city})
	}
	b.orderList = orderList
}

// "Order Lines": name with a space, composite key (OrderNo, LineNo).
func (b *builder) orderLines() {
	g, add := b.g, b.add
	// ---- "Order Lines": name with a space, composite key (OrderNo, LineNo) ---------
	lines := add(&table{
		name: "Order Lines",
		cols: []column{
			{name: "OrderNo", kind: kInt, notNull: true},
			{name: "LineNo", kind: kInt, notNull: true},
			{name: "ProductID", kind: kInt, notNull: true},
			{name: "Quantity", kind: kInt, notNull: true},
			{name: "UnitPrice", kind: kDecimal, size: 12, scale: 2, notNull: true},
			{name: "Discount", kind: kDouble, notNull: true},
			{name: "Note", kind: kVarchar, size: 100},
		},
		pk: []string{"OrderNo", "LineNo"},
		fks: []foreignKey{
			{[]string{"OrderNo"}, "orders", []string{"OrderNo"}},
			{[]string{"ProductID"}, "products", []string{"ProductID"}},
		},
	})
	products := b.d.byName["products"]
	discounts := []float64{0, 0, 0, 0.05, 0.1, 0.15, 0.2, 0.25}
	for _, o := range b.orderList {
		n := g.between(1, 9)
		for l := 1; l <= n; l++ {
			p := products.rows[g.intn(len(products.rows))]
			lines.rows = append(lines.rows, []any{
				o.no, int64(10 * l), // legacy numbering 10, 20, 30…
				p[0],
				int64(g.between(1, 120)),
				p[5], // price at order time = list price
				discounts[g.intn(len(discounts))],
				g.orBlank(0.35, 0.05, g.pick([]string{"gift wrap", "rush!", "50% deposit", "per_unit", "it's fragile", `see C:\notes`, "Größe M", "急ぎ", "🚀 express"})),
			})
		}
	}
}

// Shipments: VARCHAR key, columns named Date, Year, Length.
func (b *builder) shipments() {
	g, add := b.g, b.add
	// ---- Shipments: VARCHAR key, columns named Date, Year, Length ------------------
	shipments := add(&table{
		name: "Shipments",
		cols: []column{
			{name: "TrackingNo", kind: kVarchar, size: 20, notNull: true},
			{name: "OrderNo", kind: kInt, notNull: true},
			{name: "Carrier", kind: kVarchar, size: 30, notNull: true},
			{name: "Date", kind: kDate, notNull: true},
			{name: "Year", kind: kInt, notNull: true},
			{name: "Length", kind: kDecimal, size: 8, scale: 3},
			{name: "Weight", kind: kDouble},
			{name: "DeliveredAt", kind: kDateTimeTZ},
			{name: "Signature", kind: kVarchar, size: 60},
		},
		pk:  []string{"TrackingNo"},
		fks: []foreignKey{{[]string{"OrderNo"}, "orders", []string{"OrderNo"}}},
	})
	trk := map[string]bool{}
	for _, o := range b.orderList {
		if o.shipped.IsZero() {
			continue
		}
		parcels := 1
		if g.chance(0.08) {
			parcels = 2
		}
		for p := 0; p < parcels; p++ {
			var no string
			for no == "" || trk[no] {
				no = "1Z" + g.letters(16, upperDigits)
			}
			trk[no] = true
			var delivered any
			if g.chance(0.85) {
				delivered = o.shipped.Add(time.Duration(g.between(3600, 10*24*3600)) * time.Second).Format(dateTimeFmt)
			}
			var weight any
			if g.chance(0.85) {
				weight = float64(g.between(100, 9999900)) / 100
			}
			shipments.rows = append(shipments.rows, []any{
				no, o.no, g.pick(carriers),
				o.shipped.Format(dateFmt), int64(o.shipped.Year()),
				g.orNull(0.15, fixed(int64(g.between(100, 2500000)), 3)),
				weight, delivered,
				g.orBlank(0.2, 0.1, g.pick(firstN)+" "+g.pick(lastN)),
			})
		}
	}
}
