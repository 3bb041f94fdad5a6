package telemetryapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

func parseFile(t *testing.T, name string) Batch {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Parse(f, "$LATEST")
}

func TestABatchAsLambdaSendsItKeepsOnlyTheReports(t *testing.T) {
	b := parseFile(t, "platform-batch.json")

	if len(b.Reports) != 3 || b.Malformed != 0 || b.NoMemory != 0 {
		t.Fatalf("reports %d malformed %d nomemory %d", len(b.Reports), b.Malformed, b.NoMemory)
	}
	first := b.Reports[0]
	if first.RequestID != "3f0c2a71-58b4-4d0e-b1f6-6a9d7e0c4b12" || *first.Time != "2026-11-23T08:14:03.415Z" ||
		*first.Status != "success" || first.ErrorType != nil || first.DurationMs != 712.44 || first.BilledDurationMs != 713 ||
		first.MemorySizeMB != 1024 || first.MaxMemoryUsedMB != 187 || *first.InitDurationMs != 583.2 ||
		first.RestoreDurationMs != nil || first.FunctionVersion != "$LATEST" {
		t.Errorf("first report %+v", first)
	}
	if *b.Reports[2].RestoreDurationMs != 212.7 {
		t.Errorf("restore duration %v", b.Reports[2].RestoreDurationMs)
	}
	want := map[string]int{"platform.initStart": 1, "platform.initReport": 1, "platform.start": 1,
		"platform.runtimeDone": 1, "platform.logsDropped": 1, "platform.telemetrySubscription": 1}
	if fmt.Sprint(b.Skipped) != fmt.Sprint(want) {
		t.Errorf("skipped %v", b.Skipped)
	}
	if len(b.ReportedIDs) != 3 {
		t.Errorf("reported ids %v", b.ReportedIDs)
	}
}

func TestOddEventsAreCountedAndSkippedWhileGoodReportsAreKept(t *testing.T) {
	b := parseFile(t, "odd-batch.json")

	// A newer event type is skipped by name; a report without metrics and an event without a type are malformed;
	// a report with only a duration (Lambda Managed Instances) cannot size memory.
	if b.Skipped["platform.futureEvent"] != 1 || b.Malformed != 2 || b.NoMemory != 1 || len(b.Reports) != 1 {
		t.Fatalf("%+v", b)
	}
	if r := b.Reports[0]; *r.ErrorType != "Runtime.OutOfMemory" || r.MaxMemoryUsedMB != 256 {
		t.Errorf("report %+v", r)
	}
	if len(b.ReportedIDs) != 3 {
		t.Errorf("reported ids %v: the ones without metrics have still been reported", b.ReportedIDs)
	}
}

func TestUnreadableBatchesNeverFail(t *testing.T) {
	report := `{"time":"t","type":"platform.report","record":{"requestId":"a","metrics":{"durationMs":1,"memorySizeMB":128,"maxMemoryUsedMB":60}}}`
	tests := []struct {
		name      string
		body      string
		reports   int
		malformed int
	}{
		{"not JSON", "this is not json", 0, 1},
		{"an object", `{"time":"t","type":"platform.report"}`, 0, 1},
		{"empty", "", 0, 1},
		{"an empty array", "[]", 0, 0},
		{"an event that is not an object", `[42,` + report + `]`, 1, 1},
		{"a record that is a string", `[{"type":"platform.report","record":"text"},` + report + `]`, 1, 1},
		{"a type that is not a string", `[{"type":7},` + report + `]`, 1, 1},
		{"broken after a good report", `[` + report + `,{"type":`, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := Parse(strings.NewReader(tt.body), "1")
			if len(b.Reports) != tt.reports || b.Malformed != tt.malformed {
				t.Errorf("reports %d malformed %d (%v)", len(b.Reports), b.Malformed, b.Problems)
			}
		})
	}
}

func TestFiguresIngestWouldRejectARecordForAreSkippedAsMalformed(t *testing.T) {
	report := func(id, duration, billed, size, used string) string {
		return `{"type":"platform.report","record":{"requestId":"` + id + `","metrics":{"durationMs":` + duration +
			`,"billedDurationMs":` + billed + `,"memorySizeMB":` + size + `,"maxMemoryUsedMB":` + used + `}}}`
	}
	body := "[" + strings.Join([]string{
		report("negative-duration", "-1.5", "2", "128", "64"),
		report("negative-billed", "3", "-4", "128", "64"),
		report("size-beyond-int", "3", "3", "4294967296", "64"),
		report("used-beyond-int", "3", "3", "128", "4294967296"),
		report("zero-size", "3", "3", "0", "64"),
		report("size-as-text", "3", "3", `"128"`, "64"),
		report("good", "3", "3", "128", "64"),
	}, ",") + "]"

	b := Parse(strings.NewReader(body), "1")

	if b.Malformed != 6 || len(b.Reports) != 1 || b.Reports[0].RequestID != "good" {
		t.Errorf("malformed %d reports %+v", b.Malformed, b.Reports)
	}
}

func TestAReportWithoutBilledDurationIsBilledItsDurationRoundedUp(t *testing.T) {
	b := Parse(strings.NewReader(`[{"type":"platform.report","record":{"requestId":"r","metrics":{"durationMs":17.02,"memorySizeMB":128,"maxMemoryUsedMB":66}}}]`), "3")
	if len(b.Reports) != 1 || b.Reports[0].BilledDurationMs != 18 || b.Reports[0].FunctionVersion != "3" || b.Reports[0].Time != nil {
		t.Errorf("%+v", b.Reports)
	}
}

func TestSubscribingAsksForPlatformEventsAtTheListenerWithTheNewestSchema(t *testing.T) {
	var got map[string]any
	var id string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || r.URL.Path != "/2022-07-01/telemetry" {
			t.Errorf("%s %s", r.Method, r.URL.Path)
		}
		id = r.Header.Get("Lambda-Extension-Identifier")
		json.NewDecoder(r.Body).Decode(&got)
		io.WriteString(w, `"OK"`)
	}))
	defer srv.Close()

	schema, err := Subscribe(context.Background(), srv.Client(), srv.URL, "ext-1", "http://sandbox.localdomain:4243/telemetry")

	if err != nil || schema != "2025-01-29" || id != "ext-1" {
		t.Fatalf("schema %q err %v id %q", schema, err, id)
	}
	want := `map[buffering:map[maxBytes:262144 maxItems:1000 timeoutMs:100] destination:map[URI:http://sandbox.localdomain:4243/telemetry protocol:HTTP] schemaVersion:2025-01-29 types:[platform]]`
	if fmt.Sprint(got) != want {
		t.Errorf("body %v", got)
	}
}

func TestALambdaThatRefusesTheNewestSchemaGetsThePreviousOne(t *testing.T) {
	var schemas []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ SchemaVersion string }
		json.NewDecoder(r.Body).Decode(&body)
		schemas = append(schemas, body.SchemaVersion)
		if body.SchemaVersion == "2025-01-29" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"errorType":"ValidationError","errorMessage":"unsupported schemaVersion"}`)
			return
		}
		io.WriteString(w, `"OK"`)
	}))
	defer srv.Close()

	schema, err := Subscribe(context.Background(), srv.Client(), srv.URL, "ext", "http://sandbox.localdomain:1/t")

	if err != nil || schema != "2022-12-13" || fmt.Sprint(schemas) != "[2025-01-29 2022-12-13]" {
		t.Errorf("schema %q err %v asked %v", schema, err, schemas)
	}
}

func TestOtherSubscriptionErrorsAreNotRetriedWithAnotherSchema(t *testing.T) {
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()

	_, err := Subscribe(context.Background(), srv.Client(), srv.URL, "ext", "http://sandbox.localdomain:1/t")

	var refused *SubscribeError
	if !errors.As(err, &refused) || refused.Status != 500 || calls != 1 {
		t.Errorf("err %v calls %d", err, calls)
	}
}

func TestTheListenerHandsOverPostedBatchesAndAlwaysAnswers200(t *testing.T) {
	l, err := Listen("127.0.0.1", 0, func(error) { t.Error("127.0.0.1 resolves") })
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var bodies []string
	go l.Serve(func(r io.Reader) {
		b, _ := io.ReadAll(r)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d/telemetry", l.Port())

	post, err := http.Post(url, "application/json", strings.NewReader(`[{"type":"platform.start"}]`))
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	get, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	get.Body.Close()
	tooLarge, err := http.Post(url, "application/json", strings.NewReader("["+strings.Repeat(" ", MaxBatchBytes+10)+"]"))
	if err != nil {
		t.Fatal(err)
	}
	tooLarge.Body.Close()

	if post.StatusCode != 200 || get.StatusCode != 200 || tooLarge.StatusCode != 200 {
		t.Errorf("statuses %d %d %d", post.StatusCode, get.StatusCode, tooLarge.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 3 || bodies[0] != `[{"type":"platform.start"}]` || bodies[1] != "" || len(bodies[2]) != MaxBatchBytes {
		t.Errorf("bodies %d, first %q", len(bodies), bodies[0])
	}
}

func TestAnUnresolvableHostIsReplacedByEveryInterface(t *testing.T) {
	var fellBack error
	l, err := Listen("sandbox.localdomain.invalid", 0, func(err error) { fellBack = err })
	if err != nil {
		t.Fatal(err)
	}
	defer l.ln.Close()
	if fellBack == nil || l.Port() == 0 {
		t.Errorf("fallback %v port %d", fellBack, l.Port())
	}
}
