package kinesis

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"rightsizer/extension/internal/roots"
	"rightsizer/extension/internal/sigv4"
	"rightsizer/extension/internal/stats"
)

// staticCreds hands out fixed credentials and counts invalidations.
type staticCreds struct {
	mu          sync.Mutex
	creds       []sigv4.Credentials
	invalidated int
}

func (s *staticCreds) Get(context.Context) (sigv4.Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.invalidated < len(s.creds) {
		return s.creds[s.invalidated], nil
	}
	return s.creds[len(s.creds)-1], nil
}

func (s *staticCreds) Invalidate() {
	s.mu.Lock()
	s.invalidated++
	s.mu.Unlock()
}

func testCreds() *staticCreds {
	return &staticCreds{creds: []sigv4.Credentials{{AccessKeyID: "ASIAONE", SecretAccessKey: "s1", SessionToken: "t1"},
		{AccessKeyID: "ASIATWO", SecretAccessKey: "s2", SessionToken: "t2"}}}
}

// action is what the fake does with one request.
type action int

const (
	answer action = iota // answer 200 with every record stored
	reset                // reset the connection (RST), nothing stored
	hang                 // never answer
	drop                 // store, then close without an answer
)

// request is what the fake saw.
type request struct {
	conn   int
	reused bool
	header http.Header
	body   map[string]any
	action action
}

// fake is a socket-level PutRecords endpoint whose behaviour per request is scripted.
type fake struct {
	ln     net.Listener
	script func(n int, reused bool) action
	mu     sync.Mutex
	seen   []request
	done   chan struct{}
}

func newFake(t *testing.T, script func(n int, reused bool) action) *fake {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fake{ln: ln, script: script, done: make(chan struct{})}
	t.Cleanup(func() { close(f.done); ln.Close() })
	go func() {
		for conn := 1; ; conn++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c, conn)
		}
	}()
	return f
}

func (f *fake) url() *url.URL { return &url.URL{Scheme: "http", Host: f.ln.Addr().String(), Path: "/"} }

func (f *fake) requests() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]request(nil), f.seen...)
}

func (f *fake) serve(c net.Conn, conn int) {
	defer c.Close()
	r := bufio.NewReader(c)
	for served := 0; ; served++ {
		req, err := http.ReadRequest(r)
		if err != nil {
			return
		}
		raw, _ := io.ReadAll(req.Body)
		var body map[string]any
		json.Unmarshal(raw, &body)
		f.mu.Lock()
		n := len(f.seen)
		act := f.script(n, served > 0)
		f.seen = append(f.seen, request{conn: conn, reused: served > 0, header: req.Header, body: body, action: act})
		f.mu.Unlock()
		switch act {
		case reset:
			c.(*net.TCPConn).SetLinger(0)
			return
		case hang:
			<-f.done
			return
		case drop:
			return
		}
		records := body["Records"].([]any)
		out := `{"FailedRecordCount":0,"Records":[`
		for i := range records {
			if i > 0 {
				out += ","
			}
			out += fmt.Sprintf(`{"SequenceNumber":"%d","ShardId":"shardId-000000000000"}`, i)
		}
		out += `]}`
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: %d\r\n\r\n%s", len(out), out)
	}
}

func newTestClient(endpoint *url.URL, stream string, creds CredentialSource, idle time.Duration) (*Client, *stats.Counters) {
	counters := &stats.Counters{}
	return NewClient(endpoint, stream, "eu-west-1", creds, nil, idle, counters), counters
}

// within is a context with d left, released when the test ends.
func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestACallCarriesTheRecordsSignedForKinesis(t *testing.T) {
	f := newFake(t, func(int, bool) action { return answer })
	c, counters := newTestClient(f.url(), "rightsizer-telemetry", testCreds(), time.Minute)

	codes, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte(`{"v":1}`), []byte("two")}, "orders-api")

	if err != nil || len(codes) != 2 || codes[0] != "" || codes[1] != "" {
		t.Fatalf("codes %v err %v", codes, err)
	}
	req := f.requests()[0]
	if req.header.Get("X-Amz-Target") != "Kinesis_20131202.PutRecords" || req.header.Get("Content-Type") != "application/x-amz-json-1.1" ||
		req.header.Get("X-Amz-Security-Token") != "t1" ||
		!strings.HasPrefix(req.header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=ASIAONE/") ||
		!strings.Contains(req.header.Get("Authorization"), "/eu-west-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ") {
		t.Errorf("headers %v", req.header)
	}
	if req.body["StreamName"] != "rightsizer-telemetry" {
		t.Errorf("body %v", req.body)
	}
	first := req.body["Records"].([]any)[0].(map[string]any)
	data, _ := base64.StdEncoding.DecodeString(first["Data"].(string))
	if string(data) != `{"v":1}` || first["PartitionKey"] != "orders-api" {
		t.Errorf("record %v", first)
	}
	if counters.PutCalls.Load() != 1 || counters.Retries.Load() != 0 {
		t.Errorf("calls %d retries %d", counters.PutCalls.Load(), counters.Retries.Load())
	}
}

func TestAStreamARNIsSentAsStreamARN(t *testing.T) {
	f := newFake(t, func(int, bool) action { return answer })
	c, _ := newTestClient(f.url(), "arn:aws:kinesis:eu-west-1:123456789012:stream/t", testCreds(), time.Minute)
	if _, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte("x")}, "k"); err != nil {
		t.Fatal(err)
	}
	if body := f.requests()[0].body; body["StreamARN"] != "arn:aws:kinesis:eu-west-1:123456789012:stream/t" || body["StreamName"] != nil {
		t.Errorf("body %v", body)
	}
}

func TestAFaultOnTheConnectionIsRetriedOnceOnAFreshOne(t *testing.T) {
	tests := []struct {
		name  string
		fault action
	}{
		{"reset", reset},
		{"no answer", hang},
		{"answer dropped after storing", drop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The first request works and keeps its connection; the second, on that kept-alive connection, fails.
			f := newFake(t, func(n int, reused bool) action {
				if n == 1 {
					return tt.fault
				}
				return answer
			})
			c, counters := newTestClient(f.url(), "s", testCreds(), time.Minute)
			if _, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte("1")}, "k"); err != nil {
				t.Fatal(err)
			}

			start := time.Now()
			codes, err := c.PutRecords(within(t, 600*time.Millisecond), [][]byte{[]byte("2")}, "k")

			if err != nil || len(codes) != 1 {
				t.Fatalf("codes %v err %v", codes, err)
			}
			reqs := f.requests()
			if len(reqs) != 3 || !reqs[1].reused || reqs[2].reused || reqs[2].conn == reqs[1].conn {
				t.Errorf("requests %+v", reqs)
			}
			if counters.Retries.Load() != 1 {
				t.Errorf("retries %d", counters.Retries.Load())
			}
			if tt.fault == hang && time.Since(start) > 600*time.Millisecond {
				t.Errorf("took %v, beyond the deadline", time.Since(start))
			}
		})
	}
}

func TestAConnectionThatKeepsHangingGivesUpAtTheDeadline(t *testing.T) {
	f := newFake(t, func(int, bool) action { return hang })
	c, _ := newTestClient(f.url(), "s", testCreds(), time.Minute)

	start := time.Now()
	_, err := c.PutRecords(within(t, 300*time.Millisecond), [][]byte{[]byte("1")}, "k")

	var call *CallError
	if !errors.As(err, &call) || call.Kind != "timeout" || !call.Retryable {
		t.Fatalf("err %v", err)
	}
	if elapsed := time.Since(start); elapsed < 250*time.Millisecond || elapsed > 400*time.Millisecond {
		t.Errorf("gave up after %v", elapsed)
	}
	if len(f.requests()) != 2 {
		t.Errorf("%d requests, want the first and one on a fresh connection", len(f.requests()))
	}
}

func TestAConnectionIdleForLongerThanANATKeepsItIsDroppedBeforeUse(t *testing.T) {
	f := newFake(t, func(int, bool) action { return answer })
	c, counters := newTestClient(f.url(), "s", testCreds(), 50*time.Millisecond)
	clock := time.Now()
	c.now = func() time.Time { return clock }
	c.PutRecords(within(t, time.Second), [][]byte{[]byte("1")}, "k")
	c.PutRecords(within(t, time.Second), [][]byte{[]byte("2")}, "k")

	clock = clock.Add(51 * time.Millisecond)
	c.PutRecords(within(t, time.Second), [][]byte{[]byte("3")}, "k")

	reqs := f.requests()
	if !reqs[1].reused || reqs[2].reused || counters.IdleDrops.Load() != 1 {
		t.Errorf("reused %v %v, idle drops %d", reqs[1].reused, reqs[2].reused, counters.IdleDrops.Load())
	}
}

func TestServiceErrorsAreClassified(t *testing.T) {
	tests := []struct {
		status    int
		body      string
		kind      string
		retryable bool
	}{
		{500, `{"__type":"InternalFailure","message":"We encountered an internal error."}`, "InternalFailure", true},
		{503, ``, "Service Unavailable", true},
		{400, `{"__type":"ProvisionedThroughputExceededException","message":"Rate exceeded"}`, "ProvisionedThroughputExceededException", true},
		{400, `{"__type":"com.amazonaws.kinesis#LimitExceededException","Message":"limit"}`, "LimitExceededException", true},
		{400, `{"__type":"ResourceNotFoundException","message":"Stream s not found"}`, "ResourceNotFoundException", false},
		{400, `{"__type":"AccessDeniedException"}`, "AccessDeniedException", false},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			u, _ := url.Parse(srv.URL)
			c, counters := newTestClient(u, "s", testCreds(), time.Minute)

			_, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte("1")}, "k")

			var call *CallError
			if !errors.As(err, &call) || call.Kind != tt.kind || call.Retryable != tt.retryable || call.Status != tt.status {
				t.Errorf("err %#v", err)
			}
			if counters.PutCalls.Load() != 1 {
				t.Errorf("%d calls: a service error is not retried on a fresh connection", counters.PutCalls.Load())
			}
		})
	}
}

func TestExpiredCredentialsAreRenewedAndTheCallSentAgain(t *testing.T) {
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys = append(keys, strings.SplitN(strings.TrimPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential="), "/", 2)[0])
		if len(keys) == 1 {
			w.WriteHeader(400)
			io.WriteString(w, `{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}`)
			return
		}
		io.WriteString(w, `{"FailedRecordCount":0,"Records":[{"SequenceNumber":"1"}]}`)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	creds := testCreds()
	c, _ := newTestClient(u, "s", creds, time.Minute)

	_, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte("1")}, "k")

	if err != nil || creds.invalidated != 1 || fmt.Sprint(keys) != "[ASIAONE ASIATWO]" {
		t.Errorf("err %v invalidated %d keys %v", err, creds.invalidated, keys)
	}
}

func TestAnEndpointWhoseCertificateIsNotTrustedIsNeverRetried(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("an untrusted server got the request")
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c, counters := newTestClient(u, "s", testCreds(), time.Minute)

	_, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte("1")}, "k")

	var call *CallError
	if !errors.As(err, &call) || call.Kind != "certificate" || call.Retryable || counters.PutCalls.Load() != 1 {
		t.Errorf("err %v calls %d", err, counters.PutCalls.Load())
	}
}

func TestATrustedEndpointIsReachedOverTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"FailedRecordCount":1,"Records":[{"SequenceNumber":"1"},{"ErrorCode":"ProvisionedThroughputExceededException"}]}`)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	c, _ := newTestClient(u, "s", testCreds(), time.Minute)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	c.transport.TLSClientConfig = &tls.Config{RootCAs: pool}

	codes, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte("1"), []byte("2")}, "k")

	if err != nil || fmt.Sprint(codes) != "[ ProvisionedThroughputExceededException]" {
		t.Errorf("codes %q err %v", codes, err)
	}
}

func TestTheEndpointIsVerifiedAgainstTheRootsSSLCertFileNames(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"FailedRecordCount":0,"Records":[{"SequenceNumber":"1"}]}`)
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "roots.pem")
	os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644)
	trusted := roots.System(func(name string) string {
		return map[string]string{"SSL_CERT_FILE": file, "SSL_CERT_DIR": t.TempDir()}[name]
	})
	u, _ := url.Parse(srv.URL)
	c := NewClient(u, "s", "eu-west-1", testCreds(), trusted, time.Minute, &stats.Counters{})

	if _, err := c.PutRecords(within(t, time.Second), [][]byte{[]byte("1")}, "k"); err != nil {
		t.Fatal(err)
	}
	if trusted.Count() != 1 {
		t.Errorf("%d roots", trusted.Count())
	}
}
