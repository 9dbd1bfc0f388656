package batch

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/textproto"
	"sort"
	"strconv"
	"strings"
)

type jsonRequest struct {
	ID             *string           `json:"id"`
	Method         string            `json:"method"`
	URL            string            `json:"url"`
	AtomicityGroup string            `json:"atomicityGroup"`
	DependsOn      []string          `json:"dependsOn"`
	Headers        map[string]string `json:"headers"`
	Body           json.RawMessage   `json:"body"`
}

// parseJSON reads an OData 4.01 JSON batch: {"requests": [...]}. Ids are unique across
// requests and atomicity groups; the requests of a group are consecutive and hold no
// GET; dependsOn names earlier requests or groups only.
func parseJSON(body []byte, lim Limits) (*Batch, error) {
	var doc struct {
		Requests *[]json.RawMessage `json:"requests"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Requests == nil {
		return nil, invalid(`the JSON body must be an object with a "requests" array`)
	}
	max := lim.maxRequests()
	if len(*doc.Requests) > max {
		return nil, tooMany(max)
	}
	b := &Batch{Format: JSON}
	seen := map[string]bool{}   // request ids and closed groups
	groups := map[string]bool{} // groups begun
	for i, raw := range *doc.Requests {
		var jr jsonRequest
		if err := json.Unmarshal(raw, &jr); err != nil {
			return nil, invalid("request %d is not a request object", i+1)
		}
		if jr.ID == nil || *jr.ID == "" {
			return nil, invalid(`request %d has no "id"`, i+1)
		}
		id := *jr.ID
		if seen[id] || groups[id] {
			return nil, invalid("id %q is used twice", id)
		}
		method := strings.ToUpper(jr.Method)
		if !validMethod(method) {
			return nil, invalid("request %q: method %q is not allowed in a batch", id, jr.Method)
		}
		if jr.URL == "" {
			return nil, invalid(`request %q has no "url"`, id)
		}
		g := jr.AtomicityGroup
		prev := ""
		if n := len(b.Requests); n > 0 {
			prev = b.Requests[n-1].Group
		}
		if prev != "" && prev != g {
			seen[prev] = true // the previous group is closed
		}
		if g != "" {
			if seen[g] {
				return nil, invalid("the requests of atomicity group %q are not consecutive (or the group reuses an id)", g)
			}
			if method == "GET" {
				return nil, invalid("request %q: an atomicity group cannot hold a GET request", id)
			}
			groups[g] = true
		}
		for _, d := range jr.DependsOn {
			if !seen[d] && !(groups[d] && d != g) {
				return nil, invalid("request %q depends on %q, which is not an earlier request or group", id, d)
			}
		}
		h := http.Header{}
		for k, v := range jr.Headers {
			h.Set(textproto.CanonicalMIMEHeaderKey(k), v)
		}
		r := Request{ID: id, Group: g, Method: method, URL: jr.URL, Header: h, DependsOn: jr.DependsOn}
		if len(jr.Body) > 0 && string(jr.Body) != "null" {
			var err error
			if r.Body, err = jsonBody(jr.Body, h.Get("Content-Type")); err != nil {
				return nil, invalid("request %q: %s", id, err.Error())
			}
		}
		seen[id] = true
		b.Requests = append(b.Requests, r)
	}
	return b, nil
}

// jsonBody is a request's body: the JSON value itself for a JSON media type (or
// none), the string's text for other types.
func jsonBody(raw json.RawMessage, contentType string) ([]byte, error) {
	ct := strings.ToLower(contentType)
	if ct == "" || strings.HasPrefix(ct, "application/json") {
		return bytes.Clone(raw), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, errString("a body of type " + contentType + " must be a JSON string")
	}
	return []byte(s), nil
}

type errString string

func (e errString) Error() string { return string(e) }

// WriteJSON writes the responses as an OData 4.01 JSON batch response.
func WriteJSON(w *bytes.Buffer, rs []Response) {
	w.WriteString(`{"responses":[`)
	for i, r := range rs {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString(`{"id":`)
		writeString(w, r.ID)
		if r.Group != "" {
			w.WriteString(`,"atomicityGroup":`)
			writeString(w, r.Group)
		}
		w.WriteString(`,"status":` + strconv.Itoa(r.Status))
		if len(r.Header) > 0 {
			w.WriteString(`,"headers":{`)
			for j, name := range sortedKeys(r.Header) {
				if j > 0 {
					w.WriteByte(',')
				}
				writeString(w, strings.ToLower(name))
				w.WriteByte(':')
				writeString(w, strings.Join(r.Header[name], ", "))
			}
			w.WriteByte('}')
		}
		if len(r.Body) > 0 {
			w.WriteString(`,"body":`)
			ct := strings.ToLower(r.Header.Get("Content-Type"))
			if strings.HasPrefix(ct, "application/json") && json.Valid(r.Body) {
				w.Write(r.Body)
			} else {
				writeString(w, string(r.Body))
			}
		}
		w.WriteByte('}')
	}
	w.WriteString("]}")
}

func writeString(w *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	w.Write(b)
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// NewBoundary returns a fresh multipart boundary for a batch response.
func NewBoundary() string { return newBoundary("batchresponse_") }

func newBoundary(prefix string) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
