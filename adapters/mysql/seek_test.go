package mysql

import (
	"testing"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata/edm"
)

// TestSeekable: ENUM and SET columns sort by member index, so keyset paging must not
// compare them with text; every other column may carry it.
func TestSeekable(t *testing.T) {
	for sqlType, want := range map[string]bool{
		"enum('happy','sad')": false, "set('a','b')": false, "varchar(40)": true,
		"int(11)": true, "char(5) character set latin1": true, "decimal(10,2)": true,
	} {
		if got := (Dialect{}).Seekable(&catalog.Column{SQLType: sqlType, Type: edm.String}); got != want {
			t.Errorf("%s: %v, want %v", sqlType, got, want)
		}
	}
}
