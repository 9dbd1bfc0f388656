-- Table of the dialect semantics suite (semantics_test.go). The database default is
-- utf8mb4_general_ci: case- and accent-insensitive, PAD SPACE.
CREATE TABLE sem (
	id INT PRIMARY KEY,
	s VARCHAR(40),
	c CHAR(8),
	l VARCHAR(40) CHARACTER SET latin1,
	n INT,
	big BIGINT,
	d DECIMAL(20,6),
	f DOUBLE,
	b BOOLEAN,
	dt DATETIME(3),
	dd DATE,
	KEY (s),
	KEY (l)
);
