package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestAReportIsWrittenWithEveryFieldOfTheStreamFormat(t *testing.T) {
	r := Report{Time: ptr("2026-11-23T11:02:00.118Z"), RequestID: "req-1", Status: ptr("error"),
		ErrorType: ptr("Runtime.OutOfMemory"), DurationMs: 2599.4, BilledDurationMs: 2600, MemorySizeMB: 512,
		MaxMemoryUsedMB: 512, InitDurationMs: ptr(611.9), FunctionVersion: "7"}

	got := string(r.AppendJSON(nil))

	want := `{"time":"2026-11-23T11:02:00.118Z","requestId":"req-1","status":"error","errorType":"Runtime.OutOfMemory",` +
		`"durationMs":2599.4,"billedDurationMs":2600,"memorySizeMb":512,"maxMemoryUsedMb":512,"initDurationMs":611.9,` +
		`"restoreDurationMs":null,"functionVersion":"7"}`
	if got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
}

func TestNumbersAreWrittenPlainAndAbsentValuesAsNull(t *testing.T) {
	r := Report{RequestID: "r", DurationMs: 900000, BilledDurationMs: 900000, MemorySizeMB: 10240, MaxMemoryUsedMB: 0,
		RestoreDurationMs: ptr(0.85), FunctionVersion: "$LATEST"}

	got := string(r.AppendJSON(nil))

	for _, want := range []string{`"time":null`, `"status":null`, `"errorType":null`, `"durationMs":900000,`,
		`"initDurationMs":null`, `"restoreDurationMs":0.85`, `"functionVersion":"$LATEST"`} {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", got, want)
		}
	}
}

func TestStringsAreEscapedSoAnyTextReadsBackExactly(t *testing.T) {
	tests := []string{
		`Handler "orders" failed: C:\tmp\x` + "\ttab\u0001bell\nnewline\rreturn",
		"unicode é ü 漢字 😀",
		"line\u2028separator",
		"",
	}
	for _, in := range tests {
		var out string
		if err := json.Unmarshal(AppendString(nil, in), &out); err != nil || out != in {
			t.Errorf("%q read back as %q (%v)", in, out, err)
		}
	}
	if got := string(AppendString(nil, "bad\xffutf8")); got != `"bad\ufffdutf8"` {
		t.Errorf("invalid UTF-8 written as %s", got)
	}
}

func TestRecordsCarryTheFunctionsEnvelopeAndStayUnderTheSizeLimit(t *testing.T) {
	env := Envelope{FunctionName: "orders-api", Region: "eu-west-1", AccountID: "123456789012"}
	var reports [][]byte
	for i := 0; i < 10; i++ {
		r := Report{RequestID: strings.Repeat("x", 100), MemorySizeMB: 128, FunctionVersion: "$LATEST"}
		reports = append(reports, r.AppendJSON(nil))
	}

	records, counts := env.Records(reports, 1024)

	total := 0
	for i, rec := range records {
		if len(rec) > 1024 {
			t.Errorf("record %d is %d bytes", i, len(rec))
		}
		var batch struct {
			V            int               `json:"v"`
			FunctionArn  string            `json:"functionArn"`
			FunctionName string            `json:"functionName"`
			AccountID    string            `json:"accountId"`
			Region       string            `json:"region"`
			Reports      []json.RawMessage `json:"reports"`
		}
		if err := json.Unmarshal(rec, &batch); err != nil {
			t.Fatalf("record %d is not JSON: %v", i, err)
		}
		if batch.V != 1 || batch.FunctionArn != "arn:aws:lambda:eu-west-1:123456789012:function:orders-api" ||
			batch.FunctionName != "orders-api" || batch.AccountID != "123456789012" || batch.Region != "eu-west-1" {
			t.Errorf("envelope %+v", batch)
		}
		if len(batch.Reports) != counts[i] {
			t.Errorf("record %d holds %d reports, counted %d", i, len(batch.Reports), counts[i])
		}
		total += counts[i]
	}
	if total != 10 || len(records) < 2 {
		t.Errorf("%d reports in %d records", total, len(records))
	}
}

func TestAReportLargerThanTheLimitStillGetsARecordOfItsOwn(t *testing.T) {
	env := Envelope{FunctionName: "f", Region: "us-east-1", AccountID: "123456789012"}
	records, counts := env.Records([][]byte{[]byte(`{"requestId":"` + strings.Repeat("y", 2000) + `"}`), []byte(`{}`)}, 1024)
	if len(records) != 2 || counts[0] != 1 || counts[1] != 1 {
		t.Errorf("counts %v", counts)
	}
}

func TestTheAccountIsLearnedFromTheInvokedARNWhenRegisterDidNotTellIt(t *testing.T) {
	env := Envelope{FunctionName: "f", Region: "cn-north-1"}
	if env.Ready() {
		t.Fatal("ready without an account")
	}
	env.LearnAccount("arn:aws-cn:lambda:cn-north-1:210987654321:function:f:prod")
	env.LearnAccount("arn:aws-cn:lambda:cn-north-1:111111111111:function:f")
	if !env.Ready() || env.AccountID != "210987654321" {
		t.Errorf("account %q", env.AccountID)
	}
	if !strings.Contains(string(env.prefix()), `"arn:aws-cn:lambda:cn-north-1:210987654321:function:f"`) {
		t.Errorf("prefix %s", env.prefix())
	}
}

func TestTheBufferDropsTheOldestWhenFullAndCountsThem(t *testing.T) {
	dropped := 0
	b := NewBuffer(3, func(n int) { dropped += n })
	t0 := time.Unix(1000, 0)
	for i := 0; i < 5; i++ {
		b.Add([]byte{byte('a' + i)}, t0.Add(time.Duration(i)*time.Second))
	}
	if b.Len() != 3 || dropped != 2 || !b.Oldest().Equal(t0.Add(2*time.Second)) {
		t.Fatalf("len %d dropped %d oldest %v", b.Len(), dropped, b.Oldest())
	}

	taken, oldest := b.Take(2)
	b.Add([]byte("f"), t0.Add(9*time.Second))
	b.PutBack(taken, oldest)

	rest, _ := b.Take(10)
	got := ""
	for _, r := range rest {
		got += string(r)
	}
	// "c" and "d" came back in front of "e"; "f" made it four, so the oldest, "c", was dropped.
	if got != "def" || dropped != 3 {
		t.Errorf("got %q, dropped %d", got, dropped)
	}
	if b.Len() != 0 || !b.Oldest().IsZero() {
		t.Errorf("not empty")
	}
}
