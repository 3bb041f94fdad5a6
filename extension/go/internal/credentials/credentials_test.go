package credentials

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

// endpoint serves container credentials valid for validity, a new key each time, to callers with the token.
func endpoint(t *testing.T, token string, validity time.Duration, calls *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != token {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		n := calls.Add(1)
		fmt.Fprintf(w, `{"AccessKeyId":"ASIA%d","SecretAccessKey":"secret%d","Token":"token%d","Expiration":"%s"}`,
			n, n, n, time.Now().Add(validity).UTC().Format(time.RFC3339))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestKeysInTheEnvironmentAreUsedAsTheyAre(t *testing.T) {
	p, err := FromEnvironment(env(map[string]string{
		"AWS_ACCESS_KEY_ID": "ASIAENV", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
		// Keys in the environment win, as in the AWS SDKs.
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/never-called",
	}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Get(context.Background())
	if err != nil || c.AccessKeyID != "ASIAENV" || c.SecretAccessKey != "secret" || c.SessionToken != "token" {
		t.Fatalf("got %+v, %v", c, err)
	}
	if p.Source() != "environment" {
		t.Errorf("source %q", p.Source())
	}
}

func TestWithoutAnyCredentialsTheErrorNamesWhatIsMissing(t *testing.T) {
	_, err := FromEnvironment(env(map[string]string{"AWS_ACCESS_KEY_ID": "only-half"}))
	if err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") || !strings.Contains(err.Error(), "AWS_CONTAINER_CREDENTIALS_FULL_URI") {
		t.Fatalf("err = %v", err)
	}
}

func TestSnapStartCredentialsComeFromTheContainerEndpointWithTheTokenAndAreReusedWhileValid(t *testing.T) {
	var calls atomic.Int32
	srv := endpoint(t, "the-token", time.Hour, &calls)
	p, err := FromEnvironment(env(map[string]string{
		"AWS_CONTAINER_CREDENTIALS_FULL_URI": srv.URL + "/2021-04-23/credentials",
		"AWS_CONTAINER_AUTHORIZATION_TOKEN":  "the-token",
	}))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		c, err := p.Get(context.Background())
		if err != nil || c.AccessKeyID != "ASIA1" || c.SessionToken != "token1" {
			t.Fatalf("get %d: %+v, %v", i, c, err)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("endpoint called %d times, want 1", calls.Load())
	}
	if p.Source() != "container credentials endpoint" {
		t.Errorf("source %q", p.Source())
	}
}

func TestCredentialsCloseToExpiryAreRenewedAndAnInvalidatedSetIsFetchedAgain(t *testing.T) {
	var calls atomic.Int32
	srv := endpoint(t, "tok", time.Hour, &calls)
	p, _ := FromEnvironment(env(map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": srv.URL, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok"}))
	clock := time.Now()
	p.now = func() time.Time { return clock }
	first, _ := p.Get(context.Background())

	clock = clock.Add(time.Hour - RefreshBefore + time.Second)
	renewed, _ := p.Get(context.Background())
	p.Invalidate()
	again, _ := p.Get(context.Background())

	if first.AccessKeyID != "ASIA1" || renewed.AccessKeyID != "ASIA2" || again.AccessKeyID != "ASIA3" {
		t.Fatalf("got %s, %s, %s", first.AccessKeyID, renewed.AccessKeyID, again.AccessKeyID)
	}
}

func TestWhenRenewalFailsCredentialsThatHaveNotExpiredAreStillUsed(t *testing.T) {
	var calls atomic.Int32
	srv := endpoint(t, "tok", 2*time.Minute, &calls)
	p, _ := FromEnvironment(env(map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": srv.URL, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tok"}))
	first, err := p.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()

	still, err := p.Get(context.Background())
	if err != nil || still != first {
		t.Fatalf("got %+v, %v", still, err)
	}
	p.now = func() time.Time { return time.Now().Add(3 * time.Minute) }
	if _, err := p.Get(context.Background()); err == nil {
		t.Fatal("expired credentials were handed out")
	}
}

func TestTheTokenFileIsReadAgainForEveryFetch(t *testing.T) {
	var calls atomic.Int32
	srv := endpoint(t, "rotated", time.Hour, &calls)
	file := filepath.Join(t.TempDir(), "token")
	os.WriteFile(file, []byte("old\n"), 0o600)
	p, _ := FromEnvironment(env(map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": srv.URL, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": file}))
	if _, err := p.Get(context.Background()); err == nil {
		t.Fatal("the old token was accepted")
	}

	os.WriteFile(file, []byte("rotated\n"), 0o600)
	if _, err := p.Get(context.Background()); err != nil {
		t.Fatalf("rotated token: %v", err)
	}
}

func TestTheTokenIsOnlySentOverHTTPSOrToLoopbackAndTheCredentialAgents(t *testing.T) {
	tests := []struct {
		uri string
		ok  bool
	}{
		{"http://127.0.0.1:9001/2021-04-23/credentials", true},
		{"http://localhost:9001/creds", true},
		{"http://[::1]:9001/creds", true},
		{"http://169.254.170.2/v2/credentials/abc", true},
		{"http://169.254.170.23/v1/credentials", true},
		{"https://creds.example.com/creds", true},
		{"http://creds.example.com/creds", false},
		{"http://10.0.0.8/creds", false},
		{"ftp://127.0.0.1/creds", false},
		{"not a url", false},
	}
	for _, tt := range tests {
		_, err := FromEnvironment(env(map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": tt.uri}))
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok %v", tt.uri, err, tt.ok)
		}
	}
}

func TestARelativeURIPointsAtTheECSAgent(t *testing.T) {
	p, err := FromEnvironment(env(map[string]string{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"}))
	if err != nil || p.endpoint != "http://169.254.170.2/v2/credentials/abc" {
		t.Fatalf("endpoint %q, err %v", p.endpoint, err)
	}
}
