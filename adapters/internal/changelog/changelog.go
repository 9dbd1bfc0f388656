// Package changelog holds the types of the optional change-log capability
// (adapters.ChangeLog), so engine folders can implement it without importing the
// adapters registry.
package changelog

import (
	"context"
	"time"
)

// Reader reads row changes from the database's change log. Positions are strings only
// the reader interprets; every position it hands out can be read from again, by this
// process or another one, as long as the server retains the log.
type Reader interface {
	// Kind names the log ("binlog").
	Kind() string
	// Current is the position of the log's end now.
	Current(ctx context.Context) (string, error)
	// Read calls fn for each row change of the tables in keys (table name → its key
	// columns) after pos, in log order, until the end of the log as of the call or
	// until fn returns false. An error with an `Expired() bool` method that returns
	// true means the server no longer retains pos.
	Read(ctx context.Context, pos string, keys map[string][]string, fn func(RowChange) bool) error
}

// RowChange is one row inserted, updated or deleted: its table, the key values as the
// log holds them, and the position just after it.
type RowChange struct {
	Table   string
	Key     []any
	Deleted bool
	Pos     string
}

// Options name what the change log needs on the server (PostgreSQL: the publication
// and the logical replication slot) and how far back positions stay readable.
type Options struct {
	Publication string
	Slot        string
	// Retention is how long a position stays readable where the gateway itself
	// releases the log (PostgreSQL advances its slot past older positions).
	Retention time.Duration
}
