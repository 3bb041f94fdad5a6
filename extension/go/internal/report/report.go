// Package report is the stream record format v1 the extension writes to Kinesis and ingest reads
// (docs/formats.md, core's StreamRecordCodec): one function's envelope around a batch of reports,
//
//	{"v":1,"functionArn":"arn:aws:lambda:<region>:<account>:function:<name>","functionName":"<name>",
//	 "accountId":"<account>","region":"<region>","reports":[{...},{...}]}
//
// and the bounded buffer reports wait in until they are shipped.
package report

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Report is one invocation's platform.report, reduced to what sizing needs. Nil pointers are written as null.
type Report struct {
	Time              *string
	RequestID         string
	Status            *string
	ErrorType         *string
	DurationMs        float64
	BilledDurationMs  int64
	MemorySizeMB      int64
	MaxMemoryUsedMB   int64
	InitDurationMs    *float64
	RestoreDurationMs *float64
	// FunctionVersion is the version that ran ($LATEST or a number), from /register: a change to $LATEST does
	// not change published versions, so the pipeline must tell them apart.
	FunctionVersion string
}

// AppendJSON appends the report object of the stream format.
func (r *Report) AppendJSON(b []byte) []byte {
	b = append(b, `{"time":`...)
	b = appendOptString(b, r.Time)
	b = append(b, `,"requestId":`...)
	b = AppendString(b, r.RequestID)
	b = append(b, `,"status":`...)
	b = appendOptString(b, r.Status)
	b = append(b, `,"errorType":`...)
	b = appendOptString(b, r.ErrorType)
	b = append(b, `,"durationMs":`...)
	b = strconv.AppendFloat(b, r.DurationMs, 'f', -1, 64)
	b = append(b, `,"billedDurationMs":`...)
	b = strconv.AppendInt(b, r.BilledDurationMs, 10)
	b = append(b, `,"memorySizeMb":`...)
	b = strconv.AppendInt(b, r.MemorySizeMB, 10)
	b = append(b, `,"maxMemoryUsedMb":`...)
	b = strconv.AppendInt(b, r.MaxMemoryUsedMB, 10)
	b = append(b, `,"initDurationMs":`...)
	b = appendOptFloat(b, r.InitDurationMs)
	b = append(b, `,"restoreDurationMs":`...)
	b = appendOptFloat(b, r.RestoreDurationMs)
	b = append(b, `,"functionVersion":`...)
	b = AppendString(b, r.FunctionVersion)
	return append(b, '}')
}

func appendOptString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return AppendString(b, *s)
}

func appendOptFloat(b []byte, f *float64) []byte {
	if f == nil {
		return append(b, "null"...)
	}
	// Plain notation (never 1e+07), the shortest that reads back as the same number.
	return strconv.AppendFloat(b, *f, 'f', -1, 64)
}

// AppendString appends s as a JSON string: quotes, backslashes and control characters escaped, other text
// as UTF-8; invalid UTF-8 becomes U+FFFD.
func AppendString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			// Valid JSON, but not valid in JavaScript string literals: escaped, as encoding/json does.
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&15])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// Envelope is the function-level part of a record. The account id may only become known with the first INVOKE
// (from its function ARN) when the register response lacks it.
type Envelope struct {
	FunctionName string
	Region       string
	AccountID    string
}

// Ready says whether records can be written (the function ARN needs the account id).
func (e *Envelope) Ready() bool {
	return len(e.AccountID) == 12 && strings.Trim(e.AccountID, "0123456789") == ""
}

// LearnAccount takes the account id of a function ARN when none is known yet.
func (e *Envelope) LearnAccount(functionArn string) {
	if e.Ready() {
		return
	}
	parts := strings.Split(functionArn, ":")
	if len(parts) >= 7 && parts[2] == "lambda" {
		e.AccountID = parts[4]
	}
}

// prefix is everything of a record before its first report.
func (e *Envelope) prefix() []byte {
	b := make([]byte, 0, 200)
	b = append(b, `{"v":1,"functionArn":`...)
	b = AppendString(b, "arn:"+Partition(e.Region)+":lambda:"+e.Region+":"+e.AccountID+":function:"+e.FunctionName)
	b = append(b, `,"functionName":`...)
	b = AppendString(b, e.FunctionName)
	b = append(b, `,"accountId":`...)
	b = AppendString(b, e.AccountID)
	b = append(b, `,"region":`...)
	b = AppendString(b, e.Region)
	return append(b, `,"reports":[`...)
}

// Partition is the ARN partition of a Region.
func Partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// Records wraps serialised reports into records of at most maxBytes each (a single larger report gets a record
// of its own), keeping their order; counts[i] is how many reports records[i] holds.
func (e *Envelope) Records(reports [][]byte, maxBytes int) (records [][]byte, counts []int) {
	prefix := e.prefix()
	const suffix = "]}"
	var current []byte
	n := 0
	for _, r := range reports {
		if n > 0 && len(current)+1+len(r)+len(suffix) > maxBytes {
			records, counts = append(records, append(current, suffix...)), append(counts, n)
			current, n = nil, 0
		}
		if n == 0 {
			current = append(make([]byte, 0, len(prefix)+len(r)+64), prefix...)
		} else {
			current = append(current, ',')
		}
		current = append(current, r...)
		n++
	}
	if n > 0 {
		records, counts = append(records, append(current, suffix...)), append(counts, n)
	}
	return records, counts
}
