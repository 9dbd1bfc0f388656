package config

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// SalesforceTable is the `tables.<table>.salesforce` section: what `odatagw salesforce
// -objects` adds to the table's external object beyond what the schema says.
type SalesforceTable struct {
	Lookups []Lookup `yaml:"lookups"`
}

// Lookup makes one column of the table a relationship field of its external object:
// an Indirect Lookup to a standard or custom object (matched on that object's unique
// External ID field), or an External Lookup to another served entity set's external
// object (matched on its key) where the database declares no foreign key.
type Lookup struct {
	Column   string          `yaml:"column"`   // database column name, like the other table options
	Indirect *IndirectTarget `yaml:"indirect"` // parent object and its External ID field
	External string          `yaml:"external"` // parent entity set (its object is <set>__x)
	// Relationship names the related list on the parent (API name; default: the
	// child's entity-set name); Label is its label (default: Relationship).
	Relationship string `yaml:"relationship"`
	Label        string `yaml:"label"`
}

// IndirectTarget is the parent of an Indirect Lookup: a standard (Account) or custom
// (Region__c) object and its custom field marked External ID and Unique.
type IndirectTarget struct {
	Object string `yaml:"object"`
	Field  string `yaml:"field"`
}

// Salesforce API names: a letter, then letters, digits and single underscores, not
// ending in one; custom names end in __c and may carry a namespace prefix (ns__).
const sfWord = `[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*`

var (
	sfStandardObject = regexp.MustCompile(`^` + sfWord + `$`)
	sfCustomName     = regexp.MustCompile(`^(?:` + sfWord + `__)?` + sfWord + `__c$`)
	sfRelationship   = regexp.MustCompile(`^` + sfWord + `$`)
	sfSetName        = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// validateSalesforce checks the syntax of every tables.<t>.salesforce section; whether
// the tables, columns and entity sets exist is checked against the schema (app).
func (c *Config) validateSalesforce() error {
	names := make([]string, 0, len(c.Tables))
	for name := range c.Tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sf := c.Tables[name].Salesforce
		if sf == nil {
			continue
		}
		seen := map[string]bool{}
		for i, l := range sf.Lookups {
			at := fmt.Sprintf("tables.%s.salesforce.lookups[%d]", name, i)
			if err := l.validate(at); err != nil {
				return err
			}
			if seen[l.Column] {
				return fmt.Errorf("%s: column %q has more than one lookup", at, l.Column)
			}
			seen[l.Column] = true
		}
	}
	return nil
}

func (l Lookup) validate(at string) error {
	if strings.TrimSpace(l.Column) == "" {
		return fmt.Errorf("%s: column is required (the database column holding the parent's key)", at)
	}
	switch {
	case l.Indirect == nil && l.External == "":
		return fmt.Errorf("%s: give indirect: {object, field} (a standard or custom object) or external: <entity set>", at)
	case l.Indirect != nil && l.External != "":
		return fmt.Errorf("%s: indirect and external exclude each other", at)
	case l.Indirect != nil:
		o, f := l.Indirect.Object, l.Indirect.Field
		switch {
		case strings.HasSuffix(strings.ToLower(o), "__x"):
			return fmt.Errorf("%s: indirect.object %q is an external object; use external: <entity set> for those", at, o)
		case !sfStandardObject.MatchString(o) && !sfCustomName.MatchString(o):
			return fmt.Errorf("%s: indirect.object %q is not a standard (Account) or custom (Region__c) object API name", at, o)
		case !sfCustomName.MatchString(f):
			return fmt.Errorf("%s: indirect.field %q is not a custom field API name (Name__c): the parent's field must be a custom field marked External ID and Unique", at, f)
		case len(strings.TrimSuffix(f, "__c")) > 40 || len(strings.TrimSuffix(o, "__c")) > 40:
			return fmt.Errorf("%s: indirect object and field API names hold at most 40 characters before __c", at)
		}
	default:
		if strings.HasSuffix(strings.ToLower(l.External), "__x") {
			return fmt.Errorf("%s: external %q: name the entity set (%s), not its external object", at, l.External, l.External[:len(l.External)-3])
		}
		if !sfSetName.MatchString(l.External) {
			return fmt.Errorf("%s: external %q is not an entity-set name", at, l.External)
		}
	}
	if l.Relationship != "" && (!sfRelationship.MatchString(l.Relationship) || len(l.Relationship) > 40) {
		return fmt.Errorf("%s: relationship %q is not an API name (a letter, then letters, digits and single underscores, at most 40, not ending in _)", at, l.Relationship)
	}
	if len(l.Label) > 80 {
		return fmt.Errorf("%s: label holds at most 80 characters", at)
	}
	return nil
}
