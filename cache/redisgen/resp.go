package redisgen

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The few Redis commands this package needs (AUTH, SELECT, EVAL, GET, PUBLISH,
// SUBSCRIBE, PING) speak RESP2 over one TCP (or TLS) connection each; a minimal client
// of our own keeps the subscription connection's ordering — messages and PING replies
// arrive in the order Redis processed them — in plain sight.

// Target is a parsed -redis-url.
type Target struct {
	Addr     string
	TLS      bool
	Username string
	Password string
	DB       int
	// Host is for the TLS server name.
	Host string
	// Prefix starts every key and channel name (?prefix=, default "odatagw").
	Prefix string
}

// ParseURL reads redis://[user:password@]host[:port][/db] or rediss:// (TLS).
// Errors never repeat the password.
func ParseURL(raw string) (Target, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Target{}, errors.New("-redis-url is not a URL (redis://[user:password@]host:port/db)")
	}
	var t Target
	switch u.Scheme {
	case "redis":
	case "rediss":
		t.TLS = true
	default:
		return Target{}, fmt.Errorf("-redis-url scheme %q is not redis or rediss", u.Scheme)
	}
	if u.Host == "" {
		return Target{}, errors.New("-redis-url has no host")
	}
	t.Host = u.Hostname()
	port := u.Port()
	if port == "" {
		port = "6379"
	}
	t.Addr = net.JoinHostPort(t.Host, port)
	if u.User != nil {
		t.Username = u.User.Username()
		t.Password, _ = u.User.Password()
		if t.Password == "" { // redis://:password@host or redis://password@host
			t.Password, t.Username = t.Username, ""
		}
	}
	if db := strings.Trim(u.Path, "/"); db != "" {
		n, err := strconv.Atoi(db)
		if err != nil || n < 0 {
			return Target{}, fmt.Errorf("-redis-url database %q is not a number", db)
		}
		t.DB = n
	}
	t.Prefix = "odatagw"
	for k, v := range u.Query() {
		if k != "prefix" || len(v) != 1 || v[0] == "" || strings.ContainsAny(v[0], " *?[]") {
			return Target{}, fmt.Errorf("-redis-url option %q is not prefix=NAME", k)
		}
		t.Prefix = v[0]
	}
	return t, nil
}

// conn is one RESP2 connection. It is not safe for concurrent use.
type conn struct {
	nc net.Conn
	r  *bufio.Reader
	w  *bufio.Writer
}

// redisError is an error reply (-ERR ...).
type redisError string

func (e redisError) Error() string { return "redis: " + string(e) }

func dial(ctx context.Context, t Target, timeout time.Duration) (*conn, error) {
	d := net.Dialer{Timeout: timeout, KeepAlive: 15 * time.Second}
	nc, err := d.DialContext(ctx, "tcp", t.Addr)
	if err != nil {
		return nil, err
	}
	if t.TLS {
		tc := tls.Client(nc, &tls.Config{ServerName: t.Host, MinVersion: tls.VersionTLS12})
		tc.SetDeadline(time.Now().Add(timeout))
		if err := tc.HandshakeContext(ctx); err != nil {
			nc.Close()
			return nil, err
		}
		nc = tc
	}
	c := &conn{nc: nc, r: bufio.NewReaderSize(nc, 16<<10), w: bufio.NewWriterSize(nc, 4<<10)}
	nc.SetDeadline(time.Now().Add(timeout))
	if t.Password != "" {
		args := []string{"AUTH", t.Password}
		if t.Username != "" {
			args = []string{"AUTH", t.Username, t.Password}
		}
		if _, err := c.do(args...); err != nil {
			nc.Close()
			return nil, errors.New("redis AUTH failed") // never the password
		}
	}
	if t.DB != 0 {
		if _, err := c.do("SELECT", strconv.Itoa(t.DB)); err != nil {
			nc.Close()
			return nil, err
		}
	}
	nc.SetDeadline(time.Time{})
	return c, nil
}

func (c *conn) close() { c.nc.Close() }

// send buffers one command.
func (c *conn) send(args ...string) {
	c.w.WriteByte('*')
	c.w.WriteString(strconv.Itoa(len(args)))
	c.w.WriteString("\r\n")
	for _, a := range args {
		c.w.WriteByte('$')
		c.w.WriteString(strconv.Itoa(len(a)))
		c.w.WriteString("\r\n")
		c.w.WriteString(a)
		c.w.WriteString("\r\n")
	}
}

// do sends one command and reads its reply.
func (c *conn) do(args ...string) (any, error) {
	c.send(args...)
	if err := c.w.Flush(); err != nil {
		return nil, err
	}
	return c.read()
}

// read reads one reply: string (simple or bulk), nil (null bulk), int64, []any, or a
// redisError as the error.
func (c *conn) read() (any, error) {
	line, err := c.r.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return nil, errors.New("redis: malformed reply")
	}
	body := string(line[1 : len(line)-2])
	switch line[0] {
	case '+':
		return body, nil
	case '-':
		return nil, redisError(body)
	case ':':
		return strconv.ParseInt(body, 10, 64)
	case '$':
		n, err := strconv.Atoi(body)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, nil
		}
		buf := make([]byte, n+2)
		if _, err := ioReadFull(c.r, buf); err != nil {
			return nil, err
		}
		return string(buf[:n]), nil
	case '*':
		n, err := strconv.Atoi(body)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, nil
		}
		out := make([]any, n)
		for i := range out {
			if out[i], err = c.read(); err != nil {
				var re redisError
				if !errors.As(err, &re) {
					return nil, err
				}
				out[i] = err
			}
		}
		return out, nil
	}
	return nil, errors.New("redis: unknown reply type")
}

func ioReadFull(r *bufio.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
