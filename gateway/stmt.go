package gateway

import (
	"container/list"
	"context"
	"database/sql"
	"sync"

	"github.com/jmoiron/sqlx"
)

// stmtCache keeps prepared statements per SQL text, least recently used out. The SQL
// of a given query shape is stable (values, $top and $skip are bound arguments), so a
// handful of shapes cover a Salesforce org's list views. database/sql prepares a Stmt
// lazily on each pooled connection and re-prepares on new ones; closing an evicted
// Stmt that a query still uses is deferred by database/sql until the rows are closed.
type stmtCache struct {
	db  *sql.DB
	max int

	mu sync.Mutex
	ll *list.List // of *stmtEntry, most recent first
	m  map[string]*list.Element
}

type stmtEntry struct {
	text string
	st   *sql.Stmt
}

func newStmtCache(db *sqlx.DB, max int) *stmtCache {
	c := &stmtCache{max: max, ll: list.New(), m: map[string]*list.Element{}}
	if db != nil {
		c.db = db.DB
	}
	return c
}

func (c *stmtCache) query(ctx context.Context, text string, args []any) (*sql.Rows, error) {
	if c.max <= 0 {
		return c.db.QueryContext(ctx, text, args...)
	}
	st, err := c.get(ctx, text)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) get(ctx context.Context, text string) (*sql.Stmt, error) {
	c.mu.Lock()
	if e, ok := c.m[text]; ok {
		c.ll.MoveToFront(e)
		st := e.Value.(*stmtEntry).st
		c.mu.Unlock()
		return st, nil
	}
	c.mu.Unlock()
	st, err := c.db.PrepareContext(ctx, text) // outside the lock: it is a round trip
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[text]; ok { // another caller won the race
		st.Close()
		c.ll.MoveToFront(e)
		return e.Value.(*stmtEntry).st, nil
	}
	c.m[text] = c.ll.PushFront(&stmtEntry{text: text, st: st})
	for c.ll.Len() > c.max {
		old := c.ll.Remove(c.ll.Back()).(*stmtEntry)
		delete(c.m, old.text)
		old.st.Close()
	}
	return st, nil
}

func (c *stmtCache) closeAll() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range c.m {
		e.Value.(*stmtEntry).st.Close()
	}
	c.m = map[string]*list.Element{}
	c.ll.Init()
}
