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
	"strings"
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

// run keeps a subscription session alive, reconnecting with backoff.
func (g *Generations) run() {
	defer g.wg.Done()
	backoff := 50 * time.Millisecond
	for g.ctx.Err() == nil {
		err := g.serve()
		if g.ctx.Err() != nil {
			return
		}
		g.down(err)
		select {
		case <-time.After(backoff):
		case <-g.ctx.Done():
			return
		}
		if backoff < time.Second {
			backoff *= 2
		}
		if g.up.Load() {
			backoff = 50 * time.Millisecond
		}
	}
}

// serve runs one session until its connection fails.
func (g *Generations) serve() error {
	c, err := dial(g.ctx, g.t, g.timeout)
	if err != nil {
		return err
	}
	defer c.close()
	c.nc.SetDeadline(time.Now().Add(g.timeout))
	c.send("SUBSCRIBE", g.genChan, g.ackCh)
	if err := c.w.Flush(); err != nil {
		return err
	}
	for range 2 {
		rep, err := c.read()
		if err != nil {
			return err
		}
		if a, ok := rep.([]any); !ok || len(a) != 3 || a[0] != "subscribe" {
			return errors.New("unexpected reply to SUBSCRIBE")
		}
	}
	c.nc.SetDeadline(time.Time{})
	// This Redis instance's epoch: set by the first session that finds none.
	var b [8]byte
	rand.Read(b[:])
	if _, err := g.command(nil, "SET", g.prefix+":epoch", hex.EncodeToString(b[:]), "NX"); err != nil {
		return err
	}
	rep, err := g.command(nil, "GET", g.prefix+":epoch")
	epoch, _ := rep.(string)
	if err != nil || epoch == "" {
		return fmt.Errorf("read the epoch: %v", err)
	}
	s := &session{id: g.sessions.Add(1) & (1<<24 - 1), epoch: epoch, sub: c, pings: make(chan int64, 256)}
	g.cur.Store(s) // Bump publishes from now on; Get waits for the first PONG
	defer g.cur.CompareAndSwap(s, nil)
	// Bumps this replica could not publish while Redis was out of reach: replayed
	// before this session proves anything (Bump replays what it adds after this).
	if err := g.replayDirty(s); err != nil {
		return err
	}
	if s.ping(g) != nil {
		return errors.New("ping failed")
	}
	pingDone := make(chan struct{})
	defer close(pingDone)
	go func() {
		t := time.NewTicker(g.pingEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				if s.ping(g) != nil {
					c.close()
					return
				}
			case <-pingDone:
				return
			}
		}
	}()
	readWait := max(4*g.lease, 2*time.Second)
	for {
		c.nc.SetReadDeadline(time.Now().Add(readWait))
		rep, err := c.read()
		if err != nil {
			return err
		}
		a, ok := rep.([]any)
		if !ok || len(a) < 2 {
			return errors.New("unexpected message on the subscription")
		}
		switch a[0] {
		case "pong":
			select {
			case sent := <-s.pings:
				s.lease.Store(sent + int64(g.lease))
				g.upNow()
			default:
				return errors.New("PONG without PING")
			}
		case "message":
			if len(a) != 3 {
				return errors.New("unexpected message on the subscription")
			}
			ch, _ := a[1].(string)
			payload, _ := a[2].(string)
			g.onMessage(s, ch, payload)
		}
	}
}

// ping sends PING on the subscription, remembering when.
func (s *session) ping(g *Generations) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	select {
	case s.pings <- g.mono():
	default:
		return errors.New("too many PINGs unanswered")
	}
	s.sub.nc.SetWriteDeadline(time.Now().Add(g.timeout))
	s.sub.send("PING")
	return s.sub.w.Flush()
}

func (g *Generations) onMessage(s *session, ch, payload string) {
	if ch == g.ackCh {
		if seq, err := strconv.ParseUint(payload, 10, 64); err == nil {
			g.gotAck(seq)
		}
		return
	}
	if ch != g.genChan {
		return
	}
	// "<replica> <seq> <set> <value>"; set names never hold spaces, but parse the
	// value from the end regardless.
	from, rest, ok1 := strings.Cut(payload, " ")
	seq, rest, ok2 := strings.Cut(rest, " ")
	i := strings.LastIndexByte(rest, ' ')
	if !ok1 || !ok2 || i < 0 {
		return
	}
	v, err := strconv.ParseUint(rest[i+1:], 10, 64)
	if err != nil {
		return
	}
	s.apply(rest[:i], v)
	if from == g.id {
		if n, err := strconv.ParseUint(seq, 10, 64); err == nil {
			g.gotAck(n)
		}
		return
	}
	select {
	case g.acks <- ack{to: from, seq: seq}:
	default: // the writer waits out its lease instead
	}
}

// ackLoop publishes acknowledgements on a connection of its own, pipelining those
// that queue up together.
func (g *Generations) ackLoop() {
	defer g.wg.Done()
	var c *conn
	defer func() {
		if c != nil {
			c.close()
		}
	}()
	batch := make([]ack, 0, 64)
	for {
		select {
		case a := <-g.acks:
			batch = append(batch[:0], a)
		case <-g.ctx.Done():
			return
		}
	more:
		for len(batch) < cap(batch) {
			select {
			case a := <-g.acks:
				batch = append(batch, a)
			default:
				break more
			}
		}
		if c == nil {
			var err error
			if c, err = dial(g.ctx, g.t, g.timeout); err != nil {
				c = nil
				continue // dropped: the writers wait out their lease
			}
		}
		c.nc.SetDeadline(time.Now().Add(g.timeout))
		for _, a := range batch {
			c.send("PUBLISH", g.prefix+":ack:"+a.to, a.seq)
		}
		err := c.w.Flush()
		for range batch {
			if err != nil {
				break
			}
			_, err = c.read()
		}
		if err != nil {
			c.close()
			c = nil
		}
	}
}

// replayDirty bumps the sets whose bumps could not be published, in session s.
func (g *Generations) replayDirty(s *session) error {
	g.dirtyMu.Lock()
	names := make([]string, 0, len(g.dirty))
	for n := range g.dirty {
		names = append(names, n)
	}
	g.dirtyMu.Unlock()
	for _, n := range names {
		if _, err := g.command(s, "EVAL", bumpScript, "2", g.prefix+":gen:"+n, g.prefix+":epoch", g.genChan, g.id+" 0 "+n+" ", s.epoch); err != nil {
			return fmt.Errorf("replay bump: %w", err)
		}
		g.dirtyMu.Lock()
		delete(g.dirty, n)
		g.dirtyMu.Unlock()
	}
	return nil
}

func (g *Generations) upNow() {
	if g.up.Swap(true) {
		return
	}
	g.warned.Store(false)
	g.downSince.Store(0)
	g.log.Info("redis reachable: cache generations shared, cached pages served", "redis", g.t.Addr)
	if g.onChange != nil {
		g.onChange(true)
	}
}

// lost ends session s after a failed command.
func (g *Generations) lost(s *session, err error) {
	g.cur.CompareAndSwap(s, nil)
	s.sub.close()
	g.down(err)
}

func (g *Generations) down(err error) {
	g.downSince.CompareAndSwap(0, g.mono())
	wasUp := g.up.Swap(false)
	if g.warned.Swap(true) && !wasUp {
		return // this outage was logged already
	}
	reason := "connection closed"
	if err != nil {
		reason = err.Error()
	}
	g.log.Warn("redis unreachable: cached pages are not served until it returns; reads and writes go to the database",
		"redis", g.t.Addr, "error", reason)
	if wasUp && g.onChange != nil {
		g.onChange(false)
	}
}

// Addr is the Redis address (host:port; never the password).
func (g *Generations) Addr() string { return g.t.Addr }
