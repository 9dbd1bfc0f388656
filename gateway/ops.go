package gateway

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Ops are a Service's operational settings: how long a query may wait for a database
// connection, which queries are logged as slow, how driver errors are classified and
// where metrics go. The zero value works (no wait bound, no slow-query log, no
// metrics). Set the exported fields before the first Read; Service.Reload copies them.
type Ops struct {
	// SlowQuery logs a statement at warn level when it takes at least this long
	// (0: never). Below it, statements are logged at debug level.
	SlowQuery time.Duration
	// DBWait bounds how long a query waits for one of MaxDBConcurrent slots before it
	// fails with 503 DatabaseBusy (database/sql itself waits for a free connection
	// without limit). 0 with MaxDBConcurrent > 0 means 2s.
	DBWait time.Duration
	// MaxDBConcurrent is the number of queries that may run at once (normally the pool's
	// max open connections); 0 disables admission control.
	MaxDBConcurrent int
	// ClassifyFailure names a driver error's kind: "timeout" (the server cancelled the
	// statement: MariaDB max_statement_time, PostgreSQL statement_timeout),
	// "unavailable" (connection refused, lost or the server shutting down) or "" (other).
	// app wires it from the adapter; nil classifies only by context and net errors.
	ClassifyFailure func(error) string
	// Metrics receives cache events (see Metrics); nil means none.
	Metrics Metrics

	admitOnce sync.Once
	slots     chan struct{}
}

// Metrics receives the gateway's cache events. package metrics implements it with
// Prometheus counters; the cache decorator (issue 5) calls it. Implementations must be
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

// MetricsOrNop returns m, or NopMetrics when m is nil.
func (o *Ops) MetricsOrNop() Metrics {
	if o.Metrics == nil {
		return NopMetrics{}
	}
	return o.Metrics
}

// initSlots creates the admission slots once.
func (o *Ops) initSlots() {
	o.admitOnce.Do(func() {
		if o.slots == nil && o.MaxDBConcurrent > 0 {
			o.slots = make(chan struct{}, o.MaxDBConcurrent)
		}
	})
}

// Inherit copies the settings of old into o, sharing old's admission slots (both
// services use the same pool), for a schema reload.
func (o *Ops) Inherit(old *Ops) {
	old.initSlots()
	o.SlowQuery, o.DBWait, o.MaxDBConcurrent = old.SlowQuery, old.DBWait, old.MaxDBConcurrent
	o.ClassifyFailure, o.Metrics = old.ClassifyFailure, old.Metrics
	o.slots = old.slots
}

// ErrUnavailable marks a database failure that means the database cannot be reached
// (503 with Retry-After).
var ErrUnavailable = errors.New("database unavailable")

// ErrBusy is the cause of a 503 when no database slot became free within DBWait.
var ErrBusy = errors.New("no database connection became free in time")

// admit waits for a database slot, at most DBWait. The slot is released when ctx is
// done, so ctx must be cancelled when the caller is finished with the query's rows
// (Read's deferred cancel does that; a streaming writer cancels its own context at the
// end of the stream).
func (s *Service) admit(ctx context.Context) error {
	s.initSlots()
	if s.slots == nil {
		return nil
	}
	select {
	case s.slots <- struct{}{}:
	default:
		wait := s.DBWait
		if wait <= 0 {
			wait = 2 * time.Second
		}
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case s.slots <- struct{}{}:
		case <-t.C:
			return ErrBusy
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	slots := s.slots
	context.AfterFunc(ctx, func() { <-slots })
	return nil
}

// queryContext runs a query that returns rows under admission control, logs it (debug,
// or warn past SlowQuery; the SQL text and the argument count, never the arguments)
// and marks driver errors for dbError. The measured time is until the database's
// first answer. See admit for ctx's lifetime.
func (s *Service) queryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := s.admit(ctx); err != nil {
		return nil, err
	}
	start := time.Now()
	rows, err := s.DB.QueryContext(ctx, query, args...)
	s.logSQL(ctx, query, len(args), time.Since(start), err)
	return rows, s.classify(err)
}

// queryInt runs a query that returns one integer (a count), releasing its slot as soon
// as the value is read.
func (s *Service) queryInt(ctx context.Context, query string, args ...any) (int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := s.admit(ctx); err != nil {
		return 0, err
	}
	start := time.Now()
	var n int64
	err := s.DB.QueryRowContext(ctx, query, args...).Scan(&n)
	s.logSQL(ctx, query, len(args), time.Since(start), err)
	return n, s.classify(err)
}

func (s *Service) logSQL(ctx context.Context, query string, nargs int, d time.Duration, err error) {
	if s.Log == nil {
		return
	}
	level := slog.LevelDebug
	msg := "sql"
	if s.SlowQuery > 0 && d >= s.SlowQuery {
		level, msg = slog.LevelWarn, "slow query"
	}
	if !s.Log.Enabled(ctx, level) {
		return
	}
	attrs := []any{"query", query, "args", nargs, "ms", float64(d.Microseconds()) / 1000}
	if err != nil {
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
