-- Schema of the introspection test (introspect_test.go): every type the adapter maps,
-- a table name with a space, composite keys in an order that differs from the column
-- order, foreign keys, a view and a table without a key. MariaDB-only types are added
-- by mariadb.sql.
CREATE TABLE customers (
	id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	code CHAR(5) NOT NULL,
	name VARCHAR(40) NOT NULL DEFAULT 'x',
	name_bin VARCHAR(40) COLLATE utf8mb4_bin,
	legacy VARCHAR(30) CHARACTER SET latin1,
	note TEXT,
	tiny_note TINYTEXT,
	big_note LONGTEXT,
	flag TINYINT(1) NOT NULL DEFAULT 0,
	bflag BOOLEAN,
	bit1 BIT(1),
	bits BIT(10),
	bit64 BIT(64),
	ti TINYINT,
	tiu TINYINT UNSIGNED,
	si SMALLINT,
	siu SMALLINT UNSIGNED,
	mi MEDIUMINT,
	miu MEDIUMINT UNSIGNED,
	i INT,
	bi BIGINT,
	biu BIGINT UNSIGNED,
	price DECIMAL(12,2),
	fl FLOAT,
	db DOUBLE,
	born DATE,
	created DATETIME(3),
	updated TIMESTAMP NULL DEFAULT NULL,
	tm TIME(3),
	yr YEAR,
	mood ENUM('sad','happy','ecstatic'),
	tags SET('a','bb','ccc'),
	doc JSON,
	bin BINARY(16),
	vbin VARBINARY(200),
	blb BLOB,
	lblb LONGBLOB,
	pt POINT,
	gen INT AS (i * 2) VIRTUAL,
	gens INT AS (i * 3) STORED
);
CREATE TABLE `order details` (
	order_id INT UNSIGNED NOT NULL,
	line SMALLINT NOT NULL,
	qty INT NOT NULL DEFAULT 1,
	PRIMARY KEY (order_id, line),
	CONSTRAINT fk_customer FOREIGN KEY (order_id) REFERENCES customers (id)
);
CREATE TABLE pairs2 (x INT NOT NULL, y INT NOT NULL, PRIMARY KEY (x, y));
CREATE TABLE pairs (
	a INT NOT NULL,
	b INT NOT NULL,
	v VARCHAR(10),
	PRIMARY KEY (b, a),
	CONSTRAINT fk_pair FOREIGN KEY (a, b) REFERENCES pairs2 (x, y)
);
CREATE TABLE nokey (a INT);
CREATE VIEW v_customers AS SELECT id, name FROM customers;
