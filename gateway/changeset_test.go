package gateway

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/odatagw/odatagw/odata"
)

func csPatch(cs *ChangeSet, path, body string) (*Response, error) {
	return cs.Write(Request{Method: http.MethodPatch, Path: path, Body: []byte(body), Root: testRoot})
}

// TestChangeSetSQLite: a change set's writes become visible together at Commit, one
// failure and Rollback leave nothing, and the transaction's one admission slot comes
// back either way (the only slot: the next change set would otherwise be 503).
func TestChangeSetSQLite(t *testing.T) {
	s, db, _ := writableSQLite(t, Config{Ops: Ops{Admission: NewAdmission(1, 50*time.Millisecond)}}, "")
	name := func(id int) string {
		var n string
		if err := db.QueryRow("SELECT name FROM t WHERE id = ?", id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	ctx := context.Background()

	cs, err := s.BeginChangeSet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := csPatch(cs, "t(1)", `{"name":"uno"}`); err != nil {
		t.Fatal(err)
	}
	if _, err := csPatch(cs, "t(2)", `{"name":"dos"}`); err != nil {
		t.Fatal(err)
	}
	if err := cs.Commit(); err != nil {
		t.Fatal(err)
	}
	if name(1) != "uno" || name(2) != "dos" {
		t.Errorf("after commit: %q %q", name(1), name(2))
	}

	cs, err = s.BeginChangeSet(ctx)
	if err != nil {
		t.Fatalf("second change set (was the slot given back?): %v", err)
	}
	if _, err := csPatch(cs, "t(1)", `{"name":"lost"}`); err != nil {
		t.Fatal(err)
	}
	if _, err := csPatch(cs, "t(99)", `{"name":"x"}`); status(err) != http.StatusNotFound {
		t.Fatalf("unknown key in a change set: %v", err)
	}
	cs.Rollback()
	cs.Rollback() // twice is harmless
	if name(1) != "uno" {
		t.Errorf("after rollback: %q, want uno", name(1))
	}
	if _, err := patch(s, ctx, "t(3)", `{"name":"tres"}`); err != nil {
		t.Errorf("single write after a rolled-back change set: %v", err)
	}
}

// TestChangeSetServerTimeout: on MariaDB/MySQL and PostgreSQL (with their DSN
// variables) a change set updates row 1, then waits on row 2 behind another session's
// row lock until the server's statement limit cancels it: 504 QueryTimeout, and after
// Rollback row 1 keeps its value too.
func TestChangeSetServerTimeout(t *testing.T) {
	eachLockedEngine(t, "odatagw_ci_changeset", func(t *testing.T, ctx context.Context, e lockedEngine) {
		s, holder := e.s, e.holder
		tx, err := holder.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(holder.Rebind(`UPDATE t SET name = ? WHERE id = 2`), "held"); err != nil {
			t.Fatal(err)
		}

		cs, err := s.BeginChangeSet(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := csPatch(cs, "t(1)", `{"name":"uno"}`); err != nil {
			t.Fatal(err)
		}
		_, err = csPatch(cs, "t(2)", `{"name":"blocked"}`)
		if e, ok := odata.AsError(err); !ok || e.Status != http.StatusGatewayTimeout || e.Code != "QueryTimeout" {
			t.Errorf("change-set write behind a row lock: %v (cause %v), want 504 QueryTimeout", err, errors.Unwrap(err))
		}
		cs.Rollback()
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int]string{1: "one", 2: "two"} {
			var got string
			if err := holder.QueryRow(holder.Rebind(`SELECT name FROM t WHERE id = ?`), id).Scan(&got); err != nil || got != want {
				t.Errorf("row %d after the rolled-back change set: %q %v, want %s", id, got, err, want)
			}
		}
	})
}
