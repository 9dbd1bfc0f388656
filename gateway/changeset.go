package gateway

import (
	"context"
	"net/http"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// ChangeSet is one database transaction shared by several writes: the change set of
// an OData $batch. Each Write takes the same pipeline as Service.Write (parse → plan →
// render → existence, If-Match, statement, re-read) on the one database path, but in
// the change set's transaction; Commit makes them visible together and only then
// invalidates the cached reads of every entity set written; Rollback (or any failed
// Write followed by Rollback) leaves the database as it was.
//
// BEGIN takes one admission slot, held until Commit or Rollback. The transaction runs
// under one deadline (QueryTimeout) from BEGIN: past it the database cancels the
// statement and the transaction rolls back. A ChangeSet is not safe for concurrent
// use: a batch runs its change set's requests one after another.
type ChangeSet struct {
	s      *Service
	ctx    context.Context
	cancel context.CancelFunc
	tx     *sqlx.Tx
	sets   []string // entity sets written, invalidated after the commit
	done   bool
}

// BeginChangeSet starts a change set's transaction. ctx is the caller's (the server's
// shutdown context): it cancels the transaction too.
func (s *Service) BeginChangeSet(ctx context.Context) (*ChangeSet, error) {
	ctx, cancel := context.WithTimeout(ctx, s.QueryTimeout)
	cs := &ChangeSet{s: s, ctx: ctx, cancel: cancel}
	err := s.db(ctx, call{sql: "BEGIN", admit: true}, func() (err error) {
		cs.tx, err = s.DB.BeginTxx(ctx, nil)
		return err
	})
	if err != nil {
		cancel()
		return nil, dbError(ctx, err)
	}
	return cs, nil
}

// Write runs one write of the change set (r as for Service.Write).
func (cs *ChangeSet) Write(r Request) (*Response, error) {
	if cs.done {
		return nil, &odata.Error{Status: http.StatusInternalServerError, Code: "InternalError", Message: "internal error"}
	}
	return cs.s.write(cs.ctx, r, cs)
}

// exec is the database part of one write inside the transaction.
func (cs *ChangeSet) exec(ctx context.Context, w *plan.Write, st sqlgen.Stmt, ifMatch string) ([]any, error) {
	vals, err := cs.s.applyWrite(ctx, cs.tx, w, st, ifMatch)
	if err != nil {
		return nil, err
	}
	for _, set := range cs.sets {
		if set == w.Table.SetName {
			return vals, nil
		}
	}
	cs.sets = append(cs.sets, w.Table.SetName)
	return vals, nil
}

// Commit commits the transaction and invalidates the cached reads of the entity sets
// written. A failed commit (a deferred constraint, a lost connection) rolls back and
// is classified like a write's error.
func (cs *ChangeSet) Commit() error {
	if cs.done {
		return nil
	}
	cs.done = true
	defer cs.cancel() // gives the admission slot back
	s := cs.s
	if err := s.db(cs.ctx, call{sql: "COMMIT"}, cs.tx.Commit); err != nil {
		_ = cs.tx.Rollback()
		if len(cs.sets) > 0 {
			if t := s.Catalog.Set(cs.sets[0]); t != nil {
				return s.writeError(cs.ctx, t, err)
			}
		}
		return dbError(cs.ctx, err)
	}
	for _, set := range cs.sets {
		s.invalidate(set)
	}
	return nil
}

// Rollback abandons the change set. It is safe to call after Commit (it does nothing).
func (cs *ChangeSet) Rollback() {
	if cs.done {
		return
	}
	cs.done = true
	_ = cs.s.db(cs.ctx, call{sql: "ROLLBACK"}, cs.tx.Rollback)
	cs.cancel()
}
