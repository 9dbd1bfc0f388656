package conn

import (
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// redactedError prints a message with the DSN removed; it still unwraps to the driver's
// error so that errors.Is (context.DeadlineExceeded, …) keeps working.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// Redact returns err prefixed by what (when what is not empty), with the DSN and the
// password found in it replaced by "[redacted]" in its text (see Scrub): url.Parse
// errors quote the whole URL, credentials included, and drivers may echo parts of it.
// The result unwraps to err. It is the one redaction of the gateway: app uses it
// through adapters.Redact.
func Redact(what string, err error, dsn string) error {
	msg := err.Error()
	if what != "" {
		msg = what + ": " + msg
	}
	return &redactedError{Scrub(msg, dsn), err}
}

// Scrub replaces in msg the DSN and every password it holds, in the forms a driver or
// a parser may print them, by "[redacted]". The passwords are found in
//   - the URL form (scheme://user:pass@host/…, and ?password=… in the query, as pgx
//     accepts);
//   - the go-sql-driver/mysql form (user:pass@tcp(host:3306)/db);
//   - key=value forms: ADO (password=…; pwd=…) and libpq (password=… or
//     password='…' separated by spaces).
//
// Each is also removed URL-escaped and Go-quoted. Strings under 4 characters are left
// alone: replacing them would mangle the message more than it hides.
func Scrub(msg, dsn string) string {
	if dsn == "" {
		return msg
	}
	var secrets []string
	add := func(s string) {
		if s == "" {
			return
		}
		secrets = append(secrets, s, url.QueryEscape(s), url.PathEscape(s), strings.Trim(strconv.Quote(s), `"`))
	}
	add(dsn)
	for _, p := range passwords(dsn) {
		add(p)
	}
	sort.Slice(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	return msg
}

// keyValuePassword matches password=… or pwd=… in the ADO and libpq key=value forms,
// the value quoted or running to the next ';' or space.
var keyValuePassword = regexp.MustCompile(`(?i)(?:^|[\s;])(?:password|pwd)\s*=\s*('(?:[^'\\]|\\.)*'|"[^"]*"|[^\s;]+)`)

// passwords returns the passwords dsn holds, in every form Scrub knows.
func passwords(dsn string) []string {
	var out []string
	if u, err := url.Parse(dsn); err == nil && strings.Contains(dsn, "://") {
		if u.User != nil {
			if p, ok := u.User.Password(); ok {
				out = append(out, p)
			}
		}
		for k, vs := range u.Query() {
			if strings.EqualFold(k, "password") {
				out = append(out, vs...)
			}
		}
	}
	if !strings.Contains(dsn, "://") { // go-sql-driver/mysql: [user[:pass]@][proto[(addr)]]/db
		head := dsn
		if i := strings.LastIndex(head, "/"); i >= 0 {
			head = head[:i]
		}
		if i := strings.LastIndex(head, "@"); i >= 0 {
			if _, p, ok := strings.Cut(head[:i], ":"); ok {
				out = append(out, p)
			}
		}
	}
	for _, m := range keyValuePassword.FindAllStringSubmatch(dsn, -1) {
		v := m[1]
		out = append(out, v)
		if len(v) >= 2 && (v[0] == '\'' || v[0] == '"') {
			inner := v[1 : len(v)-1]
			out = append(out, inner, strings.ReplaceAll(inner, `\'`, `'`))
		}
	}
	return out
}
