// Package batch reads and writes OData $batch payloads, without HTTP frameworks or
// databases: the multipart/mixed form of OData 4.0 (also the form of OData 2.0, whose
// change sets and inner requests have the same shape) and the JSON form of OData
// 4.01. Parse turns a request body into a flat list of Requests, each knowing its
// change set (Group); WriteMultipart and WriteJSON turn the Responses back into a
// body. Executing the requests is the caller's (server/batch.go): this package only
// checks the shape, bounded by Limits, and answers every malformed body with a 4xx
// odata.Error.
package batch

import (
	"net/http"
	"strings"

	"github.com/odatagw/odatagw/odata"
)

// Format is the wire form of a batch.
type Format int

const (
	Multipart Format = iota // multipart/mixed (OData 4.0 and 2.0)
	JSON                    // application/json (OData 4.01)
)

// Request is one request inside a batch.
type Request struct {
	// ID is the Content-ID (multipart) or "id" (JSON); "" when absent.
	ID string
	// Group names the change set (JSON: atomicity group) the request belongs to; ""
	// outside change sets. The requests of one group are consecutive.
	Group string
	// Method is upper case: GET, POST, PATCH, PUT, MERGE, DELETE.
	Method string
	// URL is the request's URL as written in the batch: relative to the service root,
	// an absolute path, an absolute URL, or starting with a "$<Content-ID>" reference.
	URL string
	// Header holds the inner request's headers (canonical names).
	Header http.Header
	// Body is the inner request's body.
	Body []byte
	// DependsOn lists the ids (requests or atomicity groups) this request depends on
	// (JSON only).
	DependsOn []string
}

// Batch is a parsed batch.
type Batch struct {
	Format   Format
	Requests []Request
}

// Response is the answer to one Request.
type Response struct {
	ID     string // the request's ID, echoed as Content-ID / "id"
	Group  string // the change set; "" for a response outside one (also a failed change set's one answer in multipart)
	Status int
	Header http.Header
	Body   []byte
}

// Limits bound a batch.
type Limits struct {
	// MaxRequests is the most requests a batch may hold, counting each request inside
	// a change set (413 past it). 0 means DefaultMaxRequests.
	MaxRequests int
}

// DefaultMaxRequests is the request bound of a batch when Limits.MaxRequests is 0.
const DefaultMaxRequests = 100

func (l Limits) maxRequests() int {
	if l.MaxRequests <= 0 {
		return DefaultMaxRequests
	}
	return l.MaxRequests
}

// Parse reads a batch body of the given Content-Type: multipart/mixed (with a
// boundary) or application/json. Other media types are 415.
func Parse(contentType string, body []byte, lim Limits) (*Batch, error) {
	mt := strings.ToLower(strings.TrimSpace(contentType))
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = strings.TrimSpace(mt[:i])
	}
	switch mt {
	case "multipart/mixed":
		return parseMultipart(contentType, body, lim)
	case "application/json":
		return parseJSON(body, lim)
	}
	return nil, odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedMediaType", "",
		"a $batch body must be multipart/mixed (with a boundary) or application/json")
}

func invalid(format string, args ...any) error {
	return odata.BadRequest("InvalidBatch", "", "malformed $batch: "+format, args...)
}

func tooMany(max int) error {
	return odata.Errorf(http.StatusRequestEntityTooLarge, "BatchTooLarge", "",
		"the batch holds more than %d requests", max)
}

// validMethod reports whether m is a method a batch may carry.
func validMethod(m string) bool {
	switch m {
	case "GET", "POST", "PATCH", "PUT", "MERGE", "DELETE":
		return true
	}
	return false
}

// IsWrite reports whether a method changes data.
func IsWrite(method string) bool { return method != "GET" }
