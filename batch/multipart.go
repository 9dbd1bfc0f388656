package batch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// parseMultipart reads a multipart/mixed batch: each part is either one request
// (Content-Type: application/http) or a change set (a nested multipart/mixed whose
// parts are requests). Change sets hold no GET and do not nest.
func parseMultipart(contentType string, body []byte, lim Limits) (*Batch, error) {
	boundary, err := boundaryOf(contentType)
	if err != nil {
		return nil, err
	}
	b := &Batch{Format: Multipart}
	max := lim.maxRequests()
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for n := 1; ; n++ {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			if n == 1 && !bytes.Contains(body, []byte("--"+boundary+"--")) {
				return nil, invalid("the body holds no part and no closing delimiter --%s--", boundary)
			}
			break
		}
		if err != nil {
			return nil, invalid("the multipart body does not parse (part %d)", n)
		}
		ct := part.Header.Get("Content-Type")
		content, err := io.ReadAll(part)
		if err != nil {
			return nil, invalid("part %d does not parse", n)
		}
		mt, _, _ := mime.ParseMediaType(ct)
		switch strings.ToLower(mt) {
		case "application/http":
			r, err := parseHTTPPart(part.Header, content, fmt.Sprint(n))
			if err != nil {
				return nil, err
			}
			if len(b.Requests) >= max {
				return nil, tooMany(max)
			}
			b.Requests = append(b.Requests, *r)
		case "multipart/mixed":
			if err := parseChangeSet(b, ct, content, fmt.Sprintf("changeset%d", n), max); err != nil {
				return nil, err
			}
		default:
			return nil, invalid("part %d must be application/http or a multipart/mixed change set", n)
		}
	}
	return b, nil
}

func boundaryOf(contentType string) (string, error) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", invalid("the Content-Type does not parse")
	}
	boundary := params["boundary"]
	if boundary == "" || len(boundary) > 70 {
		return "", invalid("multipart/mixed needs a boundary parameter of 1 to 70 characters")
	}
	return boundary, nil
}

func parseChangeSet(b *Batch, contentType string, body []byte, group string, max int) error {
	boundary, err := boundaryOf(contentType)
	if err != nil {
		return err
	}
	ids := map[string]bool{}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	count := 0
	for n := 1; ; n++ {
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return invalid("change set %s does not parse (part %d)", group, n)
		}
		content, err := io.ReadAll(part)
		if err != nil {
			return invalid("change set %s does not parse (part %d)", group, n)
		}
		mt, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if !strings.EqualFold(mt, "application/http") {
			return invalid("the parts of a change set must be application/http (change sets do not nest)")
		}
		r, err := parseHTTPPart(part.Header, content, group+"."+strconv.Itoa(n))
		if err != nil {
			return err
		}
		if r.Method == "GET" {
			return invalid("a change set cannot hold a GET request")
		}
		if r.ID != "" {
			if ids[r.ID] {
				return invalid("Content-ID %q appears twice in one change set", r.ID)
			}
			ids[r.ID] = true
		}
		r.Group = group
		if len(b.Requests) >= max {
			return tooMany(max)
		}
		b.Requests = append(b.Requests, *r)
		count++
	}
	if count == 0 {
		return invalid("a change set must hold at least one request")
	}
	return nil
}

// parseHTTPPart reads one application/http part: the request line, the headers, a
// blank line and the body. The Content-ID comes from the part's MIME headers (or,
// for clients that put it there, the inner request's).
func parseHTTPPart(mimeHeader textproto.MIMEHeader, content []byte, where string) (*Request, error) {
	head, body, ok := cutHead(content)
	if !ok {
		// A request without a body may end right after its headers.
		head, body = bytes.TrimRight(content, "\r\n"), nil
	}
	lines := strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n")
	line := strings.TrimSpace(lines[0])
	method, rest, ok := strings.Cut(line, " ")
	if !ok {
		return nil, invalid("request %s: the request line must be 'METHOD URL HTTP/1.1'", where)
	}
	url, proto, _ := strings.Cut(strings.TrimSpace(rest), " ")
	if proto != "" && !strings.HasPrefix(strings.TrimSpace(proto), "HTTP/1.") {
		return nil, invalid("request %s: the request line must end in HTTP/1.1", where)
	}
	method = strings.ToUpper(method)
	if !validMethod(method) {
		return nil, invalid("request %s: method %q is not allowed in a batch", where, method)
	}
	if url == "" {
		return nil, invalid("request %s: the request line has no URL", where)
	}
	h := http.Header{}
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		name, val, ok := strings.Cut(l, ":")
		if !ok || strings.TrimSpace(name) == "" || strings.ContainsAny(name, " \t") {
			return nil, invalid("request %s: header line %q does not parse", where, truncate(l))
		}
		h.Add(textproto.CanonicalMIMEHeaderKey(name), strings.TrimSpace(val))
	}
	if cl := h.Get("Content-Length"); cl != "" {
		n, err := strconv.Atoi(cl)
		if err != nil || n < 0 || n > len(body) {
			return nil, invalid("request %s: Content-Length does not match the body", where)
		}
		body = body[:n]
	} else {
		body = bytes.TrimRight(body, "\r\n")
	}
	id := mimeHeader.Get("Content-Id")
	if id == "" {
		id = h.Get("Content-Id")
	}
	return &Request{ID: strings.TrimSpace(id), Method: method, URL: url, Header: h, Body: body}, nil
}

// cutHead splits an HTTP message at its first blank line.
func cutHead(b []byte) (head, body []byte, ok bool) {
	crlf := bytes.Index(b, []byte("\r\n\r\n"))
	lf := bytes.Index(b, []byte("\n\n"))
	switch {
	case crlf >= 0 && (lf < 0 || crlf < lf):
		return b[:crlf], b[crlf+4:], true
	case lf >= 0:
		return b[:lf], b[lf+2:], true
	}
	return nil, nil, false
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// WriteMultipart writes the responses as a multipart/mixed body with the given
// boundary; consecutive responses of one Group become a nested change-set part.
// NewBoundary makes boundaries.
func WriteMultipart(w *bytes.Buffer, boundary string, rs []Response) {
	for i := 0; i < len(rs); {
		r := rs[i]
		if r.Group == "" {
			w.WriteString("--" + boundary + "\r\n")
			writeHTTPPart(w, r)
			i++
			continue
		}
		j := i
		for j < len(rs) && rs[j].Group == r.Group {
			j++
		}
		// Its own boundary, not an extension of the outer one: clients that split the
		// body on "--<outer boundary>" (the SAP Cloud SDK does) would cut inside it.
		cs := newBoundary("changesetresponse_")
		w.WriteString("--" + boundary + "\r\n")
		w.WriteString("Content-Type: multipart/mixed; boundary=" + cs + "\r\n\r\n")
		for _, x := range rs[i:j] {
			w.WriteString("--" + cs + "\r\n")
			writeHTTPPart(w, x)
		}
		w.WriteString("--" + cs + "--\r\n")
		i = j
	}
	w.WriteString("--" + boundary + "--\r\n")
}

func writeHTTPPart(w *bytes.Buffer, r Response) {
	w.WriteString("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n")
	if r.ID != "" {
		w.WriteString("Content-ID: " + r.ID + "\r\n")
	}
	w.WriteString("\r\nHTTP/1.1 " + strconv.Itoa(r.Status) + " " + http.StatusText(r.Status) + "\r\n")
	for _, name := range sortedKeys(r.Header) {
		for _, v := range r.Header[name] {
			w.WriteString(name + ": " + v + "\r\n")
		}
	}
	if r.Status != http.StatusNoContent {
		w.WriteString("Content-Length: " + strconv.Itoa(len(r.Body)) + "\r\n")
	}
	w.WriteString("\r\n")
	w.Write(r.Body)
	w.WriteString("\r\n")
}
