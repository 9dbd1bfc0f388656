package app

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// writeCert writes a fresh self-signed certificate for 127.0.0.1 with common name cn
// and returns it.
func writeCert(t *testing.T, certFile, keyFile, cn string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	// Write to temporary names and rename, as a certificate manager would.
	for f, b := range map[string][]byte{
		certFile: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		keyFile:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}),
	} {
		if err := os.WriteFile(f+".tmp", b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(f+".tmp", f); err != nil {
			t.Fatal(err)
		}
	}
	cert, _ := x509.ParseCertificate(der)
	return cert
}

func TestTLSAndCertificateReload(t *testing.T) {
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	first := writeCert(t, certFile, keyFile, "first")
	flags, _ := sqliteSource(t)
	g, _ := startGateway(t, append(flags, "-tls-cert", certFile, "-tls-key", keyFile)...)
	if g.URL[:8] != "https://" {
		t.Fatalf("URL %s", g.URL)
	}
	pool := x509.NewCertPool()
	pool.AddCert(first)
	client := func(maxVersion uint16) *http.Client {
		return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true,
			TLSClientConfig: &tls.Config{RootCAs: pool, MaxVersion: maxVersion}}}
	}
	peer := func() string {
		res, err := client(0).Get(g.URL + "t?$top=1")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("status %d", res.StatusCode)
		}
		return res.TLS.PeerCertificates[0].Subject.CommonName
	}
	if cn := peer(); cn != "first" {
		t.Errorf("certificate %q", cn)
	}
	if _, err := client(tls.VersionTLS11).Get(g.URL); err == nil {
		t.Error("a TLS 1.1 client was accepted")
	}
	// HTTP/1.1 keep-alive over TLS: the second request reuses the connection.
	ka := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	reused := false
	for range 2 {
		req, _ := http.NewRequest("GET", g.URL+"t?$top=1", nil)
		req = req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
			GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused }}))
		res, err := ka.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.Proto != "HTTP/1.1" {
			t.Errorf("protocol %s", res.Proto)
		}
	}
	if !reused {
		t.Error("the TLS connection was not kept alive")
	}
	ka.CloseIdleConnections()

	second := writeCert(t, certFile, keyFile, "second")
	pool.AddCert(second)
	time.Sleep(1100 * time.Millisecond) // the files are checked at most once a second
	if cn := peer(); cn != "second" {
		t.Errorf("after rewriting the files the certificate is %q, want second", cn)
	}
}
