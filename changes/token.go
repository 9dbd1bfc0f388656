// Package changes is OData change tracking over a legacy database: delta tokens that
// are opaque and tamper-evident (HMAC with a secret shared by replicas), the change
// sources that say which keys changed since a position (a last-modified column of the
// table, or the database's own change log), and the feed that invalidates a set's
// cached pages when its rows change. It keeps no row data: a token holds a position,
// and the gateway reads the current rows of the changed keys (gateway/delta.go).
package changes

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/odatagw/odatagw/odata"
)

// token is the content of a delta token: which request it tracks and where in the
// set's change source it stands.
type token struct {
	V      int    `json:"v"`
	Set    string `json:"s"`
	Filter string `json:"f,omitempty"` // raw (percent-encoded) $filter of the tracked request
	Select string `json:"l,omitempty"` // raw $select
	Source string `json:"m"`           // the source kind that wrote Pos ("column", …)
	Pos    string `json:"p"`           // the source's position, opaque here
	Issued int64  `json:"t"`           // unix seconds
}

// signer seals tokens: base64url(JSON) "." base64url(HMAC-SHA256 truncated to 16 bytes).
type signer struct{ key []byte }

func newSigner(secret []byte) signer {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("odatagw delta token v1"))
	return signer{key: m.Sum(nil)}
}

func (s signer) mac(payload string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(payload))
	return m.Sum(nil)[:16]
}

func (s signer) seal(t token) string {
	t.V = 1
	b, _ := json.Marshal(t)
	p := base64.RawURLEncoding.EncodeToString(b)
	return p + "." + base64.RawURLEncoding.EncodeToString(s.mac(p))
}

// errForged is any token that does not verify: mangled, forged, or sealed with another
// secret.
var errForged = errors.New("changes: delta token does not verify")

func (s signer) open(text string) (token, error) {
	var t token
	p, sig, ok := strings.Cut(text, ".")
	if !ok {
		return t, errForged
	}
	got, err := base64.RawURLEncoding.Strict().DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.mac(p)) {
		return t, errForged
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(p)
	if err != nil || json.Unmarshal(b, &t) != nil || t.V != 1 {
		return t, errForged
	}
	return t, nil
}

// ErrExpired is returned by a Source whose change log no longer reaches back to a
// position: the client must track again from scratch (410 Gone).
var ErrExpired = errors.New("changes: the position is older than the retained change log")

func invalidToken() error {
	return &odata.Error{Status: http.StatusBadRequest, Code: "InvalidDeltaToken",
		Message: "the $deltatoken is not valid; start change tracking again with Prefer: odata.track-changes"}
}

func expiredToken() error {
	return &odata.Error{Status: http.StatusGone, Code: "DeltaTokenExpired",
		Message: "the $deltatoken is older than the change log the database retains; read the set again with Prefer: odata.track-changes"}
}
