// Package redistest gives tests a Redis: the shared one named by
// ODATAGW_TEST_REDIS_URL (with a key prefix of their own), or a private redis-server on
// a free port that the test can kill and restart by its pid.
package redistest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// SharedURL is ODATAGW_TEST_REDIS_URL with a prefix unique to this call; the test
// skips when the variable is unset.
func SharedURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("ODATAGW_TEST_REDIS_URL")
	if u == "" {
		t.Skip("ODATAGW_TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/0): skipping the Redis test")
	}
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	prefix := UniquePrefix()
	t.Cleanup(func() { dropPrefix(u, prefix) })
	return u + sep + "prefix=" + prefix
}

// dropPrefix deletes the keys a test left under prefix (best effort).
func dropPrefix(rawURL, prefix string) {
	pu, err := url.Parse(rawURL)
	if err != nil {
		return
	}
	host := pu.Host
	if pu.Port() == "" {
		host += ":6379"
	}
	c, err := net.DialTimeout("tcp", host, time.Second)
	if err != nil {
		return
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	var cmds [][]string
	if pass, ok := pu.User.Password(); ok {
		cmds = append(cmds, []string{"AUTH", pu.User.Username(), pass})
	}
	if db := strings.Trim(pu.Path, "/"); db != "" {
		cmds = append(cmds, []string{"SELECT", db})
	}
	cmds = append(cmds, []string{"EVAL", "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0", "0", prefix + ":*"})
	var b strings.Builder
	for _, cmd := range cmds {
		fmt.Fprintf(&b, "*%d\r\n", len(cmd))
		for _, a := range cmd {
			fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
		}
	}
	c.Write([]byte(b.String()))
	buf := make([]byte, 256)
	for range cmds {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

// UniquePrefix is a key prefix no other test run uses.
func UniquePrefix() string {
	var b [6]byte
	rand.Read(b[:])
	return "odatagw_test_" + strconv.Itoa(os.Getpid()) + "_" + hex.EncodeToString(b[:])
}

// Server is a private redis-server.
type Server struct {
	t    testing.TB
	bin  string
	Port int
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts a private redis-server on a free loopback port, without persistence;
// the test skips when redis-server is not installed. Cleanup kills it.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed: the Redis outage test needs a private server")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, bin: bin, Port: ln.Addr().(*net.TCPAddr).Port}
	ln.Close()
	if err := s.Restart(); err != nil {
		t.Skipf("cannot start a private redis-server: %v", err)
	}
	t.Cleanup(s.Kill)
	return s
}

// URL is the server's URL with a fresh prefix.
func (s *Server) URL() string {
	return fmt.Sprintf("redis://127.0.0.1:%d/0?prefix=%s", s.Port, UniquePrefix())
}

// Restart starts the server again (after Kill) on the same port and waits until it
// accepts connections.
func (s *Server) Restart() error {
	dir := s.t.TempDir()
	s.cmd = exec.Command(s.bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(s.Port), "--save", "",
		"--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "warning")
	if err := s.cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	s.done = done
	go func() { s.cmd.Wait(); close(done) }()
	for range 200 {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.Port), time.Second)
		if err == nil {
			c.Write([]byte("PING\r\n"))
			buf := make([]byte, 7)
			c.SetReadDeadline(time.Now().Add(time.Second))
			n, _ := c.Read(buf)
			c.Close()
			if strings.HasPrefix(string(buf[:n]), "+PONG") {
				return nil
			}
		}
		select {
		case <-done:
			return fmt.Errorf("redis-server exited")
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("redis-server did not answer on port %d", s.Port)
}

// Kill ends the server by its pid (SIGKILL) and waits for it to exit.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	syscall.Kill(s.cmd.Process.Pid, syscall.SIGKILL)
	syscall.Kill(s.cmd.Process.Pid, syscall.SIGCONT) // a paused process dies on SIGKILL too; harmless
	<-s.done
}

// Pause stops the server without closing its connections (SIGSTOP): a hung Redis.
func (s *Server) Pause() { syscall.Kill(s.cmd.Process.Pid, syscall.SIGSTOP) }

// Resume continues a paused server (SIGCONT).
func (s *Server) Resume() { syscall.Kill(s.cmd.Process.Pid, syscall.SIGCONT) }
