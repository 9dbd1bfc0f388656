package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// JWTOptions configure bearer-JWT verification.
type JWTOptions struct {
	JWKSURL    string   // refreshed in the background (hourly, and on an unknown kid)
	JWKSFile   string   // or a static JWK Set file
	Issuer     string   // required iss
	Audience   string   // required aud
	Algorithms []string // accepted alg values; "none" and HS* are never accepted
	Leeway     time.Duration
}

// Leeway is the default clock skew allowed on exp, nbf and iat.
const Leeway = 60 * time.Second

type jwtVerifier struct {
	keyfunc jwt.Keyfunc
	parser  *jwt.Parser
}

func newJWTVerifier(ctx context.Context, o JWTOptions) (*jwtVerifier, error) {
	for _, a := range o.Algorithms {
		if a == "none" || len(a) > 2 && a[:2] == "HS" {
			return nil, fmt.Errorf("auth: JWT algorithm %q is not accepted (asymmetric algorithms only)", a)
		}
	}
	if len(o.Algorithms) == 0 {
		o.Algorithms = []string{"RS256", "ES256"}
	}
	if o.Issuer == "" || o.Audience == "" {
		return nil, errors.New("auth: bearer JWTs need an issuer and an audience")
	}
	var kf keyfunc.Keyfunc
	var err error
	switch {
	case o.JWKSFile != "":
		var raw []byte
		raw, err = os.ReadFile(o.JWKSFile)
		if err != nil {
			return nil, fmt.Errorf("auth: JWKS file: %w", err)
		}
		kf, err = keyfunc.NewJWKSetJSON(json.RawMessage(raw))
	case o.JWKSURL != "":
		kf, err = keyfunc.NewDefaultCtx(ctx, []string{o.JWKSURL})
	default:
		return nil, errors.New("auth: bearer JWTs need a JWKS URL or file")
	}
	if err != nil {
		return nil, fmt.Errorf("auth: JWKS: %w", err)
	}
	leeway := o.Leeway
	if leeway == 0 {
		leeway = Leeway
	}
	p := jwt.NewParser(
		jwt.WithValidMethods(o.Algorithms),
		jwt.WithIssuer(o.Issuer),
		jwt.WithAudience(o.Audience),
		jwt.WithLeeway(leeway),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(func() time.Time { return now() }),
	)
	return &jwtVerifier{keyfunc: kf.Keyfunc, parser: p}, nil
}

// verify checks the token's signature and claims and returns its subject.
func (v *jwtVerifier) verify(token string) (string, error) {
	var claims jwt.RegisteredClaims
	if _, err := v.parser.ParseWithClaims(token, &claims, v.keyfunc); err != nil {
		return "", err
	}
	if claims.Subject == "" {
		return "", errors.New("the token has no sub claim")
	}
	return claims.Subject, nil
}
