package conn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
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

// TestScrub: every DSN form the adapters accept loses its password, in plain,
// URL-escaped and quoted forms, while the rest of the message stays.
func TestScrub(t *testing.T) {
	const pw = "S3cr:et/pw@x"
	for name, dsn := range map[string]string{
		"postgres URL":       "postgres://reader:" + url.QueryEscape(pw) + "@db:5432/erp?sslmode=disable",
		"postgres URL query": "postgres://db:5432/erp?user=reader&password=" + url.QueryEscape(pw),
		"postgres kv":        "host=db port=5432 user=reader password=" + strings.ReplaceAll(pw, " ", "") + " dbname=erp",
		"postgres kv quoted": "host=db user=reader password='" + pw + "' dbname=erp",
		"mysql":              "reader:" + pw + "@tcp(db:3306)/erp?parseTime=true",
		"mysql unix":         "reader:" + pw + "@unix(/run/mysqld.sock)/erp",
		"sqlserver URL":      "sqlserver://sa:" + url.QueryEscape(pw) + "@db:1433?database=x",
		"sqlserver ADO":      "server=db;user id=sa;Password=" + pw + ";database=x",
		"oracle":             "oracle://scott:" + url.PathEscape(pw) + "@db:1521/ORCLPDB1",
	} {
		for _, leak := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw), strconv.Quote(pw), dsn} {
			msg := Scrub("connect to db failed: saw "+leak+" in the reply", dsn)
			for _, form := range []string{pw, url.QueryEscape(pw), url.PathEscape(pw)} {
				if strings.Contains(msg, form) {
					t.Errorf("%s: %q leaks %q", name, msg, form)
				}
			}
			if !strings.HasPrefix(msg, "connect to db failed: saw ") || !strings.Contains(msg, "[redacted]") {
				t.Errorf("%s: message mangled: %q", name, msg)
			}
		}
	}
	if got := Scrub("nothing secret here", ""); got != "nothing secret here" {
		t.Errorf("Scrub without DSN = %q", got)
	}
	if got := Scrub("a password of abc", "u:abc@tcp(h)/d"); got != "a password of abc" {
		t.Errorf("short password mangled the message: %q", got)
	}
}
