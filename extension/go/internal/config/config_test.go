package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func load(values map[string]string) (Config, []string) {
	var warnings []string
	c := Load(func(n string) string { return values[n] }, func(f string, a ...any) {
		warnings = append(warnings, fmt.Sprintf(f, a...))
	})
	return c, warnings
}

func TestTheEndpointComesFromOurSettingThenTheSDKStandardOverridesThenTheRegion(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		want   string
		source string
	}{
		{"region", map[string]string{"AWS_REGION": "eu-west-1"}, "https://kinesis.eu-west-1.amazonaws.com/", "the Region's endpoint"},
		{"china", map[string]string{"AWS_REGION": "cn-north-1"}, "https://kinesis.cn-north-1.amazonaws.com.cn/", "the Region's endpoint"},
		{"stream ARN region", map[string]string{"AWS_REGION": "eu-west-1", "RIGHTSIZER_STREAM": "arn:aws:kinesis:us-east-2:123456789012:stream/t"},
			"https://kinesis.us-east-2.amazonaws.com/", "the Region's endpoint"},
		{"global override", map[string]string{"AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "https://global.example"},
			"https://global.example/", "AWS_ENDPOINT_URL"},
		{"service override beats global", map[string]string{"AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL": "https://global.example",
			"AWS_ENDPOINT_URL_KINESIS": "https://kinesis.example:8443"}, "https://kinesis.example:8443/", "AWS_ENDPOINT_URL_KINESIS"},
		{"ours beats both", map[string]string{"AWS_ENDPOINT_URL_KINESIS": "https://kinesis.example", "RIGHTSIZER_KINESIS_ENDPOINT": "http://127.0.0.1:4567"},
			"http://127.0.0.1:4567/", "RIGHTSIZER_KINESIS_ENDPOINT"},
		{"standard overrides ignored on request", map[string]string{"AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_KINESIS": "https://kinesis.example",
			"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}, "https://kinesis.eu-west-1.amazonaws.com/", "the Region's endpoint"},
		{"an unusable override is skipped", map[string]string{"AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_KINESIS": "kinesis.example"},
			"https://kinesis.eu-west-1.amazonaws.com/", "the Region's endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := load(tt.env)
			if c.Endpoint.String() != tt.want || c.EndpointSource != tt.source {
				t.Errorf("got %s (%s), want %s (%s)", c.Endpoint, c.EndpointSource, tt.want, tt.source)
			}
		})
	}
}

func TestAStreamARNSignsForItsOwnRegion(t *testing.T) {
	c, _ := load(map[string]string{"AWS_REGION": "eu-west-1", "RIGHTSIZER_STREAM": "arn:aws:kinesis:us-east-2:123456789012:stream/t"})
	if c.Region != "eu-west-1" || c.SigningRegion != "us-east-2" {
		t.Errorf("region %s, signing region %s", c.Region, c.SigningRegion)
	}
}

func TestWithoutAStreamTheExtensionSaysWhyItIsInactive(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"AWS_REGION": "eu-west-1"}, "RIGHTSIZER_STREAM is not set"},
		{map[string]string{"RIGHTSIZER_STREAM": "s"}, "AWS_REGION is not set"},
		{map[string]string{"RIGHTSIZER_STREAM": "s", "AWS_REGION": "eu-west-1"}, ""},
		{map[string]string{"RIGHTSIZER_STREAM": "s", "AWS_DEFAULT_REGION": "eu-west-1"}, ""},
	}
	for _, tt := range tests {
		c, _ := load(tt.env)
		if got := c.InactiveReason(); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.env, got, tt.want)
		}
	}
}

func TestNumbersOutOfRangeAreReportedAndReplacedByTheDefault(t *testing.T) {
	c, warnings := load(map[string]string{"RIGHTSIZER_BUFFER_MAX": "0", "RIGHTSIZER_BATCH_REPORTS": "x", "RIGHTSIZER_SHIP_BUDGET_MS": "250"})
	if c.BufferMax != DefaultBufferMax || c.BatchReports != DefaultBatchReports || c.ShipBudget != 250*time.Millisecond {
		t.Errorf("got %+v", c)
	}
	if len(warnings) != 2 || !strings.Contains(warnings[0]+warnings[1], "RIGHTSIZER_BUFFER_MAX=0") {
		t.Errorf("warnings %q", warnings)
	}
}

func TestTheListenerBindsToTheSandboxNameByDefault(t *testing.T) {
	c, _ := load(map[string]string{})
	if c.ListenerHost != "sandbox.localdomain" || c.ListenerPort != 0 {
		t.Errorf("listener %s:%d", c.ListenerHost, c.ListenerPort)
	}
}
