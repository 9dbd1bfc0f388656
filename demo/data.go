package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// dataset is the whole demo database: common tables in creation order (parents first),
// views, and the flavor-only extras tables. It is generated once, deterministically.
type dataset struct {
	tables  []*table
	views   []*view
	extras  map[string][]*table // by flavor
	byName  map[string]*table
	viewCol map[string][]column // column definitions of each view, in SELECT order
}

var theData = sync.OnceValue(generate)

// gen wraps the fixed-seed PRNG. Every draw happens in a fixed order, so the rows are
// the same on every run (for a given Go release of math/rand/v2).
type gen struct{ r *rand.Rand }

func (g *gen) intn(n int) int            { return g.r.IntN(n) }
func (g *gen) between(lo, hi int) int    { return lo + g.r.IntN(hi-lo+1) }
func (g *gen) chance(p float64) bool     { return g.r.Float64() < p }
func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g *gen) pickAny(list []any) any    { return list[g.r.IntN(len(list))] }
func (g *gen) orNull(p float64, v any) any { // v, or NULL with probability p
	if g.chance(p) {
		return nil
	}
	return v
}

// orBlank returns NULL with probability pNull, the empty string with probability
// pEmpty, else s.
func (g *gen) orBlank(pNull, pEmpty float64, s string) any {
	x := g.r.Float64()
	switch {
	case x < pNull:
		return nil
	case x < pNull+pEmpty:
		return ""
	}
	return s
}

func (g *gen) letters(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

// money formats cents as a DECIMAL(…,2) string.
func money(cents int64) string { return fixed(cents, 2) }

// fixed formats v·10^-scale exactly.
func fixed(v int64, scale int) string {
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u, 10)
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

const (
	dateFmt     = "2006-01-02"
	dateTimeFmt = "2006-01-02 15:04:05"
	upper       = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	upperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

var (
	countries = []string{"Germany", "France", "USA", "UK", "Mexico", "Brazil", "Japan", "Sweden", "Switzerland", "Österreich", "España", "Italy", "Canada", "Denmark", "Norway", "Finland", "Poland", "Ireland", "Portugal", "Belgium"}
	cities    = []string{"Berlin", "München", "Paris", "Lyon", "Seattle", "Boston", "London", "Cowes", "México D.F.", "São Paulo", "Tōkyō", "東京", "Göteborg", "Genève", "Zürich", "Wien", "Madrid", "Torino", "Montréal", "Århus", "Oslo", "Kraków", "Cork", "Lisboa", "Bruxelles"}
	firstN    = []string{"Maria", "Ana", "Antonio", "Thomas", "Christina", "Hanna", "Frédérique", "Martín", "Laurence", "Elizabeth", "Victoria", "Patricio", "Yang", "Pedro", "Aria", "Diego", "Jürgen", "Søren", "Zoë", "Renée", "José", "Björn", "Łukasz", "Yoshi", "Kenji", "Ólafur", "Siobhán"}
	lastN     = []string{"Anders", "Trujillo", "Moreno", "Hardy", "Berglund", "Moos", "Citeaux", "Sommer", "Lebihan", "Lincoln", "Ashworth", "Simpson", "Wang", "Afonso", "Cruz", "Roel", "Müller", "Østergaard", "Nuñez", "Dubois", "Straße", "O'Brien", "Kowalski", "Tanaka", "山田", "Ní Bhriain"}
	titles    = []string{"Sales Representative", "Owner", "Order Administrator", "Marketing Manager", "Accounting Manager", "Sales Agent", "Purchasing Clerk", "Director"}
	compA     = []string{"Alpine", "Baltic", "Coastal", "Delta", "Eastern", "Fjord", "Golden", "Harbor", "Island", "Jade", "Königs", "Lakeside", "Meridian", "Northern", "Olive", "Pacific", "Quarry", "River", "Summit", "Trade", "Union", "Valley", "Western", "Zenith"}
	compB     = []string{"Traders", "Imports", "Foods", "Markets", "Wholesale", "Delikatessen", "Épicerie", "Supplies", "Provisions", "Handel", "Comercial", "Shop", "Grocers", "Distributors"}
	compC     = []string{"Ltd", "GmbH", "S.A.", "Inc.", "AB", "KG", "S.p.A.", "Oy", "A/S", "SARL", "Co.", ""}
	adjs      = []string{"Organic", "Smoked", "Spicy", "Sweet", "Aged", "Fresh", "Dried", "Roasted", "Wild", "Classic", "Premium", "Golden", "Crème", "Würzig", "Alpine", "Nordic"}
	nouns     = []string{"Coffee", "Tea", "Cheese", "Sausage", "Salmon", "Herring", "Honey", "Mustard", "Chocolate", "Biscuits", "Rye Bread", "Olive Oil", "Vinegar", "Noodles", "Rice", "Syrup", "Jam", "Ham", "Cider", "Ale"}
	units     = []string{"10 boxes x 20 bags", "24 - 12 oz bottles", "12 - 550 ml bottles", "48 - 6 oz jars", "1 kg pkg.", "500 g", "16 - 2 kg boxes", "100 - 100 g pieces", "24 - 250 g jars", "5 kg pkg."}
	lorem     = []string{"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "naïve", "façade", "über", "Straße", "crème", "brûlée", "日本語", "テキスト", "100%", "under_score", "'quoted'", `back\slash`, "wow!"}
	carriers  = []string{"UPS", "DHL", "FedEx", "DPD", "GLS", "Post AG", "La Poste", "Yamato 運輸", "Speedy Express", "Federal Shipping", "United Package"}
	employees = []string{"Davolio", "Fuller", "Leverling", "Peacock", "Buchanan", "Suyama", "King", "Callahan", "Dodsworth"}
)

func (g *gen) words(list []string, minBytes int) string {
	var b strings.Builder
	for b.Len() < minBytes {
		if b.Len() > 0 {
			if g.intn(12) == 0 {
				b.WriteString(". ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(g.pick(list))
	}
	b.WriteByte('.')
	return b.String()
}

func generate() *dataset {
	g := &gen{r: rand.New(rand.NewPCG(1, 2))}
	d := &dataset{byName: map[string]*table{}, extras: map[string][]*table{}, viewCol: map[string][]column{}}
	add := func(t *table) *table {
		d.tables = append(d.tables, t)
		d.byName[t.name] = t
		return t
	}

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

	// ---- categories: INT key, self-referencing foreign key -------------------------
	categories := add(&table{
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
			g.pick(curCodes),
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
		var sup, cat any = g.pick(supCodes), int64(g.between(1, len(categories.rows)))
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
	const nOrders = 1000
	orderDates := make([]time.Time, nOrders)
	start := day(2019, 1, 1)
	span := int(day(2025, 1, 1).Sub(start).Hours() / 24)
	for i := range orderDates {
		orderDates[i] = start.AddDate(0, 0, g.intn(span))
	}
	orderDates[nOrders/4] = day(2020, 2, 29) // leap day
	slices.SortFunc(orderDates, func(a, b time.Time) int { return a.Compare(b) })
	type orderInfo struct {
		no      int64
		shipped time.Time // zero: open order
		city    any
	}
	var orderList []orderInfo
	for i, od := range orderDates {
		no := int64(10248 + i)
		cust := g.pick(custCodes)
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
			g.pick(curCodes),
			g.orBlank(0.35, 0.1, g.words(lorem, g.between(5, 120))),
		})
		orderList = append(orderList, orderInfo{no, shippedT, city})
	}

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
	discounts := []float64{0, 0, 0, 0.05, 0.1, 0.15, 0.2, 0.25}
	for _, o := range orderList {
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
	for _, o := range orderList {
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
		var cust any = g.pick(custCodes)
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
			key = g.pick(custCodes)
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

	// ---- views --------------------------------------------------------------------
	type vc struct{ alias, table, col string }
	addView := func(name string, key []string, cols []vc, from func(q func(string) string) string) {
		var defs []column
		for _, c := range cols {
			for _, col := range d.byName[c.table].cols {
				if col.name == c.col {
					col.autoInc = false
					defs = append(defs, col)
				}
			}
		}
		d.viewCol[name] = defs
		d.views = append(d.views, &view{name: name, key: key, sql: func(q func(string) string) string {
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

	// ---- flavor-only extras -------------------------------------------------------
	d.extras[FlavorMySQL] = []*table{mysqlExtras(g)}
	d.extras[FlavorPostgres] = []*table{pgExtras(g)}
	return d
}

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
