package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pglogrepl"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/changelog"
)

// logical reads PostgreSQL's logical decoding output (pgoutput, decoded with
// github.com/jackc/pglogrepl) through the SQL interface: each Read peeks the slot's
// changes (pg_logical_slot_peek_binary_changes), so any replica can answer any token,
// and the slot is advanced (pg_replication_slot_advance) only past positions older than
// the retention, so WAL does not pile up. A position is "L:S": every transaction whose
// commit LSN is below L is delivered, and the first S row changes of the one at L.
type logical struct {
	db        *sqlx.DB
	slot, pub string
	retention time.Duration

	mu      sync.Mutex // one peek of the slot at a time in this process
	samples []sample   // (time, LSN) seen by Current, oldest first: the slot advance
}

type sample struct {
	at  time.Time
	lsn pglogrepl.LSN
}

// OpenChangeLog implements adapters.ChangeLog: it checks wal_level, and creates the
// publication (FOR ALL TABLES) and the slot when they do not exist yet.
func (a *Adapter) OpenChangeLog(ctx context.Context, db *sqlx.DB, dsn string, o changelog.Options) (changelog.Reader, error) {
	if o.Slot == "" {
		o.Slot = "odatagw"
	}
	if o.Publication == "" {
		o.Publication = "odatagw"
	}
	if o.Retention <= 0 {
		o.Retention = 24 * time.Hour
	}
	var level string
	if err := db.QueryRowContext(ctx, "SHOW wal_level").Scan(&level); err != nil {
		return nil, err
	}
	if level != "logical" {
		return nil, fmt.Errorf("-track-changes log: wal_level is %q; set wal_level = logical in postgresql.conf and restart the server", level)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_publication WHERE pubname = $1", o.Publication).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		if _, err := db.ExecContext(ctx, "CREATE PUBLICATION "+Dialect{}.QuoteIdent(o.Publication)+" FOR ALL TABLES"); err != nil {
			return nil, fmt.Errorf("-track-changes log: the publication %q does not exist and the gateway's user cannot create it (%v); as a superuser: CREATE PUBLICATION %s FOR ALL TABLES", o.Publication, err, o.Publication)
		}
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_replication_slots WHERE slot_name = $1", o.Slot).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		if _, err := db.ExecContext(ctx, "SELECT pg_create_logical_replication_slot($1, 'pgoutput')", o.Slot); err != nil {
			return nil, fmt.Errorf("-track-changes log: cannot create the replication slot %q (%v); ALTER ROLE <user> REPLICATION, or create it: SELECT pg_create_logical_replication_slot('%s', 'pgoutput')", o.Slot, err, o.Slot)
		}
	}
	return &logical{db: db, slot: o.Slot, pub: o.Publication, retention: o.Retention}, nil
}

func (l *logical) Kind() string { return "pgoutput" }

// Current implements changelog.Reader; it also advances the slot past the LSN seen a
// retention ago (the feed calls it every -change-poll).
func (l *logical) Current(ctx context.Context) (string, error) {
	var s string
	if err := l.db.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&s); err != nil {
		return "", err
	}
	lsn, err := pglogrepl.ParseLSN(s)
	if err != nil {
		return "", err
	}
	l.advance(ctx, lsn)
	return lsn.String() + ":0", nil
}

func (l *logical) advance(ctx context.Context, now pglogrepl.LSN) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := time.Now()
	if len(l.samples) == 0 || t.Sub(l.samples[len(l.samples)-1].at) >= l.retention/100 {
		l.samples = append(l.samples, sample{t, now})
	}
	var to pglogrepl.LSN
	for len(l.samples) > 0 && t.Sub(l.samples[0].at) > l.retention {
		to = l.samples[0].lsn
		l.samples = l.samples[1:]
	}
	if to != 0 {
		// Only forward; another replica may already be further.
		_, _ = l.db.ExecContext(ctx, `SELECT pg_replication_slot_advance($1, $2::pg_lsn)
			FROM pg_replication_slots WHERE slot_name = $1 AND confirmed_flush_lsn < $2::pg_lsn`, l.slot, to.String())
	}
}

type expiredErr struct{}

func (expiredErr) Error() string { return "the replication slot no longer reaches the position" }
func (expiredErr) Expired() bool { return true }

func parseLogicalPos(s string) (pglogrepl.LSN, int, error) {
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, fmt.Errorf("bad position %q", s)
	}
	lsn, err := pglogrepl.ParseLSN(a)
	if err != nil {
		return 0, 0, err
	}
	n, err := strconv.Atoi(b)
	return lsn, n, err
}

// Read implements changelog.Reader.
func (l *logical) Read(ctx context.Context, pos string, keys map[string][]string, fn func(changelog.RowChange) bool) error {
	from, skip, err := parseLogicalPos(pos)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var confirmed string
	if err := l.db.QueryRowContext(ctx, "SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = $1", l.slot).Scan(&confirmed); err != nil {
		return err
	}
	if c, err := pglogrepl.ParseLSN(confirmed); err == nil && from < c {
		return expiredErr{}
	}
	var rows interface {
		Next() bool
		Scan(...any) error
		Err() error
		Close() error
	}
	for try := 0; ; try++ { // another replica may be peeking the slot right now
		r, err := l.db.QueryContext(ctx, `SELECT data FROM pg_logical_slot_peek_binary_changes($1, pg_current_wal_lsn(), NULL,
			'proto_version', '1', 'publication_names', $2)`, l.slot, l.pub)
		if err == nil {
			rows = r
			break
		}
		if try == 20 || !strings.Contains(err.Error(), "is active for PID") {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	defer rows.Close()
	type rel struct {
		table string
		key   []int
	}
	rels := map[uint32]*rel{}
	var final pglogrepl.LSN
	seen := 0
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&data); err != nil {
			return err
		}
		msg, err := pglogrepl.Parse(data)
		if err != nil {
			continue // a message type this reader does not need
		}
		var relID uint32
		var tuple, old *pglogrepl.TupleData
		deleted := false
		switch m := msg.(type) {
		case *pglogrepl.BeginMessage:
			final, seen = m.FinalLSN, 0
			continue
		case *pglogrepl.RelationMessage:
			r := &rel{table: m.RelationName}
			if cols, ok := keys[m.RelationName]; ok {
				for _, k := range cols {
					idx := -1
					for i, c := range m.Columns {
						if c.Name == k {
							idx = i
						}
					}
					if idx < 0 {
						return fmt.Errorf("pgoutput: table %s has no column %s", m.RelationName, k)
					}
					r.key = append(r.key, idx)
				}
			}
			rels[m.RelationID] = r
			continue
		case *pglogrepl.InsertMessage:
			relID, tuple = m.RelationID, m.Tuple
		case *pglogrepl.UpdateMessage:
			relID, tuple, old = m.RelationID, m.NewTuple, m.OldTuple
		case *pglogrepl.DeleteMessage:
			relID, tuple, deleted = m.RelationID, m.OldTuple, true
		default:
			continue
		}
		if final < from {
			continue // delivered before
		}
		seen++
		if final == from && seen <= skip {
			continue
		}
		r := rels[relID]
		if r == nil || r.key == nil {
			continue
		}
		p := final.String() + ":" + strconv.Itoa(seen)
		if k := pickText(old, r.key); old != nil && fmt.Sprint(k) != fmt.Sprint(pickText(tuple, r.key)) { // the key changed: the old one is gone
			if !fn(changelog.RowChange{Table: r.table, Key: k, Deleted: true, Pos: p}) {
				return nil
			}
		}
		if !fn(changelog.RowChange{Table: r.table, Key: pickText(tuple, r.key), Deleted: deleted, Pos: p}) {
			return nil
		}
	}
	return rows.Err()
}

// pickText returns the key columns of a tuple, as text (NULL as nil).
func pickText(t *pglogrepl.TupleData, idx []int) []any {
	out := make([]any, len(idx))
	if t == nil {
		return out
	}
	for i, j := range idx {
		if j < len(t.Columns) && t.Columns[j].DataType == 't' {
			out[i] = string(t.Columns[j].Data)
		}
	}
	return out
}
