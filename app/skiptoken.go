package app

import "github.com/odatagw/odatagw/config"

// tokenSecret is the secret that signs next-link $skiptoken values: -token-secret,
// else -csrf-secret (both shared by replicas), else "" (plan then uses a random key
// per process: next links work only against the process that issued them).
func tokenSecret(cfg *config.Config) string {
	if cfg.TokenSecret != "" {
		return cfg.TokenSecret
	}
	return cfg.CSRFSecret
}
