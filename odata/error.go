package odata

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is the one error type that reaches the HTTP edge. Everything in it except
// Err is safe to show to a client; Err is the cause, for logs and errors.Is, and is
// never serialized.
type Error struct {
	Status  int    // HTTP status
	Code    string // stable, grep-able, never reused
	Message string // safe for the client: no SQL, no driver text
	Target  string // "$filter", "Orders/Freight"
	Err     error  // the cause; never serialized
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s (%v)", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with a formatted message.
func Errorf(status int, code, target, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Target: target, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a 400 error with the given target.
func BadRequest(code, target, format string, args ...any) *Error {
	return Errorf(http.StatusBadRequest, code, target, format, args...)
}

// NotImplemented is a 501 error: the request is valid OData that this service (or its
// database) cannot answer.
func NotImplemented(code, target, format string, args ...any) *Error {
	return Errorf(http.StatusNotImplemented, code, target, format, args...)
}

// NotFound is a 404 error.
func NotFound(code, target, format string, args ...any) *Error {
	return Errorf(http.StatusNotFound, code, target, format, args...)
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
