package gateway

import (
	"context"
	"sync/atomic"
)

// Live holds the current Service of a source and replaces it atomically when the
// schema is reloaded. Each request loads the Service once and keeps it to the end, so
// requests in flight finish on the schema they started with while new ones see the
// new one. Services share the database pool; a replaced Service is simply dropped.
type Live struct {
	p atomic.Pointer[Service]
}

// NewLive returns a Live serving s.
func NewLive(s *Service) *Live {
	l := &Live{}
	l.p.Store(s)
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
	return l.Load().Read(ctx, r)
}

// Write answers a write with the current Service.
func (l *Live) Write(ctx context.Context, r Request) (*Response, error) {
	return l.Load().Write(ctx, r)
}

// HasEntitySet reports whether name is a published entity set of the current
// Service; the HTTP edge uses it to keep metric labels to known names.
func (l *Live) HasEntitySet(name string) bool {
	s := l.Load()
	return s != nil && s.Model().Set(name) != nil
}

// BeginChangeSet starts a $batch change set on the current Service.
func (l *Live) BeginChangeSet(ctx context.Context) (*ChangeSet, error) {
	return l.Load().BeginChangeSet(ctx)
}
