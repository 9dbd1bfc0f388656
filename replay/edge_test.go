package replay

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/odatagw/odatagw/app"
	"github.com/odatagw/odatagw/auth"
	"github.com/odatagw/odatagw/config"
)

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

const csrfSecret = "replay-shared-csrf-secret-0123456789"

// replayCSRF: I7. A GET with "X-CSRF-Token: Fetch" returns a token; writes without a
// valid one get 403 + "X-CSRF-Token: Required"; tokens are stateless (another replica
// with the same secret accepts them), expire, and are bound to the principal.
func replayCSRF(t *testing.T, e *engine) {
	g := start(t, e, nil, "-writable", "orders", "-csrf", "-csrf-secret", csrfSecret,
		"-basic-auth", "alice:alice-password,bob:bob-password")
	alice, bob := basic("alice", "alice-password"), basic("bob", "bob-password")
	patch := func(token, who string) *response {
		return do(t, http.MethodPatch, g.url+"orders(10248)", strings.NewReader(`{"Comment":"csrf"}`),
			"Content-Type", "application/json", "Authorization", who, "X-CSRF-Token", token)
	}

	for _, u := range []string{g.url, g.url + "$metadata", strings.TrimSuffix(g.url, "/")} {
		res := do(t, http.MethodGet, u, nil, "Authorization", alice, "X-CSRF-Token", "Fetch")
		if res.status != http.StatusOK || res.header.Get("X-CSRF-Token") == "" {
			t.Fatalf("fetch on %s: %d, token %q", u, res.status, res.header.Get("X-CSRF-Token"))
		}
	}
	res := do(t, http.MethodGet, g.url, nil, "Authorization", alice)
	if res.header.Get("X-CSRF-Token") != "" {
		t.Errorf("token without Fetch")
	}
	token := do(t, http.MethodGet, g.url, nil, "Authorization", alice, "X-CSRF-Token", "fetch").header.Get("X-CSRF-Token")

	res = patch("", alice)
	expectError(t, "write without token", res, http.StatusForbidden, "CSRFTokenRequired", "")
	if res.header.Get("X-CSRF-Token") != "Required" {
		t.Errorf("403 without X-CSRF-Token: Required (%q)", res.header.Get("X-CSRF-Token"))
	}
	res = patch(token+"x", alice)
	expectError(t, "wrong token", res, http.StatusForbidden, "CSRFTokenRequired", "")
	res = patch(token, bob)
	expectError(t, "alice's token used by bob", res, http.StatusForbidden, "CSRFTokenRequired", "")
	res = patch(token, alice)
	expectStatus(t, "write with token", res, http.StatusNoContent)
	if got := str(e.scalar(t, `SELECT "Comment" FROM orders WHERE "OrderNo" = 10248`)); got != "csrf" {
		t.Errorf("Comment %q", got)
	}

	// Another replica (same secret) issues tokens this one accepts; old ones expire.
	other, err := auth.NewCSRF("X-CSRF-Token", csrfSecret, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	res = patch(other.Token("basic:alice"), alice)
	expectStatus(t, "token from another replica", res, http.StatusNoContent)
	res = patch(other.TokenAt("basic:alice", time.Now().Add(-31*time.Minute)), alice)
	expectError(t, "expired token", res, http.StatusForbidden, "CSRFTokenRequired", "")
	res = do(t, http.MethodPost, g.url+"orders(10248)", strings.NewReader(`{}`), "Content-Type", "application/json",
		"Authorization", alice, "X-HTTP-Method", "DELETE")
	expectError(t, "tunnelled DELETE without token", res, http.StatusForbidden, "CSRFTokenRequired", "")
	if strings.Contains(g.log.String(), csrfSecret) || strings.Contains(g.log.String(), "alice-password") {
		t.Errorf("a secret reached the log")
	}
}

// jwks serves an RSA public key as a JWK Set.
func jwks(t *testing.T, pub *rsa.PublicKey) *httptest.Server {
	t.Helper()
	b64 := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	set := map[string]any{"keys": []any{map[string]any{
		"kty": "RSA", "kid": "replay-1", "use": "sig", "alg": "RS256",
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(set)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// replayAuth: Basic (plaintext and bcrypt), bearer JWTs from a JWKS URL, API keys,
// and the 401 challenges; health of the start-up rule off loopback.
func replayAuth(t *testing.T, e *engine) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	srv := jwks(t, &rsaKey.PublicKey)
	hash, err := bcrypt.GenerateFromPassword([]byte("bob-secret"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	const issuer, audience = "https://issuer.example.com/", "odatagw-replay"
	g := start(t, e, nil,
		"-basic-auth", "alice:alice-plain", "-basic-auth", "bob:"+string(hash),
		"-api-keys", "ci:0123456789abcdef-replay-key",
		"-jwt-jwks-url", srv.URL, "-jwt-issuer", issuer, "-jwt-audience", audience)
	u := g.url + "suppliers?$top=1&$select=SupplierCode"

	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		tok := jwt.NewWithClaims(method, claims)
		tok.Header["kid"] = "replay-1"
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := jwt.MapClaims{"iss": issuer, "aud": audience, "sub": "005xx0000012345", "exp": time.Now().Add(time.Hour).Unix(), "iat": time.Now().Unix()}
	with := func(k string, v any) jwt.MapClaims {
		c := jwt.MapClaims{}
		for kk, vv := range good {
			c[kk] = vv
		}
		c[k] = v
		return c
	}
	pubDER, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	unsigned, _ := jwt.NewWithClaims(jwt.SigningMethodNone, good).SignedString(jwt.UnsafeAllowNoneSignatureType)

	for _, c := range []struct {
		name   string
		header []string
		status int
	}{
		{"no credentials", nil, 401},
		{"basic plaintext", []string{"Authorization", basic("alice", "alice-plain")}, 200},
		{"basic wrong password", []string{"Authorization", basic("alice", "wrong")}, 401},
		{"basic unknown user", []string{"Authorization", basic("mallory", "alice-plain")}, 401},
		{"basic bcrypt", []string{"Authorization", basic("bob", "bob-secret")}, 200},
		{"basic bcrypt again (cached)", []string{"Authorization", basic("bob", "bob-secret")}, 200},
		{"basic bcrypt wrong", []string{"Authorization", basic("bob", "bob-secreT")}, 401},
		{"api key", []string{"X-API-Key", "0123456789abcdef-replay-key"}, 200},
		{"api key wrong", []string{"X-API-Key", "0123456789abcdef-replay-kez"}, 401},
		{"jwt good", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodRS256, rsaKey, good)}, 200},
		{"jwt within leeway", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodRS256, rsaKey, with("exp", time.Now().Add(-30*time.Second).Unix()))}, 200},
		{"jwt expired", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodRS256, rsaKey, with("exp", time.Now().Add(-2*time.Minute).Unix()))}, 401},
		{"jwt without exp", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodRS256, rsaKey, with("exp", nil))}, 401},
		{"jwt wrong audience", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodRS256, rsaKey, with("aud", "someone-else"))}, 401},
		{"jwt wrong issuer", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodRS256, rsaKey, with("iss", "https://evil.example.com/"))}, 401},
		{"jwt alg none", []string{"Authorization", "Bearer " + unsigned}, 401},
		{"jwt HS256 keyed with the public key", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodHS256, pubPEM, good)}, 401},
		{"jwt ES256 by an unknown key", []string{"Authorization", "Bearer " + sign(jwt.SigningMethodES256, ecKey, good)}, 401},
		{"jwt garbage", []string{"Authorization", "Bearer not.a.token"}, 401},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := do(t, http.MethodGet, u, nil, c.header...)
			if res.status != c.status {
				t.Fatalf("status %d, want %d: %s", res.status, c.status, res.body)
			}
			if c.status == 401 {
				ch := res.header.Values("WWW-Authenticate")
				joined := strings.Join(ch, " | ")
				if !strings.Contains(joined, `Basic realm="odatagw"`) || !strings.Contains(joined, "Bearer") {
					t.Errorf("WWW-Authenticate %q", ch)
				}
				expectError(t, c.name, res, 401, "Unauthorized", "")
			}
		})
	}
	logs := g.log.String()
	for _, p := range []string{`"principal":"basic:alice"`, `"principal":"basic:bob"`, `"principal":"apikey:ci"`, `"principal":"jwt:005xx0000012345"`} {
		if !strings.Contains(logs, p) {
			t.Errorf("access log lacks %s", p)
		}
	}
	for _, secret := range []string{"alice-plain", "bob-secret", "replay-key", string(hash)} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains the secret %q", secret)
		}
	}

	// Off loopback, configured authentication counts as authentication.
	for _, c := range []struct {
		args []string
		ok   bool
	}{
		{nil, false},
		{[]string{"-basic-auth", "alice:alice-plain"}, true},
		{[]string{"-allow-anonymous"}, true},
	} {
		args := append([]string{"-listen", "0.0.0.0:0", "-driver", e.driver, "-dsn", e.dsn}, c.args...)
		cfg, err := config.Load(args, func(string) string { return "" }, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		gw, err := app.Start(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if (err == nil) != c.ok {
			t.Errorf("off loopback with %v: err %v", c.args, err)
		}
		if gw != nil {
			gw.Stop()
		}
		cancel()
	}
	_ = fmt.Sprint
}
