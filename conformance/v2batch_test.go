package conformance

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// batchPart is one response of a multipart batch answer; a change set's responses
// are its parts.
type batchPart struct {
	status int
	header http.Header
	body   string
	parts  []batchPart
}

func readBatch(ct string, body []byte) ([]batchPart, error) {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "multipart/mixed" {
		return nil, fmt.Errorf("Content-Type %q", ct)
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var out []batchPart
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		raw, err := io.ReadAll(p)
		if err != nil {
			return nil, err
		}
		pct := p.Header.Get("Content-Type")
		if strings.HasPrefix(pct, "multipart/mixed") {
			inner, err := readBatch(pct, raw)
			if err != nil {
				return nil, err
			}
			out = append(out, batchPart{parts: inner})
			continue
		}
		res, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), nil)
		if err != nil {
			return nil, fmt.Errorf("%v in %q", err, raw)
		}
		b, _ := io.ReadAll(res.Body)
		out = append(out, batchPart{status: res.StatusCode, header: res.Header, body: string(b)})
	}
}

// TestV2Batch posts a 2.0 $batch (multipart/mixed with change sets) to the 2.0 root
// of a writable gateway: reads answer in the part's format, a change set whose second
// write fails leaves nothing behind (a read after it and SQL agree), a change set that
// succeeds commits its writes, two of them binding a to-one navigation in the 2.0 forms
// (JSON verbose __metadata.uri, Atom related link), to an existing entity and by
// Content-ID to the one the change set created; the tables' rows are compared
// with SQL.
func TestV2Batch(t *testing.T) {
	forEngines(t, "relations", func(t *testing.T, e *env) {
		for _, s := range []string{"DROP TABLE IF EXISTS v2b_child", "DROP TABLE IF EXISTS v2b_item",
			"CREATE TABLE v2b_item (id INT NOT NULL PRIMARY KEY, name VARCHAR(20) NOT NULL)",
			"INSERT INTO v2b_item (id, name) VALUES (1, 'a'), (2, 'b')",
			"CREATE TABLE v2b_child (id INT NOT NULL PRIMARY KEY, item_id INT, FOREIGN KEY (item_id) REFERENCES v2b_item (id))"} {
			if _, err := e.src.db.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
		gw, err := startGateway(e.engine, e.src.gwDSN, 0, "", "-writable", "v2b_item,v2b_child")
		if err != nil {
			t.Fatal(err)
		}
		part := func(req string) string {
			return "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" + req
		}
		atomEntry := `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:d="` + v2NsD + `" xmlns:m="` + v2NsM + `"><content type="application/xml"><m:properties><d:id>2</d:id><d:name>dup</d:name></m:properties></content></entry>`
		childEntry := `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:d="` + v2NsD + `" xmlns:m="` + v2NsM + `">` +
			`<link rel="http://schemas.microsoft.com/ado/2007/08/dataservices/related/item" type="application/atom+xml;type=entry" href="v2b_item(1)"/>` +
			`<content type="application/xml"><m:properties><d:id>11</d:id></m:properties></content></entry>`
		body := strings.Join([]string{"",
			part("GET v2b_item(1) HTTP/1.1\r\nAccept: application/json\r\n\r\n"),
			"Content-Type: multipart/mixed; boundary=cs1\r\n\r\n--cs1\r\n" +
				part("MERGE v2b_item(1) HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"changed\"}\r\n") + "--cs1\r\n" +
				part("POST v2b_item HTTP/1.1\r\nContent-Type: application/atom+xml\r\n\r\n"+atomEntry+"\r\n") + "--cs1--\r\n",
			part("GET v2b_item(1) HTTP/1.1\r\nAccept: application/atom+xml\r\n\r\n"),
			"Content-Type: multipart/mixed; boundary=cs2\r\n\r\n--cs2\r\n" +
				part("POST v2b_item HTTP/1.1\r\nContent-Type: application/json\r\nContent-ID: 1\r\nAccept: application/json\r\n\r\n{\"id\":\"3\",\"name\":\"c\"}\r\n") + "--cs2\r\n" +
				part("MERGE v2b_item(2) HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"name\":\"bb\"}\r\n") + "--cs2\r\n" +
				// 2.0 bindings of the to-one navigation v2b_child.item (item_id → v2b_item)
				part("POST v2b_child HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"id\":10,\"item\":{\"__metadata\":{\"uri\":\""+gw.v2Root()+"v2b_item(2)\"}}}\r\n") + "--cs2\r\n" +
				part("POST v2b_child HTTP/1.1\r\nContent-Type: application/atom+xml\r\n\r\n"+childEntry+"\r\n") + "--cs2\r\n" +
				// … and to the item this change set created, by its Content-ID
				part("POST v2b_child HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"id\":12,\"item\":{\"__metadata\":{\"uri\":\"$1\"}}}\r\n") + "--cs2\r\n" +
				part("POST v2b_child HTTP/1.1\r\nContent-Type: application/atom+xml\r\n\r\n"+strings.NewReplacer(`"v2b_item(1)"`, `"$1"`, ">11<", ">13<").Replace(childEntry)+"\r\n") + "--cs2--\r\n",
		}, "--b\r\n") + "--b--\r\n"
		req, _ := http.NewRequest(http.MethodPost, gw.v2Root()+"$batch", strings.NewReader(body))
		req.Header.Set("Content-Type", "multipart/mixed; boundary=b")
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("OData-Version") != "" || res.Header.Get("DataServiceVersion") == "" {
			t.Fatalf("%d %v\n%s", res.StatusCode, res.Header, raw)
		}
		parts, err := readBatch(res.Header.Get("Content-Type"), raw)
		if err != nil {
			t.Fatalf("%v\n%s", err, raw)
		}
		var shape []string
		for _, p := range parts {
			if p.parts != nil {
				s := "["
				for _, q := range p.parts {
					s += fmt.Sprint(q.status) + " "
				}
				shape = append(shape, s+"]")
				continue
			}
			shape = append(shape, fmt.Sprint(p.status))
		}
		// The failed change set is one response (409), as on the 4.0 root.
		if want := []string{"200", "409", "200", "[201 204 201 201 201 201 ]"}; !reflect.DeepEqual(shape, want) {
			t.Fatalf("responses %v, want %v\n%s", shape, want, raw)
		}
		if !strings.Contains(parts[0].body, `"__metadata"`) || !strings.Contains(parts[0].body, `"name":"a"`) {
			t.Errorf("read before: %s", parts[0].body)
		}
		if !strings.Contains(parts[1].body, "<m:code>DuplicateKey</m:code>") {
			t.Errorf("the failed change set's answer is not a 2.0 error: %s", parts[1].body)
		}
		if !strings.HasPrefix(parts[2].header.Get("Content-Type"), "application/atom+xml") || !strings.Contains(parts[2].body, "<d:name>a</d:name>") {
			t.Errorf("read after the rolled-back change set: %v %s", parts[2].header, parts[2].body)
		}
		created := parts[3].parts[0]
		if loc := created.header.Get("Location"); loc != gw.v2Root()+"v2b_item(3)" && loc != gw.v2Root()+"v2b_item(3L)" {
			t.Errorf("Location %q", loc)
		}
		if !strings.Contains(created.body, `"d":{"__metadata"`) {
			t.Errorf("created entry is not JSON verbose: %s", created.body)
		}
		r := &relEnv{e: e}
		var got []string
		for _, row := range r.sqlRows(t, "SELECT id, name FROM v2b_item ORDER BY id") {
			got = append(got, row[0]+":"+row[1])
		}
		if want := []string{"1:a", "2:bb", "3:c"}; !reflect.DeepEqual(got, want) {
			t.Errorf("rows after the batch %v, want %v", got, want)
		}
		got = nil
		for _, row := range r.sqlRows(t, "SELECT id, item_id FROM v2b_child ORDER BY id") {
			got = append(got, row[0]+":"+row[1])
		}
		if want := []string{"10:2", "11:1", "12:3", "13:3"}; !reflect.DeepEqual(got, want) {
			t.Errorf("bound children %v, want %v", got, want)
		}
	})
}
