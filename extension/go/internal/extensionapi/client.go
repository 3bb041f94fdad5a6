// Package extensionapi is a client of the Lambda Extensions API (register, next event, error reports) at
// http://$AWS_LAMBDA_RUNTIME_API/2020-01-01/extension.
package extensionapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Event types an external extension registers for.
const (
	Invoke   = "INVOKE"
	Shutdown = "SHUTDOWN"
)

// Registration is what /register tells the extension about itself and the function.
type Registration struct {
	ExtensionID     string
	FunctionName    string `json:"functionName"`
	FunctionVersion string `json:"functionVersion"`
	Handler         string `json:"handler"`
	AccountID       string `json:"accountId"`
}

// Event is an INVOKE or SHUTDOWN from /event/next.
type Event struct {
	EventType          string `json:"eventType"`
	DeadlineMs         int64  `json:"deadlineMs"`
	RequestID          string `json:"requestId"`
	InvokedFunctionArn string `json:"invokedFunctionArn"`
	ShutdownReason     string `json:"shutdownReason"`
}

// Deadline is the event's deadline (zero when it carried none).
func (e Event) Deadline() time.Time {
	if e.DeadlineMs <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(e.DeadlineMs)
}

// StatusError is an HTTP error answer of the API.
type StatusError struct {
	Call   string
	Status int
	Body   string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s answered %d: %s", e.Call, e.Status, e.Body)
}

// Client talks to one Runtime API endpoint on behalf of one registered extension.
type Client struct {
	base  string
	calls *http.Client
	next  *http.Client
	id    string
}

// CallTimeout bounds every call except /event/next, which blocks until the next event arrives.
const CallTimeout = 5 * time.Second

// New returns a client of the API at host:port.
func New(runtimeAPI string) *Client {
	transport := &http.Transport{
		Proxy:               nil, // the API is local; a proxy set for the function must not see it
		DialContext:         (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 2,
		DisableCompression:  true,
	}
	return &Client{
		base:  "http://" + runtimeAPI,
		calls: &http.Client{Transport: transport, Timeout: CallTimeout},
		// No timeout: the sandbox may stay frozen for hours between events.
		next: &http.Client{Transport: transport},
	}
}

// Base is the API's base URL (the Telemetry API shares the host).
func (c *Client) Base() string { return c.base }

// HTTP is the client for bounded calls to the API's host.
func (c *Client) HTTP() *http.Client { return c.calls }

// ExtensionID is the identifier /register handed out.
func (c *Client) ExtensionID() string { return c.id }

// Register registers for INVOKE and SHUTDOWN under name (the executable's file name, as Lambda requires),
// asking for the account id.
func (c *Client) Register(ctx context.Context, name string) (Registration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/2020-01-01/extension/register",
		strings.NewReader(`{"events":["INVOKE","SHUTDOWN"]}`))
	if err != nil {
		return Registration{}, err
	}
	req.Header.Set("Lambda-Extension-Name", name)
	req.Header.Set("Lambda-Extension-Accept-Feature", "accountId")
	req.Header.Set("Content-Type", "application/json")
	body, header, err := c.do(c.calls, req, "register")
	if err != nil {
		return Registration{}, err
	}
	var reg Registration
	// A body that is not JSON leaves the fields empty; the environment stands in for them.
	_ = json.Unmarshal(body, &reg)
	reg.ExtensionID = header.Get("Lambda-Extension-Identifier")
	if reg.ExtensionID == "" {
		return Registration{}, errors.New("register answered without Lambda-Extension-Identifier")
	}
	c.id = reg.ExtensionID
	return reg, nil
}

// Next blocks until the next event.
func (c *Client) Next(ctx context.Context) (Event, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/2020-01-01/extension/event/next", nil)
	if err != nil {
		return Event{}, err
	}
	req.Header.Set("Lambda-Extension-Identifier", c.id)
	body, _, err := c.do(c.next, req, "event/next")
	if err != nil {
		return Event{}, err
	}
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil {
		return Event{}, fmt.Errorf("event/next answered no event: %w", err)
	}
	ev.EventType = strings.ToUpper(ev.EventType)
	return ev, nil
}

// ExitError tells Lambda the extension gives up (it must exit afterwards).
func (c *Client) ExitError(ctx context.Context, reason, message string) error {
	return c.reportError(ctx, "/2020-01-01/extension/exit/error", reason, message)
}

// InitError tells Lambda the extension failed during init (it must exit afterwards).
func (c *Client) InitError(ctx context.Context, reason, message string) error {
	return c.reportError(ctx, "/2020-01-01/extension/init/error", reason, message)
}

func (c *Client) reportError(ctx context.Context, path, reason, message string) error {
	errorType := "Extension." + reason
	body, _ := json.Marshal(map[string]any{"errorMessage": message, "errorType": errorType, "stackTrace": []string{}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Lambda-Extension-Identifier", c.id)
	req.Header.Set("Lambda-Extension-Function-Error-Type", errorType)
	req.Header.Set("Content-Type", "application/json")
	_, _, err = c.do(c.calls, req, strings.TrimPrefix(path, "/2020-01-01/extension/"))
	return err
}

func (c *Client) do(client *http.Client, req *http.Request, call string) ([]byte, http.Header, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", call, err)
	}
	if resp.StatusCode >= 300 {
		return nil, nil, &StatusError{Call: call, Status: resp.StatusCode, Body: strings.TrimSpace(string(body))}
	}
	return body, resp.Header, nil
}
