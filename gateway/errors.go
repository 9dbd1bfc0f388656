package gateway

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/sqlgen"
)

// ErrDeadline is the cause recorded when a database call passes its deadline.
var ErrDeadline = errors.New("database deadline exceeded")

// ErrShutdown is the cause with which the server cancels the context of the requests
// still running when its graceful-shutdown window ends: their reads and writes stop
// with 503 ShuttingDown.
var ErrShutdown = errors.New("the gateway is shutting down")

// dbError turns a database failure into the OData error the client sees: 504 past the
// deadline, 503 when the database cannot be reached or the gateway is shutting down,
// 501 for what the dialect cannot express, 500 otherwise. The message never carries
// driver text; the cause stays in Err for the log.
func dbError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := odata.AsError(err); ok {
		return e
	}
	switch {
	case errors.Is(err, sqlgen.ErrUnsupported):
		return &odata.Error{Status: http.StatusNotImplemented, Code: "NotSupported", Message: err.Error(), Err: err}
	case errors.Is(err, ErrShutdown) || errors.Is(context.Cause(ctx), ErrShutdown):
		return &odata.Error{Status: http.StatusServiceUnavailable, Code: "ShuttingDown",
			Message: "the gateway is shutting down; try again shortly", Err: err}
	case errors.Is(err, ErrBusy):
		return &odata.Error{Status: http.StatusServiceUnavailable, Code: "DatabaseBusy",
			Message: "every database connection is busy; try again shortly", Err: err}
	case errors.Is(err, ErrDeadline) || errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &odata.Error{Status: http.StatusGatewayTimeout, Code: "QueryTimeout",
			Message: "the database did not answer within the query timeout", Err: errors.Join(ErrDeadline, err)}
	case errors.Is(err, context.Canceled):
		return &odata.Error{Status: 499, Code: "RequestCanceled", Message: "the request was canceled", Err: err}
	case unreachable(err):
		return &odata.Error{Status: http.StatusServiceUnavailable, Code: "DatabaseUnavailable",
			Message: "the database is unavailable; try again shortly", Err: err}
	}
	return &odata.Error{Status: http.StatusInternalServerError, Code: "DatabaseError",
		Message: "the database could not answer this request", Err: err}
}

// unreachable reports whether err means the database could not be reached or the
// connection broke (ErrUnavailable marks what the adapter's ClassifyFailure recognized).
func unreachable(err error) bool {
	var ne net.Error
	return errors.Is(err, ErrUnavailable) ||
		errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &ne) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE)
}

// readError is dbError for reads, after the adapter's classifier: a value the query
// computes or compares that the database cannot hold (an integer overflow in $filter
// arithmetic, a NUL byte PostgreSQL rejects in text) is the request's fault, a 400.
// The database does not say which option held the value ($filter, $orderby, a nested
// $expand option), so the error names no target.
func (s *Service) readError(ctx context.Context, err error) error {
	if s.Classify != nil && s.Classify(err) == sqlgen.InvalidData {
		return &odata.Error{Status: http.StatusBadRequest, Code: "InvalidValue",
			Message: "a value in the query is out of range or malformed for the database", Err: err}
	}
	return dbError(ctx, err)
}
