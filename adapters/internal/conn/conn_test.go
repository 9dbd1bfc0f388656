package conn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for _, dsn := range []string{
		"oracle://scott:T1ger!pw@db:1521/ORCLPDB1",
		"sqlserver://sa:S3cret!pw@db:1433?database=x",
	} {
		inner := fmt.Errorf("parse %q: invalid port", dsn)
		err := Redact("x: open", inner, dsn)
		if strings.Contains(err.Error(), "!pw") || !strings.HasPrefix(err.Error(), "x: open: ") || !strings.Contains(err.Error(), "invalid port") {
			t.Errorf("Redact = %q", err)
		}
		if !errors.Is(err, inner) {
			t.Error("redacted error does not unwrap")
		}
	}
	err := Redact("sqlserver: connect", errors.New("login failed; password=hunter22 rejected"), "server=db;user id=sa;password=hunter22")
	if strings.Contains(err.Error(), "hunter22") {
		t.Errorf("Redact ADO = %q", err)
	}
	if err := Redact("x", errors.New("boom"), ""); err.Error() != "x: boom" {
		t.Errorf("Redact without DSN = %q", err)
	}
}

func TestCheckVersion(t *testing.T) {
	for v, ok := range map[string]bool{
		"10.50.6000.34": false,
		" 11.2.0.4.0 ":  false,
		"12.1.0.2.0":    true,
		"16.0.1000.6":   true,
		"garbage":       true, // unknown: not refused
		"":              true,
	} {
		err := CheckVersion("db", v, 12, "version 12 is required")
		if (err == nil) != ok {
			t.Errorf("CheckVersion(%q) = %v", v, err)
		}
		if err != nil && err.Error() != "db: server version "+strings.TrimSpace(v)+": version 12 is required" {
			t.Errorf("CheckVersion(%q) = %q", v, err)
		}
	}
}

func TestOpenBadDriver(t *testing.T) {
	_, err := Open(context.Background(), "no-such-driver", "x://u:Sup3rSecret@h", Server{})
	if err == nil || strings.Contains(err.Error(), "Sup3rSecret") || !strings.HasPrefix(err.Error(), "no-such-driver: open: ") {
		t.Errorf("Open = %v", err)
	}
}

func TestWarner(t *testing.T) {
	var sb strings.Builder
	Warner(slog.New(slog.NewTextHandler(&sb, nil)), "db")("left out", "table", "t")
	if !strings.Contains(sb.String(), "adapter=db table=t") {
		t.Errorf("Warner logged %q", sb.String())
	}
}
