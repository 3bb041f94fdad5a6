package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// sandbox plays Lambda's side of the Extensions and Telemetry APIs, and Kinesis, for one run of the extension.
type sandbox struct {
	t           *testing.T
	api         *httptest.Server
	kinesis     *httptest.Server
	events      chan string
	mu          sync.Mutex
	timeline    []string // "register", "subscribe", "next", "put" in the order they happened
	destination string
	registered  string
	records     []map[string]any
	registerSt  int
	subscribeSt int
	nextFails   bool
}

func newSandbox(t *testing.T) *sandbox {
	s := &sandbox{t: t, events: make(chan string, 100), registerSt: 200, subscribeSt: 200}
	s.api = httptest.NewServer(http.HandlerFunc(s.serveAPI))
	s.kinesis = httptest.NewServer(http.HandlerFunc(s.serveKinesis))
	t.Cleanup(func() { s.api.Close(); s.kinesis.Close() })
	return s
}

func (s *sandbox) note(what string) {
	s.mu.Lock()
	s.timeline = append(s.timeline, what)
	s.mu.Unlock()
}

func (s *sandbox) serveAPI(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/2020-01-01/extension/register":
		s.note("register")
		s.mu.Lock()
		s.registered = r.Header.Get("Lambda-Extension-Name")
		s.mu.Unlock()
		if s.registerSt != 200 {
			w.WriteHeader(s.registerSt)
			return
		}
		w.Header().Set("Lambda-Extension-Identifier", "ext-1")
		io.WriteString(w, `{"functionName":"orders-api","functionVersion":"12","handler":"h","accountId":"123456789012"}`)
	case "/2022-07-01/telemetry":
		s.note("subscribe")
		var body struct{ Destination struct{ URI string } }
		json.NewDecoder(r.Body).Decode(&body)
		if s.subscribeSt != 200 {
			w.WriteHeader(s.subscribeSt)
			return
		}
		s.mu.Lock()
		s.destination = body.Destination.URI
		s.mu.Unlock()
		io.WriteString(w, `"OK"`)
	case "/2020-01-01/extension/event/next":
		s.note("next")
		if s.nextFails {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		event := <-s.events
		s.note("event")
		io.WriteString(w, event)
	case "/2020-01-01/extension/exit/error":
		s.note("exit/error " + r.Header.Get("Lambda-Extension-Function-Error-Type"))
		w.WriteHeader(http.StatusAccepted)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (s *sandbox) serveKinesis(w http.ResponseWriter, r *http.Request) {
	s.note("put")
	var body struct{ Records []struct{ Data string } }
	json.NewDecoder(r.Body).Decode(&body)
	out := `{"FailedRecordCount":0,"Records":[`
	for i, rec := range body.Records {
		data, _ := base64.StdEncoding.DecodeString(rec.Data)
		var record map[string]any
		json.Unmarshal(data, &record)
		s.mu.Lock()
		s.records = append(s.records, record)
		s.mu.Unlock()
		if i > 0 {
			out += ","
		}
		out += `{"SequenceNumber":"1","ShardId":"shardId-0"}`
	}
	io.WriteString(w, out+`]}`)
}

func (s *sandbox) env(extra map[string]string) func(string) string {
	values := map[string]string{
		"AWS_LAMBDA_RUNTIME_API":      strings.TrimPrefix(s.api.URL, "http://"),
		"AWS_REGION":                  "eu-west-1",
		"AWS_LAMBDA_FUNCTION_NAME":    "orders-api",
		"AWS_LAMBDA_FUNCTION_VERSION": "12",
		"AWS_ACCESS_KEY_ID":           "ASIAEXAMPLE",
		"AWS_SECRET_ACCESS_KEY":       "secret",
		"AWS_SESSION_TOKEN":           "token",
		"RIGHTSIZER_STREAM":           "rightsizer-telemetry",
		"RIGHTSIZER_KINESIS_ENDPOINT": s.kinesis.URL,
		"RIGHTSIZER_LISTENER_HOST":    "127.0.0.1",
	}
	for k, v := range extra {
		if v == "" {
			delete(values, k)
		} else {
			values[k] = v
		}
	}
	return func(name string) string { return values[name] }
}

// start runs the extension; the returned function waits for its exit code and output.
func (s *sandbox) start(extra map[string]string) func() (int, string) {
	var out strings.Builder
	var mu sync.Mutex
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"/opt/extensions/rightsizer-extension"}, s.env(extra), writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return out.Write(p)
		}))
	}()
	return func() (int, string) {
		select {
		case code := <-done:
			mu.Lock()
			defer mu.Unlock()
			return code, out.String()
		case <-time.After(10 * time.Second):
			s.t.Fatal("the extension did not exit")
			return 0, ""
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func invoke(id string) string {
	return fmt.Sprintf(`{"eventType":"INVOKE","deadlineMs":%d,"requestId":"%s","invokedFunctionArn":"arn:aws:lambda:eu-west-1:123456789012:function:orders-api"}`,
		time.Now().Add(30*time.Second).UnixMilli(), id)
}

func shutdown(within time.Duration) string {
	return fmt.Sprintf(`{"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":%d}`, time.Now().Add(within).UnixMilli())
}

func reportEvent(id string) string {
	return fmt.Sprintf(`{"time":"2026-11-23T10:00:00.000Z","type":"platform.report","record":{"requestId":"%s","status":"success","metrics":{"durationMs":12.5,"billedDurationMs":13,"memorySizeMB":256,"maxMemoryUsedMB":91}}}`, id)
}

// deliver POSTs telemetry to the subscribed listener, waiting for the subscription first.
func (s *sandbox) deliver(events ...string) {
	var dest string
	for i := 0; i < 500 && dest == ""; i++ {
		s.mu.Lock()
		dest = s.destination
		s.mu.Unlock()
		if dest == "" {
			time.Sleep(2 * time.Millisecond)
		}
	}
	u, err := url.Parse(dest)
	if err != nil || u.Host == "" {
		s.t.Fatalf("no subscription: %q", dest)
	}
	resp, err := http.Post("http://127.0.0.1:"+u.Port()+u.Path, "application/json", strings.NewReader("["+strings.Join(events, ",")+"]"))
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
}

// waitForNext waits until the extension has asked for n events in all.
func (s *sandbox) waitForNext(n int) {
	for i := 0; i < 2000; i++ {
		s.mu.Lock()
		count := strings.Count(strings.Join(s.timeline, " "), "next")
		s.mu.Unlock()
		if count >= n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	s.t.Fatalf("the extension did not ask for event %d", n)
}

func TestAMisconfiguredExtensionRegistersAnswersEveryEventAndSaysOnceWhy(t *testing.T) {
	s := newSandbox(t)
	wait := s.start(map[string]string{"RIGHTSIZER_STREAM": ""})
	for i := 0; i < 3; i++ {
		s.events <- invoke(fmt.Sprint("r", i))
	}
	s.events <- shutdown(2 * time.Second)

	code, out := wait()

	if code != 0 || strings.Count(out, "RIGHTSIZER_STREAM is not set") != 1 || !strings.Contains(out, "invokes=3") {
		t.Errorf("code %d output %s", code, out)
	}
	if s.registered != "rightsizer-extension" || strings.Contains(strings.Join(s.timeline, " "), "subscribe") {
		t.Errorf("registered %q timeline %v", s.registered, s.timeline)
	}
}

func TestReportsAreShippedInBatchesBeforeTheNextEventIsAskedForAndTheRestAtShutdown(t *testing.T) {
	s := newSandbox(t)
	wait := s.start(map[string]string{"RIGHTSIZER_BATCH_REPORTS": "5"})
	for i := 0; i < 12; i++ {
		s.events <- invoke(fmt.Sprint("r", i))
		s.waitForNext(i + 2)
		// Lambda delivers invocation N's report during N+1 (here: once N+1's INVOKE was answered).
		if i > 0 {
			s.deliver(reportEvent(fmt.Sprint("r", i-1)), `{"time":"t","type":"platform.start","record":{}}`)
		}
	}
	s.events <- shutdown(2 * time.Second)
	s.deliver(reportEvent("r11"))

	code, out := wait()

	if code != 0 {
		t.Fatalf("exit %d: %s", code, out)
	}
	var shipped []string
	for _, rec := range s.records {
		if rec["functionArn"] != "arn:aws:lambda:eu-west-1:123456789012:function:orders-api" {
			t.Errorf("record %v", rec)
		}
		for _, r := range rec["reports"].([]any) {
			report := r.(map[string]any)
			shipped = append(shipped, report["requestId"].(string))
			if report["functionVersion"] != "12" {
				t.Errorf("report %v", report)
			}
		}
	}
	if got := strings.Join(shipped, ","); got != "r0,r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11" {
		t.Errorf("shipped %s", got)
	}
	// Every PutRecords came after an event was handed out and before the extension asked for the next one.
	last := ""
	for _, e := range s.timeline {
		if e == "put" && last != "event" {
			t.Errorf("a PutRecords while the extension waited for an event: %v", s.timeline)
		}
		if e != "put" {
			last = e
		}
	}
	for _, want := range []string{"received=12 shipped=12", "skipped.platform.start=11", "shipInvokes=2"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q: %s", want, out)
		}
	}
}

func TestRegisterFailureEndsTheProcess(t *testing.T) {
	s := newSandbox(t)
	s.registerSt = 500
	code, out := s.start(nil)()
	if code != 1 || !strings.Contains(out, "register failed") {
		t.Errorf("code %d output %s", code, out)
	}
}

func TestARefusedSubscriptionLeavesTheExtensionAnsweringEvents(t *testing.T) {
	s := newSandbox(t)
	s.subscribeSt = 403
	wait := s.start(nil)
	s.events <- invoke("r0")
	s.events <- shutdown(2 * time.Second)
	code, out := wait()
	if code != 0 || !strings.Contains(out, "inactive") || !strings.Contains(out, "403") {
		t.Errorf("code %d output %s", code, out)
	}
}

func TestWithoutCredentialsTheExtensionIsInactive(t *testing.T) {
	s := newSandbox(t)
	wait := s.start(map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": ""})
	s.events <- shutdown(time.Second)
	code, out := wait()
	if code != 0 || !strings.Contains(out, "inactive") || !strings.Contains(out, "no AWS credentials") {
		t.Errorf("code %d output %s", code, out)
	}
}

func TestWhenEventNextKeepsFailingTheExtensionReportsAnExitErrorAndExits(t *testing.T) {
	s := newSandbox(t)
	s.nextFails = true
	code, out := s.start(nil)()
	if code != 1 || !strings.Contains(strings.Join(s.timeline, " "), "exit/error Extension.NextFailed") {
		t.Errorf("code %d timeline %v output %s", code, s.timeline, out)
	}
}

func TestOutsideLambdaTheExtensionSaysSoAndStops(t *testing.T) {
	var out strings.Builder
	if code := run([]string{"rightsizer-extension"}, func(string) string { return "" }, &out); code != 2 ||
		!strings.Contains(out.String(), "AWS_LAMBDA_RUNTIME_API is not set") {
		t.Errorf("code %d output %q", code, out.String())
	}
}

func TestTheAwaitSetForgetsTheOldestAndWakesWhenReportsArrive(t *testing.T) {
	a := newAwaitSet(2)
	a.add("a")
	a.add("b")
	a.add("c")
	if a.ids["a"] || !a.ids["b"] || !a.ids["c"] {
		t.Errorf("ids %v", a.ids)
	}
	go func() {
		time.Sleep(20 * time.Millisecond)
		a.reported([]string{"b", "c"})
	}()
	start := time.Now()
	a.wait(time.Now().Add(time.Second))
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("waited %v", time.Since(start))
	}
}
