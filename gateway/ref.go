package gateway

import (
	"strings"

	"github.com/odatagw/odatagw/catalog"
)

// entityID is the @odata.id of the entity of t whose key values are vals (in t.Key
// order, as a $ref read selects them): <root>Set(1) or <root>Set(A=1,B=2).
func (s *Service) entityID(root string, t *catalog.Table, vals []any) string {
	var sb strings.Builder
	sb.WriteString(root + t.SetName + "(")
	for i, k := range t.Key {
		if i > 0 {
			sb.WriteByte(',')
		}
		if len(t.Key) > 1 {
			sb.WriteString(k.Prop + "=")
		}
		sb.WriteString(keyText(s.props[k], vals[i]))
	}
	sb.WriteByte(')')
	return sb.String()
}
