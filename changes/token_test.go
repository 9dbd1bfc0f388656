package changes

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
)

func TestTokenRoundTripAndTamper(t *testing.T) {
	s := newSigner([]byte("a shared secret of some length"))
	tok := token{Set: "Orders", Filter: "Qty%20lt%2010", Select: "Name", Source: "column", Pos: `{"m":"5","k":["7"]}`, Issued: 1}
	text := s.seal(tok)
	got, err := s.open(text)
	if err != nil {
		t.Fatal(err)
	}
	tok.V = 1
	if got != tok {
		t.Fatalf("round trip: %+v, want %+v", got, tok)
	}
	// Every single-character change of the payload or the MAC is refused.
	for i := 0; i < len(text); i++ {
		b := []byte(text)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		if _, err := s.open(string(b)); err == nil {
			t.Fatalf("token changed at %d verified: %s", i, b)
		}
	}
	other := newSigner([]byte("another secret, another deployment"))
	if _, err := other.open(text); !errors.Is(err, errForged) {
		t.Fatalf("foreign secret: %v", err)
	}
	for _, bad := range []string{"", ".", "abc", "a.b", strings.Repeat("x", 500)} {
		if _, err := s.open(bad); err == nil {
			t.Fatalf("%q verified", bad)
		}
	}
}

// stub is a Source with a fixed answer, to test the tracker's errors.
type stub struct {
	kind string
	err  error
}

func (s stub) Kind() string                            { return s.kind }
func (s stub) Current(context.Context) (string, error) { return "p0", nil }
func (s stub) Read(context.Context, string, int) ([]Entry, bool, error) {
	return []Entry{{Key: []any{int64(1)}, Pos: "p1"}}, false, s.err
}

func TestTrackerErrors(t *testing.T) {
	ctx := context.Background()
	tr := New([]byte("0123456789abcdef"), map[string]Source{"A": stub{kind: "column"}, "Gone": stub{kind: "column", err: ErrExpired}}, nil)
	status := func(err error) int {
		var oe *odata.Error
		if errors.As(err, &oe) {
			return oe.Status
		}
		return 0
	}
	tok, err := tr.Start(ctx, "A", "", "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := tr.Next(ctx, tok, 10)
	if err != nil || len(d.Changes) != 1 || d.Next != d.Changes[0].Token {
		t.Fatalf("next: %+v %v", d, err)
	}
	if _, err := tr.Next(ctx, tok+"x", 10); status(err) != http.StatusBadRequest {
		t.Fatalf("mangled: %v", err)
	}
	gone, _ := tr.Start(ctx, "Gone", "", "")
	if _, err := tr.Next(ctx, gone, 10); status(err) != http.StatusGone || tr.TokensExpired.Load() != 1 {
		t.Fatalf("expired: %v", err)
	}
	// A token of another kind of source (the mode changed) is refused, not misread.
	tr2 := New([]byte("0123456789abcdef"), map[string]Source{"A": stub{kind: "binlog"}}, nil)
	if _, err := tr2.Next(ctx, tok, 10); status(err) != http.StatusBadRequest {
		t.Fatalf("other source kind: %v", err)
	}
	// Without a secret, another process (a random secret) refuses the token.
	a, b := New(nil, map[string]Source{"A": stub{kind: "column"}}, nil), New(nil, map[string]Source{"A": stub{kind: "column"}}, nil)
	ta, _ := a.Start(ctx, "A", "", "")
	if _, err := b.Next(ctx, ta, 10); status(err) != http.StatusBadRequest {
		t.Fatalf("random secrets: %v", err)
	}
}

// SourceKind names each tracked set's source for the console, "" for others.
func TestTrackerSourceKind(t *testing.T) {
	tr := New(nil, map[string]Source{"A": stub{kind: "column"}, "B": stub{kind: "wal"}}, nil)
	for set, want := range map[string]string{"A": "column", "B": "wal", "C": ""} {
		if got := tr.SourceKind(set); got != want {
			t.Errorf("SourceKind(%s) = %q, want %q", set, got, want)
		}
	}
}
