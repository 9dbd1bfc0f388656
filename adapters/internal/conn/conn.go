// Package conn holds the connection helpers the server-database adapters share:
// opening and pinging a pool with the DSN kept out of every error, refusing servers
// older than the adapter supports, and the adapter's warning logger. It imports no
// driver: each adapter registers its own.
package conn

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Server describes how Open checks the server it reaches.
type Server struct {
	// VersionQuery reads the server version as text ("19.0.0.0.0", "11.0.2100.60").
	VersionQuery string
	// MinMajor is the oldest supported major version (the number before the first dot).
	MinMajor int
	// Requirement ends the refusal message: what is required, and why.
	Requirement string
}

// Open opens a pool of driver for dsn, pings it and reads the server version: a server
// older than s.MinMajor is refused (the pool closed), while a login that may not read
// the version is not. Errors are prefixed with the driver name and never contain the
// DSN or its password (see Redact).
func Open(ctx context.Context, driver, dsn string, s Server) (*sqlx.DB, error) {
	db, err := sqlx.Open(driver, dsn)
	if err != nil {
		return nil, Redact(driver+": open", err, dsn)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, Redact(driver+": connect", err, dsn)
	}
	var version string
	if err := db.QueryRowContext(ctx, s.VersionQuery).Scan(&version); err == nil {
		if err := CheckVersion(driver, version, s.MinMajor, s.Requirement); err != nil {
			db.Close()
			return nil, err
		}
	} // a login that may not read the version is not refused
	return db, nil
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

// redactedError prints a message with the DSN removed; it still unwraps to the driver's
// error so that errors.Is (context.DeadlineExceeded, …) keeps working.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Redact returns err prefixed by what, with the DSN, and the password found in it (URL
// form, or password=/pwd= in the ADO form), replaced by "[redacted]" in its text:
// url.Parse errors quote the whole URL, credentials included. The result unwraps to
// err.
func Redact(what string, err error, dsn string) error {
	msg := what + ": " + err.Error()
	if dsn == "" {
		return &redactedError{msg, err}
	}
	secrets := []string{dsn, strings.Trim(strconv.Quote(dsn), `"`)}
	if u, perr := url.Parse(dsn); perr == nil && u.User != nil {
		if p, ok := u.User.Password(); ok {
			secrets = append(secrets, p, url.QueryEscape(p), url.PathEscape(p))
		}
	}
	for _, kv := range strings.Split(dsn, ";") { // ADO form: password=…; pwd=…
		k, v, ok := strings.Cut(kv, "=")
		if k = strings.ToLower(strings.TrimSpace(k)); ok && (k == "password" || k == "pwd") {
			secrets = append(secrets, strings.TrimSpace(v))
		}
	}
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	for _, s := range secrets {
		if len(s) >= 4 { // shorter strings would mangle the message more than they hide
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	return &redactedError{msg, err}
}
