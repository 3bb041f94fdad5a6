// Package credentials finds the AWS credentials the extension signs with: the keys Lambda puts in the function's
// environment, or the container credentials endpoint that SnapStart functions get instead
// (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN). Temporary credentials are
// renewed shortly before they expire.
package credentials

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"rightsizer/extension/internal/sigv4"
)

// RefreshBefore is how long before their expiry temporary credentials are renewed: a request signed just before
// the expiry may still be in flight, or frozen with the sandbox, when they expire.
const RefreshBefore = 5 * time.Minute

// The link-local hosts of the ECS and EKS credential agents, the only plain-HTTP hosts besides loopback the AWS
// SDKs send a credentials token to.
var agentHosts = map[string]bool{"169.254.170.2": true, "169.254.170.23": true, "fd00:ec2::23": true}

// Provider hands out current credentials from the environment or the container credentials endpoint.
type Provider struct {
	static    *sigv4.Credentials
	endpoint  string
	token     string
	tokenFile string
	client    *http.Client
	now       func() time.Time

	mu      sync.Mutex
	cached  sigv4.Credentials
	expires time.Time
}

// FromEnvironment chooses the source the way the AWS SDKs do: access keys in the environment first, then the
// container credentials endpoint. It fails, saying what is missing, when there is neither.
func FromEnvironment(getenv func(string) string) (*Provider, error) {
	if key, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY"); key != "" && secret != "" {
		return &Provider{static: &sigv4.Credentials{AccessKeyID: key, SecretAccessKey: secret,
			SessionToken: getenv("AWS_SESSION_TOKEN")}}, nil
	}
	endpoint := getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI")
	if endpoint == "" {
		if relative := getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"); relative != "" {
			endpoint = "http://169.254.170.2" + relative
		}
	}
	if endpoint == "" {
		return nil, errors.New("no AWS credentials: neither AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY nor " +
			"AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
	}
	if err := checkEndpoint(endpoint); err != nil {
		return nil, err
	}
	return &Provider{
		endpoint:  endpoint,
		token:     getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
		tokenFile: getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"),
		// Its own client without proxy: the endpoint is local, and a proxy must never see the token.
		client: &http.Client{Transport: &http.Transport{Proxy: nil, MaxIdleConns: 1, IdleConnTimeout: 30 * time.Second}},
		now:    time.Now,
	}, nil
}

// checkEndpoint refuses to send the authorization token anywhere but HTTPS, loopback or the credential agents.
func checkEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return fmt.Errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI %q is not a URL", endpoint)
	}
	if u.Scheme == "https" {
		return nil
	}
	if u.Scheme != "http" {
		return fmt.Errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI %q is neither http nor https", endpoint)
	}
	host := u.Hostname()
	if host == "localhost" || agentHosts[host] {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("AWS_CONTAINER_CREDENTIALS_FULL_URI %q: plain http only to loopback or the container "+
		"credential agents", endpoint)
}

// Source says where the credentials come from, for the log.
func (p *Provider) Source() string {
	if p.static != nil {
		return "environment"
	}
	return "container credentials endpoint"
}

// Get returns credentials that stay valid for at least RefreshBefore, fetching new ones when needed. When a
// renewal fails, credentials that have not expired yet are still returned.
func (p *Provider) Get(ctx context.Context) (sigv4.Credentials, error) {
	if p.static != nil {
		return *p.static, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if p.cached.AccessKeyID != "" && now.Add(RefreshBefore).Before(p.expires) {
		return p.cached, nil
	}
	fresh, expires, err := p.fetch(ctx)
	if err != nil {
		if p.cached.AccessKeyID != "" && now.Before(p.expires) {
			return p.cached, nil
		}
		return sigv4.Credentials{}, err
	}
	p.cached, p.expires = fresh, expires
	return fresh, nil
}

// Invalidate forgets cached temporary credentials, after a service called them expired.
func (p *Provider) Invalidate() {
	p.mu.Lock()
	p.cached = sigv4.Credentials{}
	p.mu.Unlock()
}

// containerCredentials is the container credentials endpoint's answer.
type containerCredentials struct {
	AccessKeyID     string `json:"AccessKeyId"`
	SecretAccessKey string `json:"SecretAccessKey"`
	Token           string `json:"Token"`
	Expiration      string `json:"Expiration"`
}

func (p *Provider) fetch(ctx context.Context) (sigv4.Credentials, time.Time, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.endpoint, nil)
	if err != nil {
		return sigv4.Credentials{}, time.Time{}, err
	}
	token := p.token
	if p.tokenFile != "" {
		// Re-read on every fetch: the file is rotated by the platform.
		b, err := os.ReadFile(p.tokenFile)
		if err != nil {
			return sigv4.Credentials{}, time.Time{}, fmt.Errorf("container credentials token file: %w", err)
		}
		token = strings.TrimSpace(string(b))
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return sigv4.Credentials{}, time.Time{}, fmt.Errorf("container credentials endpoint: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64*1024))
	if err != nil {
		return sigv4.Credentials{}, time.Time{}, fmt.Errorf("container credentials endpoint: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return sigv4.Credentials{}, time.Time{}, fmt.Errorf("container credentials endpoint answered %d", resp.StatusCode)
	}
	var c containerCredentials
	if err := json.Unmarshal(body, &c); err != nil || c.AccessKeyID == "" || c.SecretAccessKey == "" {
		return sigv4.Credentials{}, time.Time{}, errors.New("container credentials endpoint answered no credentials")
	}
	expires, err := time.Parse(time.RFC3339, c.Expiration)
	if err != nil {
		return sigv4.Credentials{}, time.Time{}, fmt.Errorf("container credentials expiration %q: %w", c.Expiration, err)
	}
	return sigv4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.Token}, expires, nil
}
