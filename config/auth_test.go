package config

import (
	"io"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	return Load(args, func(k string) string { return env[k] }, io.Discard)
}

func TestAuthFlags(t *testing.T) {
	c, err := load(t, map[string]string{"ODATAGW_BASIC_AUTH": "env:envpassword"},
		"-basic-auth", "a:pa", "-basic-auth", "b:pb,c:pc", "-api-keys", "ci:0123456789abcdef")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.BasicAuth, []string{"a:pa", "b:pb", "c:pc"}) {
		t.Errorf("flags must replace the environment and repeat: %v", c.BasicAuth)
	}
	if !c.AuthConfigured() || c.APIKeyHeader != "X-API-Key" || c.CSRFHeader != "X-CSRF-Token" || !slices.Equal(c.JWTAlgorithms, List{"RS256", "ES256"}) {
		t.Errorf("defaults: %+v", c)
	}
	c, err = load(t, map[string]string{"ODATAGW_BASIC_AUTH": "env:envpassword"})
	if err != nil || !slices.Equal(c.BasicAuth, []string{"env:envpassword"}) {
		t.Errorf("environment: %v %v", c.BasicAuth, err)
	}
	c, err = load(t, nil)
	if err != nil || c.AuthConfigured() {
		t.Errorf("no auth by default: %v", err)
	}
}

func TestAuthValidation(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-basic-auth", "nopassword"}, "-basic-auth item 1"},
		{[]string{"-api-keys", "ci:short"}, "-api-keys item 1"},
		{[]string{"-jwt-jwks-url", "https://idp/jwks"}, "-jwt-issuer and -jwt-audience"},
		{[]string{"-jwt-jwks-file", "f", "-jwt-issuer", "i", "-jwt-audience", "a", "-jwt-algorithms", "HS256"}, "HS256"},
		{[]string{"-jwt-jwks-file", "f", "-jwt-jwks-url", "https://x", "-jwt-issuer", "i", "-jwt-audience", "a"}, "not both"},
		{[]string{"-csrf-secret", "short"}, "at least 16"},
		{[]string{"-csrf-header", "X CSRF"}, "not a valid header"},
		{[]string{"-token-secret", "short"}, "-token-secret must be at least 16"},
	} {
		_, err := load(t, nil, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "short") && !strings.Contains(c.want, "at least 16") {
			t.Errorf("%v: the error repeats a secret: %v", c.args, err)
		}
	}
}
