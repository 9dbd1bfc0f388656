package edm

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
)

// XML namespaces of CSDL 4.0/4.01.
const (
	nsEdmx = "http://docs.oasis-open.org/odata/ns/edmx"
	nsEdm  = "http://docs.oasis-open.org/odata/ns/edm"
)

// DefaultVersion is the CSDL version written when Model.Version is empty.
const DefaultVersion = "4.0"

// WriteCSDL writes m as a CSDL XML ($metadata) document to w.
//
// The output is deterministic: entity types, properties, keys and entity sets appear in
// model order, indented by two spaces. Every name and attribute value is XML-escaped,
// so the document is well-formed whatever the model holds; whether it is valid CSDL is
// Validate's job, which callers run once when they build the model (WriteCSDL does not,
// so that one bad name cannot take the whole $metadata down at request time).
//
// Facets are written only where CSDL defines them:
//   - Nullable="false" for non-nullable properties, and always for key properties;
//   - MaxLength on Edm.String and Edm.Binary when > 0;
//   - Precision on Edm.Decimal and Edm.DateTimeOffset when > 0;
//   - Scale on Edm.Decimal: "variable" when ScaleVariable, otherwise the number when
//     Precision or Scale is set.
//
// The EntityContainer is left out when the model has no entity sets (the CSDL schema
// requires a container to have at least one child).
func WriteCSDL(w io.Writer, m *Model) error {
	bw := bufio.NewWriter(w)
	x := &xmlWriter{w: bw}

	version := m.Version
	if version == "" {
		version = DefaultVersion
	}
	x.raw(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	x.raw(`<edmx:Edmx Version="`)
	x.attr(version)
	x.raw(`" xmlns:edmx="` + nsEdmx + `">` + "\n")
	x.raw("  <edmx:DataServices>\n")
	x.raw(`    <Schema Namespace="`)
	x.attr(m.Namespace)
	x.raw(`" xmlns="` + nsEdm + `">` + "\n")

	for _, t := range m.EntityTypes {
		writeEntityType(x, t)
	}

	if len(m.EntitySets) > 0 {
		x.raw(`      <EntityContainer Name="`)
		x.attr(m.Container)
		x.raw("\">\n")
		for _, s := range m.EntitySets {
			x.raw(`        <EntitySet Name="`)
			x.attr(s.Name)
			x.raw(`" EntityType="`)
			x.attr(m.Namespace)
			x.raw(".")
			x.attr(s.EntityType)
			if len(s.Bindings) == 0 {
				x.raw("\"/>\n")
				continue
			}
			x.raw("\">\n")
			writeBindings(x, s)
			x.raw("        </EntitySet>\n")
		}
		x.raw("      </EntityContainer>\n")
	}

	x.raw("    </Schema>\n")
	x.raw("  </edmx:DataServices>\n")
	x.raw("</edmx:Edmx>\n")
	if x.err != nil {
		return x.err
	}
	return bw.Flush()
}

func writeEntityType(x *xmlWriter, t *EntityType) {
	x.raw(`      <EntityType Name="`)
	x.attr(t.Name)
	x.raw("\">\n")
	if len(t.Key) > 0 {
		x.raw("        <Key>\n")
		for _, k := range t.Key {
			x.raw(`          <PropertyRef Name="`)
			x.attr(k)
			x.raw("\"/>\n")
		}
		x.raw("        </Key>\n")
	}
	for _, p := range t.Properties {
		writeProperty(x, p, t.IsKey(p.Name))
	}
	writeNavProps(x, t)
	x.raw("      </EntityType>\n")
}

func writeProperty(x *xmlWriter, p *Property, isKey bool) {
	x.raw(`        <Property Name="`)
	x.attr(p.Name)
	x.raw(`" Type="`)
	x.attr(string(p.Type))
	x.raw(`"`)
	if !p.Nullable || isKey {
		x.raw(` Nullable="false"`)
	}
	switch p.Type {
	case String, Binary:
		if p.MaxLength > 0 {
			x.intAttr("MaxLength", p.MaxLength)
		}
	case Decimal:
		if p.Precision > 0 {
			x.intAttr("Precision", p.Precision)
		}
		switch {
		case p.ScaleVariable:
			x.raw(` Scale="variable"`)
		case p.Precision > 0 || p.Scale > 0:
			x.intAttr("Scale", p.Scale)
		}
	case DateTimeOffset:
		if p.Precision > 0 {
			x.intAttr("Precision", p.Precision)
		}
	}
	x.raw("/>\n")
}

// xmlWriter writes markup and escaped attribute text, keeping the first error.
type xmlWriter struct {
	w   *bufio.Writer
	err error
}

func (x *xmlWriter) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// attr writes s escaped for use inside a double-quoted attribute value.
func (x *xmlWriter) attr(s string) {
	if x.err == nil {
		x.err = xml.EscapeText(x.w, []byte(s))
	}
}

func (x *xmlWriter) intAttr(name string, v int) {
	x.raw(" " + name + `="` + strconv.Itoa(v) + `"`)
}
