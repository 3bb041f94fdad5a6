// Package sigv4 signs HTTP requests with AWS Signature Version 4, in the header form AWS services such as
// Kinesis expect (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

// Credentials are the keys a request is signed with; SessionToken is set for temporary credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
}

// Signer signs requests for one service in one Region, caching the day's derived signing key.
type Signer struct {
	Region  string
	Service string

	mu        sync.Mutex
	keyDate   string
	keySecret string
	key       []byte
}

const (
	algorithm  = "AWS4-HMAC-SHA256"
	timeFormat = "20060102T150405Z"
)

// Headers that proxies and clients change on the way, so signing them would break the signature.
var unsigned = map[string]bool{
	"authorization":     true,
	"content-length":    true,
	"user-agent":        true,
	"expect":            true,
	"transfer-encoding": true,
	"connection":        true,
	"x-amzn-trace-id":   true,
}

// Sign sets X-Amz-Date, X-Amz-Security-Token (for temporary credentials) and Authorization on req. Every other
// header of req is signed, and Host; body is the request's payload.
func (s *Signer) Sign(req *http.Request, body []byte, creds Credentials, now time.Time) {
	s.sign(req, body, creds, now)
}

// sign returns the canonical request and the string to sign besides setting the headers, for the tests.
func (s *Signer) sign(req *http.Request, body []byte, creds Credentials, now time.Time) (canonical, toSign string) {
	now = now.UTC()
	amzDate := now.Format(timeFormat)
	date := amzDate[:8]
	req.Header.Set("X-Amz-Date", amzDate)
	if creds.SessionToken != "" {
		req.Header.Set("X-Amz-Security-Token", creds.SessionToken)
	}
	headers, signedHeaders := canonicalHeaders(req)
	payload := sha256.Sum256(body)
	canonical = strings.Join([]string{
		req.Method,
		canonicalPath(req.URL.Path),
		canonicalQuery(req.URL.RawQuery),
		headers,
		signedHeaders,
		hex.EncodeToString(payload[:]),
	}, "\n")
	scope := date + "/" + s.Region + "/" + s.Service + "/aws4_request"
	hashed := sha256.Sum256([]byte(canonical))
	toSign = algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(hashed[:])
	signature := hex.EncodeToString(hmacSHA256(s.signingKey(creds.SecretAccessKey, date), toSign))
	req.Header.Set("Authorization", algorithm+" Credential="+creds.AccessKeyID+"/"+scope+
		", SignedHeaders="+signedHeaders+", Signature="+signature)
	return canonical, toSign
}

// signingKey derives (or reuses) the key of one day: HMAC chains over date, Region, service and "aws4_request".
func (s *Signer) signingKey(secret, date string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.key != nil && s.keyDate == date && s.keySecret == secret {
		return s.key
	}
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, s.Region)
	k = hmacSHA256(k, s.Service)
	k = hmacSHA256(k, "aws4_request")
	s.key, s.keyDate, s.keySecret = k, date, secret
	return k
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// canonicalHeaders returns the "name:value\n" block (names lower case and sorted, values trimmed with inner runs
// of spaces collapsed, repeated headers joined by commas in order) and the signed header list.
func canonicalHeaders(req *http.Request) (block, signed string) {
	values := map[string][]string{}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	values["host"] = []string{host}
	for name, vs := range req.Header {
		lower := strings.ToLower(name)
		if unsigned[lower] || lower == "host" {
			continue
		}
		values[lower] = append(values[lower], vs...)
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString(name)
		b.WriteByte(':')
		for i, v := range values[name] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strings.Join(strings.Fields(v), " "))
		}
		b.WriteByte('\n')
	}
	return b.String(), strings.Join(names, ";")
}

// canonicalPath normalises the path (no empty, "." or ".." segments, as services other than S3 expect) and
// URI-encodes each segment.
func canonicalPath(path string) string {
	var segments []string
	for _, seg := range strings.Split(path, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(segments) > 0 {
				segments = segments[:len(segments)-1]
			}
		default:
			segments = append(segments, encode(seg))
		}
	}
	out := "/" + strings.Join(segments, "/")
	if len(segments) > 0 && strings.HasSuffix(path, "/") {
		out += "/"
	}
	return out
}

// canonicalQuery encodes every name and value and sorts the pairs by name, then value.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ name, value string }
	pairs := make([]pair, 0, 4)
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		name, value, _ := strings.Cut(part, "=")
		pairs = append(pairs, pair{encode(unescape(name)), encode(unescape(value))})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].name != pairs[j].name {
			return pairs[i].name < pairs[j].name
		}
		return pairs[i].value < pairs[j].value
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p.name + "=" + p.value
	}
	return strings.Join(out, "&")
}

// unescape decodes %XX sequences; a "+" stays a plus (it is not a space in AWS query strings).
func unescape(s string) string {
	out, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return out
}

// encode keeps RFC 3986 unreserved characters and writes every other byte as %XX in upper-case hex.
func encode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}
