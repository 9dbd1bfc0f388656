package conformance

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
)

// Readers of 2.0 entries with their navigations (deferred links, inline entries and
// feeds) in both formats, for v2rel_test.go.

// v2Node is an entry of either 2.0 format: its properties as text ("<nil>" for null)
// and its navigations.
type v2Node struct {
	uri   string
	props map[string]string
	navs  map[string]*v2Nav
}

// v2Nav is a navigation of an entry: a deferred link, an inline entry (nil entry and
// null true for a to-one without a target) or an inline feed.
type v2Nav struct {
	deferred string
	next     string // an inline feed's next link
	entry    *v2Node
	feed     []*v2Node
	many     bool
	null     bool
}

// v2Read GETs a 2.0 URL (path?query, values unencoded) in Atom or JSON verbose and
// returns its entries (one for an entry document).
func (r *relEnv) v2Read(t *testing.T, u string, atom bool) []*v2Node {
	t.Helper()
	res := r.v2Raw(t, u, atom)
	if res.status != 200 {
		t.Fatalf("%s", res)
	}
	if res.header.Get("OData-Version") != "" || res.header.Get("DataServiceVersion") == "" {
		t.Fatalf("%s: not a 2.0 answer: %v", u, res.header)
	}
	if atom {
		nodes, err := atomNodes(res.body)
		if err != nil {
			t.Fatalf("%s: %v\n%s", u, err, res.body)
		}
		return nodes
	}
	nodes, err := verboseNodes(res.body)
	if err != nil {
		t.Fatalf("%s: %v\n%s", u, err, res.body)
	}
	return nodes
}

func (r *relEnv) v2Raw(t *testing.T, u string, atom bool) *response {
	t.Helper()
	gw := r.e.gw
	if r.gw != nil {
		gw = r.gw
	}
	full := u
	if !strings.HasPrefix(u, "http") {
		full = gw.v2Root() + encodeURL(u)
	}
	res, err := gw.v2Get(full, atom)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func verboseNodes(body []byte) ([]*v2Node, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc struct {
		D map[string]any `json:"d"`
	}
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if res, ok := doc.D["results"].([]any); ok {
		return verboseList(res)
	}
	n, err := verboseNode(doc.D)
	return []*v2Node{n}, err
}

func verboseList(list []any) ([]*v2Node, error) {
	var out []*v2Node
	for _, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("results holds %T", x)
		}
		n, err := verboseNode(m)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func verboseNode(m map[string]any) (*v2Node, error) {
	md, ok := m["__metadata"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("entry without __metadata: %v", m)
	}
	n := &v2Node{uri: fmt.Sprint(md["uri"]), props: map[string]string{}, navs: map[string]*v2Nav{}}
	for k, v := range m {
		if k == "__metadata" {
			continue
		}
		obj, isObj := v.(map[string]any)
		switch {
		case isObj && obj["__deferred"] != nil:
			d, _ := obj["__deferred"].(map[string]any)
			n.navs[k] = &v2Nav{deferred: fmt.Sprint(d["uri"])}
		case isObj && obj["results"] != nil:
			list, ok := obj["results"].([]any)
			if !ok {
				return nil, fmt.Errorf("%s: results is %T", k, obj["results"])
			}
			feed, err := verboseList(list)
			if err != nil {
				return nil, err
			}
			next, _ := obj["__next"].(string)
			n.navs[k] = &v2Nav{feed: feed, many: true, next: next}
		case isObj && obj["__metadata"] != nil:
			e, err := verboseNode(obj)
			if err != nil {
				return nil, err
			}
			n.navs[k] = &v2Nav{entry: e}
		case isObj:
			return nil, fmt.Errorf("%s: unexpected object %v", k, obj)
		default:
			n.props[k] = fmt.Sprint(v) // a null to-one is "<nil>" here; see prop
		}
	}
	return n, nil
}

type xAtomFeed struct {
	Entries []xAtomEntry `xml:"http://www.w3.org/2005/Atom entry"`
	Links   []xAtomLink  `xml:"http://www.w3.org/2005/Atom link"`
}

type xAtomEntry struct {
	ID    string      `xml:"http://www.w3.org/2005/Atom id"`
	Links []xAtomLink `xml:"http://www.w3.org/2005/Atom link"`
	Props struct {
		P struct {
			Any []struct {
				XMLName xml.Name
				Null    string `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata null,attr"`
				Text    string `xml:",chardata"`
			} `xml:",any"`
		} `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata properties"`
	} `xml:"http://www.w3.org/2005/Atom content"`
}

type xAtomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr"`
	Title  string `xml:"title,attr"`
	Href   string `xml:"href,attr"`
	Inline *struct {
		Feed  *xAtomFeed  `xml:"http://www.w3.org/2005/Atom feed"`
		Entry *xAtomEntry `xml:"http://www.w3.org/2005/Atom entry"`
	} `xml:"http://schemas.microsoft.com/ado/2007/08/dataservices/metadata inline"`
}

const v2Related = "http://schemas.microsoft.com/ado/2007/08/dataservices/related/"

func atomNodes(body []byte) ([]*v2Node, error) {
	var root struct {
		XMLName xml.Name
		Base    string `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	}
	if err := xml.Unmarshal(body, &root); err != nil {
		return nil, err
	}
	if root.XMLName.Local == "entry" {
		var e xAtomEntry
		if err := xml.Unmarshal(body, &e); err != nil {
			return nil, err
		}
		n, err := atomNode(root.Base, &e)
		return []*v2Node{n}, err
	}
	var f xAtomFeed
	if err := xml.Unmarshal(body, &f); err != nil {
		return nil, err
	}
	return atomList(root.Base, f.Entries)
}

func atomList(base string, es []xAtomEntry) ([]*v2Node, error) {
	var out []*v2Node
	for i := range es {
		n, err := atomNode(base, &es[i])
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func atomNode(base string, e *xAtomEntry) (*v2Node, error) {
	n := &v2Node{uri: e.ID, props: map[string]string{}, navs: map[string]*v2Nav{}}
	for _, p := range e.Props.P.Any {
		if p.XMLName.Space != v2NsD {
			return nil, fmt.Errorf("property %v outside the data-services namespace", p.XMLName)
		}
		if p.Null == "true" {
			n.props[p.XMLName.Local] = "<nil>"
		} else {
			n.props[p.XMLName.Local] = p.Text
		}
	}
	for _, l := range e.Links {
		name, ok := strings.CutPrefix(l.Rel, v2Related)
		if !ok {
			continue
		}
		if l.Title != name || !strings.HasPrefix(l.Type, "application/atom+xml;type=") {
			return nil, fmt.Errorf("navigation link %s: title %q, type %q", name, l.Title, l.Type)
		}
		nv := &v2Nav{many: strings.HasSuffix(l.Type, "type=feed")}
		switch {
		case l.Inline == nil:
			nv.deferred = base + l.Href
		case nv.many:
			if l.Inline.Feed == nil {
				return nil, fmt.Errorf("%s: m:inline without a feed", name)
			}
			feed, err := atomList(base, l.Inline.Feed.Entries)
			if err != nil {
				return nil, err
			}
			nv.feed = feed
			for _, fl := range l.Inline.Feed.Links {
				if fl.Rel == "next" {
					nv.next = fl.Href
				}
			}
		case l.Inline.Entry != nil:
			en, err := atomNode(base, l.Inline.Entry)
			if err != nil {
				return nil, err
			}
			nv.entry = en
		default:
			nv.null = true
		}
		n.navs[name] = nv
	}
	return n, nil
}

// one returns the inline entry of a to-one navigation ("" props when null; JSON
// verbose writes a null to-one as a null value).
func (n *v2Node) one(t *testing.T, nav string) *v2Node {
	t.Helper()
	if v := n.navs[nav]; v != nil {
		if v.entry == nil && !v.null {
			t.Fatalf("%s: %s is not inline: %+v", n.uri, nav, v)
		}
		return v.entry
	}
	if n.props[nav] == "<nil>" {
		return nil
	}
	t.Fatalf("%s: no navigation %s", n.uri, nav)
	return nil
}

func (n *v2Node) many(t *testing.T, nav string) []*v2Node {
	t.Helper()
	v := n.navs[nav]
	if v == nil || !v.many || v.deferred != "" {
		t.Fatalf("%s: %s is not an inline feed: %+v", n.uri, nav, v)
	}
	return v.feed
}
