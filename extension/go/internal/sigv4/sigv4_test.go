package sigv4

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The credentials, Region, service and time every vector of the AWS test suite is signed with.
var (
	suiteCredentials = Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
	suiteTime        = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
)

// The session token of the suite's post-sts-header-* vectors.
const suiteToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

func TestSigningMatchesEveryVectorOfTheAWSTestSuite(t *testing.T) {
	dirs, err := os.ReadDir("testdata/aws-sig-v4-test-suite")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 15 {
		t.Fatalf("expected the suite's vectors in testdata, found %d", len(dirs))
	}
	for _, dir := range dirs {
		name := dir.Name()
		t.Run(name, func(t *testing.T) {
			base := filepath.Join("testdata/aws-sig-v4-test-suite", name, name)
			req, body := parseRequest(t, read(t, base+".req"))
			creds := suiteCredentials
			if req.Header.Get("X-Amz-Security-Token") != "" {
				creds.SessionToken = suiteToken
			}
			signer := &Signer{Region: "us-east-1", Service: "service"}

			canonical, toSign := signer.sign(req, body, creds, suiteTime)

			if want := read(t, base+".creq"); canonical != want {
				t.Errorf("canonical request\n got: %q\nwant: %q", canonical, want)
			}
			if want := read(t, base+".sts"); toSign != want {
				t.Errorf("string to sign\n got: %q\nwant: %q", toSign, want)
			}
			if got, want := req.Header.Get("Authorization"), read(t, base+".authz"); got != want {
				t.Errorf("Authorization\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

func TestSigningAddsTheSessionTokenAndSignsIt(t *testing.T) {
	req, _ := http.NewRequest("POST", "https://kinesis.eu-west-1.amazonaws.com/", nil)
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", "Kinesis_20131202.PutRecords")
	signer := &Signer{Region: "eu-west-1", Service: "kinesis"}

	signer.Sign(req, []byte(`{}`), Credentials{AccessKeyID: "ASIAEXAMPLE", SecretAccessKey: "secret", SessionToken: "token=="}, suiteTime)

	if got := req.Header.Get("X-Amz-Security-Token"); got != "token==" {
		t.Errorf("X-Amz-Security-Token = %q", got)
	}
	auth := req.Header.Get("Authorization")
	for _, want := range []string{
		"AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20150830/eu-west-1/kinesis/aws4_request",
		"SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
	} {
		if !strings.Contains(auth, want) {
			t.Errorf("Authorization %q lacks %q", auth, want)
		}
	}
}

func TestTheSigningKeyOfADayIsDerivedOnceAndRenewedForANewDayOrSecret(t *testing.T) {
	signer := &Signer{Region: "us-east-1", Service: "kinesis"}
	first := signer.signingKey("secret", "20261123")
	if again := signer.signingKey("secret", "20261123"); &again[0] != &first[0] {
		t.Error("the same day's key was derived again")
	}
	if next := signer.signingKey("secret", "20261124"); bytes.Equal(next, first) {
		t.Error("a new day kept the old key")
	}
	if other := signer.signingKey("other", "20261124"); bytes.Equal(other, first) {
		t.Error("a new secret kept the old key")
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// parseRequest reads a suite .req file: request line, "Name:value" headers, a blank line, the body.
func parseRequest(t *testing.T, text string) (*http.Request, []byte) {
	t.Helper()
	head, body, _ := strings.Cut(text, "\n\n")
	lines := strings.Split(head, "\n")
	first := strings.Split(lines[0], " ")
	method, target := first[0], strings.Join(first[1:len(first)-1], " ")
	path, query, _ := strings.Cut(target, "?")
	req := &http.Request{Method: method, URL: &url.URL{Path: path, RawQuery: query}, Header: http.Header{}}
	for _, line := range lines[1:] {
		name, value, _ := strings.Cut(line, ":")
		if strings.EqualFold(name, "Host") {
			req.Host = value
			continue
		}
		req.Header[http.CanonicalHeaderKey(name)] = append(req.Header[http.CanonicalHeaderKey(name)], value)
	}
	return req, []byte(body)
}
