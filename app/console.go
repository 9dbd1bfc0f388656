package app

import (
	"context"
	"runtime/debug"
	"strconv"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/cache/redisgen"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/console"
	"github.com/odatagw/odatagw/salesforce"
)

// newConsole builds the operator console for g (console package). It is open without
// a token only on a loopback listener with no authentication and no admin token.
func (g *Gateway) newConsole(cfg *config.Config, slow *console.SlowLog) *console.Console {
	o := console.Options{
		Live: g.Live, Metrics: g.Metrics, AdminToken: cfg.AdminToken, TLS: cfg.TLSCert != "",
		Open:    cfg.Loopback() && !cfg.AuthConfigured() && cfg.AdminToken == "",
		Version: buildVersion(), Driver: g.adapter.Dialect().Name(),
		Ready:    g.ready,
		Reload:   func(ctx context.Context) error { return g.Reload(ctx) },
		BasePath: cfg.BasePath, PublicURL: cfg.PublicURL, MaxPageSize: cfg.MaxPageSize, MaxPageBytes: cfg.MaxPageBytes,
		SlowQuery: cfg.SlowQuery, Salesforce: salesforceSettings(cfg), Log: g.log,
		RedisAddr: redisAddr(cfg.RedisURL),
	}
	if v, ok := g.adapter.(serverVersioner); ok {
		o.ServerVersion = func(ctx context.Context) (string, error) {
			svc := g.Live.Load()
			if svc == nil {
				return "", errNotLoaded
			}
			return v.ServerVersion(ctx, svc.DB)
		}
	}
	return console.New(o, slow)
}

// redisAddr is -redis-url as the console shows it: host:port/db, never the user or
// password ("" when unset).
func redisAddr(raw string) string {
	if raw == "" {
		return ""
	}
	t, err := redisgen.ParseURL(raw)
	if err != nil {
		return "(invalid -redis-url)"
	}
	return t.Addr + "/" + strconv.Itoa(t.DB)
}

// serverVersioner is the optional adapter method that names the database server's
// version (adapters/<db>/version.go).
type serverVersioner interface {
	ServerVersion(ctx context.Context, db *sqlx.DB) (string, error)
}

// salesforceSettings are the External Data Source settings this configuration implies
// (the `salesforce` command adds its own flags on top).
func salesforceSettings(cfg *config.Config) salesforce.Settings {
	s := salesforce.Settings{URL: cfg.PublicURL, Writable: anyWritable(cfg), CSRF: cfg.CSRF, CSRFHeader: cfg.CSRFHeader,
		APIKeyHeader: cfg.APIKeyHeader, PageSize: cfg.MaxPageSize}
	switch {
	case len(cfg.BasicAuth) > 0:
		s.Auth = salesforce.AuthBasic
	case cfg.JWT():
		s.Auth = salesforce.AuthJWT
	case len(cfg.APIKeys) > 0:
		s.Auth = salesforce.AuthAPIKey
	}
	return s
}

func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.Main.Version
	}
	return ""
}
