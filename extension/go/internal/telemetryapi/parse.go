package telemetryapi

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"rightsizer/extension/internal/report"
)

// Batch is what one delivery held.
type Batch struct {
	// Reports are the platform.report records that can size memory.
	Reports []report.Report
	// ReportedIDs are the request ids whose platform.report arrived, usable or not.
	ReportedIDs []string
	// Skipped counts events by type that are not platform.report.
	Skipped map[string]int
	// Malformed counts unreadable batches and records; NoMemory, reports without memory figures.
	Malformed, NoMemory int
	// Problems says what was malformed, one line per kind, for the log.
	Problems []string
}

// event is one element of a batch; the record is decoded only for platform.report.
type event struct {
	Time   json.RawMessage `json:"time"`
	Type   json.RawMessage `json:"type"`
	Record json.RawMessage `json:"record"`
}

// Parse reads a batch, a JSON array of {"time","type","record"}, and never fails: anything unreadable is counted
// as malformed and skipped. It decodes one event at a time, so a batch is never held in memory whole.
func Parse(r io.Reader, functionVersion string) Batch {
	b := Batch{Skipped: map[string]int{}}
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		b.malformed("telemetry batch is not a JSON array")
		return b
	}
	for dec.More() {
		var ev event
		if err := dec.Decode(&ev); err != nil {
			if _, typeErr := err.(*json.UnmarshalTypeError); typeErr {
				b.malformed("telemetry event is not an object")
				continue
			}
			b.malformed("telemetry batch is not valid JSON")
			return b
		}
		var kind string
		if json.Unmarshal(ev.Type, &kind) != nil || kind == "" {
			b.malformed("telemetry event without a type")
			continue
		}
		if kind != "platform.report" {
			b.Skipped[kind]++
			continue
		}
		b.readReport(ev, functionVersion)
	}
	return b
}

func (b *Batch) malformed(why string) {
	b.Malformed++
	for _, p := range b.Problems {
		if p == why {
			return
		}
	}
	b.Problems = append(b.Problems, why)
}

func (b *Batch) readReport(ev event, functionVersion string) {
	var rec map[string]json.RawMessage
	if json.Unmarshal(ev.Record, &rec) != nil {
		b.malformed("platform.report without a record")
		return
	}
	requestID, ok := text(rec["requestId"])
	if ok && requestID != nil && *requestID != "" {
		// Its report arrived, usable or not: nobody needs to wait for it any longer.
		b.ReportedIDs = append(b.ReportedIDs, *requestID)
	}
	var metrics map[string]json.RawMessage
	if !ok || requestID == nil || *requestID == "" || json.Unmarshal(rec["metrics"], &metrics) != nil || metrics == nil {
		b.malformed("platform.report without requestId or metrics")
		return
	}
	_, hasUsed := metrics["maxMemoryUsedMB"]
	_, hasSize := metrics["memorySizeMB"]
	if !hasUsed && !hasSize {
		// Lambda Managed Instances report the duration only: nothing to size memory from.
		b.NoMemory++
		return
	}
	used, okUsed := number(metrics["maxMemoryUsedMB"])
	size, okSize := number(metrics["memorySizeMB"])
	duration, okDuration := number(metrics["durationMs"])
	billed, hasBilled := number(metrics["billedDurationMs"])
	// Ingest rejects a whole record over one report like these, so they are stopped here.
	if !okUsed || !okSize || !okDuration || size < 1 || used < 0 || size > math.MaxInt32 || used > math.MaxInt32 ||
		duration < 0 || (hasBilled && billed < 0) {
		b.malformed("platform.report with unusable metrics")
		return
	}
	if !hasBilled {
		// The stream format needs a billed duration (ingest sums it); Lambda bills at least the duration,
		// rounded up to the millisecond.
		billed = math.Ceil(duration)
	}
	t, _ := text(ev.Time)
	status, _ := text(rec["status"])
	errorType, _ := text(rec["errorType"])
	b.Reports = append(b.Reports, report.Report{
		Time:              t,
		RequestID:         *requestID,
		Status:            status,
		ErrorType:         errorType,
		DurationMs:        duration,
		BilledDurationMs:  int64(billed),
		MemorySizeMB:      int64(size),
		MaxMemoryUsedMB:   int64(used),
		InitDurationMs:    optional(metrics["initDurationMs"]),
		RestoreDurationMs: optional(metrics["restoreDurationMs"]),
		FunctionVersion:   functionVersion,
	})
}

// text is a JSON string's value; nil (and ok) for absent or null, not ok for other kinds.
func text(raw json.RawMessage) (*string, bool) {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil, false
	}
	return &s, true
}

// number is a JSON number's value; not ok for anything else (absent, null, strings).
func number(raw json.RawMessage) (float64, bool) {
	if len(raw) == 0 || raw[0] == '"' || raw[0] == 'n' || raw[0] == 't' || raw[0] == 'f' || raw[0] == '{' || raw[0] == '[' {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

func optional(raw json.RawMessage) *float64 {
	if f, ok := number(raw); ok {
		return &f
	}
	return nil
}
