package odatav2

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata/edm"
)

// encoder writes one response's Atom or JSON verbose payload.
type encoder struct {
	root, set, ns string
	t             *edm.EntityType
	props         []*edm.Property
	json          bool
}

// feed is a collection: Atom <feed> with <m:count> and <link rel="next">, or
// {"d":{"results":[…],"__count":"n","__next":"…"}}.
func (e *encoder) feed(rows []map[string]any, count *json.Number, next string) ([]byte, error) {
	var b bytes.Buffer
	if e.json {
		b.WriteString(`{"d":{"results":[`)
		for i, row := range rows {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := e.jsonEntity(&b, row); err != nil {
				return nil, err
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
		b.WriteString("}}")
		return b.Bytes(), nil
	}
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	b.WriteString(`<feed xml:base="` + esc(e.root) + `" xmlns="` + nsAtom + `" xmlns:d="` + nsD + `" xmlns:m="` + nsM + `">`)
	b.WriteString(`<id>` + esc(e.root+e.set) + `</id><title type="text">` + esc(e.set) + `</title><updated>` + now() + `</updated>`)
	b.WriteString(`<link rel="self" title="` + esc(e.set) + `" href="` + esc(e.set) + `"/>`)
	if count != nil {
		b.WriteString(`<m:count>` + count.String() + `</m:count>`)
	}
	for _, row := range rows {
		if err := e.atomEntry(&b, row, false); err != nil {
			return nil, err
		}
	}
	if next != "" {
		b.WriteString(`<link rel="next" href="` + esc(next) + `"/>`)
	}
	b.WriteString("</feed>\n")
	return b.Bytes(), nil
}

// entry is a single entity: an Atom <entry> document or {"d":{…}}.
func (e *encoder) entry(row map[string]any, top bool) ([]byte, error) {
	var b bytes.Buffer
	if e.json {
		b.WriteString(`{"d":`)
		if err := e.jsonEntity(&b, row); err != nil {
			return nil, err
		}
		b.WriteString("}")
		return b.Bytes(), nil
	}
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	if err := e.atomEntry(&b, row, true); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func (e *encoder) typeName() string { return e.ns + "." + e.t.Name }

func (e *encoder) jsonEntity(b *bytes.Buffer, row map[string]any) error {
	path, err := entityPath(e.set, e.t, row)
	if err != nil {
		return err
	}
	b.WriteString(`{"__metadata":{"uri":`)
	b.Write(appendJSONString(nil, e.root+path))
	b.WriteString(`,"type":`)
	b.Write(appendJSONString(nil, e.typeName()))
	if tag, ok := row["@odata.etag"].(string); ok && tag != "" {
		b.WriteString(`,"etag":`)
		b.Write(appendJSONString(nil, tag))
	}
	b.WriteByte('}')
	var buf []byte
	for _, p := range e.props {
		v, ok := row[p.Name]
		if !ok {
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
	b.WriteByte('}')
	return nil
}

func (e *encoder) atomEntry(b *bytes.Buffer, row map[string]any, top bool) error {
	path, err := entityPath(e.set, e.t, row)
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
	b.WriteString(`<category term="` + esc(e.typeName()) + `" scheme="` + nsScheme + `"/>`)
	b.WriteString(`<link rel="edit" title="` + esc(e.t.Name) + `" href="` + esc(path) + `"/>`)
	b.WriteString(`<title/><updated>` + now() + `</updated><author><name/></author>`)
	b.WriteString(`<content type="application/xml"><m:properties>`)
	for _, p := range e.props {
		v, ok := row[p.Name]
		if !ok {
			continue
		}
		if err := atomProperty(b, p, v); err != nil {
			return err
		}
	}
	b.WriteString(`</m:properties></content></entry>`)
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
