package plan

import "github.com/odatagw/odatagw/catalog"

// Expand is one expanded navigation property: Q reads the related rows of Nav.To
// (its Select, Filter, OrderBy, paging per parent, WithCount and nested Expand).
type Expand struct {
	Nav *catalog.Nav
	Q   *Query
}
