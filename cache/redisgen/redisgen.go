// Package redisgen shares the cache's per-entity-set generations (cache.Generations)
// between gateway replicas through Redis, so that a write through any replica makes
// every replica's cached pages of that entity set unreachable before the write's
// response is sent.
//
// The protocol, and why a cache hit needs no Redis round trip yet never serves a page
// cached before a finished write:
//
//   - The generation of set S lives in Redis at <prefix>:gen:S. A write bumps it with one
//     script (INCR, then PUBLISH "<replica> <seq> S <value>" on <prefix>:gen).
//   - Every replica holds one subscription connection. Its reader applies each message to
//     the replica's local copy of the generations, then acknowledges it to the writer
//     (PUBLISH <prefix>:ack:<writer>). The writer's Bump returns when every subscriber
//     counted by PUBLISH has acknowledged — or when the lease (below) has run out.
//   - Lease: the reader also sends PING on the subscription every Lease/5. Redis answers
//     a PING after every message it published before it, on the same connection, so the
//     PONG of a PING sent at time t proves the local copy held every bump Redis made
//     before t. A replica serves cached pages only until t+Lease of its latest PONG. A
//     replica that is stuck or cut off therefore stops serving cached pages at most Lease
//     after the last bump it may have missed, and a writer waits at most that long for
//     an acknowledgement that does not come.
//   - Get reads the local copy (two atomic loads and a map lookup): no network. A set
//     not yet confirmed in this session answers "not proven" and is fetched with GET in
//     the background.
//   - Each (re)connection is a new session whose number is part of every generation
//     Get returns, so pages cached before a disconnection (whose bumps may have been
//     missed, or whose Redis may have restarted empty) are never served again.
//   - Redis unreachable: Get answers "not proven" (reads go to the database); Bump
//     remembers the set and, during the first Lease of the outage, waits until every
//     other replica's lease has surely run out; the remembered sets are bumped when
//     Redis returns, before this replica serves cached pages again.
//
// What this cannot prove: a replica that still reaches Redis while the writer does not
// (a partition between them) keeps its cached pages until the writer reconnects and
// replays its bumps, or the pages' TTL ends.
package redisgen

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure New.
type Options struct {
	// URL is redis://[user:password@]host:port/db or rediss:// for TLS, optionally with
	// ?prefix=NAME (default "odatagw") to let several gateways share one database.
	URL string
	// Log receives the up/down transitions (nil: discarded). It never sees the password.
	Log *slog.Logger
	// Lease bounds how long a replica trusts its copy without a fresh PONG
	// (DefaultLease when 0).
	Lease time.Duration
	// Timeout bounds one command (connect, EVAL, GET) (DefaultTimeout when 0).
	Timeout time.Duration
	// OnChange is called with true when the subscription becomes healthy and false
	// when it is lost (metrics). Optional.
	OnChange func(up bool)
}

// Defaults of Options.
const (
	DefaultLease   = 500 * time.Millisecond
	DefaultTimeout = time.Second
)

// The scripts refuse to run against a Redis that is not the one the caller's session
// subscribed to (KEYS[2], the epoch key, holds a random value each session start sets
// when absent): a Redis restarted empty has none, or another.
const (
	bumpScript = `if redis.call('GET', KEYS[2]) ~= ARGV[3] then return redis.error_reply('ODATAGW_EPOCH') end
local v = redis.call('INCR', KEYS[1])
local n = redis.call('PUBLISH', ARGV[1], ARGV[2] .. v)
return {v, n}`
	getScript = `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return redis.error_reply('ODATAGW_EPOCH') end
return redis.call('GET', KEYS[1])`
)

// Generations is a cache.Generations shared through Redis. Its methods are safe for
// concurrent use; Close stops it.
type Generations struct {
	t                          Target
	prefix, id, genChan, ackCh string
	log                        *slog.Logger
	lease, pingEvery, timeout  time.Duration
	onChange                   func(bool)
	base                       time.Time

	cur      atomic.Pointer[session]
	sessions atomic.Uint64
	up       atomic.Bool
	// warned: the current outage (or the failure to connect at start) was logged.
	warned atomic.Bool
	// downSince is the monotonic time (see mono) the current outage was first noticed;
	// 0 while up.
	downSince atomic.Int64

	cmdMu sync.Mutex
	cmd   *conn

	seq     atomic.Uint64
	waitMu  sync.Mutex
	waiters map[uint64]*waiter

	dirtyMu sync.Mutex
	dirty   map[string]struct{}

	acks   chan ack
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

type ack struct {
	to  string
	seq string
}

// session is one subscription connection and what it confirmed.
type session struct {
	id    uint64
	epoch string       // the Redis instance's epoch value when this session subscribed
	lease atomic.Int64 // monotonic time until which the local copy is proven
	gens  sync.Map     // name → *atomic.Uint64
	fetch sync.Map     // name → struct{}: GET in flight
	sub   *conn
	wmu   sync.Mutex // writes on sub
	pings chan int64 // send times of the PINGs awaiting their PONG, in order
}

type waiter struct {
	mu        sync.Mutex
	need, got int64
	done      chan struct{}
}

// New parses opts.URL and starts connecting in the background: it does not wait for
// Redis, and works (without cached pages) while Redis is unreachable.
func New(opts Options) (*Generations, error) {
	t, err := ParseURL(opts.URL)
	if err != nil {
		return nil, err
	}
	var b [8]byte
	rand.Read(b[:])
	g := &Generations{t: t, prefix: t.Prefix, id: hex.EncodeToString(b[:]), log: opts.Log, lease: opts.Lease,
		timeout: opts.Timeout, onChange: opts.OnChange, base: time.Now(), waiters: map[uint64]*waiter{},
		dirty: map[string]struct{}{}, acks: make(chan ack, 4096)}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	if g.lease <= 0 {
		g.lease = DefaultLease
	}
	if g.timeout <= 0 {
		g.timeout = DefaultTimeout
	}
	g.pingEvery = g.lease / 5
	g.genChan = g.prefix + ":gen"
	g.ackCh = g.prefix + ":ack:" + g.id
	g.downSince.Store(g.mono()) // until the first PONG, as if an outage began now
	g.ctx, g.cancel = context.WithCancel(context.Background())
	g.wg.Add(2)
	go g.run()
	go g.ackLoop()
	return g, nil
}

// Close stops the background connections.
func (g *Generations) Close() {
	g.cancel()
	if s := g.cur.Load(); s != nil {
		s.sub.close()
	}
	g.wg.Wait()
	g.cmdMu.Lock()
	if g.cmd != nil {
		g.cmd.close()
		g.cmd = nil
	}
	g.cmdMu.Unlock()
}

// Up reports whether the subscription is healthy (its lease is current).
func (g *Generations) Up() bool {
	s := g.cur.Load()
	return s != nil && g.mono() < s.lease.Load()
}

func (g *Generations) mono() int64 { return int64(time.Since(g.base)) }

// Get implements cache.Generations without any network round trip.
func (g *Generations) Get(name string) (uint64, bool) {
	s := g.cur.Load()
	if s == nil || g.mono() >= s.lease.Load() {
		return 0, false
	}
	c, ok := s.gens.Load(name)
	if !ok {
		g.fetchGen(s, name)
		return 0, false
	}
	return s.id<<40 | c.(*atomic.Uint64).Load()&(1<<40-1), true
}

// Bump implements cache.Generations: see the package comment.
func (g *Generations) Bump(name string) {
	if s := g.cur.Load(); s != nil {
		err := g.bumpShared(s, name)
		if err == nil {
			return
		}
		// The bump may or may not have happened: end the session (the next one
		// replays the bump) and treat it as an outage.
		g.lost(s, fmt.Errorf("bump: %w", err))
	}
	g.dirtyMu.Lock()
	g.dirty[name] = struct{}{}
	g.dirtyMu.Unlock()
	if s := g.cur.Load(); s != nil { // a session started meanwhile, maybe after its replay
		if err := g.replayDirty(s); err != nil {
			g.lost(s, err)
		}
	}
	// Every other replica's lease rests on a PONG Redis sent before this outage began
	// (noticed at downSince at the latest): once Lease has passed since, none of them
	// serves a cached page.
	if since := g.downSince.Load(); since != 0 {
		if wait := time.Duration(since + int64(g.lease) - g.mono()); wait > 0 {
			select {
			case <-time.After(wait):
			case <-g.ctx.Done():
			}
		}
	}
}

// bumpShared increments name's generation in Redis, publishes it and waits for the
// subscribers' acknowledgements (at most Lease).
func (g *Generations) bumpShared(s *session, name string) error {
	seq := g.seq.Add(1)
	w := &waiter{need: -1, done: make(chan struct{})}
	g.waitMu.Lock()
	g.waiters[seq] = w
	g.waitMu.Unlock()
	defer func() {
		g.waitMu.Lock()
		delete(g.waiters, seq)
		g.waitMu.Unlock()
	}()
	rep, err := g.command(s, "EVAL", bumpScript, "2", g.prefix+":gen:"+name, g.prefix+":epoch", g.genChan,
		g.id+" "+strconv.FormatUint(seq, 10)+" "+name+" ", s.epoch)
	if err != nil {
		return err
	}
	arr, ok := rep.([]any)
	if !ok || len(arr) != 2 {
		return errors.New("unexpected reply to the bump script")
	}
	v, _ := arr[0].(int64)
	n, _ := arr[1].(int64)
	deadline := time.Now().Add(g.lease)
	s.apply(name, uint64(v))
	w.mu.Lock()
	w.need = n
	if w.got >= w.need {
		close(w.done)
	}
	w.mu.Unlock()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case <-w.done:
	case <-timer.C: // a subscriber did not answer: its lease has run out by now
	case <-g.ctx.Done():
	}
	return nil
}

func (g *Generations) gotAck(seq uint64) {
	g.waitMu.Lock()
	w := g.waiters[seq]
	g.waitMu.Unlock()
	if w == nil {
		return
	}
	w.mu.Lock()
	w.got++
	if w.need >= 0 && w.got == w.need {
		close(w.done)
	}
	w.mu.Unlock()
}

var errSessionEnded = errors.New("redis session ended")

// command runs one command on the shared command connection, dialling it if needed.
// With a session s, it fails at once once s is no longer current (so that writes
// queued behind a command that hangs on an unresponsive Redis do not each wait for
// their own timeout).
func (g *Generations) command(s *session, args ...string) (any, error) {
	g.cmdMu.Lock()
	defer g.cmdMu.Unlock()
	if s != nil && g.cur.Load() != s {
		return nil, errSessionEnded
	}
	if g.cmd == nil {
		c, err := dial(g.ctx, g.t, g.timeout)
		if err != nil {
			return nil, err
		}
		g.cmd = c
	}
	g.cmd.nc.SetDeadline(time.Now().Add(g.timeout))
	rep, err := g.cmd.do(args...)
	var re redisError
	if err != nil && !errors.As(err, &re) {
		g.cmd.close()
		g.cmd = nil
	}
	return rep, err
}

// fetchGen reads name's generation into session s in the background.
func (g *Generations) fetchGen(s *session, name string) {
	if _, busy := s.fetch.LoadOrStore(name, struct{}{}); busy {
		return
	}
	go func() {
		defer s.fetch.Delete(name)
		rep, err := g.command(s, "EVAL", getScript, "2", g.prefix+":gen:"+name, g.prefix+":epoch", s.epoch)
		if err != nil {
			return // the next Get tries again; a broken connection ends the session
		}
		var v uint64
		if str, ok := rep.(string); ok {
			v, err = strconv.ParseUint(str, 10, 64)
			if err != nil {
				return
			}
		}
		s.apply(name, v)
	}()
}

// apply raises the local copy of name's generation to v.
func (s *session) apply(name string, v uint64) {
	c, ok := s.gens.Load(name)
	if !ok {
		n := new(atomic.Uint64)
		n.Store(v)
		if c, ok = s.gens.LoadOrStore(name, n); !ok {
			return
		}
	}
	ctr := c.(*atomic.Uint64)
	for {
		old := ctr.Load()
		if v <= old || ctr.CompareAndSwap(old, v) {
			return
		}
	}
}

// Addr is the Redis address (host:port; never the password).
func (g *Generations) Addr() string { return g.t.Addr }
