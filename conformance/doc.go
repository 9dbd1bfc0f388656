// Package conformance is odatagw's end-to-end conformance suite. It starts the
// gateway on the demo database (SQLite always; MySQL/MariaDB and PostgreSQL when
// ODATAGW_TEST_MYSQL_DSN / ODATAGW_TEST_POSTGRES_DSN are set) and on Northwind, sends
// real HTTP requests, and compares every answer with an independent oracle: the rows
// read with direct SQL from the same database, filtered by a Go evaluator of the OData
// filter AST that implements the semantics the gateway promises, and ordered by the
// database's own ORDER BY.
//
// All code is in _test.go files; run it with
//
//	go test -count=1 ./conformance/
//	go test -run Conformance -v ./conformance/
package conformance
