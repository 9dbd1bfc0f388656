package changes

import (
	"context"
	"errors"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/gateway"
)

// LogReader reads the database's own change log (the adapter's optional ChangeLog
// capability, adapted by app): row changes by any application, deletes included.
type LogReader interface {
	Kind() string
	Current(ctx context.Context) (string, error)
	Read(ctx context.Context, pos string, keys map[string][]string, fn func(LogChange) bool) error
}

// LogChange is one row change read from the log: the table, its key values as the
// log holds them, and the position after it.
type LogChange struct {
	Table   string
	Key     []any
	Deleted bool
	Pos     string
}

// Log is the log-mode source of one table. It keeps nothing: each Read reads the
// log from the token's position (the server's retention bounds how far back).
type Log struct {
	R     LogReader
	Table *catalog.Table
}

func (s *Log) Kind() string { return s.R.Kind() }

// Current implements Source.
func (s *Log) Current(ctx context.Context) (string, error) { return s.R.Current(ctx) }

func (s *Log) keys() map[string][]string {
	names := make([]string, len(s.Table.Key))
	for i, k := range s.Table.Key {
		names[i] = k.Name
	}
	return map[string][]string{s.Table.Name: names}
}

// Read implements Source.
func (s *Log) Read(ctx context.Context, pos string, max int) ([]Entry, bool, error) {
	var out []Entry
	more := false
	var ferr error
	err := s.R.Read(ctx, pos, s.keys(), func(c LogChange) bool {
		if c.Table != s.Table.Name {
			return true
		}
		if len(out) == max {
			more = true
			return false
		}
		e := Entry{Key: make([]any, len(c.Key)), Deleted: c.Deleted, Pos: c.Pos}
		for i, v := range c.Key {
			if i >= len(s.Table.Key) {
				break
			}
			if e.Key[i], ferr = gateway.NormalizeKey(s.Table.Key[i], v); ferr != nil {
				return false
			}
		}
		out = append(out, e)
		return true
	})
	if err == nil {
		err = ferr
	}
	var exp interface{ Expired() bool }
	if errors.As(err, &exp) && exp.Expired() {
		return nil, false, ErrExpired
	}
	if err != nil {
		return nil, false, err
	}
	return out, more, nil
}

// changedTables reads the log from pos to its end and reports the tables changed
// (the log feed's invalidation step).
func changedTables(ctx context.Context, r LogReader, pos string, keys map[string][]string) (map[string]bool, error) {
	seen := map[string]bool{}
	err := r.Read(ctx, pos, keys, func(c LogChange) bool {
		seen[c.Table] = true
		return true
	})
	return seen, err
}
