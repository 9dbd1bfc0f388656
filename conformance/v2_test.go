package conformance

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The OData 2.0 root (server/odatav2) runs the same cases as the 4.0 suite, through
// AtomPub and JSON verbose: each answer is decoded back (Atom with encoding/xml,
// checked structurally; JSON verbose with encoding/json), its 2.0 values turned into
// the 4.0 forms the oracle compares, and compared row for row with direct SQL.

const (
	v2NsAtom = "http://www.w3.org/2005/Atom"
	v2NsD    = "http://schemas.microsoft.com/ado/2007/08/dataservices"
	v2NsM    = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"
)

// v2Root is the 2.0 service root of a gateway started with the default
// -v2-base-path (<base-path>/v2).
func (g *gateway) v2Root() string { return g.url + "v2/" }

// v2Query rewrites a 4.0 case's query in 2.0 terms: $count=true → $inlinecount.
func v2Query(q *query, plus bool) string {
	out := *q
	out.opts = nil
	for _, o := range q.opts {
		switch {
		case o[0] == "$count" && o[1] == "true":
			o = [2]string{"$inlinecount", "allpages"}
		case o[0] == "$count", o[0] == "$format": // the format is chosen by Accept here
			continue
		}
		out.opts = append(out.opts, o)
	}
	return out.encode(plus)
}

type v2Page struct {
	rows  []map[string]any
	count *string
	next  string
}

// v2Get GETs u in Atom or JSON verbose and checks the 2.0 headers.
func (g *gateway) v2Get(u string, atom bool) (*response, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if atom {
		req.Header.Set("Accept", "application/atom+xml")
	} else {
		req.Header.Set("Accept", "application/json")
	}
	m := g.logs.mark()
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &response{url: u, status: res.StatusCode, header: res.Header, body: body, log: g.logs.since(m)}, nil
}

// v2FetchAll follows __next / <link rel="next"> and returns every row in 4.0 form.
func (e *env) v2FetchAll(si *setInfo, u string, atom bool) (*collection, *response, error) {
	c := &collection{}
	for hops := 0; ; hops++ {
		if hops > 1000 {
			return c, nil, errors.New("more than 1000 pages: next links loop")
		}
		res, err := e.gw.v2Get(u, atom)
		if err != nil {
			return c, nil, err
		}
		if res.status != 200 {
			return c, res, nil
		}
		if v := res.header.Get("DataServiceVersion"); v != "1.0" && v != "2.0" {
			return c, res, fmt.Errorf("DataServiceVersion %q, want 1.0 or 2.0", v)
		}
		if res.header.Get("OData-Version") != "" {
			return c, res, errors.New("a 2.0 response carries OData-Version")
		}
		ct := res.header.Get("Content-Type")
		var p *v2Page
		if atom {
			if !strings.HasPrefix(ct, "application/atom+xml") {
				return c, res, fmt.Errorf("Content-Type %q, want application/atom+xml", ct)
			}
			p, err = parseAtomFeed(si, res.body)
		} else {
			if !strings.HasPrefix(ct, "application/json") {
				return c, res, fmt.Errorf("Content-Type %q, want application/json", ct)
			}
			p, err = parseVerboseFeed(si, res.body)
		}
		if err != nil {
			return c, res, fmt.Errorf("%v\n%s", err, res)
		}
		if int64(len(p.rows)) > e.gw.page {
			return c, res, fmt.Errorf("page has %d rows, more than the page size %d", len(p.rows), e.gw.page)
		}
		if (p.count != nil || p.next != "") && res.header.Get("DataServiceVersion") != "2.0" {
			return c, res, errors.New("a count or next link needs DataServiceVersion 2.0")
		}
		c.pages++
		c.values = append(c.values, p.rows...)
		var raw json.RawMessage
		if p.count != nil {
			raw = json.RawMessage(*p.count)
		}
		c.counts = append(c.counts, raw)
		if p.next == "" {
			return c, res, nil
		}
		if !strings.HasPrefix(p.next, e.gw.v2Root()) || !strings.Contains(p.next, "$skiptoken=") {
			return c, res, fmt.Errorf("next link %q is not on the 2.0 root or has no $skiptoken", p.next)
		}
		c.next = append(c.next, p.next)
		u = p.next
	}
}

var v2JSONDate = regexp.MustCompile(`^/Date\((-?\d+)\)/$`)

// from2 turns a 2.0 value (JSON verbose or Atom text; nil for null) into the 4.0 JSON
// value fromJSON expects.
func from2(v any, p *prop, atom bool) (any, error) {
	if v == nil {
		return nil, nil
	}
	s, isStr := v.(string)
	switch p.Type {
	case "Edm.Int64", "Edm.Decimal":
		if !isStr {
			return nil, fmt.Errorf("%s (%s): %v is not a string", p.Name, p.Type, v)
		}
		return json.Number(s), nil
	case "Edm.Date", "Edm.DateTimeOffset":
		if !isStr {
			return nil, fmt.Errorf("%s: %v is not a string", p.Name, v)
		}
		var t time.Time
		if atom {
			var err error
			if t, err = time.Parse("2006-01-02T15:04:05.9999999", s); err != nil {
				return nil, fmt.Errorf("%s: Edm.DateTime %q: %v", p.Name, s, err)
			}
		} else {
			m := v2JSONDate.FindStringSubmatch(s)
			if m == nil {
				return nil, fmt.Errorf(`%s: %q is not \/Date(ms)\/`, p.Name, s)
			}
			ms, _ := strconv.ParseInt(m[1], 10, 64)
			t = time.UnixMilli(ms).UTC()
		}
		if p.Type == "Edm.Date" {
			if !t.Equal(t.Truncate(24 * time.Hour)) {
				return nil, fmt.Errorf("%s: a date with a time of day: %s", p.Name, s)
			}
			return t.Format("2006-01-02"), nil
		}
		return t.Format(time.RFC3339Nano), nil
	}
	if !atom {
		return v, nil
	}
	switch p.Type {
	case "Edm.Boolean":
		return strconv.ParseBool(s)
	case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32":
		return json.Number(s), nil
	case "Edm.Double", "Edm.Single":
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return json.Number(s), nil
		}
	}
	return s, nil
}

func parseVerboseFeed(si *setInfo, body []byte) (*v2Page, error) {
	var doc struct {
		D *struct {
			Results []map[string]any `json:"results"`
			Count   *string          `json:"__count"`
			Next    string           `json:"__next"`
		} `json:"d"`
	}
	if err := decodeJSON(body, &doc); err != nil || doc.D == nil || doc.D.Results == nil {
		return nil, fmt.Errorf("not a JSON verbose collection: %v", err)
	}
	p := &v2Page{count: doc.D.Count, next: doc.D.Next}
	for _, r := range doc.D.Results {
		row, err := verboseEntity(si, r)
		if err != nil {
			return nil, err
		}
		p.rows = append(p.rows, row)
	}
	return p, nil
}

func verboseEntity(si *setInfo, r map[string]any) (map[string]any, error) {
	md, ok := r["__metadata"].(map[string]any)
	if !ok {
		return nil, errors.New("entity without __metadata")
	}
	if uri, _ := md["uri"].(string); !strings.Contains(uri, "/v2/"+si.name+"(") {
		return nil, fmt.Errorf("__metadata.uri %q is not an entity URL on the 2.0 root", uri)
	}
	if typ, _ := md["type"].(string); !strings.HasSuffix(typ, "."+si.et.Name) {
		return nil, fmt.Errorf("__metadata.type %q, want …%s", typ, si.et.Name)
	}
	row := map[string]any{}
	for k, v := range r {
		if k == "__metadata" {
			continue
		}
		obj, _ := v.(map[string]any)
		if d, ok := obj["__deferred"].(map[string]any); ok && si.et.byName[k] == nil {
			// a navigation property's deferred link (v2rel_test.go checks where it leads)
			if d["uri"] != md["uri"].(string)+"/"+k {
				return nil, fmt.Errorf("%s: deferred uri %v, want the entity's URI + /%s", k, d["uri"], k)
			}
			continue
		}
		p := si.et.byName[k]
		if p == nil {
			row[k] = v // compareRows reports it
			continue
		}
		x, err := from2(v, p, false)
		if err != nil {
			return nil, err
		}
		row[k] = x
	}
	return row, nil
}

// Atom documents, as encoding/xml reads them (namespace-qualified names).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"http://www.w3.org/2005/Atom id"`
	Count   *string     `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata count"`
	Links   []atomLink  `xml:"http://www.w3.org/2005/Atom link"`
	Entries []atomEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID       string     `xml:"http://www.w3.org/2005/Atom id"`
	Links    []atomLink `xml:"http://www.w3.org/2005/Atom link"`
	Category struct {
		Term   string `xml:"term,attr"`
		Scheme string `xml:"scheme,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
	Content struct {
		Type  string `xml:"type,attr"`
		Props struct {
			Items []atomProp `xml:",any"`
		} `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata properties"`
	} `xml:"http://www.w3.org/2005/Atom content"`
}

type atomProp struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
}

func parseAtomFeed(si *setInfo, body []byte) (*v2Page, error) {
	var f atomFeed
	if err := xml.Unmarshal(body, &f); err != nil {
		return nil, fmt.Errorf("not an Atom feed: %v", err)
	}
	p := &v2Page{count: f.Count}
	for _, l := range f.Links {
		if l.Rel == "next" {
			p.next = l.Href
		}
	}
	for _, en := range f.Entries {
		row, err := atomRow(si, &en)
		if err != nil {
			return nil, err
		}
		p.rows = append(p.rows, row)
	}
	return p, nil
}

func atomRow(si *setInfo, en *atomEntry) (map[string]any, error) {
	if !strings.Contains(en.ID, "/v2/"+si.name+"(") {
		return nil, fmt.Errorf("entry id %q is not an entity URL on the 2.0 root", en.ID)
	}
	if !strings.HasSuffix(en.Category.Term, "."+si.et.Name) || en.Category.Scheme != "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme" {
		return nil, fmt.Errorf("entry category %+v", en.Category)
	}
	edit := false
	for _, l := range en.Links {
		edit = edit || l.Rel == "edit" && strings.HasPrefix(l.Href, si.name+"(")
	}
	if !edit || en.Content.Type != "application/xml" {
		return nil, errors.New("entry without an edit link or application/xml content")
	}
	row := map[string]any{}
	for _, it := range en.Content.Props.Items {
		if it.XMLName.Space != v2NsD {
			return nil, fmt.Errorf("property %s in namespace %q", it.XMLName.Local, it.XMLName.Space)
		}
		name := it.XMLName.Local
		p := si.et.byName[name]
		if p == nil {
			row[name] = it.Text
			continue
		}
		null, typ := false, ""
		for _, a := range it.Attrs {
			if a.Name.Space == v2NsM && a.Name.Local == "null" {
				null = a.Value == "true"
			}
			if a.Name.Space == v2NsM && a.Name.Local == "type" {
				typ = a.Value
			}
		}
		if want := v2TypeOf(p.Type); typ != want && !(typ == "" && want == "Edm.String") {
			return nil, fmt.Errorf("property %s: m:type %q, want %q", name, typ, want)
		}
		var v any
		if !null {
			var err error
			if v, err = from2(it.Text, p, true); err != nil {
				return nil, err
			}
		}
		row[name] = v
	}
	return row, nil
}

func v2TypeOf(t string) string {
	if t == "Edm.Date" || t == "Edm.DateTimeOffset" {
		return "Edm.DateTime"
	}
	return t
}

// msRows is exp with DateTimeOffset values cut to milliseconds: JSON verbose's
// \/Date(ms)\/ carries no more.
func msRows(si *setInfo, exp []*row) []*row {
	out := make([]*row, len(exp))
	for i, r := range exp {
		c := &row{key: r.key, vals: map[string]any{}}
		for k, v := range r.vals {
			if t, ok := v.(time.Time); ok {
				v = t.Truncate(time.Millisecond)
			}
			c.vals[k] = v
		}
		out[i] = c
	}
	return out
}

// TestConformanceV2 runs the 4.0 suite's cases on the 2.0 root, in both formats.
func TestConformanceV2(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		for _, atom := range []bool{false, true} {
			name := "json_verbose"
			if atom {
				name = "atom"
			}
			t.Run(name, func(t *testing.T) {
				passed, run := 0, 0
				for i, c := range append(cases, extraCases...) {
					if c.onlyOn != "" && c.onlyOn != e.engine || strings.Contains(c.notOn, e.engine) {
						continue
					}
					t.Run(fmt.Sprintf("%03d_%s", i, c.set), func(t *testing.T) {
						run++
						if e.runCaseV2(t, c, atom, i%5 == 3) {
							passed++
						}
					})
				}
				t.Logf("SUMMARY %s %s: %d cases run, %d passed or answered an allowed 501", e.engine, name, run, passed)
			})
		}
	})
}

func (e *env) runCaseV2(t *testing.T, c qcase, atom, plus bool) bool {
	t.Helper()
	q, err := parseQuery(c.set, c.q)
	if err != nil {
		t.Fatalf("bad case %s?%s: %v", c.set, c.q, err)
	}
	si, err := e.set(c.set)
	if err != nil {
		t.Fatal(err)
	}
	exp, count, err := e.expected(q)
	if err != nil {
		t.Fatalf("oracle: %v", err)
	}
	u := e.gw.v2Root() + c.set + "?" + v2Query(q, plus)
	coll, res, err := e.v2FetchAll(si, u, atom)
	if err != nil {
		t.Errorf("GET %s: %v", u, err)
		return false
	}
	if res.status != 200 {
		if res.status == 501 && e.allowed501(q, res.body) {
			return true
		}
		t.Errorf("want 200:\n%s", res)
		return false
	}
	if !atom {
		exp = msRows(si, exp)
	}
	if probs := e.compareRows(si, q.sel, exp, coll.values, 12); len(probs) > 0 {
		t.Errorf("GET %s\n  - %s\n%s", u, strings.Join(probs, "\n  - "), res.log)
		return false
	}
	for i, raw := range coll.counts {
		switch {
		case !q.count && raw != nil:
			t.Errorf("page %d has a count without $inlinecount", i+1)
			return false
		case q.count && string(raw) != fmt.Sprint(count):
			t.Errorf("GET %s: page %d count %s, want %d", u, i+1, raw, count)
			return false
		}
	}
	return true
}
