package demo

import (
	"math/rand/v2"
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
	b := &builder{
		g: &gen{r: rand.New(rand.NewPCG(1, 2))},
		d: &dataset{byName: map[string]*table{}, extras: map[string][]*table{}, viewCol: map[string][]column{}},
	}
	// The order is part of the data: every section draws from the same PRNG.
	b.currencies()
	b.categories()
	b.suppliers()
	b.customers()
	b.products()
	b.orders()
	b.orderLines()
	b.shipments()
	b.ledger()
	b.auditLog()
	b.views()
	b.d.extras[FlavorMySQL] = []*table{mysqlExtras(b.g)}
	b.d.extras[FlavorPostgres] = []*table{pgExtras(b.g)}
	return b.d
}

// builder carries what later sections of the demo data need from earlier ones.
type builder struct {
	g *gen
	d *dataset

	curCodes, supCodes, custCodes []string
	orderList                     []orderInfo
}

func (b *builder) add(t *table) *table {
	b.d.tables = append(b.d.tables, t)
	b.d.byName[t.name] = t
	return t
}

// orderInfo is what order lines and shipments need of each order.
type orderInfo struct {
	no      int64
	shipped time.Time // zero: open order
	city    any
}

// nOrders is the number of orders (keys 10248 …).
const nOrders = 1000
