package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "odatagw.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaults(t *testing.T) {
	c, err := Load(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.BasePath != "/odata" || c.MaxPageSize != 2000 || c.QueryTimeout != 30*time.Second || !c.Demo() || !c.Loopback() {
		t.Errorf("unexpected defaults: %+v", c)
	}
}

func TestPrecedenceFlagsEnvFileDefaults(t *testing.T) {
	file := writeFile(t, `
driver: mysql
dsn: "u:p@tcp(h:3306)/db"
max-page-size: 100
query-timeout: 5s
base-path: /file
listen: 127.0.0.1:9000
tables:
  "Order Lines":
    name: OrderLines
    key: [OrderNo, LineNo]
    columns: {LineNo: LineNumber}
`)
	c, err := Load([]string{"-config", file, "-max-page-size", "300"},
		env(map[string]string{"ODATAGW_MAX_PAGE_SIZE": "200", "ODATAGW_QUERY_TIMEOUT": "7s"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxPageSize != 300 {
		t.Errorf("flag should win: max-page-size = %d", c.MaxPageSize)
	}
	if c.QueryTimeout != 7*time.Second {
		t.Errorf("env should beat the file: query-timeout = %s", c.QueryTimeout)
	}
	if c.BasePath != "/file" || c.Driver != "mysql" || c.Listen != "127.0.0.1:9000" {
		t.Errorf("file should beat defaults: %+v", c)
	}
	lines := c.Tables["Order Lines"]
	if lines.Name != "OrderLines" || strings.Join(lines.Key, ",") != "OrderNo,LineNo" || lines.Columns["LineNo"] != "LineNumber" {
		t.Errorf("table options not read: %+v", lines)
	}
	if c.DBMaxOpen != 16 {
		t.Errorf("default lost: db-max-open = %d", c.DBMaxOpen)
	}
}

func TestConfigFileFromEnv(t *testing.T) {
	file := writeFile(t, "max-page-size: 42\n")
	c, err := Load(nil, env(map[string]string{"ODATAGW_CONFIG": file}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxPageSize != 42 {
		t.Errorf("max-page-size = %d, want 42 from the file named by ODATAGW_CONFIG", c.MaxPageSize)
	}
}

func TestListFlags(t *testing.T) {
	c, err := Load([]string{"-writable", "A, B,,C", "-schemas=public"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Writable, "|") != "A|B|C" || strings.Join(c.Schemas, "|") != "public" {
		t.Errorf("lists: %q %q", c.Writable, c.Schemas)
	}
}

func TestErrors(t *testing.T) {
	for name, c := range map[string]struct {
		args []string
		env  map[string]string
		file string
		want string
	}{
		"dsn needs driver": {args: []string{"-dsn", "x"}, want: "-dsn needs -driver"},
		"driver needs dsn": {args: []string{"-driver", "mysql"}, want: "-dsn"},
		"bad page size":    {args: []string{"-max-page-size", "0"}, want: "max-page-size"},
		"bad env value":    {env: map[string]string{"ODATAGW_MAX_PAGE_SIZE": "lots"}, want: "ODATAGW_MAX_PAGE_SIZE"},
		"unknown yaml key": {file: "max-page-sise: 3\n", want: "max-page-sise"},
		"bad public url":   {args: []string{"-public-url", "gw.example.com"}, want: "public-url"},
		"bad listen":       {args: []string{"-listen", "nonsense"}, want: "listen"},
		"stray argument":   {args: []string{"serve"}, want: "serve"},
	} {
		args := c.args
		if c.file != "" {
			args = append(args, "-config", writeFile(t, c.file))
		}
		_, err := Load(args, env(c.env), io.Discard)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", name, err, c.want)
		}
	}
}

func TestNormalization(t *testing.T) {
	c, err := Load([]string{"-driver", "postgresql", "-dsn", "x", "-base-path", "api/odata/", "-public-url", "https://gw.example.com/odata", "-listen", "0.0.0.0:80"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	// -driver names are the adapters registry's: app resolves aliases (TestResolveDriver).
	if c.Driver != "postgresql" || c.BasePath != "/api/odata" || c.PublicURL != "https://gw.example.com/odata/" || c.Loopback() {
		t.Errorf("normalized: %+v", c)
	}
	if EnvName("max-page-size") != "ODATAGW_MAX_PAGE_SIZE" {
		t.Error(EnvName("max-page-size"))
	}
}

func TestSalesforceProfileDefaultsNullAsBlank(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		file string
		want bool
	}{
		{"no profile", nil, nil, "", false},
		{"profile flag", []string{"-profile", "salesforce"}, nil, "", true},
		{"profile env", nil, map[string]string{"ODATAGW_PROFILE": "salesforce"}, "", true},
		{"profile in file", nil, nil, "profile: salesforce\n", true},
		{"explicit flag wins", []string{"-profile", "salesforce", "-null-as-blank=false"}, nil, "", false},
		{"explicit env wins", []string{"-profile", "salesforce"}, map[string]string{"ODATAGW_NULL_AS_BLANK": "false"}, "", false},
		{"explicit file wins", []string{"-profile", "salesforce"}, nil, "null-as-blank: false\n", false},
	} {
		args := c.args
		if c.file != "" {
			args = append(args, "-config", writeFile(t, c.file))
		}
		cfg, err := Load(args, env(c.env), io.Discard)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if cfg.NullAsBlank != c.want {
			t.Errorf("%s: null-as-blank = %t, want %t", c.name, cfg.NullAsBlank, c.want)
		}
	}
	if _, err := Load([]string{"-profile", "sap"}, env(nil), io.Discard); err == nil {
		t.Error("unknown profile accepted")
	}
}
