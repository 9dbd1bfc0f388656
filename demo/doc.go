// Package demo creates the embedded demo database of odatagw: a small legacy ERP of a
// wholesaler, with the quirks real legacy schemas have, on SQLite, MySQL/MariaDB or
// PostgreSQL. The rows come from a fixed-seed PRNG (math/rand/v2, PCG(1, 2)), so every
// run and every engine holds the same logical values and conformance tests can compare
// engines. The package imports no SQL driver: callers open the *sql.DB.
//
// # Tables
//
// In creation order (parents first); RowCounts gives the exact counts.
//
//	currencies       key CurrencyCode CHAR(3)                          7 rows
//	currency_rates   key (CurrencyCode CHAR(3), RateDate DATE)       364 rows
//	categories       key CategoryID INT; ParentID → categories        16 rows
//	suppliers        key SupplierCode VARCHAR(12)                     40 rows
//	customers        key CustomerCode CHAR(5); → currencies          250 rows
//	products         key ProductID INT; → suppliers, categories      300 rows
//	orders           key OrderNo, auto-increment, 10248…11247       1000 rows
//	Order Lines      key (OrderNo, LineNo); → orders, products      5259 rows
//	Shipments        key TrackingNo VARCHAR(20); → orders            951 rows
//	ledger           key EntryID BIGINT; → customers                 400 rows
//	audit_log        no primary key                                  600 rows
//	v_open_orders    view over orders+customers, key OrderNo         132 rows
//	v_order_details  view over Order Lines+products, key (OrderNo, LineNo)
//
// Flavor-only: mysql_extras (flavor "mysql") and pg_extras (flavor "postgres"), 20
// rows each, key ID INT.
//
// # Types per flavor
//
//	logical      SQLite          MySQL/MariaDB   PostgreSQL
//	int          INTEGER         INT             INTEGER
//	bigint       BIGINT          BIGINT          BIGINT
//	decimal      DECIMAL(p,s)    DECIMAL(p,s)    NUMERIC(p,s)
//	char/varchar CHAR(n)/VARCHAR(n) in all three; text TEXT in all three
//	bool         BOOLEAN (0/1)   TINYINT(1)      BOOLEAN
//	date         DATE (text)     DATE            DATE
//	datetime     DATETIME (text) DATETIME        TIMESTAMP (UTC wall clock)
//	datetime tz  DATETIME (text) DATETIME        TIMESTAMPTZ (only Shipments.DeliveredAt)
//	blob         BLOB            BLOB            BYTEA
//	double       DOUBLE          DOUBLE          DOUBLE PRECISION
//	autoinc key  INTEGER PRIMARY KEY AUTOINCREMENT, INT AUTO_INCREMENT, SERIAL
//
// SQLite stores DECIMAL as REAL/INTEGER (NUMERIC affinity), DATE and DATETIME as text
// 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS', BOOLEAN as 0/1. MySQL tables are InnoDB,
// utf8mb4 with the server's default (case-insensitive, PAD SPACE) collation.
//
// # Where the quirks are
//
//   - Table name with a space, composite key: "Order Lines" (OrderNo, LineNo); LineNo
//     counts 10, 20, 30…. Other composite key: currency_rates (CHAR(3), DATE).
//   - Views with a configured key: ViewKeys.
//   - No primary key: audit_log (and it has exact duplicate rows).
//   - Columns named like OData functions: orders.Year, Shipments.Year (INT),
//     Shipments.Date (DATE), products.Length and Shipments.Length (DECIMAL(8,3)).
//   - Case-only differences: customers.CompanyName 'acme'/'ACME'/'Acme' (codes
//     ACME1/ACME2/ACME3); products.ProductName 'Chai'/'chai'/'CHAI' (IDs 1, 16, 17);
//     audit_log.UserName 'admin'/'ADMIN'/'Admin'.
//   - Trailing spaces: customers.CompanyName 'abc ' (TRAIL), 'abc' (TRAI2), 'abc  '
//     (TRAI3); customers.ContactName 'Trailing Space ' (TRAIL); products.ProductName
//     'Trailing Tea ' (ID 15); audit_log.UserName 'batch '.
//   - Empty strings: customers EMPTY (CompanyName, ContactName, Notes all empty),
//     currencies.Symbol of CHF, and about 3-10% of many nullable text columns.
//   - NULLs: about 19% of all nullable values; customer NULLS has every nullable
//     column NULL; currencies.Symbol of BHD.
//   - % _ ! ' \ in values: customers PCT01 '100% Natural', UNDSC 'Under_Score Ltd',
//     BANG1 'Yahoo! Traders', QUOTE "O'Brien's Pub", BSLSH 'Back\Slash Corp', MIXED
//     (all of them), LIKE1 'a%b' and LIKE2 'axxb'; categories 9-13; supplier keys
//     "O'NEIL", "A/B&C", "50%OFF", "SP ACE", "UNDER_SCORE", "Q?A#1", "BACK\SLASH".
//   - Non-ASCII: customers MULLR (ü ö), STRAS (ß), CAFES (é), NIHON (日本語), ROCKT and
//     EMOJI (🚀 😀, 4-byte UTF-8); supplier keys "KÖLN-01", "ROCKET🚀"; categories 14-16;
//     products 6-10; many names and cities.
//   - Numeric-looking text: customers ZEROS CompanyName '000123'; PostalCode keeps
//     leading zeros.
//   - Fixed-width CHAR: customers.CustomerCode CHAR(5), every CurrencyCode CHAR(3); all
//     values are full width, so engines agree.
//   - DECIMAL(12,2) money: products.UnitPrice (0.00 for ID 21, 0.01 for ID 22,
//     9999999999.99 for ID 23), Order Lines.UnitPrice, orders.Freight,
//     customers.CreditLimit. DECIMAL(20,6): ledger.Amount and ledger.Tax, at most 15
//     significant digits (exact on SQLite too): EntryID 1 = 123456789.123456,
//     2 = 999999999.999999, 3 = -999999999.999999, 4 = 0.000001, 5 = -0.000001.
//     20-digit decimals (12345678901234.123456 …) only in the extras' BigDecimal,
//     since SQLite cannot hold them exactly.
//   - BIGINT beyond 2^53: ledger.EntryID 9007199254740992, 9007199254740993,
//     9223372036854775807 and -9223372036854775808 (keys); ledger.ExternalRef mostly
//     random 63-bit values; ledger.AccountNo beyond INT32 (4000000000…).
//   - Length DECIMAL(8,3): products ID 34 = 99999.999 (the maximum), ID 35 = 0.001.
//   - Booleans: suppliers.IsPreferred, customers.IsActive, products.Discontinued.
//   - DOUBLE: products.Weight (ID 31 = 3.141592653589793, 32 = 1e-07, 33 = 0.1),
//     Shipments.Weight, suppliers.Rating, Order Lines.Discount (0, 0.05 … 0.25).
//   - Dates and datetimes: orders.OrderDate (one 2020-02-29), RequiredDate, Shipped
//     (NULL for open orders), customers.CreatedAt, ledger.PostedAt,
//     audit_log.LoggedAt, currency_rates.RateDate, Shipments.Date and DeliveredAt
//     (TIMESTAMPTZ on PostgreSQL). All UTC, whole seconds.
//   - BLOB: products.Thumbnail, 16-64 bytes starting with the PNG signature, 15% NULL.
//   - Long TEXT: products.Description, 2-6 KB for every 20th product (IDs 8, 28, …).
//   - Auto-increment key: orders.OrderNo; the next insert gets 11248 on every engine.
//   - Self-referencing foreign key: categories.ParentID.
//
// mysql_extras: BIGINT UNSIGNED (18446744073709551615 …), MEDIUMINT UNSIGNED, ENUM,
// SET, JSON, TIME (838:59:59, -12:30:00), YEAR, BIT(1), POINT, DECIMAL(20,6),
// VARBINARY(16), DATETIME(3). pg_extras: UUID, NUMERIC without scale (30 digits),
// NUMERIC(20,6), TIMESTAMPTZ with offsets, JSONB, TEXT[], INTERVAL, SMALLINT, REAL,
// TIME, BYTEA.
package demo
