package server

import (
	"net"
	"testing"

	"github.com/odatagw/odatagw/odata"
)

type odataError struct {
	status int
	code   string
}

func (e *odataError) Error() string { return e.code }

// As lets odata.AsError find the *odata.Error.
func (e *odataError) As(target any) bool {
	if p, ok := target.(**odata.Error); ok {
		*p = &odata.Error{Status: e.status, Code: e.code, Message: "test"}
		return true
	}
	return false
}

func newLocalListener(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}
