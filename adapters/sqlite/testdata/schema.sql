-- Schema of the introspection test (introspect_test.go): every declared type the
-- adapter maps, a table name with a space, a composite key with foreign keys, a view,
-- a table without a key, generated columns and a key of an unsupported type.
CREATE TABLE Orders (
	OrderID INTEGER PRIMARY KEY,
	CustomerID CHAR(5),
	OrderDate DATETIME,
	ShippedDate DATE,
	Freight NUMERIC(10,4) DEFAULT 0,
	Amount DECIMAL,
	Paid BOOLEAN NOT NULL DEFAULT 0,
	Notes TEXT,
	Code VARCHAR(40) NOT NULL,
	Photo BLOB,
	Doubled INT GENERATED ALWAYS AS (OrderID * 2) VIRTUAL,
	Upper TEXT GENERATED ALWAYS AS (upper(Code)) STORED,
	Untyped,
	Big BIGINT,
	Tiny TINYINT,
	Small SMALLINT,
	Medium MEDIUMINT,
	Dbl DOUBLE,
	Flt FLOAT,
	Rl REAL,
	Ts TIMESTAMP,
	Tm TIME,
	Nv NVARCHAR(10),
	Clob CLOB,
	Guid UUID,
	Bin VARBINARY(16),
	Chars VARYING CHARACTER(12),
	Weird MEMO,
	Fancy MYTEXTTYPE(30),
	Counter UNSIGNED BIG INT
);
CREATE TABLE products (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	name TEXT NOT NULL
);
CREATE TABLE "Order Details" (
	OrderID INTEGER NOT NULL REFERENCES Orders (OrderID),
	ProductID INT NOT NULL,
	UnitPrice DECIMAL(12,2) NOT NULL DEFAULT 0,
	Quantity SMALLINT NOT NULL DEFAULT 1,
	PRIMARY KEY (ProductID, OrderID),
	FOREIGN KEY (ProductID) REFERENCES products
);
CREATE TABLE NoKey (a TEXT, b INT);
CREATE VIEW OrderView AS SELECT OrderID, CustomerID, Freight * 2 AS Twice FROM Orders;
CREATE TABLE WeirdKey (k MEMO PRIMARY KEY, v TEXT);
CREATE TABLE Codes (code TEXT PRIMARY KEY, label TEXT) WITHOUT ROWID;
CREATE TABLE "2024 Sales!" (id INTEGER PRIMARY KEY, "unit price" REAL, "Unit_Price" REAL);
