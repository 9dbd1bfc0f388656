package demo

import (
	"fmt"
	"strings"
	"time"
)

// currencies: CHAR(3) primary key; currency_rates: composite key (CHAR(3), DATE).
func (b *builder) currencies() {
	g, add := b.g, b.add
	// ---- currencies: CHAR(3) primary key -------------------------------------------
	currencies := add(&table{
		name: "currencies",
		cols: []column{
			{name: "CurrencyCode", kind: kChar, size: 3, notNull: true},
			{name: "Name", kind: kVarchar, size: 40, notNull: true},
			{name: "Symbol", kind: kVarchar, size: 5},
			{name: "Decimals", kind: kInt, notNull: true},
		},
		pk: []string{"CurrencyCode"},
		rows: [][]any{
			{"BHD", "Bahraini Dinar", nil, int64(3)},
			{"CHF", "Swiss Franc", "", int64(2)},
			{"EUR", "Euro", "€", int64(2)},
			{"GBP", "Pound Sterling", "£", int64(2)},
			{"JPY", "Yen", "¥", int64(0)},
			{"SEK", "Swedish Krona", "kr", int64(2)},
			{"USD", "US Dollar", "$", int64(2)},
		},
	})
	curCodes := make([]string, len(currencies.rows))
	for i, r := range currencies.rows {
		curCodes[i] = r[0].(string)
	}

	// ---- currency_rates: composite key (CHAR(3), DATE) -----------------------------
	rates := add(&table{
		name: "currency_rates",
		cols: []column{
			{name: "CurrencyCode", kind: kChar, size: 3, notNull: true},
			{name: "RateDate", kind: kDate, notNull: true},
			{name: "Rate", kind: kDecimal, size: 12, scale: 6, notNull: true},
			{name: "Source", kind: kVarchar, size: 20},
		},
		pk:  []string{"CurrencyCode", "RateDate"},
		fks: []foreignKey{{[]string{"CurrencyCode"}, "currencies", []string{"CurrencyCode"}}},
	})
	base := map[string]int64{"BHD": 2650000, "CHF": 1050000, "EUR": 1000000, "GBP": 1150000, "JPY": 6500, "SEK": 88000, "USD": 920000}
	for _, c := range curCodes {
		rate := base[c]
		for w := 0; w < 52; w++ {
			dt := day(2023, 1, 2).AddDate(0, 0, 7*w)
			rate += rate * int64(g.between(-200, 200)) / 10000
			rates.rows = append(rates.rows, []any{c, dt.Format(dateFmt), fixed(rate, 6), g.orBlank(0.15, 0.05, g.pick([]string{"ECB", "SNB", "BoE", "manual", "Reuters"}))})
		}
	}
	b.curCodes = curCodes
}

// categories: INT key, self-referencing foreign key.
func (b *builder) categories() {
	add := b.add
	// ---- categories: INT key, self-referencing foreign key -------------------------
	add(&table{
		name: "categories",
		cols: []column{
			{name: "CategoryID", kind: kInt, notNull: true},
			{name: "CategoryName", kind: kVarchar, size: 50, notNull: true},
			{name: "Description", kind: kText},
			{name: "ParentID", kind: kInt},
		},
		pk:  []string{"CategoryID"},
		fks: []foreignKey{{[]string{"ParentID"}, "categories", []string{"CategoryID"}}},
		rows: [][]any{
			{int64(1), "Beverages", "Soft drinks, coffees, teas, beers, and ales", nil},
			{int64(2), "Condiments", "Sweet and savory sauces, relishes, spreads, and seasonings", nil},
			{int64(3), "Confections", "Desserts, candies, and sweet breads", nil},
			{int64(4), "Dairy Products", "Cheeses", nil},
			{int64(5), "Grains/Cereals", "Breads, crackers, pasta, and cereal", nil},
			{int64(6), "Meat/Poultry", "Prepared meats", nil},
			{int64(7), "Produce", "Dried fruit and bean curd", nil},
			{int64(8), "Seafood", "Seaweed and fish", nil},
			{int64(9), "100% Organic", "Certified 100% organic; 'bio' in German", int64(7)},
			{int64(10), "Snacks_and_Sweets", "", int64(3)},
			{int64(11), "Kids' Corner", nil, int64(3)},
			{int64(12), `Tools\Hardware`, `Kitchen tools (path: C:\shop\tools)`, nil},
			{int64(13), "Sale!", "Clearance items!!", nil},
			{int64(14), "Café & Bäckerei", "Kaffee, Kuchen und Gebäck – süß", int64(3)},
			{int64(15), "日本の食品", "日本から輸入された食品", int64(7)},
			{int64(16), "Rockets 🚀", "Energy drinks 🚀⚡", int64(1)},
		},
	})
}

// suppliers: VARCHAR primary key, keys with special characters.
func (b *builder) suppliers() {
	g, add := b.g, b.add
	// ---- suppliers: VARCHAR primary key, keys with special characters --------------
	suppliers := add(&table{
		name: "suppliers",
		cols: []column{
			{name: "SupplierCode", kind: kVarchar, size: 12, notNull: true},
			{name: "CompanyName", kind: kVarchar, size: 100, notNull: true},
			{name: "ContactName", kind: kVarchar, size: 60},
			{name: "Country", kind: kVarchar, size: 40},
			{name: "City", kind: kVarchar, size: 40},
			{name: "Phone", kind: kVarchar, size: 24},
			{name: "Email", kind: kVarchar, size: 80},
			{name: "IsPreferred", kind: kBool, notNull: true},
			{name: "Rating", kind: kDouble},
		},
		pk: []string{"SupplierCode"},
	})
	specialSup := [][2]string{
		{"O'NEIL", "O'Neil & Daughters"},
		{"A/B&C", "A/B&C Trading"},
		{"50%OFF", "50% Off Outlet"},
		{"SP ACE", "Space  Between Ltd"},
		{"KÖLN-01", "Kölner Feinkost"},
		{"UNDER_SCORE", "Under_Score Foods"},
		{"Q?A#1", "Question? Answer# Co"},
		{"lower-case", "lowercase supplies"},
		{`BACK\SLASH`, `Back\Slash Provisions`},
		{"ROCKET🚀", "Rocket 🚀 Logistics"},
	}
	fixedSupNames := []string{"Exotic Liquids", "New Orleans Cajun Delights", "Grandma Kelly's Homestead", "Tokyo Traders", "東京トレーディング", "Müller Lebensmittel GmbH", "Große Straße KG", "Société Fromagère", "Pavlova, Ltd.", "Specialty Biscuits, Ltd."}
	for i := 0; i < 40; i++ {
		code := fmt.Sprintf("SUP-%03d", i+1)
		name := ""
		switch {
		case i < len(specialSup):
			code, name = specialSup[i][0], specialSup[i][1]
		case i < len(specialSup)+len(fixedSupNames):
			name = fixedSupNames[i-len(specialSup)]
		default:
			name = strings.TrimSpace(g.pick(compA) + " " + g.pick(compB) + " " + g.pick(compC))
		}
		first, last := g.pick(firstN), g.pick(lastN)
		var rating any
		if g.chance(0.8) {
			rating = float64(g.between(10, 50)) / 10
		}
		suppliers.rows = append(suppliers.rows, []any{
			code, name,
			g.orBlank(0.12, 0.05, first+" "+last),
			g.orNull(0.1, g.pick(countries)),
			g.orNull(0.1, g.pick(cities)),
			g.orBlank(0.15, 0.05, fmt.Sprintf("(%03d) %03d-%04d", g.intn(1000), g.intn(1000), g.intn(10000))),
			g.orBlank(0.2, 0.05, strings.ToLower(strings.ReplaceAll(last, " ", ""))+"@example.com"),
			g.chance(0.3),
			rating,
		})
	}
	supCodes := make([]string, len(suppliers.rows))
	for i, r := range suppliers.rows {
		supCodes[i] = r[0].(string)
	}
	b.supCodes = supCodes
}

// customers: CHAR(5) primary key, the text quirks.
func (b *builder) customers() {
	g, add := b.g, b.add
	// ---- customers: CHAR(5) primary key, the text quirks ---------------------------
	customers := add(&table{
		name: "customers",
		cols: []column{
			{name: "CustomerCode", kind: kChar, size: 5, notNull: true},
			{name: "CompanyName", kind: kVarchar, size: 100, notNull: true},
			{name: "ContactName", kind: kVarchar, size: 60},
			{name: "ContactTitle", kind: kVarchar, size: 40},
			{name: "Country", kind: kVarchar, size: 40},
			{name: "City", kind: kVarchar, size: 40},
			{name: "PostalCode", kind: kVarchar, size: 10},
			{name: "Phone", kind: kVarchar, size: 24},
			{name: "CurrencyCode", kind: kChar, size: 3, notNull: true},
			{name: "CreditLimit", kind: kDecimal, size: 12, scale: 2},
			{name: "IsActive", kind: kBool, notNull: true},
			{name: "CreatedAt", kind: kDateTime, notNull: true},
			{name: "Notes", kind: kVarchar, size: 255},
		},
		pk:  []string{"CustomerCode"},
		fks: []foreignKey{{[]string{"CurrencyCode"}, "currencies", []string{"CurrencyCode"}}},
	})
	// Curated customers: code, company, contact, notes. nil means SQL NULL.
	curated := [][4]any{
		{"ALFKI", "Alfreds Futterkiste", "Maria Anders", "first customer"},
		{"ANATR", "Ana Trujillo Emparedados y helados", "Ana Trujillo", nil},
		{"ANTON", "Antonio Moreno Taquería", "Antonio Moreno", nil},
		{"AROUT", "Around the Horn", "Thomas Hardy", nil},
		{"ACME1", "acme", "wile e. coyote", "lower case"},
		{"ACME2", "ACME", "WILE E. COYOTE", "upper case"},
		{"ACME3", "Acme", "Wile E. Coyote", "title case"},
		{"TRAIL", "abc ", "Trailing Space ", "company has one trailing space"},
		{"TRAI2", "abc", "No Trailing", "same as TRAIL without the space"},
		{"TRAI3", "abc  ", "  leading and trailing  ", "two trailing spaces"},
		{"EMPTY", "", "", ""},
		{"NULLS", "All Nulls Co", nil, nil},
		{"PCT01", "100% Natural", "Percy Cent", "contains % sign: 100%"},
		{"UNDSC", "Under_Score Ltd", "Ursula_Score", "contains _ underscore"},
		{"BANG1", "Yahoo! Traders", "Bang!", "contains ! bang"},
		{"QUOTE", "O'Brien's Pub", "Seán O'Brien", "contains ' quote: it's"},
		{"BSLSH", `Back\Slash Corp`, `C:\Users\bs`, `contains \ backslash`},
		{"MIXED", `50%_off! 'quoted' \path\`, `%_!'\`, `all of % _ ! ' \`},
		{"LIKE1", "a%b", "a_b", "LIKE wildcards as data"},
		{"LIKE2", "axxb", "aXb", "matches a%b and a_b only as patterns"},
		{"MULLR", "Müller & Söhne", "Jürgen Müller", "ü ö"},
		{"STRAS", "Straße Großhandel", "Gießen Weiß", "ß (uppercases to SS)"},
		{"CAFES", "Café Société", "Frédérique Citeaux", "é"},
		{"NIHON", "日本商事株式会社", "山田太郎", "日本語のメモ"},
		{"ROCKT", "Rocket 🚀 Ventures", "Elon 🚀", "emoji 🚀 (4-byte UTF-8)"},
		{"EMOJI", "😀 Smiles Inc", "😀", "😀😀😀"},
		{"ZEROS", "000123", "0", "numeric-looking text"},
	}
	used := map[string]bool{}
	created0 := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	custRow := func(code string, company, contact, notes any) []any {
		country := g.orNull(0.1, g.pick(countries))
		limit := any(money(int64(g.between(0, 50000000)))) // up to 500,000.00
		if g.chance(0.15) {
			limit = nil
		}
		created := created0.Add(time.Duration(g.intn(8*365*24*3600)) * time.Second)
		return []any{
			code, company, contact,
			g.orBlank(0.15, 0.05, g.pick(titles)),
			country,
			g.orNull(0.1, g.pick(cities)),
			g.orBlank(0.15, 0.05, fmt.Sprintf("%05d", g.intn(100000))),
			g.orBlank(0.15, 0.05, fmt.Sprintf("+%d %03d %04d", g.between(1, 99), g.intn(1000), g.intn(10000))),
			g.pick(b.curCodes),
			limit,
			g.chance(0.85),
			created.Format(dateTimeFmt),
			notes,
		}
	}
	for _, c := range curated {
		code := c[0].(string)
		used[code] = true
		row := custRow(code, c[1], c[2], c[3])
		if code == "NULLS" {
			for i, col := range customers.cols {
				if !col.notNull {
					row[i] = nil
				}
			}
		}
		customers.rows = append(customers.rows, row)
	}
	for len(customers.rows) < 250 {
		code := g.letters(5, upper)
		if used[code] {
			continue
		}
		used[code] = true
		company := strings.TrimSpace(g.pick(compA) + " " + g.pick(compB) + " " + g.pick(compC))
		contact := g.orBlank(0.12, 0.04, g.pick(firstN)+" "+g.pick(lastN))
		notes := g.orBlank(0.35, 0.1, g.words(lorem, g.between(5, 60)))
		customers.rows = append(customers.rows, custRow(code, company, contact, notes))
	}
	custCodes := make([]string, len(customers.rows))
	for i, r := range customers.rows {
		custCodes[i] = r[0].(string)
	}
	b.custCodes = custCodes
}
