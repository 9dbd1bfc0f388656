package console

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/odatagw/odatagw/catalog"
)

// ---- Entity sets ----

type setView struct {
	Name, Kind, Table, Key, ETag, Searchable string
	Writable, KeyConfigured                  bool
	Relationships                            int // navigation properties
	Columns                                  []columnView
	Navs                                     []navView
	Relations                                []relationView // foreign keys to tables not served
	Tracked                                  bool
	TrackSource                              string
	Sample, Count                            string
}

type columnView struct {
	Column, SQLType, Property, EDMType string
	Key, Nullable                      bool
	Notes                              string
}

type relationView struct {
	Direction, Columns, Other, OtherSet, OtherColumns string
}

type hiddenView struct {
	Table, Reason, YAML string
}

type setsData struct {
	Sets     []setView
	Hidden   []hiddenView
	Base     string
	Metadata string
	Tracking bool // -track-changes is on (some set is tracked)
}

func (c *Console) sets(w http.ResponseWriter, r *http.Request, who string) {
	svc := c.o.Live.Load()
	cat := svc.Catalog
	d := setsData{Tracking: svc.Changes != nil, Base: c.o.BasePath + "/", Metadata: c.o.BasePath + "/$metadata"}
	byTable := map[string]*catalog.Table{}
	for _, t := range cat.Tables {
		byTable[tableKey(t.Schema, t.Name)] = t
	}
	for _, t := range cat.Tables {
		v := setView{Name: t.SetName, Kind: "table", Table: qualified(t.Schema, t.Name), Writable: t.Writable,
			Sample: c.o.BasePath + "/" + t.SetName + "?$top=5", Count: c.o.BasePath + "/" + t.SetName + "/$count"}
		if t.IsView {
			v.Kind = "view"
		}
		v.Key = props(t.Key)
		v.KeyConfigured = !sameColumns(t.PrimaryKey, t.Key)
		v.Searchable = props(t.Searchable)
		if t.ETag != nil {
			v.ETag = t.ETag.Prop
		}
		for _, col := range t.Columns {
			cv := columnView{Column: col.Name, SQLType: col.SQLType, Property: col.Prop, EDMType: edmType(col),
				Nullable: col.Nullable, Key: inKey(t, col)}
			var notes []string
			if col.AutoIncrement {
				notes = append(notes, "generated key")
			}
			if col.Generated {
				notes = append(notes, "computed")
			}
			if col == t.ETag {
				notes = append(notes, "ETag")
			}
			cv.Notes = strings.Join(notes, ", ")
			v.Columns = append(v.Columns, cv)
		}
		v.Navs = navViews(t)
		for _, fk := range t.ForeignKeys { // keys to tables not served give no navigation property
			if byTable[tableKey(fk.RefSchema, fk.RefTable)] == nil {
				v.Relations = append(v.Relations, relationView{Direction: "references", Columns: strings.Join(fk.Columns, ", "),
					Other: qualified(fk.RefSchema, fk.RefTable), OtherColumns: strings.Join(fk.RefColumns, ", ")})
			}
		}
		v.Tracked, v.TrackSource = trackingOf(svc, t.SetName)
		v.Relationships = len(v.Navs)
		d.Sets = append(d.Sets, v)
	}
	for _, h := range cat.Hidden {
		d.Hidden = append(d.Hidden, hiddenView{Table: qualified(h.Schema, h.Name), Reason: h.Reason, YAML: publishYAML(h)})
	}
	c.render(w, r, http.StatusOK, "sets", "Entity sets", d, who)
}

// publishYAML is the -config snippet that would serve a hidden table.
func publishYAML(h catalog.HiddenTable) string {
	name := h.Name
	if !isIdent(name) {
		name = strconv.Quote(name)
	}
	if h.Reason == "hidden by configuration" {
		return "tables:\n  " + name + ":\n    hidden: false   # or delete the hidden line\n"
	}
	return "tables:\n  " + name + ":\n    key: [column1, column2]   # the columns that identify one row\n"
}

// sameColumns reports whether the database's primary key is the served key; when not,
// the key comes from the configuration (a view, a key-less table).
func sameColumns(names []string, cols []*catalog.Column) bool {
	if len(names) != len(cols) {
		return false
	}
	for i, c := range cols {
		if c.Name != names[i] {
			return false
		}
	}
	return true
}

func tableKey(schema, name string) string { return schema + "\x00" + name }

func qualified(schema, name string) string {
	if schema == "" {
		return name
	}
	return schema + "." + name
}

func props(cols []*catalog.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Prop
	}
	return strings.Join(names, ", ")
}

func inKey(t *catalog.Table, col *catalog.Column) bool {
	for _, k := range t.Key {
		if k == col {
			return true
		}
	}
	return false
}

func edmType(col *catalog.Column) string {
	s := string(col.Type)
	switch {
	case col.Type == "Edm.Decimal" && col.Precision > 0:
		s += fmt.Sprintf("(%d,%d)", col.Precision, col.Scale)
	case (col.Type == "Edm.String" || col.Type == "Edm.Binary") && col.MaxLength > 0:
		s += fmt.Sprintf("(%d)", col.MaxLength)
	}
	return s
}

// ---- Requests ----
