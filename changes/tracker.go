package changes

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/odatagw/odatagw/gateway"
)

// Tracker is the gateway's ChangeFeed over the configured sources, one per tracked
// entity set, and the feed that invalidates a set's cached pages when its rows change.
type Tracker struct {
	sign    signer
	sources map[string]Source // by entity-set name
	now     func() time.Time
	log     *slog.Logger

	// Counters for /metrics and the log.
	DeltaRequests atomic.Int64 // delta links answered
	EventsRead    atomic.Int64 // changes read from the sources for deltas
	TokensExpired atomic.Int64 // tokens refused with 410
	Invalidations atomic.Int64 // sets invalidated by the feed
	lastPoll      atomic.Int64 // unix nanoseconds of the feed's last successful look
}

var _ gateway.ChangeFeed = (*Tracker)(nil)

// New builds a Tracker. secret seals tokens; replicas must share it so a token works
// on any of them and after a restart. An empty secret picks a random one: tokens then
// die with the process (the caller should warn).
func New(secret []byte, sources map[string]Source, log *slog.Logger) *Tracker {
	if len(secret) == 0 {
		secret = make([]byte, 32)
		_, _ = rand.Read(secret)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Tracker{sign: newSigner(secret), sources: sources, now: time.Now, log: log}
}

// Sets lists the tracked entity sets.
func (t *Tracker) Sets() []string {
	var out []string
	for s := range t.sources {
		out = append(out, s)
	}
	return out
}

// SourceKind names how the set's changes are read ("column", or the change log's kind),
// "" when it is not tracked (the console's entity-set page shows it).
func (t *Tracker) SourceKind(set string) string {
	if src := t.sources[set]; src != nil {
		return src.Kind()
	}
	return ""
}

// Tracked implements gateway.ChangeFeed.
func (t *Tracker) Tracked(set string) bool { return t.sources[set] != nil }

// Start implements gateway.ChangeFeed: a token at the set's current position.
func (t *Tracker) Start(ctx context.Context, set, filter, sel string) (string, error) {
	src := t.sources[set]
	if src == nil {
		return "", invalidToken()
	}
	pos, err := src.Current(ctx)
	if err != nil {
		return "", err
	}
	return t.sign.seal(token{Set: set, Filter: filter, Select: sel, Source: src.Kind(), Pos: pos, Issued: t.now().Unix()}), nil
}

// Next implements gateway.ChangeFeed.
func (t *Tracker) Next(ctx context.Context, text string, max int) (*gateway.Delta, error) {
	t.DeltaRequests.Add(1)
	tok, err := t.sign.open(text)
	if err != nil {
		return nil, invalidToken()
	}
	src := t.sources[tok.Set]
	if src == nil || src.Kind() != tok.Source {
		return nil, invalidToken()
	}
	entries, more, err := src.Read(ctx, tok.Pos, max)
	switch {
	case errors.Is(err, ErrExpired):
		t.TokensExpired.Add(1)
		return nil, expiredToken()
	case errors.Is(err, errForged):
		return nil, invalidToken()
	case err != nil:
		return nil, err
	}
	t.EventsRead.Add(int64(len(entries)))
	d := &gateway.Delta{Set: tok.Set, Filter: tok.Filter, Select: tok.Select, More: more}
	issued := t.now().Unix()
	seal := func(pos string) string {
		n := tok
		n.Pos, n.Issued = pos, issued
		return t.sign.seal(n)
	}
	for _, e := range entries {
		d.Changes = append(d.Changes, gateway.Change{Key: e.Key, Deleted: e.Deleted, Token: seal(e.Pos)})
	}
	if len(entries) == 0 {
		d.Next = seal(tok.Pos)
	} else {
		d.Next = d.Changes[len(d.Changes)-1].Token
	}
	return d, nil
}

// Watch polls each source's current position every interval until ctx ends, and
// calls invalidate(set) when it moved: a change made by another application then
// reaches the set's cached pages within about one interval. invalidate should go
// through the cache generations (gateway.Service.Invalidate), so a shared
// Generations (Redis) carries it to every replica.
func (t *Tracker) Watch(ctx context.Context, every time.Duration, invalidate func(set string)) {
	last := map[string]string{}               // column sources: set → position; log readers: "log" → position
	logs := map[LogReader]map[string]string{} // reader → table → set
	logKeys := map[LogReader]map[string][]string{}
	for set, src := range t.sources {
		if l, ok := src.(*Log); ok {
			if logs[l.R] == nil {
				logs[l.R], logKeys[l.R] = map[string]string{}, map[string][]string{}
			}
			logs[l.R][l.Table.Name] = set
			for k, v := range l.keys() {
				logKeys[l.R][k] = v
			}
		}
	}
	logPos := map[LogReader]string{}
	tick := time.NewTicker(every)
	defer tick.Stop()
	// A source that fails is retried with a doubling backoff (up to 30 s); its position
	// is kept, so nothing is lost when the database comes back.
	failing := map[string]bool{}
	backoff := map[string]time.Duration{}
	retryAt := map[string]time.Time{}
	fail := func(what string, err error) {
		if !failing[what] {
			t.log.Warn("change feed: cannot read changes; retrying with backoff", "source", what, "err", err)
		}
		failing[what] = true
		backoff[what] = min(max(2*backoff[what], every), 30*time.Second)
		retryAt[what] = time.Now().Add(backoff[what])
	}
	ok := func(what string) {
		if failing[what] {
			t.log.Info("change feed: reading again", "source", what)
			failing[what] = false
		}
		backoff[what] = 0
	}
	waiting := func(what string) bool { return failing[what] && time.Now().Before(retryAt[what]) }
	for {
		for set, src := range t.sources {
			if _, isLog := src.(*Log); isLog || waiting(set) {
				continue
			}
			qctx, cancel := context.WithTimeout(ctx, every*5+time.Second)
			pos, err := src.Current(qctx)
			cancel()
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				fail(set, err)
				continue
			}
			ok(set)
			if prev, seen := last[set]; seen && prev != pos {
				t.Invalidations.Add(1)
				invalidate(set)
			}
			last[set] = pos
		}
		for r, sets := range logs {
			if waiting(r.Kind()) {
				continue
			}
			qctx, cancel := context.WithTimeout(ctx, every*5+10*time.Second)
			cur, err := r.Current(qctx)
			if err == nil && logPos[r] != "" && cur != logPos[r] {
				var changed map[string]bool
				changed, err = changedTables(qctx, r, logPos[r], logKeys[r])
				for table := range changed {
					t.Invalidations.Add(1)
					invalidate(sets[table])
				}
			}
			cancel()
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				fail(r.Kind(), err) // the position is kept: nothing is lost on reconnect
				continue
			}
			ok(r.Kind())
			logPos[r] = cur
		}
		t.lastPoll.Store(t.now().UnixNano())
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Lag is the time since the feed last looked at every source (0 before the first look).
func (t *Tracker) Lag() time.Duration {
	n := t.lastPoll.Load()
	if n == 0 {
		return 0
	}
	return t.now().Sub(time.Unix(0, n))
}
