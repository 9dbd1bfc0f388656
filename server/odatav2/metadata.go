package odatav2

import (
	"bytes"
	"encoding/xml"
	"strconv"

	"github.com/odatagw/odatagw/odata/edm"
)

// Namespaces of OData 2.0 (EDMX 1.0, CSDL 2.0, the data-services and Atom namespaces).
const (
	nsEdmx   = "http://schemas.microsoft.com/ado/2007/06/edmx"
	nsEdm    = "http://schemas.microsoft.com/ado/2008/09/edm"
	nsM      = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"
	nsD      = "http://schemas.microsoft.com/ado/2007/08/dataservices"
	nsAtom   = "http://www.w3.org/2005/Atom"
	nsApp    = "http://www.w3.org/2007/app"
	nsScheme = "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"
	// nsRelated prefixes the rel of a navigation's Atom link.
	nsRelated = "http://schemas.microsoft.com/ado/2007/08/dataservices/related/"
)

// V2Type is the OData 2.0 type published for a 4.0 EDM type: dates and date-times
// are Edm.DateTime (2.0 has no Edm.Date); every other type the catalog uses exists
// in 2.0 under the same name.
func V2Type(t edm.Type) string {
	switch t {
	case edm.Date, edm.DateTimeOffset:
		return "Edm.DateTime"
	}
	return string(t)
}

// Metadata renders the model as an EDMX 1.0 document with DataServiceVersion 2.0:
// one schema, one default entity container, 2.0 types only, and the
// relationships as associations (assoc.go).
func Metadata(m *edm.Model) []byte {
	return metadataOf(m, associations(m))
}

func metadataOf(m *edm.Model, rel *relations) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	b.WriteString(`<edmx:Edmx Version="1.0" xmlns:edmx="` + nsEdmx + `">` + "\n")
	b.WriteString(`  <edmx:DataServices m:DataServiceVersion="2.0" xmlns:m="` + nsM + `">` + "\n")
	b.WriteString(`    <Schema Namespace="` + esc(m.Namespace) + `" xmlns="` + nsEdm + `">` + "\n")
	for _, t := range m.EntityTypes {
		b.WriteString(`      <EntityType Name="` + esc(t.Name) + "\">\n        <Key>\n")
		for _, k := range t.Key {
			b.WriteString(`          <PropertyRef Name="` + esc(k) + "\"/>\n")
		}
		b.WriteString("        </Key>\n")
		for _, p := range t.Properties {
			b.WriteString(`        <Property Name="` + esc(p.Name) + `" Type="` + V2Type(p.Type) + `"`)
			if !p.Nullable || t.IsKey(p.Name) {
				b.WriteString(` Nullable="false"`)
			} else {
				b.WriteString(` Nullable="true"`)
			}
			switch p.Type {
			case edm.String, edm.Binary:
				if p.MaxLength > 0 {
					b.WriteString(` MaxLength="` + strconv.Itoa(p.MaxLength) + `"`)
				} else {
					b.WriteString(` MaxLength="Max"`)
				}
			case edm.Decimal:
				// CSDL 2.0 has no variable scale: a column without declared
				// precision is published with the widest the databases use.
				prec, scale := p.Precision, p.Scale
				if prec <= 0 {
					prec, scale = 38, 0
					if p.ScaleVariable {
						scale = 10
					}
				}
				b.WriteString(` Precision="` + strconv.Itoa(prec) + `" Scale="` + strconv.Itoa(scale) + `"`)
			case edm.DateTimeOffset:
				if p.Precision > 0 {
					b.WriteString(` Precision="` + strconv.Itoa(p.Precision) + `"`)
				}
			}
			b.WriteString("/>\n")
		}
		rel.writeNavProps(&b, m.Namespace, t)
		b.WriteString("      </EntityType>\n")
	}
	rel.writeAssociations(&b, m.Namespace)
	b.WriteString(`      <EntityContainer Name="` + esc(containerName(m)) + `" m:IsDefaultEntityContainer="true">` + "\n")
	for _, s := range m.EntitySets {
		b.WriteString(`        <EntitySet Name="` + esc(s.Name) + `" EntityType="` + esc(m.Namespace+"."+s.EntityType) + "\"/>\n")
	}
	rel.writeAssociationSets(&b, m.Namespace)
	b.WriteString("      </EntityContainer>\n    </Schema>\n  </edmx:DataServices>\n</edmx:Edmx>\n")
	return b.Bytes()
}

func containerName(m *edm.Model) string {
	if m.Container != "" {
		return m.Container
	}
	return "Container"
}

// ServiceDocumentAtom is the AtomPub service document: one collection per entity set.
func ServiceDocumentAtom(root string, m *edm.Model) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>` + "\n")
	b.WriteString(`<service xml:base="` + esc(root) + `" xmlns="` + nsApp + `" xmlns:atom="` + nsAtom + `">` + "\n")
	b.WriteString("  <workspace>\n    <atom:title>Default</atom:title>\n")
	for _, s := range m.EntitySets {
		b.WriteString(`    <collection href="` + esc(s.Name) + `"><atom:title>` + esc(s.Name) + "</atom:title></collection>\n")
	}
	b.WriteString("  </workspace>\n</service>\n")
	return b.Bytes()
}

// ServiceDocumentJSON is the JSON verbose service document.
func ServiceDocumentJSON(m *edm.Model) []byte {
	b := []byte(`{"d":{"EntitySets":[`)
	for i, s := range m.EntitySets {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s.Name)
	}
	return append(b, "]}}"...)
}

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
