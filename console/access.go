package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Access: the console is open only when app says so (loopback, no authentication,
// no admin token: the demo). Otherwise it needs the admin token, either as
// "Authorization: Bearer <token>" on each request or once in the login form, which
// sets a session cookie (HttpOnly, SameSite=Strict, Secure under TLS). Sessions and
// CSRF tokens are HMACs under a per-process key: nothing is stored, and a restart
// logs everyone out. Every POST needs the CSRF token of its session.

const (
	cookieName = "odatagw_console"
	sessionTTL = 12 * time.Hour
	csrfField  = "csrf"
)

func newKey() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic("console: no randomness: " + err.Error())
	}
	return k
}

func (c *Console) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, c.key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// tokenOK compares a presented admin token with the configured one in constant time.
func (c *Console) tokenOK(tok string) bool {
	if c.o.AdminToken == "" || tok == "" {
		return false
	}
	want, got := sha256.Sum256([]byte(c.o.AdminToken)), sha256.Sum256([]byte(tok))
	return subtle.ConstantTimeCompare(want[:], got[:]) == 1
}

// newSession returns a cookie value: random id, expiry, and their MAC.
func (c *Console) newSession(now time.Time) string {
	var raw [24]byte
	_, _ = rand.Read(raw[:16])
	binary.BigEndian.PutUint64(raw[16:], uint64(now.Add(sessionTTL).Unix()))
	p := base64.RawURLEncoding.EncodeToString(raw[:])
	return p + "." + base64.RawURLEncoding.EncodeToString(c.mac("session", p))
}

// session returns the session id of a valid cookie value.
func (c *Console) session(v string, now time.Time) (string, bool) {
	p, sig, ok := strings.Cut(v, ".")
	if !ok {
		return "", false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, c.mac("session", p)) {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil || len(raw) != 24 {
		return "", false
	}
	if now.Unix() > int64(binary.BigEndian.Uint64(raw[16:])) {
		return "", false
	}
	return p, true
}

// who is the caller's identity for CSRF tokens: "open", "bearer" or "s:<session>";
// "" when the request is not allowed in.
func (c *Console) who(r *http.Request) string {
	if c.o.Open {
		return "open"
	}
	if c.o.AdminToken == "" {
		return ""
	}
	if a := r.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		if c.tokenOK(strings.TrimSpace(a[7:])) {
			return "bearer"
		}
		return ""
	}
	if ck, err := r.Cookie(cookieName); err == nil {
		if id, ok := c.session(ck.Value, time.Now()); ok {
			return "s:" + id
		}
	}
	return ""
}

func (c *Console) csrfToken(who string) string {
	return base64.RawURLEncoding.EncodeToString(c.mac("csrf", who))
}

func (c *Console) csrfOK(r *http.Request, who string) bool {
	got, err := base64.RawURLEncoding.DecodeString(r.PostFormValue(csrfField))
	return err == nil && hmac.Equal(got, c.mac("csrf", who))
}

type ctxKey struct{}

// guard lets allowed callers through (with the CSRF check on POST) and answers the
// rest with the login form (401), or with how to turn the console on (403).
func (c *Console) guard(page func(w http.ResponseWriter, r *http.Request, who string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who := c.who(r)
		if who == "" {
			if c.o.AdminToken == "" {
				c.render(w, r, http.StatusForbidden, "off", "Console off", nil, "")
				return
			}
			if r.Method == http.MethodGet && r.Header.Get("Authorization") == "" {
				// A browser: to the sign-in form, and back here afterwards.
				http.Redirect(w, r, Prefix+"login?next="+url.QueryEscape(safeNext(r.URL.Path)), http.StatusSeeOther)
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="odatagw-console"`)
			c.render(w, r, http.StatusUnauthorized, "login", "Sign in", loginData{Next: safeNext(r.URL.Path)}, "")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
			if !c.csrfOK(r, who) {
				c.render(w, r, http.StatusForbidden, "message", "Refused", message{Title: "Refused: the form's CSRF token is missing or stale",
					Text: "Reload the page and submit the form again."}, who)
				return
			}
		}
		page(w, r, who)
	})
}

type loginData struct {
	Next  string
	Wrong bool
}

// safeNext keeps a post-login redirect inside the console.
func safeNext(p string) string {
	if !strings.HasPrefix(p, Prefix) || strings.Contains(p, "//") || strings.ContainsAny(p, "\\\r\n") || strings.HasPrefix(p, Prefix+"log") {
		return Prefix
	}
	return p
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if c.who(r) != "" {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
		return
	}
	if c.o.AdminToken == "" {
		c.render(w, r, http.StatusForbidden, "off", "Console off", nil, "")
		return
	}
	c.render(w, r, http.StatusOK, "login", "Sign in", loginData{Next: safeNext(r.URL.Query().Get("next"))}, "")
}

// login checks the token of the form and sets the session cookie. The form needs no
// CSRF token: it carries the secret itself.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	if c.o.Open {
		http.Redirect(w, r, Prefix, http.StatusSeeOther)
		return
	}
	if c.o.AdminToken == "" {
		c.render(w, r, http.StatusForbidden, "off", "Console off", nil, "")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	next := safeNext(r.PostFormValue("next"))
	if !c.tokenOK(r.PostFormValue("token")) {
		c.o.Log.Warn("console: wrong admin token", "remote", r.RemoteAddr)
		c.render(w, r, http.StatusUnauthorized, "login", "Sign in", loginData{Next: next, Wrong: true}, "")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: c.newSession(time.Now()), Path: Prefix,
		MaxAge: int(sessionTTL / time.Second), HttpOnly: true, Secure: c.secure(r), SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request, who string) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: Prefix, MaxAge: -1, HttpOnly: true,
		Secure: c.secure(r), SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, Prefix+"login", http.StatusSeeOther)
}

// secure reports whether the browser reached the console over HTTPS (directly, or
// through a proxy that says so).
func (c *Console) secure(r *http.Request) bool {
	return c.o.TLS || r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}
