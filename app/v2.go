package app

import (
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
	model := func() *edm.Model { return live.Load().Model() }
	return odatav2.New(live, model, odatav2.Options{SearchOption: cfg.SearchOption}), path
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
