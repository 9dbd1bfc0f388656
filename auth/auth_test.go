package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/odatagw/odatagw/odata"
)

// headers turns a map into the header-lookup function Authenticate takes.
func headers(h map[string]string) func(string) string {
	return func(k string) string { return h[k] }
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// want401 checks err is a 401 OData error caused by ErrUnauthorized whose message
// does not echo the secret that was sent.
func want401(t *testing.T, err error, secret string) {
	t.Helper()
	var oe *odata.Error
	if !errors.As(err, &oe) || oe.Status != http.StatusUnauthorized || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("err = %v, want a 401 *odata.Error wrapping ErrUnauthorized", err)
	}
	if secret != "" && strings.Contains(oe.Message, secret) {
		t.Fatalf("401 message %q echoes the secret", oe.Message)
	}
}

func TestBasicPlaintextAndBcrypt(t *testing.T) {
	hash, err := bcrypt.GenerateFromPassword([]byte("s3cret-b"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(context.Background(), Options{Basic: []string{"alice:s3cret-a", "bob:" + string(hash)}})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Enabled() {
		t.Fatal("Enabled() = false with two basic users")
	}
	if ch := a.Challenges(); len(ch) != 1 || !strings.HasPrefix(ch[0], `Basic realm="odatagw"`) {
		t.Fatalf("Challenges() = %q", ch)
	}
	for _, tc := range []struct {
		user, pass, principal string
	}{
		{"alice", "s3cret-a", "basic:alice"},
		{"bob", "s3cret-b", "basic:bob"},
		{"bob", "s3cret-b", "basic:bob"}, // second time from the verified-login cache
	} {
		p, err := a.Authenticate(headers(map[string]string{"Authorization": basic(tc.user, tc.pass)}))
		if err != nil || p != tc.principal {
			t.Fatalf("%s: principal %q, err %v; want %q", tc.user, p, err, tc.principal)
		}
	}
	for name, authz := range map[string]string{
		"wrong plaintext password": basic("alice", "nope"),
		"wrong bcrypt password":    basic("bob", "nope"),
		"unknown user":             basic("mallory", "s3cret-a"),
		"other user's password":    basic("alice", "s3cret-b"),
		"not base64":               "Basic !!!",
		"no colon":                 "Basic " + base64.StdEncoding.EncodeToString([]byte("alice")),
		"lower-case scheme, wrong": strings.Replace(basic("alice", "x"), "Basic", "basic", 1),
	} {
		_, err := a.Authenticate(headers(map[string]string{"Authorization": authz}))
		if err == nil {
			t.Fatalf("%s: accepted", name)
		}
		want401(t, err, "s3cret")
	}
	// The scheme name is case-insensitive (RFC 7235).
	if p, err := a.Authenticate(headers(map[string]string{"Authorization": strings.Replace(basic("alice", "s3cret-a"), "Basic", "bAsIc", 1)})); err != nil || p != "basic:alice" {
		t.Fatalf("mixed-case scheme: %q %v", p, err)
	}
	_, err = a.Authenticate(headers(nil))
	want401(t, err, "")
	if !strings.Contains(err.Error(), "required") {
		t.Fatalf("no credentials: %v, want 'authentication is required'", err)
	}
}

func TestBcryptLoginCacheIsBounded(t *testing.T) {
	hash, _ := bcrypt.GenerateFromPassword([]byte("pw"), bcrypt.MinCost)
	a, err := New(context.Background(), Options{Basic: []string{"u:" + string(hash)}})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < maxCachedLogins+5; i++ {
		var k [32]byte
		k[0], k[1] = byte(i), byte(i>>8)
		a.remember(k, "basic:u")
	}
	if a.okEntries > maxCachedLogins {
		t.Fatalf("cache holds %d entries, bound is %d", a.okEntries, maxCachedLogins)
	}
}

func TestOptionsAreValidated(t *testing.T) {
	for name, o := range map[string]Options{
		"basic without colon":   {Basic: []string{"alice"}},
		"basic empty password":  {Basic: []string{"alice:"}},
		"basic duplicate user":  {Basic: []string{"a:x", "a:y"}},
		"malformed bcrypt":      {Basic: []string{"a:$2a$10$short"}},
		"api key without colon": {APIKeys: []string{"key"}},
		"jwt alg none":          {JWT: &JWTOptions{JWKSFile: "x", Issuer: "i", Audience: "a", Algorithms: []string{"none"}}},
		"jwt alg HS256":         {JWT: &JWTOptions{JWKSFile: "x", Issuer: "i", Audience: "a", Algorithms: []string{"HS256"}}},
		"jwt without issuer":    {JWT: &JWTOptions{JWKSFile: "x", Audience: "a"}},
		"jwt without keys":      {JWT: &JWTOptions{Issuer: "i", Audience: "a"}},
		"jwt missing file":      {JWT: &JWTOptions{JWKSFile: filepath.Join(t.TempDir(), "absent.json"), Issuer: "i", Audience: "a"}},
	} {
		if _, err := New(context.Background(), o); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	a, err := New(context.Background(), Options{})
	if err != nil || a.Enabled() {
		t.Fatalf("no schemes: enabled=%v err=%v", a.Enabled(), err)
	}
	var nilAuth *Authenticator
	if nilAuth.Enabled() {
		t.Fatal("nil Authenticator reports Enabled")
	}
}

func TestAPIKeys(t *testing.T) {
	a, err := New(context.Background(), Options{APIKeys: []string{"sfdc:k-123", "excel:k-456"}, APIKeyHeader: "X-Key"})
	if err != nil {
		t.Fatal(err)
	}
	if p, err := a.Authenticate(headers(map[string]string{"X-Key": "k-456"})); err != nil || p != "apikey:excel" {
		t.Fatalf("good key: %q %v", p, err)
	}
	_, err = a.Authenticate(headers(map[string]string{"X-Key": "k-789"}))
	want401(t, err, "k-789")
	// The default header is not consulted when another is configured.
	_, err = a.Authenticate(headers(map[string]string{"X-API-Key": "k-123"}))
	want401(t, err, "k-123")
}

// jwks writes a JWK Set holding the RSA and EC public keys and returns its path.
func jwks(t *testing.T, rsaKey *rsa.PrivateKey, ecKey *ecdsa.PrivateKey) string {
	t.Helper()
	b64 := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	pad := func(b []byte, n int) []byte { return append(make([]byte, n-len(b)), b...) }
	set := map[string]any{"keys": []map[string]string{
		{"kty": "RSA", "kid": "rsa1", "alg": "RS256", "use": "sig",
			"n": b64(rsaKey.N.Bytes()), "e": b64(big.NewInt(int64(rsaKey.E)).Bytes())},
		{"kty": "EC", "kid": "ec1", "alg": "ES256", "use": "sig", "crv": "P-256",
			"x": b64(pad(ecKey.X.Bytes(), 32)), "y": b64(pad(ecKey.Y.Bytes(), 32))},
	}}
	raw, _ := json.Marshal(set)
	path := filepath.Join(t.TempDir(), "jwks.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBearerJWT(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(context.Background(), Options{JWT: &JWTOptions{
		JWKSFile: jwks(t, rsaKey, ecKey), Issuer: "https://idp.example", Audience: "odatagw",
	}})
	if err != nil {
		t.Fatal(err)
	}
	if ch := a.Challenges(); len(ch) != 1 || !strings.HasPrefix(ch[0], "Bearer ") {
		t.Fatalf("Challenges() = %q", ch)
	}
	t0 := time.Now()
	claims := func(mod func(*jwt.RegisteredClaims)) jwt.RegisteredClaims {
		c := jwt.RegisteredClaims{
			Issuer: "https://idp.example", Audience: jwt.ClaimStrings{"odatagw"}, Subject: "005xx0000012345",
			IssuedAt: jwt.NewNumericDate(t0), ExpiresAt: jwt.NewNumericDate(t0.Add(5 * time.Minute)),
		}
		if mod != nil {
			mod(&c)
		}
		return c
	}
	sign := func(method jwt.SigningMethod, kid string, key any, c jwt.RegisteredClaims) string {
		tok := jwt.NewWithClaims(method, c)
		tok.Header["kid"] = kid
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	bearer := func(tok string) func(string) string {
		return headers(map[string]string{"Authorization": "Bearer " + tok})
	}
	for name, tok := range map[string]string{
		"RS256": sign(jwt.SigningMethodRS256, "rsa1", rsaKey, claims(nil)),
		"ES256": sign(jwt.SigningMethodES256, "ec1", ecKey, claims(nil)),
	} {
		if p, err := a.Authenticate(bearer(tok)); err != nil || p != "jwt:005xx0000012345" {
			t.Fatalf("%s: %q %v", name, p, err)
		}
	}
	otherKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	bad := map[string]string{
		"expired":       sign(jwt.SigningMethodRS256, "rsa1", rsaKey, claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = jwt.NewNumericDate(t0.Add(-time.Hour)) })),
		"no exp":        sign(jwt.SigningMethodRS256, "rsa1", rsaKey, claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = nil })),
		"wrong issuer":  sign(jwt.SigningMethodRS256, "rsa1", rsaKey, claims(func(c *jwt.RegisteredClaims) { c.Issuer = "https://evil.example" })),
		"wrong aud":     sign(jwt.SigningMethodRS256, "rsa1", rsaKey, claims(func(c *jwt.RegisteredClaims) { c.Audience = jwt.ClaimStrings{"other"} })),
		"no subject":    sign(jwt.SigningMethodRS256, "rsa1", rsaKey, claims(func(c *jwt.RegisteredClaims) { c.Subject = "" })),
		"issued later":  sign(jwt.SigningMethodRS256, "rsa1", rsaKey, claims(func(c *jwt.RegisteredClaims) { c.IssuedAt = jwt.NewNumericDate(t0.Add(time.Hour)) })),
		"foreign key":   sign(jwt.SigningMethodRS256, "rsa1", otherKey, claims(nil)),
		"unknown kid":   sign(jwt.SigningMethodRS256, "nope", rsaKey, claims(nil)),
		"alg none":      sign(jwt.SigningMethodNone, "rsa1", jwt.UnsafeAllowNoneSignatureType, claims(nil)),
		"HS256 with n":  sign(jwt.SigningMethodHS256, "rsa1", rsaKey.N.Bytes(), claims(nil)),
		"PS256 not set": sign(jwt.SigningMethodPS256, "rsa1", rsaKey, claims(nil)),
		"garbage":       "a.b.c",
	}
	for name, tok := range bad {
		_, err := a.Authenticate(bearer(tok))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		want401(t, err, tok)
	}
}

func TestCSRFTokens(t *testing.T) {
	c, err := NewCSRF("", "shared-secret", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if c.Header != "X-CSRF-Token" {
		t.Fatalf("default header %q", c.Header)
	}
	tok := c.Token("basic:alice")
	if err := c.Check(tok, "basic:alice"); err != nil {
		t.Fatalf("fresh token rejected: %v", err)
	}
	// Another replica with the same secret accepts it; one with another secret does not.
	twin, _ := NewCSRF("", "shared-secret", time.Minute)
	if err := twin.Check(tok, "basic:alice"); err != nil {
		t.Fatalf("replica with the same secret rejected the token: %v", err)
	}
	stranger, _ := NewCSRF("", "", time.Minute)
	wantForbidden := func(name string, err error) {
		t.Helper()
		var oe *odata.Error
		if !errors.As(err, &oe) || oe.Status != http.StatusForbidden || !errors.Is(err, ErrCSRF) {
			t.Fatalf("%s: err = %v, want a 403 wrapping ErrCSRF", name, err)
		}
	}
	wantForbidden("random-secret replica", stranger.Check(tok, "basic:alice"))
	wantForbidden("other principal", c.Check(tok, "basic:bob"))
	wantForbidden("empty", c.Check("", "basic:alice"))
	wantForbidden("no dot", c.Check(strings.ReplaceAll(tok, ".", ""), "basic:alice"))
	body, sig, _ := strings.Cut(tok, ".")
	flip := func(s string) string {
		b := []byte(s)
		if b[3] == 'A' {
			b[3] = 'B'
		} else {
			b[3] = 'A'
		}
		return string(b)
	}
	wantForbidden("tampered body", c.Check(flip(body)+"."+sig, "basic:alice"))
	wantForbidden("tampered mac", c.Check(body+"."+flip(sig), "basic:alice"))
	wantForbidden("short body", c.Check(body[:10]+"."+sig, "basic:alice"))
	old := c.TokenAt("basic:alice", time.Now().Add(-2*time.Minute))
	wantForbidden("expired", c.Check(old, "basic:alice"))
	if c.Token("basic:alice") == c.Token("basic:alice") {
		t.Fatal("two tokens are identical: the random part is missing")
	}
}
