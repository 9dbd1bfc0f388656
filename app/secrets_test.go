package app

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

const secret = "Pw-n0t-in-Logs-91"

// runCapture runs the gateway's Run with args until it returns or ctx ends and
// returns everything it wrote.
func runCapture(ctx context.Context, args ...string) (int, string) {
	out := &syncBuf{}
	code := Run(ctx, append([]string{"-listen", "127.0.0.1:0", "-log-level", "debug", "-log-format", "json"}, args...),
		func(string) string { return "" }, out, out)
	return code, out.String()
}

// TestSecretsNeverLogged starts the gateway with DSNs holding a password, failing to
// connect (refused, and with a real server when one is configured: wrong password),
// and checks the captured output, start-up retry lines included, never contains the
// password.
func TestSecretsNeverLogged(t *testing.T) {
	cases := map[string][]string{
		"mysql refused":          {"-driver", "mysql", "-dsn", "reader:" + secret + "@tcp(127.0.0.1:1)/erp"},
		"postgres refused":       {"-driver", "postgres", "-dsn", "postgres://reader:" + secret + "@127.0.0.1:1/erp?sslmode=disable"},
		"postgres kv":            {"-driver", "postgres", "-dsn", "host=127.0.0.1 port=1 user=reader password=" + secret + " dbname=erp"},
		"mysql bad dsn":          {"-driver", "mysql", "-dsn", "reader:" + secret + "@tcp(127.0.0.1:1/erp"},
		"postgres query refused": {"-driver", "postgresql", "-dsn", "postgres://reader@127.0.0.1:1/erp?sslmode=disable&password=" + secret},
		"postgres bad url":       {"-driver", "postgres", "-dsn", "postgres://reader:" + secret + "@127.0.0.1:port/erp"},
		"sqlserver refused":      {"-driver", "sqlserver", "-dsn", "sqlserver://sa:" + secret + "@127.0.0.1:1?database=erp"},
		"sqlserver ADO refused":  {"-driver", "sqlserver", "-dsn", "server=127.0.0.1;port=1;user id=sa;password=" + secret + ";database=erp"},
		"oracle refused":         {"-driver", "oracle", "-dsn", "oracle://scott:" + secret + "@127.0.0.1:1/ORCLPDB1"},
	}
	if dsn := os.Getenv("ODATAGW_TEST_MYSQL_DSN"); dsn != "" {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Passwd = secret
		cases["mysql wrong password"] = []string{"-driver", "mysql", "-dsn", cfg.FormatDSN()}
	}
	if dsn := os.Getenv("ODATAGW_TEST_POSTGRES_DSN"); dsn != "" {
		cases["postgres wrong password"] = []string{"-driver", "postgres", "-dsn", strings.Replace(dsn, ":odatagw_ci@", ":"+secret+"@", 1)}
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			// A server that trusts loopback accepts any password: then the gateway
			// serves until the context ends, and its log is checked all the same.
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			code, out := runCapture(ctx, args...)
			// A refused connection no longer stops the process (it retries, startup.go):
			// its error must have been logged, so the check below looks at it.
			if strings.Contains(name, "refused") && !strings.Contains(out, "connection refused") {
				t.Fatalf("exit %d, no connection error logged:\n%s", code, out)
			}
			if strings.Contains(out, secret) {
				t.Errorf("the password appears in the output:\n%s", out)
			}
		})
	}
}

// TestSecretsNeverLoggedWhileServing runs a real MySQL source at debug level, serves a
// few requests, stops, and checks the DSN's password is nowhere in the log.
func TestSecretsNeverLoggedWhileServing(t *testing.T) {
	dsn := os.Getenv("ODATAGW_TEST_MYSQL_DSN")
	if dsn == "" {
		t.Skip("set ODATAGW_TEST_MYSQL_DSN to run against MySQL/MariaDB")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	g, logs := startGateway(t, "-driver", "mysql", "-dsn", dsn)
	for _, p := range []string{"", "$metadata", "nosuch", "x?$filter=bad"} {
		get(t, nil, g.URL+p)
	}
	g.Stop()
	if cfg.Passwd != "" && strings.Contains(logs.String(), ":"+cfg.Passwd+"@") || strings.Contains(logs.String(), dsn) {
		t.Errorf("the DSN or its password appears in the log:\n%s", logs)
	}
}
