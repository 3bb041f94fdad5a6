package kinesis

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"rightsizer/extension/internal/logging"
	"rightsizer/extension/internal/report"
	"rightsizer/extension/internal/stats"
)

// stubPutter answers each call with the next scripted result and records what it was sent.
type stubPutter struct {
	results []func(n int) ([]string, error)
	calls   [][][]byte
}

func (s *stubPutter) PutRecords(_ context.Context, records [][]byte, _ string) ([]string, error) {
	s.calls = append(s.calls, records)
	i := len(s.calls) - 1
	if i < len(s.results) {
		return s.results[i](len(records))
	}
	return make([]string, len(records)), nil
}

func stored(n int) ([]string, error) { return make([]string, n), nil }

func failing(err error) func(int) ([]string, error) {
	return func(int) ([]string, error) { return nil, err }
}

type fixture struct {
	buffer   *report.Buffer
	putter   *stubPutter
	shipper  *Shipper
	counters *stats.Counters
	log      *strings.Builder
	clock    time.Time
}

func newFixture(settings Settings, results ...func(int) ([]string, error)) *fixture {
	f := &fixture{counters: &stats.Counters{}, log: &strings.Builder{}, putter: &stubPutter{results: results},
		clock: time.Unix(1_800_000_000, 0)}
	f.buffer = report.NewBuffer(100, func(n int) { f.counters.Dropped.Add(int64(n)) })
	env := &report.Envelope{FunctionName: "orders-api", Region: "eu-west-1", AccountID: "123456789012"}
	f.shipper = NewShipper(f.buffer, f.putter, env, settings, f.counters, logging.New(f.log))
	f.shipper.now = func() time.Time { return f.clock }
	return f
}

func (f *fixture) add(ids ...string) {
	for _, id := range ids {
		r := report.Report{RequestID: id, MemorySizeMB: 128, FunctionVersion: "$LATEST"}
		f.buffer.Add(r.AppendJSON(nil), f.clock)
	}
}

func ids(t *testing.T, records [][]byte) []string {
	var out []string
	for _, rec := range records {
		var batch struct{ Reports []struct{ RequestID string } }
		if err := json.Unmarshal(rec, &batch); err != nil {
			t.Fatal(err)
		}
		for _, r := range batch.Reports {
			out = append(out, r.RequestID)
		}
	}
	return out
}

func TestABatchIsDueWhenFullOrWhenItsOldestReportHasWaitedLongEnough(t *testing.T) {
	f := newFixture(Settings{MaxRecordBytes: 1 << 18, BatchReports: 3, MaxAge: time.Minute})
	if f.shipper.Due() {
		t.Error("due while empty")
	}
	f.add("a", "b")
	if f.shipper.Due() {
		t.Error("due with 2 of 3 reports")
	}
	f.add("c")
	if !f.shipper.Due() {
		t.Error("not due with a full batch")
	}

	g := newFixture(Settings{MaxRecordBytes: 1 << 18, BatchReports: 3, MaxAge: time.Minute})
	g.add("a")
	g.clock = g.clock.Add(time.Minute)
	if !g.shipper.Due() {
		t.Error("not due after the oldest waited a minute")
	}
}

func TestNothingIsDueUntilTheAccountIsKnown(t *testing.T) {
	f := newFixture(Settings{MaxRecordBytes: 1 << 18, BatchReports: 1})
	f.shipper.envelope.AccountID = ""
	f.add("a")
	if f.shipper.Due() || f.shipper.Flush(context.Background()) != 1 || len(f.putter.calls) != 0 {
		t.Error("shipped without a function ARN")
	}
}

func TestAFlushShipsEverythingInOneCallOfRecordsUnderTheSizeLimit(t *testing.T) {
	f := newFixture(Settings{MaxRecordBytes: 1024, BatchReports: 1})
	f.add("a", "b", "c", "d", "e", "f", "g")

	left := f.shipper.Flush(context.Background())

	if left != 0 || len(f.putter.calls) != 1 || len(f.putter.calls[0]) < 2 {
		t.Fatalf("left %d, calls %d", left, len(f.putter.calls))
	}
	if got := strings.Join(ids(t, f.putter.calls[0]), ""); got != "abcdefg" {
		t.Errorf("shipped %s", got)
	}
	if f.counters.Shipped.Load() != 7 {
		t.Errorf("shipped counter %d", f.counters.Shipped.Load())
	}
}

func TestOnlyTheEntriesKinesisRejectedAreSentAgain(t *testing.T) {
	f := newFixture(Settings{MaxRecordBytes: 300, BatchReports: 1},
		func(n int) ([]string, error) {
			codes := make([]string, n)
			codes[1] = "ProvisionedThroughputExceededException"
			return codes, nil
		})
	f.add("a", "b", "c")

	left := f.shipper.Flush(context.Background())

	if left != 0 || len(f.putter.calls) != 2 {
		t.Fatalf("left %d calls %d", left, len(f.putter.calls))
	}
	if got := ids(t, f.putter.calls[1]); strings.Join(got, "") != "b" {
		t.Errorf("second call carried %v", got)
	}
	if f.counters.PutFailures.Load() != 1 || f.counters.Shipped.Load() != 3 {
		t.Errorf("failures %d shipped %d", f.counters.PutFailures.Load(), f.counters.Shipped.Load())
	}
}

func TestRetryableFailuresAreTriedAgainWithinTheDeadline(t *testing.T) {
	throttled := &CallError{Kind: "ProvisionedThroughputExceededException", Status: 400, Retryable: true}
	f := newFixture(Settings{MaxRecordBytes: 1 << 18, BatchReports: 1}, failing(throttled), failing(throttled), stored)
	f.add("a")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	if left := f.shipper.Flush(ctx); left != 0 || len(f.putter.calls) != 3 {
		t.Errorf("left %d calls %d", left, len(f.putter.calls))
	}
}

func TestAFailedFlushKeepsTheReportsInOrderBacksOffAndLogsOnce(t *testing.T) {
	notFound := &CallError{Kind: "ResourceNotFoundException", Status: 400, Message: "Stream s not found"}
	f := newFixture(Settings{MaxRecordBytes: 1 << 18, BatchReports: 1}, failing(notFound), failing(notFound))
	f.add("a", "b")

	f.shipper.Flush(context.Background())
	f.add("c")
	dueWhileBackingOff := f.shipper.Due()
	f.clock = f.clock.Add(time.Second)
	dueAfter := f.shipper.Due()
	f.shipper.Flush(context.Background())

	if dueWhileBackingOff || !dueAfter {
		t.Errorf("due while backing off %v, after %v", dueWhileBackingOff, dueAfter)
	}
	if len(f.putter.calls) != 2 {
		t.Errorf("%d calls: a non-retryable error is not retried within a flush", len(f.putter.calls))
	}
	if strings.Count(f.log.String(), "ResourceNotFoundException") != 1 {
		t.Errorf("log %q", f.log.String())
	}
	f.clock = f.clock.Add(time.Hour)
	f.shipper.Flush(context.Background())
	if got := ids(t, f.putter.calls[2]); strings.Join(got, "") != "abc" {
		t.Errorf("after recovery shipped %v", got)
	}
	if !strings.Contains(f.log.String(), "Kinesis reachable again") {
		t.Errorf("log %q", f.log.String())
	}
}

func TestAFlushShipsWhatWasBufferedWhenItStartedNotWhatArrivesMeanwhile(t *testing.T) {
	f := newFixture(Settings{MaxRecordBytes: 1 << 18, BatchReports: 1})
	f.add("a", "b")
	f.putter.results = []func(int) ([]string, error){func(n int) ([]string, error) {
		f.add("late") // delivered by Lambda while the call is in flight
		return stored(n)
	}}

	left := f.shipper.Flush(context.Background())

	if left != 1 || len(f.putter.calls) != 1 || strings.Join(ids(t, f.putter.calls[0]), "") != "ab" {
		t.Errorf("left %d calls %d", left, len(f.putter.calls))
	}
}
