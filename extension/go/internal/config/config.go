// Package config reads the extension's settings from the function's environment: Lambda's own variables, the
// AWS SDKs' standard ones (AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL) and the RIGHTSIZER_* ones.
package config

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is everything the extension is told by its environment.
type Config struct {
	// RuntimeAPI is host:port of the Extensions and Telemetry APIs.
	RuntimeAPI string
	// Stream is the Kinesis stream's name or ARN; empty leaves the extension inactive.
	Stream string
	// Region is the function's Region; SigningRegion is the stream's (an ARN may name another).
	Region        string
	SigningRegion string
	// FunctionName and FunctionVersion stand in when the register response lacks them.
	FunctionName    string
	FunctionVersion string
	// Endpoint is where PutRecords goes; EndpointSource names the setting it came from.
	Endpoint       *url.URL
	EndpointSource string

	ListenerHost   string
	ListenerPort   int
	BufferMax      int
	BatchReports   int
	BatchMaxAge    time.Duration
	MaxRecordBytes int
	ShipBudget     time.Duration
	IdleConnLimit  time.Duration
}

// Defaults, each overridable by the RIGHTSIZER_* variable named beside it in Load.
const (
	DefaultBufferMax      = 1000
	DefaultBatchReports   = 20
	DefaultBatchMaxAge    = 60 * time.Second
	DefaultMaxRecordBytes = 256 * 1024
	DefaultShipBudget     = 500 * time.Millisecond
	// Shorter than the idle timeouts of NATs and load balancers on the way (AWS NAT gateways: 350 s; many
	// others: 60 s), so a kept-alive connection is dropped before the network silently forgets it.
	DefaultIdleConnLimit = 50 * time.Second
)

// Load reads the settings; warn is told about each value it had to ignore.
func Load(getenv func(string) string, warn func(format string, args ...any)) Config {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	c := Config{
		RuntimeAPI:      get("AWS_LAMBDA_RUNTIME_API"),
		Stream:          get("RIGHTSIZER_STREAM"),
		Region:          get("AWS_REGION"),
		FunctionName:    get("AWS_LAMBDA_FUNCTION_NAME"),
		FunctionVersion: get("AWS_LAMBDA_FUNCTION_VERSION"),
		ListenerHost:    get("RIGHTSIZER_LISTENER_HOST"),
	}
	if c.Region == "" {
		c.Region = get("AWS_DEFAULT_REGION")
	}
	if c.ListenerHost == "" {
		c.ListenerHost = "sandbox.localdomain"
	}
	c.SigningRegion = c.Region
	// A stream ARN names its own Region, which may differ from the function's.
	if parts := strings.Split(c.Stream, ":"); strings.HasPrefix(c.Stream, "arn:") && len(parts) >= 6 && parts[3] != "" {
		c.SigningRegion = parts[3]
	}
	number := func(name string, fallback, min, max int) int {
		raw := get(name)
		if raw == "" {
			return fallback
		}
		if v, err := strconv.Atoi(raw); err == nil && v >= min && v <= max {
			return v
		}
		warn("%s=%s is not a number in %d..%d; using %d", name, raw, min, max, fallback)
		return fallback
	}
	c.ListenerPort = number("RIGHTSIZER_LISTENER_PORT", 0, 0, 65535)
	c.BufferMax = number("RIGHTSIZER_BUFFER_MAX", DefaultBufferMax, 1, 100000)
	c.BatchReports = number("RIGHTSIZER_BATCH_REPORTS", DefaultBatchReports, 1, 500)
	c.BatchMaxAge = time.Duration(number("RIGHTSIZER_BATCH_MAX_AGE_MS", int(DefaultBatchMaxAge/time.Millisecond), 0, 3600000)) * time.Millisecond
	c.MaxRecordBytes = number("RIGHTSIZER_MAX_RECORD_BYTES", DefaultMaxRecordBytes, 1024, 1000000)
	c.ShipBudget = time.Duration(number("RIGHTSIZER_SHIP_BUDGET_MS", int(DefaultShipBudget/time.Millisecond), 50, 10000)) * time.Millisecond
	c.IdleConnLimit = time.Duration(number("RIGHTSIZER_IDLE_CONNECTION_MS", int(DefaultIdleConnLimit/time.Millisecond), 0, 3600000)) * time.Millisecond
	c.Endpoint, c.EndpointSource = endpoint(get, c.SigningRegion, warn)
	return c
}

// endpoint picks the PutRecords endpoint: our own setting, then the AWS SDKs' standard service-specific and
// global overrides (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), then the Region's public endpoint.
func endpoint(get func(string) string, region string, warn func(string, ...any)) (*url.URL, string) {
	names := []string{"RIGHTSIZER_KINESIS_ENDPOINT"}
	if !strings.EqualFold(get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true") {
		names = append(names, "AWS_ENDPOINT_URL_KINESIS", "AWS_ENDPOINT_URL")
	}
	for _, name := range names {
		raw := get(name)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			warn("%s=%s is not an http(s) URL; ignored", name, raw)
			continue
		}
		if u.Path == "" {
			u.Path = "/"
		}
		return u, name
	}
	if region == "" {
		return nil, ""
	}
	suffix := "amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix = "amazonaws.com.cn"
	}
	return &url.URL{Scheme: "https", Host: "kinesis." + region + "." + suffix, Path: "/"}, "the Region's endpoint"
}

// InactiveReason says why the extension cannot ship (empty when it can, as far as the settings go).
func (c Config) InactiveReason() string {
	switch {
	case c.Stream == "":
		return "RIGHTSIZER_STREAM is not set"
	case c.Region == "" && c.SigningRegion == "":
		return "AWS_REGION is not set"
	case c.Endpoint == nil:
		return "no Kinesis endpoint could be worked out"
	}
	return ""
}

// String lists the settings in effect, for the start-up log line.
func (c Config) String() string {
	return fmt.Sprintf("stream=%s endpoint=%s (%s) batch=%d reports or %s, buffer=%d", c.Stream, c.Endpoint,
		c.EndpointSource, c.BatchReports, c.BatchMaxAge, c.BufferMax)
}
