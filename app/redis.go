package app

import (
	"errors"
	"log/slog"

	"github.com/odatagw/odatagw/cache"
	"github.com/odatagw/odatagw/cache/redisgen"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/metrics"
)

// startRedis starts sharing the cache generations through -redis-url (README "Running
// several replicas"). It returns nil generations (the Service's own, in memory) when
// the flag is unset, and a closer either way. It does not wait for Redis: an
// unreachable Redis only turns cached pages off until it answers.
func startRedis(cfg *config.Config, log *slog.Logger, m *metrics.Registry) (cache.Generations, func(), error) {
	if cfg.RedisURL == "" {
		return nil, func() {}, nil
	}
	if err := checkRedisURL(cfg); err != nil {
		return nil, nil, err
	}
	g, err := redisgen.New(redisgen.Options{URL: cfg.RedisURL, Log: log})
	if err != nil {
		return nil, nil, err
	}
	if m != nil {
		m.RedisUp(g.Up)
	}
	log.Info("cache invalidation shared through redis", "redis", g.Addr())
	return g, g.Close, nil
}

// checkRedisURL validates -redis-url and what replicas must share with it.
func checkRedisURL(cfg *config.Config) error {
	if cfg.RedisURL == "" {
		return nil
	}
	if cfg.CSRF && cfg.CSRFSecret == "" {
		return errors.New("-redis-url (several replicas) with -csrf needs -csrf-secret: without a shared secret a CSRF token fetched from one replica is refused by the others")
	}
	_, err := redisgen.ParseURL(cfg.RedisURL)
	return err
}
