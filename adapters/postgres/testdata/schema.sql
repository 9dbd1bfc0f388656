-- Schema of the introspection test (introspect_test.go), created in a scratch schema:
-- every type the adapter maps and some it leaves out, a table name with a space,
-- composite keys in an order that differs from the column order, foreign keys, a
-- view, a materialized view, a partitioned table, a table without a key and a table
-- whose key has an unsupported type.
CREATE TYPE mood AS ENUM ('sad', 'happy', 'ecstatic');
CREATE DOMAIN short_code AS varchar(12) NOT NULL;
CREATE TABLE customers (
	id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code char(5) NOT NULL,
	name varchar(40) NOT NULL DEFAULT 'x',
	note text,
	sc short_code,
	flag boolean NOT NULL DEFAULT false,
	si smallint,
	i integer,
	bi bigint,
	ser bigserial,
	price numeric(12,2),
	amount numeric,
	r real,
	dp double precision,
	born date,
	created timestamp(3),
	updated timestamptz,
	tm time,
	tz timetz,
	iv interval,
	m mood,
	doc json,
	docb jsonb,
	x xml,
	uid uuid,
	bin bytea,
	ip inet,
	net cidr,
	mac macaddr,
	arr integer[],
	cash money,
	pt point,
	bits bit(3),
	nm name,
	ch "char",
	vc varchar,
	gen integer GENERATED ALWAYS AS (i * 2) STORED
);
CREATE TABLE "order details" (
	order_id integer NOT NULL,
	line smallint NOT NULL,
	qty integer NOT NULL DEFAULT 1,
	PRIMARY KEY (order_id, line),
	CONSTRAINT fk_customer FOREIGN KEY (order_id) REFERENCES customers (id)
);
CREATE TABLE pairs2 (x integer, y integer, PRIMARY KEY (x, y));
CREATE TABLE pairs (
	a integer NOT NULL,
	b integer NOT NULL,
	v text,
	PRIMARY KEY (b, a),
	CONSTRAINT fk_pair FOREIGN KEY (a, b) REFERENCES pairs2 (x, y)
);
CREATE TABLE nokey (a integer);
CREATE TABLE arrkey (a integer[] PRIMARY KEY);
CREATE VIEW v_customers AS SELECT id, name FROM customers;
CREATE MATERIALIZED VIEW mv_customers AS SELECT id, code FROM customers;
CREATE TABLE parted (id integer NOT NULL, k integer NOT NULL, PRIMARY KEY (id, k)) PARTITION BY RANGE (k);
CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (10);
