package redisgen

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/odatagw/odatagw/cache"
	"github.com/odatagw/odatagw/cache/redisgen/redistest"
)

var _ cache.Generations = (*Generations)(nil)

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		url  string
		want Target
	}{
		{"redis://127.0.0.1", Target{Addr: "127.0.0.1:6379", Host: "127.0.0.1", Prefix: "odatagw"}},
		{"redis://:s3cret@h:7000/3", Target{Addr: "h:7000", Host: "h", Password: "s3cret", DB: 3, Prefix: "odatagw"}},
		{"rediss://u:p@h/1?prefix=gw2", Target{Addr: "h:6379", Host: "h", TLS: true, Username: "u", Password: "p", DB: 1, Prefix: "gw2"}},
	} {
		got, err := ParseURL(c.url)
		if err != nil || got != c.want {
			t.Errorf("ParseURL(%q) = %+v, %v; want %+v", c.url, got, err, c.want)
		}
	}
	for _, bad := range []string{"http://h", "redis://", "redis://:hunter2hunter2@h/x", "redis://h/0?db=1", "::"} {
		_, err := ParseURL(bad)
		if err == nil {
			t.Errorf("ParseURL(%q) accepted", bad)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error repeats the password: %v", err)
		}
	}
}

// waitProven polls until g proves name's generation (the subscription's first PONG
// and the background GET), or fails after a generous bound.
func waitProven(t *testing.T, g *Generations, name string) uint64 {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if v, ok := g.Get(name); ok {
			return v
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("generation of %q not proven within 15s (up=%v)", name, g.Up())
	return 0
}

func newGen(t *testing.T, url string, log *slog.Logger) *Generations {
	t.Helper()
	g, err := New(Options{URL: url, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g
}

// A bump through one replica is visible on the other the moment Bump returns: no
// window between the bump and its delivery.
func TestBumpVisibleOnOtherReplicaWhenBumpReturns(t *testing.T) {
	url := redistest.SharedURL(t)
	a, b := newGen(t, url, nil), newGen(t, url, nil)
	for i := range 300 {
		set := "Customers"
		if i%3 == 1 {
			set = "Orders"
		}
		before := waitProven(t, b, set)
		beforeA := waitProven(t, a, set)
		a.Bump(set)
		if after, ok := b.Get(set); ok && after == before {
			t.Fatalf("bump %d: replica B still answers generation %d after A's Bump returned", i, after)
		}
		if after, ok := a.Get(set); ok && after == beforeA {
			t.Fatalf("bump %d: replica A still answers its old generation", i)
		}
	}
	// Other names are untouched.
	x := waitProven(t, b, "Untouched")
	a.Bump("Customers")
	if y, ok := b.Get("Untouched"); !ok || y != x {
		t.Fatalf("bumping Customers changed Untouched: %d → %d (%v)", x, y, ok)
	}
}

// Concurrent writers on two replicas and readers on both: a read that starts after a
// Bump returned never sees the generation from before it.
func TestConcurrentBumpsNeverLeaveOldGeneration(t *testing.T) {
	url := redistest.SharedURL(t)
	reps := []*Generations{newGen(t, url, nil), newGen(t, url, nil), newGen(t, url, nil)}
	for _, r := range reps {
		waitProven(t, r, "S")
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				// The generations every replica answered before the bump.
				var before [3]uint64
				var proven [3]bool
				for i, r := range reps {
					before[i], proven[i] = r.Get("S")
				}
				reps[w].Bump("S")
				for i, r := range reps {
					if v, ok := r.Get("S"); ok && proven[i] && v == before[i] {
						errs <- "replica still at its pre-bump generation"
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
}

// A subscriber that never acknowledges (a stuck replica) costs a writer at most the
// lease, and never blocks it.
func TestSilentSubscriberCostsOnlyTheLease(t *testing.T) {
	url := redistest.SharedURL(t)
	tgt, _ := ParseURL(url)
	a := newGen(t, url, nil)
	waitProven(t, a, "S")
	c, err := dial(context.Background(), tgt, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if _, err := c.do("SUBSCRIBE", tgt.Prefix+":gen"); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { a.Bump("S"); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Bump blocked on a subscriber that never acknowledges")
	}
}

// Redis killed: nothing is proven, Bump still returns, the metric hook and the log say
// so; Redis back (empty: no persistence): sharing resumes by itself, in a new session
// whose generations differ from every one before.
func TestOutageAndRecovery(t *testing.T) {
	srv := redistest.Start(t)
	url := srv.URL()
	var logBuf syncBuffer
	log := slog.New(slog.NewTextHandler(&logBuf, nil))
	var mu sync.Mutex
	var changes []bool
	a, err := New(Options{URL: url, Log: log, OnChange: func(up bool) { mu.Lock(); changes = append(changes, up); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b := newGen(t, url, nil)
	seen := map[uint64]bool{}
	for range 3 {
		a.Bump("S")
		seen[waitProven(t, a, "S")] = true
		seen[waitProven(t, b, "S")] = true
	}

	srv.Kill()
	a.Bump("S") // the write's bump during the outage
	if v, ok := b.Get("S"); ok {
		t.Fatalf("replica B proves generation %d after Redis died and A's Bump returned", v)
	}
	if v, ok := a.Get("S"); ok {
		t.Fatalf("replica A proves generation %d with Redis dead", v)
	}
	for range 20 { // bumps during the outage return; none is proven
		a.Bump("S")
		if _, ok := b.Get("S"); ok {
			t.Fatal("B proves a generation during the outage")
		}
	}
	if a.Up() || b.Up() {
		t.Fatal("Up() true with Redis dead")
	}

	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	va, vb := waitProven(t, a, "S"), waitProven(t, b, "S")
	if seen[va] || seen[vb] {
		t.Fatalf("after the restart a generation from before is answered again: %d %d (before: %v)", va, vb, seen)
	}
	a.Bump("S")
	if v, ok := b.Get("S"); ok && v == vb {
		t.Fatal("sharing did not resume: B keeps its generation after A's bump")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(changes) < 3 || !changes[0] || changes[1] || !changes[len(changes)-1] {
		t.Fatalf("OnChange sequence %v, want up, down, …, up", changes)
	}
	out := logBuf.String()
	if !strings.Contains(out, "redis unreachable") || !strings.Contains(out, "redis reachable") {
		t.Fatalf("log lacks the transitions:\n%s", out)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A Redis that lost its keys (restarted empty while a session had not noticed yet) has
// no epoch, or another: a bump against it fails, ends the session, and sharing resumes
// in a new session whose generations differ from the old one's.
func TestEpochMismatchEndsSession(t *testing.T) {
	url := redistest.SharedURL(t)
	tgt, _ := ParseURL(url)
	a, b := newGen(t, url, nil), newGen(t, url, nil)
	oldA, oldB := waitProven(t, a, "S"), waitProven(t, b, "S")
	c, err := dial(context.Background(), tgt, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	if _, err := c.do("DEL", tgt.Prefix+":epoch", tgt.Prefix+":gen:S"); err != nil {
		t.Fatal(err)
	}
	a.Bump("S")
	if v, ok := a.Get("S"); ok && v == oldA {
		t.Fatal("A still proves its old generation after a bump against an emptied Redis")
	}
	newA := waitProven(t, a, "S")
	if newA == oldA {
		t.Fatal("A's generation did not change")
	}
	b.Bump("S") // B's session still has the old epoch: its bump fails and B starts over
	if v := waitProven(t, b, "S"); v == oldB {
		t.Fatal("B kept its old generation")
	}
	a.Bump("S")
	vb, _ := b.Get("S")
	b.Bump("S")
	if v, ok := b.Get("S"); ok && v == vb {
		t.Fatal("sharing did not resume after the new epoch")
	}
}

// Redis unreachable from the start: the log says so once, nothing is proven, Bump
// returns; when Redis comes up the generations are shared without a restart.
func TestRedisDownAtStart(t *testing.T) {
	srv := redistest.Start(t)
	srv.Kill()
	var logBuf syncBuffer
	a, err := New(Options{URL: srv.URL(), Log: slog.New(slog.NewTextHandler(&logBuf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.Bump("S")
	if _, ok := a.Get("S"); ok || a.Up() {
		t.Fatal("proven without Redis")
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logBuf.String(), "redis unreachable") {
		if time.Now().After(deadline) {
			t.Fatalf("no log line about the unreachable Redis:\n%s", logBuf.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond) // several reconnection attempts
	if n := strings.Count(logBuf.String(), "redis unreachable"); n != 1 {
		t.Fatalf("the outage was logged %d times, want once", n)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	waitProven(t, a, "S")
	if !strings.Contains(logBuf.String(), "redis reachable") {
		t.Fatal("no log line about Redis coming back")
	}
}

// A hung Redis (SIGSTOP: connections stay open, nothing answers): concurrent bumps
// all return, no replica proves a generation after they did, and sharing resumes when
// Redis continues.
func TestHungRedis(t *testing.T) {
	srv := redistest.Start(t)
	url := srv.URL()
	a, b := newGen(t, url, nil), newGen(t, url, nil)
	waitProven(t, a, "S")
	before := waitProven(t, b, "S")
	srv.Pause()
	defer srv.Resume()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); a.Bump("S") }()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("bumps blocked on a hung Redis")
	}
	if v, ok := b.Get("S"); ok && v == before {
		t.Fatal("B still proves its generation after bumps against a hung Redis returned")
	}
	if _, ok := a.Get("S"); ok {
		t.Fatal("A proves a generation with Redis hung")
	}
	srv.Resume()
	va := waitProven(t, a, "S")
	vb := waitProven(t, b, "S")
	a.Bump("S")
	if v, ok := b.Get("S"); ok && v == vb {
		t.Fatalf("sharing did not resume (a=%d)", va)
	}
}
