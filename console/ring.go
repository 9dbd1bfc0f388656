package console

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Entry is one finished request as the HTTP edge saw it. Path and Query are the raw
// request line; they are masked (masked.go) when shown, never before, so recording
// costs a copy and nothing else.
type Entry struct {
	Time      time.Time
	Method    string
	Path      string // raw, percent-encoded path
	Query     string // raw query string (without '?')
	Status    int
	Duration  time.Duration
	Rows      int64
	Bytes     int64
	Cache     string // "hit", "miss" or ""
	EntitySet string // a published set name, "$metadata" or ""
	// Stages of a successful read.
	Parse, Plan, DB, Encode time.Duration
}

// Ring keeps the last N requests. Add is lock-light: an atomic counter picks the slot
// and only that slot's mutex is taken, so concurrent requests contend only when the
// ring wraps onto a slot being read or written at that moment.
type Ring struct {
	next  atomic.Uint64
	slots []ringSlot
}

type ringSlot struct {
	mu  sync.Mutex
	seq uint64 // 1 + the Add that wrote it; 0 = empty
	e   Entry
}

// DefaultRingSize is how many requests the console keeps.
const DefaultRingSize = 256

// NewRing returns a ring of n slots (DefaultRingSize when n <= 0).
func NewRing(n int) *Ring {
	if n <= 0 {
		n = DefaultRingSize
	}
	return &Ring{slots: make([]ringSlot, n)}
}

// Add records e. Safe for concurrent use; it does not allocate.
func (r *Ring) Add(e Entry) {
	seq := r.next.Add(1)
	s := &r.slots[(seq-1)%uint64(len(r.slots))]
	s.mu.Lock()
	if seq > s.seq { // a slower, older writer never overwrites a newer entry
		s.seq, s.e = seq, e
	}
	s.mu.Unlock()
}

// Recent returns the entries held, newest first.
func (r *Ring) Recent() []Entry {
	type seqEntry struct {
		seq uint64
		e   Entry
	}
	all := make([]seqEntry, 0, len(r.slots))
	for i := range r.slots {
		s := &r.slots[i]
		s.mu.Lock()
		if s.seq != 0 {
			all = append(all, seqEntry{s.seq, s.e})
		}
		s.mu.Unlock()
	}
	// Insertion sort by seq descending: the slots are already nearly ordered.
	for i := 1; i < len(all); i++ {
		for j := i; j > 0 && all[j].seq > all[j-1].seq; j-- {
			all[j], all[j-1] = all[j-1], all[j]
		}
	}
	out := make([]Entry, len(all))
	for i, se := range all {
		out[i] = se.e
	}
	return out
}

// SlowQuery is one statement the gateway logged as slow: its SQL text (identifiers
// and placeholders only; the gateway never logs argument values) and how many
// arguments it had. A failed statement's error text is not kept: drivers quote values
// in their messages.
type SlowQuery struct {
	Time   time.Time
	SQL    string
	Args   int64
	Millis float64
	Failed bool
}

// slowLog keeps the last slow queries.
type slowLog struct {
	mu   sync.Mutex
	list []SlowQuery // oldest first, at most slowMax
}

const slowMax = 100

func (l *slowLog) add(q SlowQuery) {
	l.mu.Lock()
	if len(l.list) == slowMax {
		copy(l.list, l.list[1:])
		l.list = l.list[:slowMax-1]
	}
	l.list = append(l.list, q)
	l.mu.Unlock()
}

func (l *slowLog) recent() []SlowQuery {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]SlowQuery, len(l.list))
	for i, q := range l.list {
		out[len(l.list)-1-i] = q
	}
	return out
}

// slowHandler is a slog.Handler in front of the gateway's logger that also keeps the
// "slow query" records (gateway/ops.go logSQL) for the console. It reads only the
// attributes the gateway writes: query, args, ms, error (kept as a flag).
type slowHandler struct {
	next slog.Handler
	log  *slowLog
}

// The gateway's slow-query record: message and attribute keys of Service.logSQL.
const (
	slowMsg   = "slow query"
	slowQuery = "query"
	slowArgs  = "args"
	slowMs    = "ms"
	slowErr   = "error"
)

func (h *slowHandler) Enabled(ctx context.Context, l slog.Level) bool {
	// Slow queries are warnings: keep them even when the log itself is quieter.
	return l >= slog.LevelWarn || h.next.Enabled(ctx, l)
}

func (h *slowHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == slowMsg {
		q := SlowQuery{Time: r.Time}
		r.Attrs(func(a slog.Attr) bool {
			switch a.Key {
			case slowQuery:
				q.SQL = a.Value.String()
			case slowArgs:
				if a.Value.Kind() == slog.KindInt64 {
					q.Args = a.Value.Int64()
				}
			case slowMs:
				if a.Value.Kind() == slog.KindFloat64 {
					q.Millis = a.Value.Float64()
				}
			case slowErr:
				q.Failed = true
			}
			return true
		})
		h.log.add(q)
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *slowHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &slowHandler{next: h.next.WithAttrs(as), log: h.log}
}

func (h *slowHandler) WithGroup(name string) slog.Handler {
	return &slowHandler{next: h.next.WithGroup(name), log: h.log}
}
