package salesforce

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Object is an entity set published as an external object (<Set>__x), bound to the
// External Data Source. The app fills it from the catalog.
type Object struct {
	Set    string // entity-set name = the external object's externalName
	Fields []Field
}

// Field is one property of an Object. Type is the EDM type ("Edm.String", …).
// LookupTo names the entity set whose key this field refers to (a single-column
// foreign key to a single-column key, or a configured external lookup): the field
// becomes an External Lookup to <LookupTo>__x, whose related list is
// RelationshipName. IndirectTo names a standard or custom object instead (Account):
// the field becomes an Indirect Lookup matched on its unique External ID field
// IndirectField (CustomerCode__c). RelationshipLabel defaults to RelationshipName.
type Field struct {
	Name                     string
	Type                     string
	Length, Precision, Scale int
	Required                 bool
	LookupTo                 string
	IndirectTo               string
	IndirectField            string
	RelationshipName         string
	RelationshipLabel        string
}

// customObject is the Metadata API CustomObject document of an external object
// (objects/<Set>__x.object).
type customObject struct {
	XMLName            xml.Name      `xml:"CustomObject"`
	Xmlns              string        `xml:"xmlns,attr"`
	DeploymentStatus   string        `xml:"deploymentStatus"`
	ExternalDataSource string        `xml:"externalDataSource"`
	ExternalName       string        `xml:"externalName"`
	Fields             []customField `xml:"fields"`
	Label              string        `xml:"label"`
	PluralLabel        string        `xml:"pluralLabel"`
}

// customField holds the CustomField members used here, in the Metadata API's order.
type customField struct {
	FullName              string `xml:"fullName"`
	DefaultValue          string `xml:"defaultValue,omitempty"`
	ExternalDeveloperName string `xml:"externalDeveloperName"`
	ExternalID            bool   `xml:"externalId"`
	Label                 string `xml:"label"`
	Length                int    `xml:"length,omitempty"`
	Precision             int    `xml:"precision,omitempty"`
	ReferenceTargetField  string `xml:"referenceTargetField,omitempty"`
	ReferenceTo           string `xml:"referenceTo,omitempty"`
	RelationshipLabel     string `xml:"relationshipLabel,omitempty"`
	RelationshipName      string `xml:"relationshipName,omitempty"`
	Required              bool   `xml:"required"`
	Scale                 *int   `xml:"scale,omitempty"`
	Type                  string `xml:"type"`
	VisibleLines          int    `xml:"visibleLines,omitempty"`
}

// maxText is the longest Text field; longer strings are Long Text Areas (≤ 131,072).
const maxText = 255

// apiField turns a property name into a custom-field API name: letters, digits and
// single underscores, starting with a letter, at most 40 characters before __c.
func apiField(name string) string {
	var sb strings.Builder
	for _, r := range name {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		switch {
		case ok:
			sb.WriteRune(r)
		case !strings.HasSuffix(sb.String(), "_") && sb.Len() > 0:
			sb.WriteByte('_')
		}
	}
	s := strings.Trim(sb.String(), "_")
	if s == "" || s[0] < 'A' || s[0] > 'z' || (s[0] > 'Z' && s[0] < 'a') {
		s = "F_" + s
	}
	if len(s) > 40 {
		s = strings.TrimRight(s[:40], "_")
	}
	return s
}

// ObjectXML renders objects/<Set>__x.object for o, bound to the data source s.Name.
// Types follow the Metadata API's FieldType: Text (≤ 255) / LongTextArea, Number
// (precision ≤ 18), Checkbox, Date, DateTime, and ExternalLookup for lookups; binary
// properties are left out (external objects have no binary field type). Indirect
// lookups are IndirectLookup fields: referenceTo the parent object,
// referenceTargetField its unique External ID field.
func ObjectXML(s Settings, o Object) ([]byte, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	obj := customObject{Xmlns: MetadataNamespace, DeploymentStatus: "Deployed", ExternalDataSource: s.Name,
		ExternalName: o.Set, Label: o.Set, PluralLabel: o.Set}
	seen := map[string]bool{}
	for _, f := range o.Fields {
		cf := customField{FullName: apiField(f.Name) + "__c", ExternalDeveloperName: f.Name, Label: f.Name, Required: f.Required}
		if seen[strings.ToLower(cf.FullName)] {
			return nil, fmt.Errorf("object %s: fields %s collide as %s", o.Set, f.Name, cf.FullName)
		}
		seen[strings.ToLower(cf.FullName)] = true
		zero := 0
		switch {
		case f.LookupTo != "" || f.IndirectTo != "":
			if f.LookupTo != "" {
				cf.Type, cf.ReferenceTo = "ExternalLookup", f.LookupTo+"__x"
			} else {
				cf.Type, cf.ReferenceTo, cf.ReferenceTargetField = "IndirectLookup", f.IndirectTo, f.IndirectField
			}
			cf.RelationshipName = apiField(f.RelationshipName)
			cf.RelationshipLabel = cmp.Or(f.RelationshipLabel, f.RelationshipName)
			cf.Length = min(max(f.Length, 18), maxText)
		case f.Type == "Edm.String" || f.Type == "Edm.Guid":
			n := f.Length
			if f.Type == "Edm.Guid" {
				n = 36
			}
			if n <= 0 || n > maxText {
				cf.Type, cf.Length, cf.VisibleLines = "LongTextArea", min(max(n, maxText+1), 131072), 3
				cf.Required = false // long text areas cannot be required
			} else {
				cf.Type, cf.Length = "Text", n
			}
		case f.Type == "Edm.Boolean":
			cf.Type, cf.DefaultValue, cf.Required = "Checkbox", "false", false
		case f.Type == "Edm.Date":
			cf.Type = "Date"
		case f.Type == "Edm.DateTimeOffset":
			cf.Type = "DateTime"
		case f.Type == "Edm.Decimal":
			p, sc := f.Precision, f.Scale
			if p <= 0 || p > 18 {
				p = 18
			}
			if sc > p {
				sc = p
			}
			sc = min(sc, 17)
			cf.Type, cf.Precision, cf.Scale = "Number", p, &sc
		case f.Type == "Edm.Byte", f.Type == "Edm.SByte", f.Type == "Edm.Int16", f.Type == "Edm.Int32", f.Type == "Edm.Int64":
			cf.Type, cf.Precision, cf.Scale = "Number", 18, &zero
		case f.Type == "Edm.Single", f.Type == "Edm.Double":
			sc := 6
			cf.Type, cf.Precision, cf.Scale = "Number", 18, &sc
		default:
			continue // Edm.Binary and anything else: no external field type
		}
		obj.Fields = append(obj.Fields, cf)
	}
	return marshal(obj)
}

// writeObjects writes objects/<Set>__x.object for every object of s.
func writeObjects(dir string, s Settings) error {
	if len(s.Objects) == 0 {
		return nil
	}
	if err := checkLookups(s.Objects); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "objects"), 0o755); err != nil {
		return err
	}
	for _, o := range s.Objects {
		b, err := ObjectXML(s, o)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "objects", o.Set+"__x.object"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// checkLookups refuses a package Salesforce would reject: an External Lookup to an
// object the package does not create, an Indirect Lookup without its target field,
// or two lookups giving one parent the same related-list (relationship) name.
func checkLookups(objs []Object) error {
	sets := map[string]bool{}
	for _, o := range objs {
		sets[o.Set] = true
	}
	type rel struct{ parent, name string }
	used := map[rel]string{}
	for _, o := range objs {
		for _, f := range o.Fields {
			parent := f.IndirectTo
			switch {
			case f.LookupTo != "" && f.IndirectTo != "":
				return fmt.Errorf("object %s: field %s is both an external and an indirect lookup", o.Set, f.Name)
			case f.LookupTo != "":
				if !sets[f.LookupTo] {
					return fmt.Errorf("object %s: field %s looks up %s__x, which the package does not create", o.Set, f.Name, f.LookupTo)
				}
				parent = f.LookupTo + "__x"
			case f.IndirectTo != "":
				if f.IndirectField == "" {
					return fmt.Errorf("object %s: indirect lookup %s names no External ID field of %s", o.Set, f.Name, f.IndirectTo)
				}
			default:
				continue
			}
			if f.RelationshipName == "" {
				return fmt.Errorf("object %s: lookup %s has no relationship name", o.Set, f.Name)
			}
			r := rel{strings.ToLower(parent), strings.ToLower(apiField(f.RelationshipName))}
			if prev, dup := used[r]; dup {
				return fmt.Errorf("object %s: lookup %s gives %s a second related list named %s (first: %s); set another relationship name",
					o.Set, f.Name, parent, apiField(f.RelationshipName), prev)
			}
			used[r] = o.Set + "." + f.Name
		}
	}
	return nil
}
