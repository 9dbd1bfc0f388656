package batch

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
)

// An SAP-style body: LF line endings, Content-ID inside the inner request, a
// Content-Length shorter than the rest of the part, an absolute URL.
func TestParseMultipartShapes(t *testing.T) {
	body := strings.Join([]string{
		"--batch_1",
		"Content-Type: application/http",
		"Content-Transfer-Encoding: binary",
		"",
		"GET Customers?$top=2 HTTP/1.1",
		"Accept: application/json",
		"",
		"",
		"--batch_1",
		"Content-Type: multipart/mixed;boundary=changeset_1",
		"",
		"--changeset_1",
		"Content-Type: application/http",
		"",
		"post http://h/odata/Customers HTTP/1.1",
		"Content-ID: 7",
		"Content-Type: application/json",
		"Content-Length: 2",
		"",
		"{}ignored",
		"--changeset_1",
		"Content-Type: application/http",
		"Content-ID: 8",
		"",
		"DELETE $7 HTTP/1.1",
		"",
		"--changeset_1--",
		"--batch_1--",
		"",
	}, "\n")
	b, err := Parse("multipart/mixed; boundary=batch_1", []byte(body), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Requests) != 3 {
		t.Fatalf("%d requests: %+v", len(b.Requests), b.Requests)
	}
	get, post, del := b.Requests[0], b.Requests[1], b.Requests[2]
	if get.Method != "GET" || get.URL != "Customers?$top=2" || get.Group != "" || get.Header.Get("Accept") != "application/json" || len(get.Body) != 0 {
		t.Errorf("GET: %+v", get)
	}
	if post.Method != "POST" || post.ID != "7" || string(post.Body) != "{}" || post.Group == "" || post.URL != "http://h/odata/Customers" {
		t.Errorf("POST: %+v body %q", post, post.Body)
	}
	if del.ID != "8" || del.Group != post.Group || del.URL != "$7" {
		t.Errorf("DELETE: %+v", del)
	}
}

func TestParseLimits(t *testing.T) {
	part := "--b\r\nContent-Type: application/http\r\n\r\nGET x HTTP/1.1\r\n\r\n\r\n"
	body := strings.Repeat(part, 3) + "--b--\r\n"
	if _, err := Parse("multipart/mixed; boundary=b", []byte(body), Limits{MaxRequests: 3}); err != nil {
		t.Fatalf("3 requests, limit 3: %v", err)
	}
	_, err := Parse("multipart/mixed; boundary=b", []byte(body), Limits{MaxRequests: 2})
	if e, ok := odata.AsError(err); !ok || e.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("3 requests, limit 2: %v", err)
	}
}

// Whatever the body, Parse returns a batch or a 4xx OData error; it never panics.
func FuzzParse(f *testing.F) {
	f.Add("multipart/mixed; boundary=b", "--b\r\nContent-Type: application/http\r\n\r\nGET x HTTP/1.1\r\n\r\n\r\n--b--\r\n")
	f.Add("multipart/mixed; boundary=b", "--b\r\nContent-Type: multipart/mixed; boundary=c\r\n\r\n--c\r\nContent-Type: application/http\r\n\r\nPOST x HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}\r\n--c--\r\n--b--")
	f.Add("application/json", `{"requests":[{"id":"1","method":"GET","url":"x","dependsOn":["0"],"atomicityGroup":"g"}]}`)
	f.Add("application/json", `{"requests":[{"id":"1","method":"POST","url":"x","headers":{"content-type":"text/plain"},"body":"hi"}]}`)
	f.Fuzz(func(t *testing.T, ct, body string) {
		b, err := Parse(ct, []byte(body), Limits{MaxRequests: 5})
		if err != nil {
			e, ok := odata.AsError(err)
			if !ok || e.Status < 400 || e.Status >= 500 {
				t.Fatalf("error %v is not a 4xx OData error", err)
			}
			return
		}
		if len(b.Requests) > 5 {
			t.Fatalf("%d requests past the limit", len(b.Requests))
		}
		for _, r := range b.Requests {
			if !validMethod(r.Method) || r.URL == "" {
				t.Fatalf("request %+v", r)
			}
		}
	})
}

func TestWriteJSONIsJSON(t *testing.T) {
	var buf bytes.Buffer
	WriteJSON(&buf, []Response{
		{ID: "1", Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"a":1}`)},
		{ID: "2\"\n", Group: "g", Status: 200, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("42")},
		{ID: "3", Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{broken`)},
		{ID: "4", Status: 204},
	})
	var out struct {
		Responses []struct {
			ID     string          `json:"id"`
			Status int             `json:"status"`
			Body   json.RawMessage `json:"body"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("%v: %s", err, buf.Bytes())
	}
	if len(out.Responses) != 4 || string(out.Responses[0].Body) != `{"a":1}` || string(out.Responses[1].Body) != `"42"` ||
		out.Responses[1].ID != "2\"\n" || string(out.Responses[2].Body) != `"{broken"` || out.Responses[3].Body != nil {
		t.Errorf("%s", buf.Bytes())
	}
}

// The OData 2.0 form (as SAPUI5's v2 model sends it): the same multipart shape, MERGE,
// 2.0 version headers, blank lines between parts.
func TestParseOData2Shape(t *testing.T) {
	body := strings.ReplaceAll(`--batch_123
Content-Type: application/http
Content-Transfer-Encoding: binary

GET Products?$skip=0&$top=20 HTTP/1.1
sap-cancel-on-close: true
Accept: application/json
DataServiceVersion: 2.0
MaxDataServiceVersion: 2.0


--batch_123
Content-Type: multipart/mixed; boundary=changeset_456

--changeset_456
Content-Type: application/http
Content-Transfer-Encoding: binary

MERGE Products(1) HTTP/1.1
Accept: application/json
Content-Type: application/json
Content-Length: 19

{"Name":"New name"}
--changeset_456--

--batch_123--
`, "\n", "\r\n")
	b, err := Parse("multipart/mixed; boundary=batch_123", []byte(body), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Requests) != 2 {
		t.Fatalf("%+v", b.Requests)
	}
	get, merge := b.Requests[0], b.Requests[1]
	if get.Method != "GET" || get.Header.Get("Dataserviceversion") != "2.0" || get.Group != "" {
		t.Errorf("GET: %+v", get)
	}
	if merge.Method != "MERGE" || merge.URL != "Products(1)" || string(merge.Body) != `{"Name":"New name"}` || merge.Group == "" {
		t.Errorf("MERGE: %+v %q", merge, merge.Body)
	}
}
