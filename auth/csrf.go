package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/odatagw/odatagw/odata"
)

// CSRF issues and checks stateless anti-CSRF tokens (the OData convention Salesforce
// follows: a GET with "X-CSRF-Token: Fetch" returns a token; writes echo it). A token
// is "<expiry>.<random>.<mac>", the MAC an HMAC-SHA256 over the expiry, the random
// part and the principal: tokens work on every replica that shares the secret, expire,
// and are useless to another principal.
type CSRF struct {
	Header string // header name, e.g. X-CSRF-Token
	TTL    time.Duration
	secret []byte
}

// NewCSRF returns a CSRF with the given secret, or a random one when secret is empty
// (tokens then die with the process and do not cross replicas).
func NewCSRF(header, secret string, ttl time.Duration) (*CSRF, error) {
	c := &CSRF{Header: header, TTL: ttl, secret: []byte(secret)}
	if c.Header == "" {
		c.Header = "X-CSRF-Token"
	}
	if c.TTL <= 0 {
		c.TTL = 30 * time.Minute
	}
	if len(c.secret) == 0 {
		c.secret = make([]byte, 32)
		if _, err := rand.Read(c.secret); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Token returns a fresh token for principal.
func (c *CSRF) Token(principal string) string { return c.TokenAt(principal, now()) }

// TokenAt returns a token for principal issued at t (it expires at t + TTL).
func (c *CSRF) TokenAt(principal string, t time.Time) string {
	var buf [8 + 16]byte
	binary.BigEndian.PutUint64(buf[:8], uint64(t.Add(c.TTL).Unix()))
	_, _ = rand.Read(buf[8:])
	body := base64.RawURLEncoding.EncodeToString(buf[:])
	return body + "." + base64.RawURLEncoding.EncodeToString(c.mac(body, principal))
}

func (c *CSRF) mac(body, principal string) []byte {
	m := hmac.New(sha256.New, c.secret)
	m.Write([]byte("odatagw-csrf-v1\x00"))
	m.Write([]byte(body))
	m.Write([]byte{0})
	m.Write([]byte(principal))
	return m.Sum(nil)
}

// ErrCSRF is the cause of every 403 for a missing or bad token.
var ErrCSRF = errors.New("csrf token missing, invalid or expired")

// Check returns nil when token is a valid, unexpired token for principal, and a 403
// *odata.Error otherwise (the caller adds "<Header>: Required").
func (c *CSRF) Check(token, principal string) error {
	fail := &odata.Error{Status: http.StatusForbidden, Code: "CSRFTokenRequired", Err: ErrCSRF,
		Message: "a valid anti-CSRF token is required: GET the service root with '" + c.Header + ": Fetch' and send the token back"}
	body, sig, ok := strings.Cut(strings.TrimSpace(token), ".")
	if !ok {
		return fail
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil || len(raw) != 24 {
		return fail
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, c.mac(body, principal)) {
		return fail
	}
	if exp := int64(binary.BigEndian.Uint64(raw[:8])); now().Unix() > exp {
		return fail
	}
	return nil
}
