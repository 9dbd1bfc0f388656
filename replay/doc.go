// Package replay replays Salesforce Connect's requests (the contract's documented D1–D10
// and inferred I1–I7 examples, adapted to the demo schema) through the real HTTP server
// against SQLite always and MySQL/PostgreSQL when ODATAGW_TEST_MYSQL_DSN /
// ODATAGW_TEST_POSTGRES_DSN are set, comparing every answer with direct SQL on the same
// database; plus the write flows, CSRF and authentication. It is test-only.
package replay
