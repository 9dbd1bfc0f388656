package odatav2

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata/edm"
)

// encoder writes one response's Atom or JSON verbose payload. Its shape (expand.go)
// says which properties, inline entries and deferred links each level's entries have.
type encoder struct {
	root, ns string
	rel      *relations
	m        *edm.Model
	json     bool
}

// level is what the encoder needs for the entries of one level: their set and type,
// and the shape (nil: every property, every navigation deferred).
type level = shape

// feed is a collection: Atom <feed> with <m:count> and <link rel="next">, or
// {"d":{"results":[…],"__count":"n","__next":"…"}}. self is the feed's path below the
// root.
func (e *encoder) feed(lv *level, self string, rows []map[string]any, count *json.Number, next string) ([]byte, error) {
	var b bytes.Buffer
	if e.json {
		b.WriteString(`{"d":`)
		if err := e.jsonFeed(&b, lv, rows, count, next); err != nil {
			return nil, err
		}
		b.WriteString("}")
		return b.Bytes(), nil
	}
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	if err := e.atomFeed(&b, lv, self, rows, count, next, true); err != nil {
		return nil, err
	}
	b.WriteString("\n")
	return b.Bytes(), nil
}

func (e *encoder) jsonFeed(b *bytes.Buffer, lv *level, rows []map[string]any, count *json.Number, next string) error {
	b.WriteString(`{"results":[`)
	for i, row := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := e.jsonEntity(b, lv, row); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	if count != nil {
		b.WriteString(`,"__count":`)
		b.Write(appendJSONString(nil, count.String()))
	}
	if next != "" {
		b.WriteString(`,"__next":`)
		b.Write(appendJSONString(nil, next))
	}
	b.WriteByte('}')
	return nil
}

func (e *encoder) atomFeed(b *bytes.Buffer, lv *level, self string, rows []map[string]any, count *json.Number, next string, top bool) error {
	b.WriteString(`<feed`)
	if top {
		b.WriteString(` xml:base="` + esc(e.root) + `" xmlns="` + nsAtom + `" xmlns:d="` + nsD + `" xmlns:m="` + nsM + `"`)
	}
	b.WriteString(`><id>` + esc(e.root+self) + `</id><title type="text">` + esc(lv.set.Name) + `</title><updated>` + now() + `</updated>`)
	b.WriteString(`<link rel="self" title="` + esc(lv.set.Name) + `" href="` + esc(self) + `"/>`)
	if count != nil {
		b.WriteString(`<m:count>` + count.String() + `</m:count>`)
	}
	for _, row := range rows {
		if err := e.atomEntry(b, lv, row, false); err != nil {
			return err
		}
	}
	if next != "" {
		b.WriteString(`<link rel="next" href="` + esc(next) + `"/>`)
	}
	b.WriteString("</feed>")
	return nil
}

// entry is a single entity: an Atom <entry> document or {"d":{…}}.
func (e *encoder) entry(lv *level, row map[string]any) ([]byte, error) {
	var b bytes.Buffer
	if e.json {
		b.WriteString(`{"d":`)
		if err := e.jsonEntity(&b, lv, row); err != nil {
			return nil, err
		}
		b.WriteString("}")
		return b.Bytes(), nil
	}
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	if err := e.atomEntry(&b, lv, row, true); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func (e *encoder) typeName(t *edm.EntityType) string { return e.ns + "." + t.Name }

// navs is the navigations an entry of lv writes, in model order: expanded ones with
// their level, deferred ones with a nil kid.
func (e *encoder) navs(lv *level) []navOut {
	var out []navOut
	for _, n := range lv.t.NavProps {
		if !isNav(e.rel, lv.t, n.Name) {
			continue
		}
		if k := lv.kid(n.Name); k != nil {
			out = append(out, navOut{n: n, k: k})
		} else if lv.showNav(n.Name) {
			out = append(out, navOut{n: n})
		}
	}
	return out
}

type navOut struct {
	n *edm.NavigationProperty
	k *kid
}

func (e *encoder) jsonEntity(b *bytes.Buffer, lv *level, row map[string]any) error {
	path, err := entityPath(lv.set.Name, lv.t, row)
	if err != nil {
		return err
	}
	b.WriteString(`{"__metadata":{"uri":`)
	b.Write(appendJSONString(nil, e.root+path))
	b.WriteString(`,"type":`)
	b.Write(appendJSONString(nil, e.typeName(lv.t)))
	if tag, ok := row["@odata.etag"].(string); ok && tag != "" {
		b.WriteString(`,"etag":`)
		b.Write(appendJSONString(nil, tag))
	}
	b.WriteByte('}')
	var buf []byte
	for _, p := range lv.t.Properties {
		v, ok := row[p.Name]
		if !ok || !lv.showProp(p.Name) {
			continue
		}
		b.WriteByte(',')
		b.Write(appendJSONString(nil, p.Name))
		b.WriteByte(':')
		if buf, err = appendVerbose(buf[:0], p, v); err != nil {
			return err
		}
		b.Write(buf)
	}
	for _, no := range e.navs(lv) {
		b.WriteByte(',')
		b.Write(appendJSONString(nil, no.n.Name))
		b.WriteByte(':')
		if no.k == nil {
			b.WriteString(`{"__deferred":{"uri":`)
			b.Write(appendJSONString(nil, e.root+path+"/"+url.PathEscape(no.n.Name)))
			b.WriteString("}}")
			continue
		}
		if err := e.jsonInline(b, no.k, row, path); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// jsonInline writes an expanded navigation's value: an entry, null, or
// {"results":[…]} (with "__next" when the gateway cut the collection).
func (e *encoder) jsonInline(b *bytes.Buffer, k *kid, row map[string]any, path string) error {
	v := row[k.name]
	if !k.many {
		obj, ok := v.(map[string]any)
		if !ok {
			b.WriteString("null")
			return nil
		}
		return e.jsonEntity(b, k.s, obj)
	}
	rows, err := inlineRows(v, k.name)
	if err != nil {
		return err
	}
	return e.jsonFeed(b, k.s, rows, nil, e.inlineNext(row, k, path))
}

// inlineRows reads an expanded collection of the 4.0 answer.
func inlineRows(v any, name string) ([]map[string]any, error) {
	list, ok := v.([]any)
	if v != nil && !ok {
		return nil, fmt.Errorf("navigation %s: expected an array, got %T", name, v)
	}
	rows := make([]map[string]any, 0, len(list))
	for _, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("navigation %s: expected entities, got %T", name, x)
		}
		rows = append(rows, m)
	}
	return rows, nil
}

// inlineNext is the 2.0 next link of an expanded collection the gateway cut: the
// navigation path with the gateway's $skip (the expansion's nested options have no
// 2.0 form on a navigation path).
func (e *encoder) inlineNext(row map[string]any, k *kid, path string) string {
	link, _ := row[k.name+"@odata.nextLink"].(string)
	if link == "" {
		return ""
	}
	skip := ""
	if u, err := url.Parse(link); err == nil {
		skip = u.Query().Get("$skip")
	}
	out := e.root + path + "/" + url.PathEscape(k.name)
	if skip != "" {
		out += "?$skip=" + url.QueryEscape(skip)
	}
	return out
}

func (e *encoder) atomEntry(b *bytes.Buffer, lv *level, row map[string]any, top bool) error {
	path, err := entityPath(lv.set.Name, lv.t, row)
	if err != nil {
		return err
	}
	b.WriteString(`<entry`)
	if top {
		b.WriteString(` xml:base="` + esc(e.root) + `" xmlns="` + nsAtom + `" xmlns:d="` + nsD + `" xmlns:m="` + nsM + `"`)
	}
	if tag, ok := row["@odata.etag"].(string); ok && tag != "" {
		b.WriteString(` m:etag="` + esc(tag) + `"`)
	}
	b.WriteString(`><id>` + esc(e.root+path) + `</id>`)
	b.WriteString(`<category term="` + esc(e.typeName(lv.t)) + `" scheme="` + nsScheme + `"/>`)
	b.WriteString(`<link rel="edit" title="` + esc(lv.t.Name) + `" href="` + esc(path) + `"/>`)
	for _, no := range e.navs(lv) {
		kind := "entry"
		if no.n.Collection {
			kind = "feed"
		}
		href := path + "/" + url.PathEscape(no.n.Name)
		b.WriteString(`<link rel="` + nsRelated + esc(no.n.Name) + `" type="application/atom+xml;type=` + kind +
			`" title="` + esc(no.n.Name) + `" href="` + esc(href) + `"`)
		if no.k == nil {
			b.WriteString(`/>`)
			continue
		}
		b.WriteString(`>`)
		if err := e.atomInline(b, no.k, row, path, href); err != nil {
			return err
		}
		b.WriteString(`</link>`)
	}
	b.WriteString(`<title/><updated>` + now() + `</updated><author><name/></author>`)
	b.WriteString(`<content type="application/xml"><m:properties>`)
	for _, p := range lv.t.Properties {
		v, ok := row[p.Name]
		if !ok || !lv.showProp(p.Name) {
			continue
		}
		if err := atomProperty(b, p, v); err != nil {
			return err
		}
	}
	b.WriteString(`</m:properties></content></entry>`)
	return nil
}

// atomInline writes <m:inline> with the expanded entry or feed (empty for a null
// to-one).
func (e *encoder) atomInline(b *bytes.Buffer, k *kid, row map[string]any, path, href string) error {
	v := row[k.name]
	if !k.many {
		obj, ok := v.(map[string]any)
		if !ok {
			b.WriteString(`<m:inline/>`)
			return nil
		}
		b.WriteString(`<m:inline>`)
		if err := e.atomEntry(b, k.s, obj, false); err != nil {
			return err
		}
		b.WriteString(`</m:inline>`)
		return nil
	}
	rows, err := inlineRows(v, k.name)
	if err != nil {
		return err
	}
	b.WriteString(`<m:inline>`)
	if err := e.atomFeed(b, k.s, href, rows, nil, e.inlineNext(row, k, path), false); err != nil {
		return err
	}
	b.WriteString(`</m:inline>`)
	return nil
}

func atomProperty(b *bytes.Buffer, p *edm.Property, v any) error {
	b.WriteString(`<d:` + p.Name)
	if t := V2Type(p.Type); t != "Edm.String" {
		b.WriteString(` m:type="` + t + `"`)
	}
	if v == nil {
		b.WriteString(` m:null="true"/>`)
		return nil
	}
	s, err := text(p, v)
	if err != nil {
		return err
	}
	b.WriteString(">" + escText(s) + "</d:" + p.Name + ">")
	return nil
}

// property is a single property: <d:Name …>v</d:Name> or {"d":{"Name":v}}.
func (e *encoder) property(p *edm.Property, v any) ([]byte, error) {
	if e.json {
		b := append([]byte(`{"d":{`), appendJSONString(nil, p.Name)...)
		b = append(b, ':')
		b, err := appendVerbose(b, p, v)
		return append(b, "}}"...), err
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	var inner bytes.Buffer
	if err := atomProperty(&inner, p, v); err != nil {
		return nil, err
	}
	s := inner.String()
	s = strings.Replace(s, "<d:"+p.Name, "<d:"+p.Name+` xmlns:d="`+nsD+`" xmlns:m="`+nsM+`"`, 1)
	b.WriteString(s + "\n")
	return b.Bytes(), nil
}

// escText escapes element text; characters XML 1.0 cannot carry become U+FFFD.
func escText(s string) string {
	if !strings.ContainsAny(s, "<>&\r") && xmlSafe(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '\r':
			b.WriteString("&#xD;")
		case !xmlChar(r):
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func xmlSafe(s string) bool {
	for _, r := range s {
		if !xmlChar(r) {
			return false
		}
	}
	return true
}

func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func now() string { return time.Now().UTC().Format("2006-01-02T15:04:05Z") }
