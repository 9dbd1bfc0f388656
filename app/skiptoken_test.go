package app

import (
	"testing"

	"github.com/odatagw/odatagw/config"
)

// TestTokenSecret: -token-secret signs next links, else -csrf-secret, else nothing
// (a random key per process).
func TestTokenSecret(t *testing.T) {
	for _, c := range []struct{ token, csrf, want string }{
		{"t-0123456789abcdef", "c-0123456789abcdef", "t-0123456789abcdef"},
		{"", "c-0123456789abcdef", "c-0123456789abcdef"},
		{"", "", ""},
	} {
		if got := tokenSecret(&config.Config{TokenSecret: c.token, CSRFSecret: c.csrf}); got != c.want {
			t.Errorf("%+v: %q", c, got)
		}
	}
}
