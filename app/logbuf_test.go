package app

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// gateWriter blocks every Write until open is closed, then records.
type gateWriter struct {
	open   chan struct{}
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
}

func (g *gateWriter) Write(p []byte) (int, error) {
	<-g.open
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writes++
	return g.b.Write(p)
}

func (g *gateWriter) String() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.b.String()
}

// TestAsyncLogKeepsOrderAndFlushes: every line arrives, whole and in order, once
// Close returns; lines after Close are written at once.
func TestAsyncLogKeepsOrderAndFlushes(t *testing.T) {
	g := &gateWriter{open: make(chan struct{})}
	close(g.open)
	a := newAsyncLog(g, 1<<20)
	var want strings.Builder
	for i := range 5000 {
		line := fmt.Sprintf(`{"n":%d}`+"\n", i)
		want.WriteString(line)
		if n, err := a.Write([]byte(line)); n != len(line) || err != nil {
			t.Fatalf("write: %d %v", n, err)
		}
	}
	a.Close()
	if got := g.String(); got != want.String() {
		t.Fatalf("got %d bytes, want %d; lines reordered or lost", len(got), want.Len())
	}
	if a.Dropped() != 0 {
		t.Errorf("%d lines dropped with room to spare", a.Dropped())
	}
	a.Write([]byte("after\n"))
	if !strings.HasSuffix(g.String(), "after\n") {
		t.Error("a line written after Close was not written at once")
	}
}

// TestAsyncLogDropsWhenFull: with the sink stuck, Write still returns at once; past
// the bound whole lines are dropped and counted, and what was kept is written once the
// sink moves again.
func TestAsyncLogDropsWhenFull(t *testing.T) {
	g := &gateWriter{open: make(chan struct{})}
	const line = "0123456789abcdef\n" // 17 bytes
	a := newAsyncLog(g, 10*len(line))
	a.Write([]byte(line))       // the flusher takes this one and blocks in the sink
	for waitFlusherBlocked(a) { // wait until the flusher holds it
		waitBriefly()
	}
	for range 25 {
		if n, err := a.Write([]byte(line)); n != len(line) || err != nil {
			t.Fatalf("write: %d %v", n, err)
		}
	}
	if got := a.Dropped(); got != 15 {
		t.Errorf("dropped %d lines, want 15 (10 fit in the buffer)", got)
	}
	close(g.open)
	a.Close()
	if got := strings.Count(g.String(), line); got != 11 {
		t.Errorf("%d lines written, want 11 (1 in flight + 10 buffered)", got)
	}
	if strings.Count(g.String(), "\n") != 11 || len(g.String()) != 11*len(line) {
		t.Error("a partial line was written")
	}
}

// waitFlusherBlocked reports whether the first line is still in the buffer (the
// flusher has not swapped it out yet).
func waitFlusherBlocked(a *asyncLog) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.buf) != 0
}

func waitBriefly() { time.Sleep(time.Millisecond) }

// TestLogLinesDroppedMetric: the process's drop counter is scraped.
func TestLogLinesDroppedMetric(t *testing.T) {
	sink := newAsyncLog(&gateWriter{open: make(chan struct{})}, 0) // holds nothing: every line drops
	was := logSink.Swap(sink)
	t.Cleanup(func() { logSink.Store(was) })
	for range 3 {
		sink.Write([]byte("x\n"))
	}
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, flags...)
	if v := metricSum(metricsText(t, g), "odatagw_log_lines_dropped_total"); v != 3 {
		t.Errorf("odatagw_log_lines_dropped_total = %v, want 3", v)
	}
}
