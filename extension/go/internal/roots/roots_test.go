package roots

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// authority is a test CA that can sign server certificates.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

var serial int64

func newAuthority(t *testing.T, name string) *authority {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial++
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &authority{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// serve starts a TLS server for 127.0.0.1 whose certificate the authority signed, valid until notAfter.
func (a *authority) serve(t *testing.T, notAfter time.Time) *httptest.Server {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial++
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: "kinesis.test"},
		NotBefore: time.Now().Add(-2 * time.Hour), NotAfter: notAfter, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func get(store *Store, srv *httptest.Server, host string) error {
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: store.Config(host)}}
	resp, err := client.Get(srv.URL)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

func env(values map[string]string) func(string) string {
	return func(n string) string { return values[n] }
}

func write(t *testing.T, path string, data ...[]byte) string {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(strings.Join(func() []string {
		var s []string
		for _, d := range data {
			s = append(s, string(d))
		}
		return s
	}(), "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAServerWhoseChainEndsAtARootOfTheBundleFileIsTrusted(t *testing.T) {
	ca, other := newAuthority(t, "Test Root"), newAuthority(t, "Other Root")
	srv := ca.serve(t, time.Now().Add(time.Hour))
	bundle := write(t, filepath.Join(t.TempDir(), "bundle.pem"), other.pem, ca.pem)
	store := System(env(map[string]string{"SSL_CERT_FILE": bundle, "SSL_CERT_DIR": t.TempDir()}))

	if err := get(store, srv, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if store.Count() != 2 {
		t.Errorf("indexed %d roots", store.Count())
	}
}

func TestRootsInTheCertificateDirectoriesCountTooAndEachOnlyOnce(t *testing.T) {
	ca := newAuthority(t, "Dir Root")
	srv := ca.serve(t, time.Now().Add(time.Hour))
	dir := t.TempDir()
	write(t, filepath.Join(dir, "dir-root.pem"), ca.pem)
	write(t, filepath.Join(dir, "bundle.crt"), ca.pem, []byte("-----BEGIN TRUSTED CERTIFICATE-----\nAAAA\n-----END TRUSTED CERTIFICATE-----\n"), []byte("junk\n"))
	// Hash links beside the files, as c_rehash makes them: read through their targets only.
	os.Symlink("dir-root.pem", filepath.Join(dir, "abcd1234.0"))
	store := System(env(map[string]string{"SSL_CERT_FILE": filepath.Join(dir, "missing.pem"), "SSL_CERT_DIR": dir}))

	if err := get(store, srv, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if store.Count() != 1 {
		t.Errorf("indexed %d roots, want 1", store.Count())
	}
}

func TestVerificationRefusesWhatCryptoTLSRefuses(t *testing.T) {
	ca, stranger := newAuthority(t, "Trusted Root"), newAuthority(t, "Stranger Root")
	bundle := write(t, filepath.Join(t.TempDir(), "bundle.pem"), ca.pem)
	store := System(env(map[string]string{"SSL_CERT_FILE": bundle, "SSL_CERT_DIR": t.TempDir()}))
	tests := []struct {
		name string
		srv  *httptest.Server
		host string
		want any
	}{
		{"an unknown authority", stranger.serve(t, time.Now().Add(time.Hour)), "127.0.0.1", x509.UnknownAuthorityError{}},
		{"another host name", ca.serve(t, time.Now().Add(time.Hour)), "kinesis.eu-west-1.amazonaws.com", x509.HostnameError{}},
		{"an expired certificate", ca.serve(t, time.Now().Add(-time.Hour)), "127.0.0.1", x509.CertificateInvalidError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := get(store, tt.srv, tt.host)
			var verification *VerificationError
			if !errors.As(err, &verification) {
				t.Fatalf("err = %v", err)
			}
			switch tt.want.(type) {
			case x509.UnknownAuthorityError:
				var e x509.UnknownAuthorityError
				if !errors.As(err, &e) {
					t.Errorf("err = %v", err)
				}
			case x509.HostnameError:
				var e x509.HostnameError
				if !errors.As(err, &e) {
					t.Errorf("err = %v", err)
				}
			case x509.CertificateInvalidError:
				var e x509.CertificateInvalidError
				if !errors.As(err, &e) || e.Reason != x509.Expired {
					t.Errorf("err = %v", err)
				}
			}
		})
	}
}

func TestWithoutEnvironmentTheDistributionsFilesAndDirectoriesAreRead(t *testing.T) {
	store := System(env(nil))
	if store.files[0] != "/etc/ssl/certs/ca-certificates.crt" || len(store.dirs) != 2 {
		t.Errorf("files %v dirs %v", store.files, store.dirs)
	}
}

// The cost this package saves, on the machine that runs it: go test -bench . ./internal/roots/
func BenchmarkIndexingTheSystemRoots(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s := System(os.Getenv)
		if s.Count() == 0 {
			b.Skip("no system roots on this machine")
		}
	}
}

// crypto/x509's own pool parses every root; it caches it, so only the first iteration costs: -benchtime 1x.
func BenchmarkParsingEverySystemRoot(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := x509.SystemCertPool(); err != nil {
			b.Fatal(err)
		}
	}
}
