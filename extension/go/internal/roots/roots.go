// Package roots verifies TLS server certificates against the system's root certificates, found where
// crypto/x509 finds them on Linux (SSL_CERT_FILE, SSL_CERT_DIR, the distributions' bundle files and
// certificate directories), but without parsing every root up front: the bundles are indexed by subject, and
// only the roots a server's chain names are parsed. Loading the whole system pool costs tens of milliseconds of
// CPU, which at a 128 MB function's share of a vCPU is several hundred milliseconds on the first request.
package roots

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The files and directories crypto/x509 reads on Linux (root_linux.go); the first file found is used.
var (
	defaultFiles = []string{
		"/etc/ssl/certs/ca-certificates.crt",                // Debian, Ubuntu, Gentoo
		"/etc/pki/tls/certs/ca-bundle.crt",                  // Amazon Linux, Fedora, RHEL 6
		"/etc/ssl/ca-bundle.pem",                            // OpenSUSE
		"/etc/pki/tls/cacert.pem",                           // OpenELEC
		"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // CentOS, RHEL 7
		"/etc/ssl/cert.pem",                                 // Alpine
	}
	defaultDirs = []string{"/etc/ssl/certs", "/etc/pki/tls/certs"}
)

// Store is the system's roots, indexed by subject on first use.
type Store struct {
	files []string
	dirs  []string

	once      sync.Once
	bySubject map[string][]location
	count     int
}

// location is where a root's PEM block is: kept instead of the certificate, so the index stays a few KB.
type location struct {
	path   string
	offset int
}

// System finds the roots as crypto/x509 does: SSL_CERT_FILE replaces the bundle files, SSL_CERT_DIR (a list
// separated by colons) replaces the directories.
func System(getenv func(string) string) *Store {
	s := &Store{files: defaultFiles, dirs: defaultDirs}
	if f := getenv("SSL_CERT_FILE"); f != "" {
		s.files = []string{f}
	}
	if d := getenv("SSL_CERT_DIR"); d != "" {
		s.dirs = strings.Split(d, ":")
	}
	return s
}

// Count is the number of distinct roots found (indexing them if not done yet).
func (s *Store) Count() int {
	s.once.Do(s.index)
	return s.count
}

func (s *Store) index() {
	s.bySubject = map[string][]location{}
	seen := map[[32]byte]bool{}
	add := func(path string, data []byte) {
		for rest := data; len(rest) > 0; {
			offset := len(data) - len(rest)
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				return
			}
			if block.Type != "CERTIFICATE" || len(block.Headers) != 0 {
				continue
			}
			sum := sha256.Sum256(block.Bytes)
			subject, err := subjectOf(block.Bytes)
			if err != nil || seen[sum] {
				continue
			}
			seen[sum] = true
			s.bySubject[string(subject)] = append(s.bySubject[string(subject)], location{path, offset})
			s.count++
		}
	}
	for _, file := range s.files {
		if data, err := os.ReadFile(file); err == nil {
			add(file, data)
			break
		}
	}
	for _, dir := range s.dirs {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			path := filepath.Join(dir, e.Name())
			// Like crypto/x509: a link to a file in the same directory is read through that file already.
			if e.Type()&os.ModeSymlink != 0 {
				if target, err := os.Readlink(path); err == nil && !strings.Contains(target, "/") {
					continue
				}
			}
			if data, err := os.ReadFile(path); err == nil {
				add(path, data)
			}
		}
	}
}

// subjectOf reads a certificate's subject (DER) without parsing the rest of it.
func subjectOf(der []byte) ([]byte, error) {
	var cert struct {
		TBS struct {
			Version  int `asn1:"optional,explicit,default:0,tag:0"`
			Serial   asn1.RawValue
			SigAlg   asn1.RawValue
			Issuer   asn1.RawValue
			Validity asn1.RawValue
			Subject  asn1.RawValue
		}
	}
	if _, err := asn1.Unmarshal(der, &cert); err != nil {
		return nil, err
	}
	return cert.TBS.Subject.FullBytes, nil
}

// pool holds the roots that issued any certificate of chain, read and parsed now.
func (s *Store) pool(chain []*x509.Certificate) *x509.CertPool {
	s.once.Do(s.index)
	p := x509.NewCertPool()
	files := map[string][]byte{}
	for _, c := range chain {
		for _, loc := range s.bySubject[string(c.RawIssuer)] {
			data, ok := files[loc.path]
			if !ok {
				data, _ = os.ReadFile(loc.path)
				files[loc.path] = data
			}
			if loc.offset >= len(data) {
				continue
			}
			if block, _ := pem.Decode(data[loc.offset:]); block != nil {
				if root, err := x509.ParseCertificate(block.Bytes); err == nil {
					p.AddCert(root)
				}
			}
		}
	}
	return p
}

// VerifyConnection checks a server's chain for host the way crypto/tls does (chain to a root, validity, name),
// for a tls.Config whose own verification is switched off in favour of this one.
func (s *Store) VerifyConnection(host string) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		chain := cs.PeerCertificates
		if len(chain) == 0 {
			return errors.New("tls: the server sent no certificate")
		}
		intermediates := x509.NewCertPool()
		for _, c := range chain[1:] {
			intermediates.AddCert(c)
		}
		_, err := chain[0].Verify(x509.VerifyOptions{
			DNSName:       host,
			Intermediates: intermediates,
			Roots:         s.pool(chain),
			KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		})
		if err != nil {
			return &VerificationError{Err: err}
		}
		return nil
	}
}

// VerificationError is a server certificate that does not verify; Err is crypto/x509's reason.
type VerificationError struct {
	Err error
}

func (e *VerificationError) Error() string {
	return "tls: failed to verify certificate: " + e.Err.Error()
}

// Unwrap gives crypto/x509's error, for errors.As.
func (e *VerificationError) Unwrap() error { return e.Err }

// Config is a client TLS configuration verifying host against the store.
func (s *Store) Config(host string) *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		// The standard verification would load every system root at once; VerifyConnection does the same checks
		// with only the roots this server's chain names.
		InsecureSkipVerify: true,
		VerifyConnection:   s.VerifyConnection(host),
		ServerName:         host,
	}
}
