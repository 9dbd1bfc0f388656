// Package auth authenticates OData callers and issues anti-CSRF tokens, without HTTP
// framework types: HTTP Basic (plaintext or bcrypt passwords), OAuth 2.0 bearer JWTs
// verified against a JWKS (URL, refreshed, or file), and static API keys in a header.
// It keeps only hashes of plaintext secrets in memory and never logs a secret. The
// server calls it from middleware on the OData routes only.
package auth

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/odatagw/odatagw/odata"
)

// Options configure the schemes; a scheme with no settings is off.
type Options struct {
	// Basic holds "user:password" items; the password may be a bcrypt hash
	// ($2a$, $2b$, $2y$).
	Basic []string
	// APIKeyHeader names the header carrying an API key (default X-API-Key);
	// APIKeys holds "name:key" items.
	APIKeyHeader string
	APIKeys      []string
	// JWT, when not nil, accepts bearer JWTs.
	JWT *JWTOptions
	// Realm is the Basic realm (default "odatagw").
	Realm string
}

// Authenticator checks credentials. It is safe for concurrent use.
type Authenticator struct {
	realm     string
	basic     map[string]basicUser
	dummy     basicUser // compared against for unknown users, so timing does not tell
	okCache   sync.Map  // sha256(user:password) → principal, for bcrypt users
	okEntries int64
	cacheMu   sync.Mutex

	keyHeader string
	keys      map[[32]byte]string // sha256(key) → name

	jwt *jwtVerifier
}

type basicUser struct {
	bcrypt []byte   // bcrypt hash, or
	sum    [32]byte // sha256 of a plaintext password
}

// maxCachedLogins bounds the cache of verified bcrypt logins (bcrypt costs tens of
// milliseconds; Salesforce sends the same credentials on every callout).
const maxCachedLogins = 1024

// New builds an Authenticator; ctx bounds the JWKS refresh goroutine.
func New(ctx context.Context, o Options) (*Authenticator, error) {
	a := &Authenticator{realm: o.Realm, basic: map[string]basicUser{}, keys: map[[32]byte]string{}, keyHeader: o.APIKeyHeader}
	if a.realm == "" {
		a.realm = "odatagw"
	}
	if a.keyHeader == "" {
		a.keyHeader = "X-API-Key"
	}
	a.dummy = basicUser{sum: sha256.Sum256([]byte("odatagw: no such user"))}
	for i, item := range o.Basic {
		user, pass, ok := strings.Cut(item, ":")
		if !ok || user == "" || pass == "" {
			return nil, fmt.Errorf("auth: basic user %d must be user:password", i+1)
		}
		if _, dup := a.basic[user]; dup {
			return nil, fmt.Errorf("auth: basic user %q is given twice", user)
		}
		if isBcrypt(pass) {
			if _, err := bcrypt.Cost([]byte(pass)); err != nil {
				return nil, fmt.Errorf("auth: basic user %q: the bcrypt hash is malformed", user)
			}
			a.basic[user] = basicUser{bcrypt: []byte(pass)}
		} else {
			a.basic[user] = basicUser{sum: sha256.Sum256([]byte(pass))}
		}
	}
	for i, item := range o.APIKeys {
		name, key, ok := strings.Cut(item, ":")
		if !ok || name == "" || key == "" {
			return nil, fmt.Errorf("auth: API key %d must be name:key", i+1)
		}
		a.keys[sha256.Sum256([]byte(key))] = name
	}
	if o.JWT != nil {
		v, err := newJWTVerifier(ctx, *o.JWT)
		if err != nil {
			return nil, err
		}
		a.jwt = v
	}
	return a, nil
}

func isBcrypt(s string) bool {
	return strings.HasPrefix(s, "$2a$") || strings.HasPrefix(s, "$2b$") || strings.HasPrefix(s, "$2y$")
}

// Enabled reports whether any scheme is configured.
func (a *Authenticator) Enabled() bool {
	return a != nil && (len(a.basic) > 0 || len(a.keys) > 0 || a.jwt != nil)
}

// Challenges are the WWW-Authenticate values of a 401: Basic and/or Bearer.
func (a *Authenticator) Challenges() []string {
	var out []string
	if len(a.basic) > 0 {
		out = append(out, `Basic realm="`+a.realm+`", charset="UTF-8"`)
	}
	if a.jwt != nil {
		out = append(out, `Bearer realm="`+a.realm+`"`)
	}
	return out
}

// ErrUnauthorized is the cause of every 401.
var ErrUnauthorized = errors.New("unauthorized")

func unauthorized(msg string) error {
	return &odata.Error{Status: http.StatusUnauthorized, Code: "Unauthorized", Message: msg, Err: ErrUnauthorized}
}

// Authenticate checks the request's credentials, read through header (which must not
// be retained), and returns the principal: "basic:<user>", "jwt:<sub>" or
// "apikey:<name>". The error is a 401 *odata.Error; its message never says which part
// of the credentials was wrong.
func (a *Authenticator) Authenticate(header func(string) string) (string, error) {
	authz := strings.TrimSpace(header("Authorization"))
	scheme, cred, _ := strings.Cut(authz, " ")
	cred = strings.TrimSpace(cred)
	switch {
	case strings.EqualFold(scheme, "Basic") && len(a.basic) > 0:
		return a.checkBasic(cred)
	case strings.EqualFold(scheme, "Bearer") && a.jwt != nil:
		sub, err := a.jwt.verify(cred)
		if err != nil {
			return "", unauthorized("the bearer token is not valid")
		}
		return "jwt:" + sub, nil
	}
	if len(a.keys) > 0 {
		if key := header(a.keyHeader); key != "" {
			if name, ok := a.keys[sha256.Sum256([]byte(key))]; ok {
				return "apikey:" + name, nil
			}
			return "", unauthorized("the API key is not valid")
		}
	}
	if authz != "" {
		return "", unauthorized("the credentials are not valid")
	}
	return "", unauthorized("authentication is required")
}

func (a *Authenticator) checkBasic(cred string) (string, error) {
	bad := unauthorized("the user name or password is not valid")
	raw, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		return "", bad
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", bad
	}
	u, known := a.basic[user]
	if !known {
		u = a.dummy
	}
	if u.bcrypt != nil {
		key := sha256.Sum256(raw)
		if p, hit := a.okCache.Load(key); hit {
			return p.(string), nil
		}
		if bcrypt.CompareHashAndPassword(u.bcrypt, []byte(pass)) != nil {
			return "", bad
		}
		principal := "basic:" + user
		a.remember(key, principal)
		return principal, nil
	}
	sum := sha256.Sum256([]byte(pass))
	if subtle.ConstantTimeCompare(sum[:], u.sum[:]) != 1 || !known {
		return "", bad
	}
	return "basic:" + user, nil
}

// remember caches a verified bcrypt login; the cache is emptied when full.
func (a *Authenticator) remember(key [32]byte, principal string) {
	a.cacheMu.Lock()
	defer a.cacheMu.Unlock()
	if a.okEntries >= maxCachedLogins {
		a.okCache.Clear()
		a.okEntries = 0
	}
	a.okCache.Store(key, principal)
	a.okEntries++
}

// now is the clock, replaceable in tests.
var now = time.Now
