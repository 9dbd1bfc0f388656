package odatav2

import (
	"github.com/odatagw/odatagw/odata"
)

// ErrorBody renders an error in the 2.0 shapes: JSON
// {"error":{"code":…,"message":{"lang":"en-US","value":…}}} or XML <m:error>.
func (s *Service) ErrorBody(e *odata.Error, asJSON bool, requestID string) (contentType string, body []byte) {
	return ErrorBody(e, asJSON, requestID)
}

// ErrorBody is Service.ErrorBody.
func ErrorBody(e *odata.Error, asJSON bool, requestID string) (contentType string, body []byte) {
	msg := e.Message
	if e.Target != "" {
		msg = e.Message + " (target: " + e.Target + ")"
	}
	if asJSON {
		b := []byte(`{"error":{"code":`)
		b = appendJSONString(b, e.Code)
		b = append(b, `,"message":{"lang":"en-US","value":`...)
		b = appendJSONString(b, msg)
		b = append(b, '}')
		if requestID != "" {
			b = append(b, `,"innererror":{"request_id":`...)
			b = appendJSONString(b, requestID)
			b = append(b, '}')
		}
		return jsonType, append(b, "}}"...)
	}
	s := `<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n" +
		`<m:error xmlns:m="` + nsM + `"><m:code>` + escText(e.Code) + `</m:code>` +
		`<m:message xml:lang="en-US">` + escText(msg) + `</m:message>`
	if requestID != "" {
		s += `<m:innererror>request_id ` + escText(requestID) + `</m:innererror>`
	}
	return xmlType, []byte(s + "</m:error>\n")
}
