// Package conn holds the connection helpers every adapter uses: opening and checking
// a pool with the DSN kept out of every error (Redact, the gateway's one DSN
// redaction), refusing servers older than the adapter supports, session settings that
// depend on the server, and the adapter's warning logger. It imports no driver: each
// adapter registers its own.
package conn

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Server describes how Open and Ready check the server they reach.
type Server struct {
	// Name prefixes errors ("postgres: connect: …"); the driver name when empty.
	Name string
	// VersionQuery reads the server version as text ("19.0.0.0.0", "11.0.2100.60");
	// empty: the version is not read.
	VersionQuery string
	// MinMajor is the oldest supported major version (the number before the first
	// dot); 0 refuses none.
	MinMajor int
	// Requirement ends the refusal message: what is required, and why.
	Requirement string
	// Session, when set, runs on the pool's first connection once the version is read
	// ("" when it could not be), before any other connection opens. Settings that
	// depend on the server are made there; the adapter's connector gives them to later
	// connections (MySQL's statement-timeout variable differs in MariaDB).
	Session func(ctx context.Context, c *sql.Conn, version string) error
}

// Open opens a pool of driver for dsn and readies it (see Ready). Errors are prefixed
// with the driver name and never contain the DSN or its password (see Redact).
func Open(ctx context.Context, driver, dsn string, s Server) (*sqlx.DB, error) {
	db, err := sqlx.Open(driver, dsn)
	if err != nil {
		return nil, Redact(s.name(driver)+": open", err, dsn)
	}
	return Ready(ctx, db.DB, driver, dsn, s)
}

// Ready checks a pool the adapter opened (from a DSN, or from a driver connector it
// configured in code) and returns it as a sqlx pool of driver: it connects once,
// reads the server version on that connection and refuses a server older than
// s.MinMajor (a login that may not read the version is not refused), then runs
// s.Session. On failure the pool is closed. Errors never contain dsn or its password.
func Ready(ctx context.Context, db *sql.DB, driver, dsn string, s Server) (*sqlx.DB, error) {
	name := s.name(driver)
	fail := func(what string, err error) (*sqlx.DB, error) {
		db.Close()
		return nil, Redact(name+": "+what, err, dsn)
	}
	c, err := db.Conn(ctx) // the first connection: it proves the server answers
	if err != nil {
		return fail("connect", err)
	}
	defer c.Close()
	var version string
	if s.VersionQuery != "" {
		if err := c.QueryRowContext(ctx, s.VersionQuery).Scan(&version); err != nil {
			version = "" // a login that may not read the version is not refused
		}
	}
	if err := CheckVersion(name, version, s.MinMajor, s.Requirement); err != nil {
		db.Close()
		return nil, err
	}
	if s.Session != nil {
		if err := s.Session(ctx, c, version); err != nil {
			return fail("connect", err)
		}
	}
	return sqlx.NewDb(db, driver), nil
}

func (s Server) name(driver string) string {
	if s.Name != "" {
		return s.Name
	}
	return driver
}

// CheckVersion refuses a server whose major version (the number before the first dot
// of version) is below minMajor, with the error "<driver>: server version <version>:
// <requirement>". An unparsable version passes.
func CheckVersion(driver, version string, minMajor int, requirement string) error {
	version = strings.TrimSpace(version)
	major, _, _ := strings.Cut(version, ".")
	n, err := strconv.Atoi(major)
	if err != nil || n >= minMajor {
		return nil
	}
	return fmt.Errorf("%s: server version %s: %s", driver, version, requirement)
}

// Warner returns a function that logs a warning through l (slog.Default() when nil)
// with the attribute adapter=driver.
func Warner(l *slog.Logger, driver string) func(string, ...any) {
	if l == nil {
		l = slog.Default()
	}
	return func(msg string, args ...any) { l.Warn(msg, append([]any{"adapter", driver}, args...)...) }
}
