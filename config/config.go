// Package config owns odatagw's settings: typed values from command-line flags,
// ODATAGW_* environment variables and an optional YAML file (-config), with defaults
// and validation. Flags beat the environment, which beats the file, which beats the
// defaults. It performs no I/O beyond reading the config file.
package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is every setting. YAML keys equal flag names.
type Config struct {
	Listen    string `yaml:"listen"`
	Driver    string `yaml:"driver"`
	DSN       string `yaml:"dsn"`
	BasePath  string `yaml:"base-path"`
	PublicURL string `yaml:"public-url"`
	// V2BasePath is the OData 2.0 root ("" → BasePath + "/v2"; "off" disables it).
	V2BasePath string `yaml:"v2-base-path"`
	// SearchOption names Salesforce's custom query option for search (e.g. doSearch).
	SearchOption   string        `yaml:"search-option"`
	MaxPageSize    int64         `yaml:"max-page-size"`
	QueryTimeout   time.Duration `yaml:"query-timeout"`
	AllowAnonymous bool          `yaml:"allow-anonymous"`
	NullAsBlank    bool          `yaml:"null-as-blank"`
	// Profile names a client whose defaults apply ("salesforce": null as blank);
	// settings given explicitly still win.
	Profile        string        `yaml:"profile"`
	MaxFilterNodes int           `yaml:"max-filter-nodes"`
	MaxFilterDepth int           `yaml:"max-filter-depth"`
	MaxExpandDepth int           `yaml:"max-expand-depth"` // $expand nesting (issue 14)
	Schemas        List          `yaml:"schemas"`
	Writable       List          `yaml:"writable"`
	DBMaxOpen      int           `yaml:"db-max-open"`
	DBMaxIdle      int           `yaml:"db-max-idle"`
	DBConnMaxLife  time.Duration `yaml:"db-conn-max-lifetime"`
	CacheTTL       time.Duration `yaml:"cache-ttl"`
	CacheMaxBytes  int64         `yaml:"cache-max-bytes"`
	RedisURL       string        `yaml:"redis-url"`
	MaxPageBytes   int64         `yaml:"max-page-bytes"`
	LogLevel       string        `yaml:"log-level"`
	LogFormat      string        `yaml:"log-format"`

	// Change tracking (changes.go): -track-changes, its token secret and feed interval.
	TrackChanges string        `yaml:"track-changes"`
	ChangeSecret string        `yaml:"change-secret"`
	ChangePoll   time.Duration `yaml:"change-poll"`
	// PostgreSQL logical decoding: publication, slot, and how long positions last.
	ChangePublication string        `yaml:"change-publication"`
	ChangeSlot        string        `yaml:"change-slot"`
	ChangeRetention   time.Duration `yaml:"change-retention"`

	// Salesforce Connect profile: CSRF tokens and authentication.
	CSRF          bool          `yaml:"csrf"`
	CSRFHeader    string        `yaml:"csrf-header"`
	CSRFSecret    string        `yaml:"csrf-secret"`
	CSRFTTL       time.Duration `yaml:"csrf-ttl"`
	BasicAuth     Multi         `yaml:"basic-auth"`
	JWTJWKSURL    string        `yaml:"jwt-jwks-url"`
	JWTJWKSFile   string        `yaml:"jwt-jwks-file"`
	JWTIssuer     string        `yaml:"jwt-issuer"`
	JWTAudience   string        `yaml:"jwt-audience"`
	JWTAlgorithms List          `yaml:"jwt-algorithms"`
	APIKeyHeader  string        `yaml:"api-key-header"`
	APIKeys       Multi         `yaml:"api-keys"`

	// TokenSecret signs next-link $skiptoken values (keyset paging); -csrf-secret
	// when empty.
	TokenSecret string `yaml:"token-secret"`

	// Operations (README "Operations").
	MetricsListen             string        `yaml:"metrics-listen"`
	SlowQuery                 time.Duration `yaml:"slow-query"`
	DBWaitTimeout             time.Duration `yaml:"db-wait-timeout"`
	ShutdownTimeout           time.Duration `yaml:"shutdown-timeout"`
	AdminToken                string        `yaml:"admin-token"`
	MaxBodyBytes              int           `yaml:"max-body-bytes"`
	MaxBatchRequests          int           `yaml:"max-batch-requests"`
	MaxConcurrent             int           `yaml:"max-concurrent"`
	MaxConcurrentPerPrincipal int           `yaml:"max-concurrent-per-principal"`
	TLSCert                   string        `yaml:"tls-cert"`
	TLSKey                    string        `yaml:"tls-key"`
	// Tables holds per-table options keyed by the database table name (file only).
	Tables map[string]Table `yaml:"tables"`

	// ConfigFile and CheckConfig are command-line only.
	ConfigFile  string `yaml:"-"`
	CheckConfig bool   `yaml:"-"`
}

// Table is the per-table section of the config file.
type Table struct {
	Name       string            `yaml:"name"`       // entity-set name override
	Key        []string          `yaml:"key"`        // key columns for views and key-less tables
	Hidden     bool              `yaml:"hidden"`     // leave the table out
	Columns    map[string]string `yaml:"columns"`    // column -> property name
	Searchable []string          `yaml:"searchable"` // columns $search looks in
	Writable   *bool             `yaml:"writable"`
	ETag       string            `yaml:"etag"` // row-version or updated-at column: the entity's ETag
	// ChangedAt is the last-modified column of -track-changes column mode.
	ChangedAt string `yaml:"changed-at"`
	// Navigations renames navigation properties derived from foreign keys: derived
	// to-one name (or constraint name) → name; "<derived>.partner" → the to-many end.
	Navigations map[string]string `yaml:"navigations"`
	// CacheTTL overrides -cache-ttl for this table ("0s" disables caching it).
	CacheTTL *time.Duration `yaml:"cache-ttl"`
	// Salesforce configures the table's external object (salesforce.go): lookups.
	Salesforce *SalesforceTable `yaml:"salesforce"`
}

// Demo reports whether the gateway serves its embedded demo database (no driver and
// no DSN given).
func (c *Config) Demo() bool { return c.Driver == "" && c.DSN == "" }

// List is a comma-separated list flag.
type List []string

func (l *List) String() string { return strings.Join(*l, ",") }

// Set splits a comma-separated value, dropping empty items.
func (l *List) Set(s string) error {
	*l = nil
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// Multi is a list flag that may be repeated: each occurrence adds its comma-separated
// items. A source (environment, command line) that sets it replaces what an earlier
// source (file, environment) gave.
type Multi []string

func (m *Multi) String() string { return strings.Join(*m, ",") }

// Set adds the comma-separated items of s.
func (m *Multi) Set(s string) error {
	var l List
	_ = l.Set(s)
	*m = append(*m, l...)
	return nil
}

// jwtAlgorithms are the asymmetric algorithms -jwt-algorithms accepts; "none" and the
// HMAC family are refused (a shared secret would have to be configured here).
var jwtAlgorithms = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// EnvName returns the environment variable read for a flag: ODATAGW_MAX_PAGE_SIZE for
// -max-page-size.
func EnvName(flagName string) string {
	return "ODATAGW_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// newFlagSet binds every flag to a field of c, setting the defaults.
func newFlagSet(c *Config, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("odatagw", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Listen, "listen", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.Driver, "driver", "", "database driver, one of those listed at the end (empty with no -dsn: the embedded demo)")
	fs.StringVar(&c.DSN, "dsn", "", "database DSN, e.g. 'user:pass@tcp(host:3306)/db' for mysql")
	fs.StringVar(&c.ConfigFile, "config", "", "YAML file with settings and per-table options")
	fs.StringVar(&c.BasePath, "base-path", "/odata", "URL path of the service root")
	fs.StringVar(&c.V2BasePath, "v2-base-path", "", "URL path of the OData 2.0 root (AtomPub, JSON verbose); default <base-path>/v2, 'off' disables it")
	fs.StringVar(&c.SearchOption, "search-option", "", "name of a custom query option served as $search on the OData 2.0 root (Salesforce's search option, e.g. doSearch)")
	fs.StringVar(&c.PublicURL, "public-url", "", "absolute service-root URL for context URLs and next links (default: from the request's Host and X-Forwarded-Proto/Host)")
	fs.Int64Var(&c.MaxPageSize, "max-page-size", 2000, "most rows in one page; larger or absent $top gets a next link")
	fs.DurationVar(&c.QueryTimeout, "query-timeout", 30*time.Second, "deadline of each database call")
	fs.BoolVar(&c.AllowAnonymous, "allow-anonymous", false, "allow listening off loopback without authentication")
	fs.StringVar(&c.Profile, "profile", "", "client profile whose defaults apply: salesforce (null as blank); explicit settings win")
	fs.BoolVar(&c.NullAsBlank, "null-as-blank", false, "treat '' as null in `eq null`/`ne null` filters (Salesforce treats empty text as null)")
	fs.IntVar(&c.MaxFilterNodes, "max-filter-nodes", 1000, "most expression nodes in $filter, $orderby and $search together")
	fs.IntVar(&c.MaxFilterDepth, "max-filter-depth", 100, "deepest nesting of parentheses and calls in $filter, $orderby and $search")
	fs.IntVar(&c.MaxExpandDepth, "max-expand-depth", 3, "deepest nesting of $expand")
	fs.Var(&c.Schemas, "schemas", "database schemas to publish, comma-separated (PostgreSQL default public)")
	fs.Var(&c.Writable, "writable", "entity sets that accept writes, comma-separated, or *")
	fs.IntVar(&c.DBMaxOpen, "db-max-open", 16, "most open database connections")
	fs.IntVar(&c.DBMaxIdle, "db-max-idle", 8, "most idle database connections")
	fs.DurationVar(&c.DBConnMaxLife, "db-conn-max-lifetime", 5*time.Minute, "recycle database connections after this long")
	fs.DurationVar(&c.CacheTTL, "cache-ttl", 5*time.Second, "how long a page stays in the result cache; 0 disables it")
	fs.Int64Var(&c.CacheMaxBytes, "cache-max-bytes", 256<<20, "most payload bytes the result cache holds")
	fs.StringVar(&c.RedisURL, "redis-url", "", "redis://[user:password@]host:port/db (rediss:// for TLS): replicas with the same URL share cache invalidation")
	fs.Int64Var(&c.MaxPageBytes, "max-page-bytes", 7<<20, "most bytes in one response: a page stops early with a next link before passing it (Salesforce rejects responses over 8 MB)")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug|info|warn|error")
	fs.StringVar(&c.LogFormat, "log-format", "", "json|text (default: text on a terminal, json otherwise)")
	fs.StringVar(&c.MetricsListen, "metrics-listen", "", "serve /metrics on this address instead of the main listener; 'off' disables metrics")
	fs.DurationVar(&c.SlowQuery, "slow-query", time.Second, "log SQL taking at least this long at warn level (0: never)")
	fs.DurationVar(&c.DBWaitTimeout, "db-wait-timeout", 2*time.Second, "longest wait for a free database connection before 503")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 10*time.Second, "on SIGTERM/SIGINT, how long in-flight requests may take to finish")
	fs.StringVar(&c.AdminToken, "admin-token", "", "bearer token for POST /admin/reload (the route is off without it)")
	fs.IntVar(&c.MaxBodyBytes, "max-body-bytes", 8<<20, "largest request body accepted (413 past it)")
	fs.IntVar(&c.MaxBatchRequests, "max-batch-requests", 100, "most requests one $batch may hold, change-set members included (413 past it)")
	fs.IntVar(&c.MaxConcurrent, "max-concurrent", 256, "most OData requests served at once (429 past it; 0: unlimited)")
	fs.IntVar(&c.MaxConcurrentPerPrincipal, "max-concurrent-per-principal", 0, "most OData requests one principal (or anonymous client IP) may have in flight (429 past it; 0: unlimited)")
	fs.StringVar(&c.TLSCert, "tls-cert", "", "PEM certificate (chain) file: serve HTTPS (reloaded when the file changes)")
	fs.StringVar(&c.TLSKey, "tls-key", "", "PEM private key file for -tls-cert")
	fs.BoolVar(&c.CheckConfig, "check-config", false, "validate the settings, print the entity sets that would be served, and exit")
	fs.BoolVar(&c.CSRF, "csrf", false, "require an anti-CSRF token on writes (GET with '<csrf-header>: Fetch' returns one)")
	fs.StringVar(&c.CSRFHeader, "csrf-header", "X-CSRF-Token", "header carrying the anti-CSRF token (Salesforce: Anti-CSRF Token Name)")
	fs.StringVar(&c.CSRFSecret, "csrf-secret", "", "HMAC secret for CSRF tokens, shared by replicas (default: random at start)")
	c.changeFlags(fs)
	fs.DurationVar(&c.CSRFTTL, "csrf-ttl", 30*time.Minute, "lifetime of a CSRF token")
	fs.StringVar(&c.TokenSecret, "token-secret", "", "HMAC secret of next-link $skiptoken values, shared by replicas (default: -csrf-secret, else random at start)")
	fs.Var(&c.BasicAuth, "basic-auth", "HTTP Basic users as user:password or user:<bcrypt hash>; repeatable, comma-separated")
	fs.StringVar(&c.JWTJWKSURL, "jwt-jwks-url", "", "JWKS URL of the OAuth 2.0 issuer: accept bearer JWTs signed by its keys (refreshed)")
	fs.StringVar(&c.JWTJWKSFile, "jwt-jwks-file", "", "JWKS file: accept bearer JWTs signed by its keys (offline alternative to -jwt-jwks-url)")
	fs.StringVar(&c.JWTIssuer, "jwt-issuer", "", "required iss claim of bearer JWTs")
	fs.StringVar(&c.JWTAudience, "jwt-audience", "", "required aud claim of bearer JWTs")
	c.JWTAlgorithms = List{"RS256", "ES256"}
	fs.Var(&c.JWTAlgorithms, "jwt-algorithms", "accepted JWT signature algorithms, comma-separated (default RS256,ES256)")
	fs.StringVar(&c.APIKeyHeader, "api-key-header", "X-API-Key", "header carrying an API key")
	fs.Var(&c.APIKeys, "api-keys", "API keys as name:key (key at least 16 characters); repeatable, comma-separated")
	return fs
}

// Load reads the settings: defaults, then the YAML file, then ODATAGW_* variables from
// getenv, then args. Usage and errors are written to out.
func Load(args []string, getenv func(string) string, out io.Writer) (*Config, error) {
	c := &Config{}
	fs := newFlagSet(c, out)
	// The file is named by a flag or the environment, so find it first.
	file := getenv(EnvName("config"))
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "config" && strings.HasPrefix(a, "-") {
			if hasVal {
				file = val
			} else if i+1 < len(args) {
				file = args[i+1]
			}
		}
	}
	explicit := map[string]bool{} // settings given by the file, the environment or a flag
	if file != "" {
		keys, err := c.readFile(file)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			explicit[k] = true
		}
	}
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if v := getenv(EnvName(f.Name)); v != "" && envErr == nil {
			explicit[f.Name] = true
			clearMulti(f)
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s: %v", EnvName(f.Name), err)
			}
		}
	})
	if envErr != nil {
		return nil, envErr
	}
	fs.VisitAll(func(f *flag.Flag) {
		for _, a := range args {
			if name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); strings.HasPrefix(a, "-") && name == f.Name {
				clearMulti(f)
			}
		}
	})
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	if c.Profile == "salesforce" && !explicit["null-as-blank"] {
		c.NullAsBlank = true // Salesforce treats empty text as null (see the contract)
	}
	c.ConfigFile = file
	return c, c.Validate()
}

// clearMulti empties a repeatable flag before a new source sets it.
func clearMulti(f *flag.Flag) {
	if m, ok := f.Value.(*Multi); ok {
		*m = nil
	}
}

// readFile decodes the YAML file into c and returns the top-level keys it set.
func (c *Config) readFile(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config file %s: %v", path, err)
	}
	var top map[string]any
	_ = yaml.Unmarshal(data, &top) // it decoded above, so this cannot fail
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	return keys, nil
}

// Validate checks the settings and normalizes a few of them.
func (c *Config) Validate() error {
	// Which names -driver accepts is the adapters registry's to say; app checks it
	// (config must not import the adapters, and through them every SQL driver).
	if c.Driver == "" && c.DSN != "" {
		return errors.New("-dsn needs -driver (odatagw -help lists the drivers)")
	}
	if c.Driver != "" && c.DSN == "" {
		return fmt.Errorf("-driver %s needs -dsn", c.Driver)
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("-listen %q: %v", c.Listen, err)
	}
	c.BasePath = "/" + strings.Trim(c.BasePath, "/")
	if c.BasePath == "/" {
		c.BasePath = ""
	}
	switch strings.TrimSpace(c.V2BasePath) {
	case "off":
		c.V2BasePath = "off"
	case "":
		c.V2BasePath = c.BasePath + "/v2"
	default:
		c.V2BasePath = "/" + strings.Trim(c.V2BasePath, "/")
		if c.V2BasePath == "/" || c.V2BasePath == c.BasePath {
			return fmt.Errorf("-v2-base-path %q must differ from the 4.0 root", c.V2BasePath)
		}
	}
	if c.PublicURL != "" {
		if !strings.HasPrefix(c.PublicURL, "http://") && !strings.HasPrefix(c.PublicURL, "https://") {
			return fmt.Errorf("-public-url %q must be an absolute http(s) URL", c.PublicURL)
		}
		if !strings.HasSuffix(c.PublicURL, "/") {
			c.PublicURL += "/"
		}
	}
	if c.MaxPageSize < 1 {
		return fmt.Errorf("-max-page-size must be at least 1, not %d", c.MaxPageSize)
	}
	if c.QueryTimeout <= 0 {
		return fmt.Errorf("-query-timeout must be positive, not %s", c.QueryTimeout)
	}
	if c.MaxFilterNodes < 1 {
		return fmt.Errorf("-max-filter-nodes must be at least 1")
	}
	if c.MaxFilterDepth < 1 || c.MaxFilterDepth > 10000 {
		return fmt.Errorf("-max-filter-depth must be between 1 and 10000")
	}
	if c.MaxExpandDepth < 1 || c.MaxExpandDepth > 10 {
		return fmt.Errorf("-max-expand-depth must be between 1 and 10")
	}
	if c.MetricsListen != "" && c.MetricsListen != "off" {
		if _, _, err := net.SplitHostPort(c.MetricsListen); err != nil {
			return fmt.Errorf("-metrics-listen %q: %v", c.MetricsListen, err)
		}
	}
	if c.SlowQuery < 0 || c.DBWaitTimeout < 0 || c.ShutdownTimeout < 0 {
		return errors.New("-slow-query, -db-wait-timeout and -shutdown-timeout must not be negative")
	}
	if c.MaxBatchRequests < 1 {
		return fmt.Errorf("-max-batch-requests must be at least 1, not %d", c.MaxBatchRequests)
	}
	if c.MaxBodyBytes < 1 {
		return fmt.Errorf("-max-body-bytes must be at least 1, not %d", c.MaxBodyBytes)
	}
	if c.MaxConcurrent < 0 || c.MaxConcurrentPerPrincipal < 0 {
		return errors.New("-max-concurrent and -max-concurrent-per-principal must not be negative")
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return errors.New("-tls-cert and -tls-key go together")
	}
	if c.CacheTTL < 0 {
		return fmt.Errorf("-cache-ttl must not be negative, not %s", c.CacheTTL)
	}
	if c.CacheMaxBytes < 1<<20 {
		return fmt.Errorf("-cache-max-bytes must be at least 1048576 (1 MB), not %d", c.CacheMaxBytes)
	}
	if c.MaxPageBytes < 4<<10 {
		return fmt.Errorf("-max-page-bytes must be at least 4096, not %d", c.MaxPageBytes)
	}
	for name, t := range c.Tables {
		if t.CacheTTL != nil && *t.CacheTTL < 0 {
			return fmt.Errorf("tables.%s.cache-ttl must not be negative", name)
		}
	}
	switch c.Profile {
	case "", "salesforce":
	default:
		return fmt.Errorf("-profile %q is not one of: salesforce", c.Profile)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("-log-level %q is not one of debug, info, warn, error", c.LogLevel)
	}
	switch c.LogFormat {
	case "", "json", "text":
	default:
		return fmt.Errorf("-log-format %q is not json or text", c.LogFormat)
	}
	if err := c.validateChanges(); err != nil {
		return err
	}
	if err := c.validateSalesforce(); err != nil { // salesforce.go
		return err
	}
	return c.validateAuth()
}

// validateAuth checks the CSRF and authentication settings. Messages never repeat a
// secret.
func (c *Config) validateAuth() error {
	if c.CSRFHeader == "" {
		c.CSRFHeader = "X-CSRF-Token"
	}
	if !validHeaderName(c.CSRFHeader) {
		return fmt.Errorf("-csrf-header %q is not a valid header name", c.CSRFHeader)
	}
	if c.CSRFSecret != "" && len(c.CSRFSecret) < 16 {
		return errors.New("-csrf-secret must be at least 16 bytes")
	}
	if c.TokenSecret != "" && len(c.TokenSecret) < 16 {
		return errors.New("-token-secret must be at least 16 bytes")
	}
	if c.CSRFTTL <= 0 {
		return fmt.Errorf("-csrf-ttl must be positive, not %s", c.CSRFTTL)
	}
	for i, u := range c.BasicAuth {
		user, pass, ok := strings.Cut(u, ":")
		if !ok || user == "" || pass == "" {
			return fmt.Errorf("-basic-auth item %d must be user:password or user:<bcrypt hash>", i+1)
		}
	}
	if c.APIKeyHeader == "" {
		c.APIKeyHeader = "X-API-Key"
	}
	if !validHeaderName(c.APIKeyHeader) {
		return fmt.Errorf("-api-key-header %q is not a valid header name", c.APIKeyHeader)
	}
	for i, k := range c.APIKeys {
		name, key, ok := strings.Cut(k, ":")
		if !ok || name == "" || len(key) < 16 {
			return fmt.Errorf("-api-keys item %d must be name:key with a key of at least 16 characters", i+1)
		}
	}
	if c.JWTJWKSURL != "" && c.JWTJWKSFile != "" {
		return errors.New("give -jwt-jwks-url or -jwt-jwks-file, not both")
	}
	if c.JWTJWKSURL != "" && !strings.HasPrefix(c.JWTJWKSURL, "https://") && !strings.HasPrefix(c.JWTJWKSURL, "http://") {
		return fmt.Errorf("-jwt-jwks-url %q must be an http(s) URL", c.JWTJWKSURL)
	}
	if c.JWT() {
		if c.JWTIssuer == "" || c.JWTAudience == "" {
			return errors.New("bearer JWTs need -jwt-issuer and -jwt-audience (tokens of any issuer or audience would be accepted otherwise)")
		}
		if len(c.JWTAlgorithms) == 0 {
			return errors.New("-jwt-algorithms is empty")
		}
		for _, a := range c.JWTAlgorithms {
			if !slices.Contains(jwtAlgorithms, a) {
				return fmt.Errorf("-jwt-algorithms: %q is not one of %s", a, strings.Join(jwtAlgorithms, ", "))
			}
		}
	}
	return nil
}

// JWT reports whether bearer JWTs are accepted.
func (c *Config) JWT() bool { return c.JWTJWKSURL != "" || c.JWTJWKSFile != "" }

// AuthConfigured reports whether any authentication scheme is configured.
func (c *Config) AuthConfigured() bool {
	return len(c.BasicAuth) > 0 || len(c.APIKeys) > 0 || c.JWT()
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
			return false
		}
	}
	return true
}

// Loopback reports whether the listen address is a loopback address.
func (c *Config) Loopback() bool {
	host, _, err := net.SplitHostPort(c.Listen)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Usage writes the flag list to w.
func Usage(w io.Writer) {
	fs := newFlagSet(&Config{}, w)
	fmt.Fprintln(w, "Usage: odatagw [flags]\n\nEvery flag can also be set by an ODATAGW_<FLAG> environment variable or in the -config YAML file.\n\nFlags:")
	fs.PrintDefaults()
}
