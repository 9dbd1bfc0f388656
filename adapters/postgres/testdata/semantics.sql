-- Table of the dialect semantics suite (semantics_test.go).
CREATE TABLE sem (
	id integer PRIMARY KEY,
	s varchar(40),
	c char(8),
	l varchar(40),
	n integer,
	big bigint,
	d numeric(20,6),
	f double precision,
	b boolean,
	dt timestamp(3),
	dd date
);
CREATE INDEX sem_c ON sem (c);
