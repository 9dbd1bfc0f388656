package app

import (
	"context"
	"errors"
	"strings"

	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/server"
	"github.com/odatagw/odatagw/server/odatav2"
)

// v2Edge builds the OData 2.0 edge over the live gateway, at -v2-base-path
// (default <base-path>/v2); nil when it is "off".
func v2Edge(live *gateway.Live, cfg *config.Config) (server.V2Edge, string) {
	path := cfg.V2BasePath
	switch path {
	case "off":
		return nil, ""
	case "":
		path = cfg.BasePath + "/v2"
	}
	if live == nil {
		return nil, path
	}
	model := func() *edm.Model {
		if s := live.Load(); s != nil {
			return s.Model()
		}
		return nil // no schema loaded yet (startup.go)
	}
	return v2Loaded{odatav2.New(live, model, odatav2.Options{SearchOption: cfg.SearchOption}), live}, path
}

// v2PublicURL is the 2.0 root under -public-url: the origin of the 4.0 root plus
// -v2-base-path.
func v2PublicURL(cfg *config.Config) (string, error) {
	_, path := v2Edge(nil, cfg)
	if path == "" {
		return "", errors.New("-adapter odata2 needs the 2.0 root, but -v2-base-path is off")
	}
	origin := strings.TrimSuffix(strings.TrimSuffix(cfg.PublicURL, "/"), cfg.BasePath)
	return origin + path + "/", nil
}

// v2Loaded answers 503 DatabaseUnavailable on the 2.0 root while no schema is loaded
// (the gateway started without its database, startup.go), as the 4.0 root does.
type v2Loaded struct {
	server.V2Edge
	live *gateway.Live
}

func (v v2Loaded) Read(ctx context.Context, r gateway.Request) (*gateway.Response, error) {
	if v.live.Load() == nil {
		return v.live.Read(ctx, r) // the 503
	}
	return v.V2Edge.Read(ctx, r)
}

func (v v2Loaded) Write(ctx context.Context, r gateway.Request) (*gateway.Response, error) {
	if v.live.Load() == nil {
		return v.live.Write(ctx, r)
	}
	return v.V2Edge.Write(ctx, r)
}
