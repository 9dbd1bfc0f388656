package adapters

import "time"

// Optional capabilities. app checks for them once, at start-up, with a type assertion;
// an adapter without one simply lacks the feature.

// StatementTimeout is implemented by adapters that bound every statement on the
// database server itself, so a query whose client gave up (deadline passed, client
// disconnected, connection closed by the driver) does not keep running there. It is
// called before Connect with the gateway's -query-timeout; the adapter adds a small
// margin so the client's deadline fires first and the client sees 504.
//
// MySQL/MariaDB: go-sql-driver/mysql closes the connection when the context ends, but
// the server keeps executing the statement; the adapter sets the session variable
// max_statement_time (MariaDB, seconds) or max_execution_time (MySQL 5.7.8+, ms,
// SELECT only) on every connection. PostgreSQL: statement_timeout per session, plus a
// cancel request sent when the context ends. SQLite runs in-process and stops on
// context cancellation by itself.
type StatementTimeout interface {
	SetStatementTimeout(d time.Duration)
}

// FailureClassifier is implemented by adapters that recognize their driver's
// failures: ClassifyFailure returns "timeout" (the server cancelled the statement for its time
// limit), "unavailable" (connection refused or lost, server shutting down or out of
// connections) or "" for anything else. The gateway turns them into 504 and 503.
type FailureClassifier interface {
	ClassifyFailure(err error) string
}

// CountShaper is implemented by adapters whose database answers a separate COUNT(*)
// faster than the one-round-trip COUNT(*) OVER () page at every size; the gateway
// then never uses the one-trip form. SQLite runs in-process: there is no round trip
// to save (BenchmarkCountShapes, README "Cache and performance").
type CountShaper interface {
	SeparateCount() bool
}
