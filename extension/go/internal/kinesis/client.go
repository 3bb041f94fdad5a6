// Package kinesis ships stream records to Amazon Kinesis Data Streams with PutRecords (JSON protocol, SigV4),
// built for a process that Lambda freezes between events: a kept-alive connection idle for longer than a NAT
// would keep it is dropped before use, and a request hit by a reset or a timeout is sent once more on a fresh
// connection, within the caller's deadline.
package kinesis

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"rightsizer/extension/internal/report"
	"rightsizer/extension/internal/roots"
	"rightsizer/extension/internal/sigv4"
	"rightsizer/extension/internal/stats"
)

// CredentialSource hands out current credentials (credentials.Provider).
type CredentialSource interface {
	Get(ctx context.Context) (sigv4.Credentials, error)
	Invalidate()
}

// CallError is a PutRecords call that failed as a whole.
type CallError struct {
	// Kind names the fault: the service's error type (ProvisionedThroughputExceededException, ...) or a network
	// fault (timeout, connection reset, connection closed, certificate, ...).
	Kind string
	// Status is the HTTP status, 0 when no answer came.
	Status int
	// Message is the service's or the network's own message.
	Message string
	// Retryable says whether sending the same call again later may succeed.
	Retryable bool
}

func (e *CallError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("PutRecords failed with HTTP %d %s: %s", e.Status, e.Kind, e.Message)
	}
	return fmt.Sprintf("PutRecords failed (%s): %s", e.Kind, e.Message)
}

// Client sends PutRecords calls to one stream.
type Client struct {
	endpoint  *url.URL
	streamKey string
	stream    string
	signer    *sigv4.Signer
	creds     CredentialSource
	transport *http.Transport
	http      *http.Client
	idleLimit time.Duration
	counters  *stats.Counters
	now       func() time.Time
	lastUsed  time.Time
}

// minAttempt is the least time worth giving a request: less cannot even cover a round trip to the endpoint.
const minAttempt = 20 * time.Millisecond

// NewClient sends to stream (a name or an ARN) at endpoint, signing for signingRegion. TLS is verified against
// trusted's roots (the system's, as SSL_CERT_FILE and SSL_CERT_DIR say); nil leaves it to crypto/tls.
func NewClient(endpoint *url.URL, stream, signingRegion string, creds CredentialSource, trusted *roots.Store,
	idleLimit time.Duration, counters *stats.Counters) *Client {
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if trusted != nil {
		tlsConfig = trusted.Config(endpoint.Hostname())
	}
	// Resuming a session skips the certificate checks: much less CPU for a new connection, which at a 128 MB
	// function's share of a vCPU is what a handshake costs most.
	tlsConfig.ClientSessionCache = tls.NewLRUClientSessionCache(2)
	// Forward-secret AEAD suites only for TLS 1.2, named here rather than left to defaults that depend on the go
	// line of go.mod (an old one re-enables RSA key exchange).
	tlsConfig.CipherSuites = []uint16{
		tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	}
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSClientConfig:     tlsConfig,
		TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConns:        1,
		MaxIdleConnsPerHost: 1,
		IdleConnTimeout:     idleLimit,
		DisableCompression:  true,
	}
	key := "StreamName"
	if strings.HasPrefix(stream, "arn:") {
		key = "StreamARN"
	}
	return &Client{
		endpoint:  endpoint,
		streamKey: key,
		stream:    stream,
		signer:    &sigv4.Signer{Region: signingRegion, Service: "kinesis"},
		creds:     creds,
		transport: transport,
		http:      &http.Client{Transport: transport},
		idleLimit: idleLimit,
		counters:  counters,
		now:       time.Now,
	}
}

// PutRecords stores records (each a record's data) under partitionKey, within ctx's deadline. It returns, per
// record, "" when stored or the error code Kinesis rejected it with (retry only those).
func (c *Client) PutRecords(ctx context.Context, records [][]byte, partitionKey string) ([]string, error) {
	body := c.body(records, partitionKey)
	if c.idleLimit > 0 && !c.lastUsed.IsZero() && c.now().Sub(c.lastUsed) > c.idleLimit {
		// Probably dead already (the sandbox was frozen while it idled): a fresh connection costs less than a
		// request that hangs on a connection the network has forgotten.
		c.transport.CloseIdleConnections()
		c.counters.IdleDrops.Add(1)
	}
	var err error
	for attempt := 1; attempt <= 2; attempt++ {
		var codes []string
		codes, err = c.attempt(ctx, body, len(records), attempt == 1)
		if err == nil {
			c.lastUsed = c.now()
			return codes, nil
		}
		var call *CallError
		if !errors.As(err, &call) || attempt == 2 || remaining(ctx) < minAttempt {
			break
		}
		switch {
		case call.Kind == "ExpiredTokenException" || call.Kind == "ExpiredToken":
			c.creds.Invalidate()
		case call.Status == 0 && freshConnectionHelps(call.Kind):
			c.transport.CloseIdleConnections()
		default:
			return nil, err
		}
		c.counters.Retries.Add(1)
	}
	return nil, err
}

func remaining(ctx context.Context) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return time.Hour
	}
	return time.Until(deadline)
}

// freshConnectionHelps says whether a network fault is one a new connection may not have: the old one was
// reset, closed or hung. Refused connections and bad certificates would fail again at once.
func freshConnectionHelps(kind string) bool {
	switch kind {
	case "timeout", "connection reset", "connection closed", "broken pipe", "network":
		return true
	}
	return false
}

func (c *Client) body(records [][]byte, partitionKey string) []byte {
	size := 64 + len(c.stream)
	for _, r := range records {
		size += base64.StdEncoding.EncodedLen(len(r)) + len(partitionKey) + 40
	}
	b := make([]byte, 0, size)
	b = append(b, `{"`...)
	b = append(b, c.streamKey...)
	b = append(b, `":`...)
	b = report.AppendString(b, c.stream)
	b = append(b, `,"Records":[`...)
	for i, r := range records {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"Data":"`...)
		n := len(b)
		b = append(b, make([]byte, base64.StdEncoding.EncodedLen(len(r)))...)
		base64.StdEncoding.Encode(b[n:], r)
		b = append(b, `","PartitionKey":`...)
		b = report.AppendString(b, partitionKey)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

// attempt sends the call once. The first of two attempts gets half the time left, so a hung connection leaves
// time for a fresh one.
func (c *Client) attempt(ctx context.Context, body []byte, n int, first bool) ([]string, error) {
	budget := remaining(ctx)
	if first && budget >= 2*minAttempt {
		budget /= 2
	}
	actx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	creds, err := c.creds.Get(actx)
	if err != nil {
		return nil, &CallError{Kind: "credentials", Message: err.Error(), Retryable: true}
	}
	req, err := http.NewRequestWithContext(actx, http.MethodPost, c.endpoint.String(), bytes.NewReader(body))
	if err != nil {
		return nil, &CallError{Kind: "request", Message: err.Error()}
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Kinesis_20131202.PutRecords")
	c.signer.Sign(req, body, creds, c.now())
	req.Header.Set("User-Agent", "rightsizer-extension")
	c.counters.PutCalls.Add(1)
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, networkError(err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, networkError(err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, serviceError(resp.StatusCode, answer)
	}
	var result struct {
		Records []struct {
			ErrorCode string `json:"ErrorCode"`
		} `json:"Records"`
	}
	if err := json.Unmarshal(answer, &result); err != nil || len(result.Records) != n {
		return nil, &CallError{Kind: "BadResponse", Status: resp.StatusCode, Message: "PutRecords answered an unreadable result", Retryable: true}
	}
	codes := make([]string, n)
	for i, r := range result.Records {
		codes[i] = r.ErrorCode
	}
	return codes, nil
}

// Error types worth sending again later: throttles and the service's own failures.
var retryableTypes = map[string]bool{
	"ProvisionedThroughputExceededException": true,
	"LimitExceededException":                 true,
	"ThrottlingException":                    true,
	"KMSThrottlingException":                 true,
	"InternalFailure":                        true,
	"ServiceUnavailable":                     true,
	"ExpiredTokenException":                  true,
	"ExpiredToken":                           true,
	"RequestExpired":                         true,
}

func serviceError(status int, body []byte) *CallError {
	var e struct {
		Type     string `json:"__type"`
		Message  string `json:"message"`
		MessageU string `json:"Message"`
	}
	_ = json.Unmarshal(body, &e)
	kind := e.Type
	if i := strings.LastIndexByte(kind, '#'); i >= 0 {
		kind = kind[i+1:]
	}
	if kind == "" {
		kind = http.StatusText(status)
	}
	message := e.Message
	if message == "" {
		message = e.MessageU
	}
	return &CallError{Kind: kind, Status: status, Message: message, Retryable: status >= 500 || retryableTypes[kind]}
}

func networkError(err error) *CallError {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var netErr net.Error
	var dnsErr *net.DNSError
	kind := "network"
	switch {
	case errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid):
		return &CallError{Kind: "certificate", Message: err.Error()}
	case errors.As(err, &dnsErr):
		kind = "name resolution"
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		kind = "timeout"
	case errors.Is(err, syscall.ECONNRESET):
		kind = "connection reset"
	case errors.Is(err, syscall.ECONNREFUSED):
		kind = "connection refused"
	case errors.Is(err, syscall.EPIPE):
		kind = "broken pipe"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "server closed"):
		kind = "connection closed"
	}
	return &CallError{Kind: kind, Message: err.Error(), Retryable: true}
}
