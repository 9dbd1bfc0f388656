package sqlite

import (
	"testing"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// TestSeekable: dates are text of any form on SQLite, so they keep offset paging.
func TestSeekable(t *testing.T) {
	for typ, want := range map[edm.Type]bool{edm.Date: false, edm.DateTimeOffset: false, edm.String: true, edm.Int32: true, edm.Decimal: true} {
		if got := (Dialect{}).Seekable(&catalog.Column{Type: typ}); got != want {
			t.Errorf("%s: %v, want %v", typ, got, want)
		}
	}
}
