package extensionapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func server(t *testing.T, handler http.HandlerFunc) *Client {
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return New(strings.TrimPrefix(srv.URL, "http://"))
}

func TestRegisterSendsTheExecutablesNameAndAsksForTheAccountId(t *testing.T) {
	var name, feature, body string
	c := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/2020-01-01/extension/register" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		name, feature = r.Header.Get("Lambda-Extension-Name"), r.Header.Get("Lambda-Extension-Accept-Feature")
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.Header().Set("Lambda-Extension-Identifier", "ext-1")
		io.WriteString(w, `{"functionName":"orders","functionVersion":"7","handler":"app.handler","accountId":"123456789012"}`)
	})

	reg, err := c.Register(context.Background(), "rightsizer-extension")

	if err != nil {
		t.Fatal(err)
	}
	if name != "rightsizer-extension" || feature != "accountId" || body != `{"events":["INVOKE","SHUTDOWN"]}` {
		t.Errorf("name %q feature %q body %q", name, feature, body)
	}
	want := Registration{ExtensionID: "ext-1", FunctionName: "orders", FunctionVersion: "7", Handler: "app.handler", AccountID: "123456789012"}
	if reg != want || c.ExtensionID() != "ext-1" {
		t.Errorf("got %+v", reg)
	}
}

func TestRegisterFailures(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		status  int
	}{
		{"500 means exit now", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }, 500},
		{"a wrong name is refused", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(403)
			io.WriteString(w, `{"errorType":"Extension.InvalidExtensionName"}`)
		}, 403},
		{"no identifier", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{}`) }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := server(t, tt.handler).Register(context.Background(), "x")
			var status *StatusError
			if err == nil || (tt.status != 0 && (!errors.As(err, &status) || status.Status != tt.status)) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestNextReadsInvokeAndShutdownEvents(t *testing.T) {
	events := []string{
		`{"eventType":"INVOKE","deadlineMs":1700000000123,"requestId":"r1","invokedFunctionArn":"arn:aws:lambda:eu-west-1:123456789012:function:f","tracing":{}}`,
		`{"eventType":"shutdown","shutdownReason":"spindown","deadlineMs":1700000002000}`,
	}
	var ids []string
	c := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/2020-01-01/extension/register" {
			w.Header().Set("Lambda-Extension-Identifier", "ext-9")
			return
		}
		ids = append(ids, r.Header.Get("Lambda-Extension-Identifier"))
		io.WriteString(w, events[len(ids)-1])
	})
	if _, err := c.Register(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}

	invoke, err1 := c.Next(context.Background())
	shutdown, err2 := c.Next(context.Background())

	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if invoke.EventType != Invoke || invoke.RequestID != "r1" || invoke.Deadline().UnixMilli() != 1700000000123 ||
		!strings.HasSuffix(invoke.InvokedFunctionArn, ":function:f") {
		t.Errorf("invoke %+v", invoke)
	}
	if shutdown.EventType != Shutdown || shutdown.ShutdownReason != "spindown" {
		t.Errorf("shutdown %+v", shutdown)
	}
	if ids[0] != "ext-9" || ids[1] != "ext-9" {
		t.Errorf("identifiers %v", ids)
	}
}

func TestExitErrorNamesTheReason(t *testing.T) {
	var header string
	var body map[string]any
	c := server(t, func(w http.ResponseWriter, r *http.Request) {
		header = r.Header.Get("Lambda-Extension-Function-Error-Type")
		json.NewDecoder(r.Body).Decode(&body)
		w.WriteHeader(http.StatusAccepted)
	})

	if err := c.ExitError(context.Background(), "NextFailed", "event/next keeps failing"); err != nil {
		t.Fatal(err)
	}
	if header != "Extension.NextFailed" || body["errorType"] != "Extension.NextFailed" || body["errorMessage"] != "event/next keeps failing" {
		t.Errorf("header %q body %v", header, body)
	}
}
