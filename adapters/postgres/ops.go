package postgres

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
)

// timeoutMargin lets the gateway's own deadline fire before statement_timeout, so the
// client gets 504 QueryTimeout while the server still stops the statement.
const timeoutMargin = 250 * time.Millisecond

// SetStatementTimeout makes Connect bound every statement on the server to d plus a
// small margin (adapters.StatementTimeout).
func (a *Adapter) SetStatementTimeout(d time.Duration) { a.statementTimeout = d }

// configureCancel makes a cancelled context stop the statement on the server.
//
// pgx's default context handling only sets a deadline on the socket, which closes the
// connection; the backend keeps running the statement (PostgreSQL notices a vanished
// client only when it next writes, or with client_connection_check_interval). So:
//   - a cancel request is sent as soon as the context ends (the socket deadline follows
//     one second later if the server does not answer it);
//   - statement_timeout (per session, unless the DSN sets it) bounds every statement
//     even when the cancel request cannot get through.
func (a *Adapter) configureCancel(cfg *pgx.ConnConfig) {
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: time.Second}
	}
	if a.statementTimeout <= 0 {
		return
	}
	for k := range cfg.RuntimeParams {
		if strings.EqualFold(k, "statement_timeout") {
			return
		}
	}
	cfg.RuntimeParams["statement_timeout"] = strconv.FormatInt((a.statementTimeout + timeoutMargin).Milliseconds(), 10)
}

// ClassifyFailure implements adapters.FailureClassifier for pgx errors.
func (a *Adapter) ClassifyFailure(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "57014": // query_canceled: statement_timeout or our cancel request
			return "timeout"
		case strings.HasPrefix(pe.Code, "08"), // connection_exception
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // shutdown, crash, cannot connect now
			pe.Code == "53300": // too_many_connections
			return "unavailable"
		}
		return ""
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || errors.Is(err, pgconn.ErrConnClosed) {
		return "unavailable"
	}
	return ""
}
