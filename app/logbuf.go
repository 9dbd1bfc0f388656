package app

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// asyncLog is the process's log output (Run wraps stderr in it): a request never
// waits for a write(2). Each Write copies its line into a bounded buffer and returns;
// one goroutine writes what has gathered within about asyncLogDelay, many lines per
// write(2) under load. When the
// buffer is full (the sink cannot keep up), whole lines are dropped and counted
// (odatagw_log_lines_dropped_total) instead of blocking the request. Close writes
// what is left; lines written after Close go straight to the sink.
type asyncLog struct {
	w       io.Writer
	max     int
	mu      sync.Mutex
	buf     []byte // lines not yet handed to w
	closed  bool
	kick    chan struct{} // capacity 1: there is something to write
	stop    chan struct{}
	done    chan struct{}
	spare   []byte // the flusher's buffer, swapped with buf
	dropped atomic.Uint64
	once    sync.Once
}

// asyncLogBytes bounds the log lines waiting to be written; asyncLogDelay is how long
// the writer gathers lines after the first before it writes them (a line reaches the
// sink at most about that late).
const (
	asyncLogBytes = 4 << 20
	asyncLogDelay = 5 * time.Millisecond
)

func newAsyncLog(w io.Writer, max int) *asyncLog {
	a := &asyncLog{w: w, max: max, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go a.run()
	return a
}

// Write queues p (one log record: slog writes each in one call) and never blocks on
// the sink. It reports success even for a dropped line: a log line must not fail a
// request.
func (a *asyncLog) Write(p []byte) (int, error) {
	a.mu.Lock()
	if a.closed {
		defer a.mu.Unlock()
		return a.w.Write(p)
	}
	if len(a.buf)+len(p) > a.max {
		a.mu.Unlock()
		a.dropped.Add(1)
		return len(p), nil
	}
	first := len(a.buf) == 0
	a.buf = append(a.buf, p...)
	a.mu.Unlock()
	if first {
		select {
		case a.kick <- struct{}{}:
		default:
		}
	}
	return len(p), nil
}

// Dropped is the number of lines dropped because the buffer was full.
func (a *asyncLog) Dropped() uint64 { return a.dropped.Load() }

func (a *asyncLog) run() {
	defer close(a.done)
	for {
		select {
		case <-a.kick:
			// Gather what arrives in the next moment too: under load one wake-up and
			// one write(2) carry many lines instead of one each.
			t := time.NewTimer(asyncLogDelay)
			select {
			case <-t.C:
			case <-a.stop:
				t.Stop()
				a.flush()
				return
			}
			a.flush()
		case <-a.stop:
			a.flush()
			return
		}
	}
}

// flush hands the gathered lines to the sink; only the flusher goroutine calls it.
func (a *asyncLog) flush() {
	a.mu.Lock()
	b := a.buf
	a.buf = a.spare[:0]
	a.mu.Unlock()
	if len(b) > 0 {
		_, _ = a.w.Write(b) // a failing stderr has nowhere to be reported
	}
	if cap(b) > 1<<20 { // do not keep a burst's buffer for ever
		b = nil
	}
	a.spare = b
}

// Close writes the lines still buffered and makes later writes synchronous.
func (a *asyncLog) Close() {
	a.once.Do(func() {
		close(a.stop)
		<-a.done
		a.mu.Lock()
		defer a.mu.Unlock()
		a.closed = true
		if len(a.buf) > 0 { // written between the last flush and closed
			_, _ = a.w.Write(a.buf)
			a.buf = nil
		}
	})
}

// logSink is the process's asyncLog (set by Run), read by the dropped-lines metric.
var logSink atomic.Pointer[asyncLog]

func logLinesDropped() uint64 {
	if s := logSink.Load(); s != nil {
		return s.Dropped()
	}
	return 0
}
