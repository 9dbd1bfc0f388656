package redisgen

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A replica's side of the protocol in the package comment: one subscription session
// at a time (run reconnects with backoff), its PING lease, the messages it applies
// and acknowledges, the bumps it replays after an outage, and the up/down
// bookkeeping that decides whether cached pages may be served.

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
