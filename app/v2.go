package app

import (
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
	model := func() *edm.Model { return live.Load().Model() }
	return odatav2.New(live, model, odatav2.Options{SearchOption: cfg.SearchOption}), path
}
