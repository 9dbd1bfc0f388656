-- Table of the dialect semantics suite (semantics_test.go).
CREATE TABLE sem (
	id INTEGER PRIMARY KEY,
	s VARCHAR(40),
	c CHAR(8),
	l VARCHAR(40),
	n INT,
	big BIGINT,
	d DECIMAL(20,6),
	f DOUBLE,
	b BOOLEAN,
	dt DATETIME,
	dd DATE
);
