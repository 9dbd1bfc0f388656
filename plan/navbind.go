package plan

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
)

// bindNavs applies `Nav@odata.bind` members of a write body: a to-one navigation bound
// to an entity reference ("Customers('ALFKI')", absolute or relative to the service
// root) sets the foreign-key columns to the referenced entity's key; null clears them.
// The database's foreign key checks that the entity exists. Binding collections (deep
// update) and references through a non-key unique column are not supported (501).
func bindNavs(t *catalog.Table, body []byte, given map[*catalog.Column]*Const) error {
	if !bytes.Contains(body, []byte("@odata.bind")) {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil // decodeBody has reported it
	}
	for k, raw := range m {
		name, ok := strings.CutSuffix(k, "@odata.bind")
		if !ok {
			continue
		}
		nav := t.Nav(name)
		if nav == nil {
			return odata.BadRequest("PropertyNotFound", k, "entity set '%s' has no navigation property '%s'", t.SetName, name)
		}
		if nav.Many {
			return odata.NotImplemented("NotSupported", k, "binding the collection '%s' is not supported; bind the to-one end ('%s') on each related entity", name, nav.Partner.Name)
		}
		var keyVals []*Const
		if string(bytes.TrimSpace(raw)) != "null" {
			var ref string
			if err := json.Unmarshal(raw, &ref); err != nil {
				return odata.BadRequest("InvalidValue", k, "%s: expected an entity reference such as \"%s(…)\"", k, nav.To.SetName)
			}
			var err error
			if keyVals, err = refKey(nav, ref, k); err != nil {
				return err
			}
		}
		for i, from := range nav.FromCols {
			v := &Const{T: from.Type}
			if keyVals != nil {
				kv := keyVals[keyIndex(nav.To, nav.ToCols[i])]
				v = &Const{T: from.Type, V: kv.V}
				if from.Type != kv.T && !(from.Type.IsIntegral() && kv.T.IsIntegral()) {
					return odata.NotImplemented("NotSupported", k, "%s: the foreign key and the key of '%s' have different types", k, nav.To.SetName)
				}
			} else if !from.Nullable {
				return odata.BadRequest("InvalidValue", k, "'%s' is required: it cannot be bound to null", name)
			}
			if old, ok := given[from]; ok && !sameValue(old, v) {
				return odata.BadRequest("InvalidValue", k, "%s contradicts the value given for '%s'", k, from.Prop)
			}
			given[from] = v
		}
	}
	return nil
}

// refKey parses an entity reference to nav.To and returns its key values in key order.
func refKey(nav *catalog.Nav, ref, target string) ([]*Const, error) {
	for _, c := range nav.ToCols {
		if keyIndex(nav.To, c) < 0 || len(nav.ToCols) != len(nav.To.Key) {
			return nil, odata.NotImplemented("NotSupported", target, "%s: the foreign key refers to columns other than the key of '%s'", target, nav.To.SetName)
		}
	}
	if u, err := url.Parse(ref); err == nil && u.IsAbs() {
		ref = u.EscapedPath()
	}
	seg := ref[strings.LastIndexByte(ref, '/')+1:]
	p, err := odata.ParsePath(seg)
	if err != nil || p.Kind != odata.PathEntity || p.EntitySet != nav.To.SetName {
		return nil, odata.BadRequest("InvalidValue", target, "%s: %q is not a reference to an entity of '%s', such as \"%s(…)\"", target, ref, nav.To.SetName, nav.To.SetName)
	}
	key, err := KeyValues(nav.To, p.Key)
	if err == nil && KeyCannotExist(nav.To, key) {
		return nil, odata.BadRequest("InvalidValue", target, "%s: no entity of '%s' can have the key in %q", target, nav.To.SetName, ref)
	}
	return key, err
}

func keyIndex(t *catalog.Table, c *catalog.Column) int {
	for i, k := range t.Key {
		if k == c {
			return i
		}
	}
	return -1
}
