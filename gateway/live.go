package gateway

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"

	"github.com/odatagw/odatagw/odata"
)

// ErrNotLoaded is the cause of the 503 answered while no schema is loaded yet: the
// gateway started while the database was unreachable and is still retrying.
var ErrNotLoaded = errors.New("the schema is not loaded yet: the database has not been reachable since start-up")

// notLoaded is the OData error of a request that arrives before the schema is loaded.
func notLoaded() error {
	return &odata.Error{Status: http.StatusServiceUnavailable, Code: "DatabaseUnavailable",
		Message: "the database is unavailable; try again shortly", Err: ErrNotLoaded}
}

// Live holds the current Service of a source and replaces it atomically when the
// schema is reloaded. Each request loads the Service once and keeps it to the end, so
// requests in flight finish on the schema they started with while new ones see the
// new one. Services share the database pool; a replaced Service is simply dropped.
type Live struct {
	p atomic.Pointer[Service]
}

// NewLive returns a Live serving s. s may be nil: until a Service is swapped in, every
// read and write answers 503 DatabaseUnavailable (ErrNotLoaded).
func NewLive(s *Service) *Live {
	l := &Live{}
	if s != nil {
		l.p.Store(s)
	}
	return l
}

// Load returns the current Service.
func (l *Live) Load() *Service { return l.p.Load() }

// Swap installs s and returns the Service it replaces. It copies nothing: s was built
// from its own Config (a reload passes the running Service's Config with the new
// catalog, so hooks, admission and metrics carry over by construction).
func (l *Live) Swap(s *Service) *Service {
	return l.p.Swap(s)
}

// Read answers a GET with the current Service.
func (l *Live) Read(ctx context.Context, r Request) (*Response, error) {
	s := l.Load()
	if s == nil {
		return nil, notLoaded()
	}
	return s.Read(ctx, r)
}

// Write answers a write with the current Service.
func (l *Live) Write(ctx context.Context, r Request) (*Response, error) {
	s := l.Load()
	if s == nil {
		return nil, notLoaded()
	}
	return s.Write(ctx, r)
}

// HasEntitySet reports whether name is a published entity set of the current
// Service; the HTTP edge uses it to keep metric labels to known names.
func (l *Live) HasEntitySet(name string) bool {
	s := l.Load()
	return s != nil && s.Model().Set(name) != nil
}

// BeginChangeSet starts a $batch change set on the current Service.
func (l *Live) BeginChangeSet(ctx context.Context) (*ChangeSet, error) {
	s := l.Load()
	if s == nil {
		return nil, notLoaded()
	}
	return s.BeginChangeSet(ctx)
}
