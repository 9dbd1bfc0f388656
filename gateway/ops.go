package gateway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Ops are a Service's operational settings (part of Config): admission to the pool,
// which statements are logged as slow, how driver errors are classified and where
// metrics go. The zero value works (no admission bound, no slow-query log, no metrics).
type Ops struct {
	// SlowQuery logs a statement at warn level when it takes at least this long
	// (0: never). Below it, statements are logged at debug level.
	SlowQuery time.Duration
	// Admission bounds the database calls running at once over the pool; nil admits
	// every call (database/sql itself waits for a free connection without limit).
	// Services over one pool share one Admission: a reload passes the same Config.
	Admission *Admission
	// ClassifyFailure names a driver error's kind: "timeout" (the server cancelled the
	// statement: MariaDB max_statement_time, PostgreSQL statement_timeout),
	// "unavailable" (connection refused, lost or the server shutting down) or "" (other).
	// app wires it from the adapter; nil classifies only by context and net errors.
	ClassifyFailure func(error) string
	// Metrics receives cache events (see Metrics); nil means none.
	Metrics Metrics
}

// Admission is the pool's admission control: at most max calls at once, each waiting
// at most wait for its slot before it fails with 503 DatabaseBusy.
type Admission struct {
	slots chan struct{}
	wait  time.Duration
}

// NewAdmission admits max calls at once (normally the pool's max open connections),
// each waiting at most wait (2s when 0). max <= 0 returns nil: no admission control.
func NewAdmission(max int, wait time.Duration) *Admission {
	if max <= 0 {
		return nil
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	return &Admission{slots: make(chan struct{}, max), wait: wait}
}

// Metrics receives the gateway's cache events. package metrics implements it with
// Prometheus counters; the cache decorator (gateway/cache.go) calls it. Implementations must be
// cheap and safe for concurrent use; the set label must be a published entity-set
// name (never raw client input) to keep label cardinality bounded.
type Metrics interface {
	// CacheLookup reports one lookup: hit or miss.
	CacheLookup(set string, hit bool)
	// CacheEvicted reports n entries of total size bytes leaving the cache (eviction,
	// expiry or invalidation).
	CacheEvicted(n int, bytes int64)
	// CacheBytes reports the bytes the cache holds now.
	CacheBytes(bytes int64)
}

// NopMetrics discards every event.
type NopMetrics struct{}

func (NopMetrics) CacheLookup(string, bool) {}
func (NopMetrics) CacheEvicted(int, int64)  {}
func (NopMetrics) CacheBytes(int64)         {}

// MetricsOrNop returns o.Metrics, or NopMetrics when it is nil.
func (o *Ops) MetricsOrNop() Metrics {
	if o.Metrics == nil {
		return NopMetrics{}
	}
	return o.Metrics
}

// ErrUnavailable marks a database failure that means the database cannot be reached
// (503 with Retry-After).
var ErrUnavailable = errors.New("database unavailable")

// ErrBusy is the cause of a 503 when no database slot became free in time.
var ErrBusy = errors.New("no database connection became free in time")

// admit waits for a database slot, at most the Admission's wait. The slot is released
// when ctx is done, so ctx must be cancelled when the caller is finished with the
// query's rows (fetch's cancel does that; a streaming writer cancels at the end of the
// stream; a write's transaction holds one slot until Write returns).
func (a *Admission) admit(ctx context.Context) error {
	if a == nil {
		return nil
	}
	select {
	case a.slots <- struct{}{}:
	default:
		t := time.NewTimer(a.wait)
		defer t.Stop()
		select {
		case a.slots <- struct{}{}:
		case <-t.C:
			return ErrBusy
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	slots := a.slots
	context.AfterFunc(ctx, func() { <-slots })
	return nil
}

// A call is one database call as the log and the admission see it: its SQL (never the
// arguments: only their number) and whether it takes its own admission slot (false
// inside a transaction, whose BEGIN took the slot for all its statements).
type call struct {
	sql   string
	nargs int
	admit bool
}

// db is the one path of every database call, read or write: admission (the slot is
// held until ctx ends, see admit) → the statement (do) → the SQL debug or slow-query
// line → the adapter's failure kinds marked for dbError. The measured time is until
// the database's first answer.
func (s *Service) db(ctx context.Context, c call, do func() error) error {
	if c.admit {
		if err := s.Admission.admit(ctx); err != nil {
			return err
		}
	}
	if s.hooks.query != nil {
		s.hooks.query(c.sql)
	}
	start := time.Now()
	err := do()
	s.logSQL(ctx, c.sql, c.nargs, time.Since(start), err)
	return s.classify(err)
}

func (s *Service) logSQL(ctx context.Context, query string, nargs int, d time.Duration, err error) {
	level := slog.LevelDebug
	msg := "sql"
	if s.SlowQuery > 0 && d >= s.SlowQuery {
		level, msg = slog.LevelWarn, "slow query"
	}
	if !s.Log.Enabled(ctx, level) {
		return
	}
	attrs := []any{"query", query, "args", nargs, "ms", float64(d.Microseconds()) / 1000}
	if err != nil && err != sql.ErrNoRows {
		attrs = append(attrs, "error", err.Error())
	}
	s.Log.Log(ctx, level, msg, attrs...)
}

// classify marks err with ErrDeadline or ErrUnavailable when the adapter recognizes it.
func (s *Service) classify(err error) error {
	if err == nil || s.ClassifyFailure == nil {
		return err
	}
	switch s.ClassifyFailure(err) {
	case "timeout":
		return fmt.Errorf("%w: %w", ErrDeadline, err)
	case "unavailable":
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return err
}
