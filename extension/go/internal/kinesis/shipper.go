package kinesis

import (
	"context"
	"errors"
	"time"

	"rightsizer/extension/internal/logging"
	"rightsizer/extension/internal/report"
	"rightsizer/extension/internal/stats"
)

// Putter is what the shipper needs of a Kinesis client.
type Putter interface {
	PutRecords(ctx context.Context, records [][]byte, partitionKey string) ([]string, error)
}

// Shipper decides when buffered reports are due and ships them in as few calls as Kinesis allows, retrying
// only the entries Kinesis rejected. It is driven by the event loop: it ships before the extension asks for
// the next event, never in the background, so no freeze can cut a request in flight.
type Shipper struct {
	buffer         *report.Buffer
	client         Putter
	envelope       *report.Envelope
	counters       *stats.Counters
	log            *logging.Logger
	maxRecordBytes int
	batchReports   int
	maxAge         time.Duration
	now            func() time.Time

	failures   int
	retryAfter time.Time
}

// Settings of a shipper.
type Settings struct {
	// MaxRecordBytes bounds one record (Kinesis allows 1 MiB).
	MaxRecordBytes int
	// BatchReports reports make a batch due; so does the oldest waiting for MaxAge.
	BatchReports int
	MaxAge       time.Duration
}

const (
	// reportsPerCall keeps a call far below PutRecords' 500 records and 5 MiB.
	reportsPerCall = 500
	// entryAttempts bounds the sends of one batch within a flush (rejected entries and retryable failures).
	entryAttempts = 3
	maxBackoff    = time.Minute
)

// NewShipper ships the reports of buffer as records of envelope's function.
func NewShipper(buffer *report.Buffer, client Putter, envelope *report.Envelope, s Settings, counters *stats.Counters,
	log *logging.Logger) *Shipper {
	return &Shipper{buffer: buffer, client: client, envelope: envelope, counters: counters, log: log,
		maxRecordBytes: s.MaxRecordBytes, batchReports: s.BatchReports, maxAge: s.MaxAge, now: time.Now}
}

// Due says whether an INVOKE should ship before asking for the next event: a full batch, or reports that have
// waited long enough; not while backing off from a failure.
func (s *Shipper) Due() bool {
	n := s.buffer.Len()
	if n == 0 || !s.envelope.Ready() {
		return false
	}
	now := s.now()
	if now.Before(s.retryAfter) {
		return false
	}
	return n >= s.batchReports || now.Sub(s.buffer.Oldest()) >= s.maxAge
}

// Flush ships the reports buffered when it is called, within ctx's deadline, and returns how many reports are
// still waiting. Reports that arrive meanwhile wait for the next flush: an INVOKE makes one round trip, not one
// per delivery that happens to come in while it ships.
func (s *Shipper) Flush(ctx context.Context) int {
	if !s.envelope.Ready() {
		return s.buffer.Len()
	}
	for left := s.buffer.Len(); ctx.Err() == nil && left > 0; {
		n := left
		if n > reportsPerCall {
			n = reportsPerCall
		}
		reports, oldest := s.buffer.Take(n)
		left -= len(reports)
		unsent := s.ship(ctx, reports)
		if len(unsent) > 0 {
			s.buffer.PutBack(unsent, oldest)
			s.failures++
			backoff := maxBackoff
			if s.failures <= 6 {
				backoff = time.Second << (s.failures - 1)
			}
			s.retryAfter = s.now().Add(backoff)
			return s.buffer.Len()
		}
		if s.failures > 0 {
			s.failures = 0
			s.retryAfter = time.Time{}
			s.log.Printf("Kinesis reachable again")
			// A fault that comes back is worth a line again.
			s.log.ForgetPrefix("put-")
		}
	}
	return s.buffer.Len()
}

// ship sends one call's worth of reports; it returns the reports not stored.
func (s *Shipper) ship(ctx context.Context, reports [][]byte) [][]byte {
	records, counts := s.envelope.Records(reports, s.maxRecordBytes)
	pending := make([]int, len(records))
	for i := range pending {
		pending[i] = i
	}
	for attempt := 0; attempt < entryAttempts && len(pending) > 0; attempt++ {
		if attempt > 0 && !pause(ctx, 50*time.Millisecond<<(attempt-1)) {
			break
		}
		batch := make([][]byte, len(pending))
		for i, idx := range pending {
			batch[i] = records[idx]
		}
		codes, err := s.client.PutRecords(ctx, batch, s.envelope.FunctionName)
		if err != nil {
			s.counters.PutErrors.Add(1)
			var call *CallError
			kind := "unknown"
			retryable := false
			if errors.As(err, &call) {
				kind, retryable = call.Kind, call.Retryable
			}
			s.log.Once("put-"+kind, "%v; reports stay buffered (at most %d, the oldest dropped beyond)", err,
				s.buffer.Capacity())
			if !retryable {
				break
			}
			continue
		}
		var still []int
		for i, code := range codes {
			if code == "" {
				s.counters.Shipped.Add(int64(counts[pending[i]]))
				continue
			}
			s.counters.PutFailures.Add(1)
			s.log.Once("entry-"+code, "Kinesis rejected a record (%s); retrying only the rejected records", code)
			still = append(still, pending[i])
		}
		pending = still
	}
	var unsent [][]byte
	start := 0
	ranges := make([][2]int, len(records))
	for i, n := range counts {
		ranges[i] = [2]int{start, start + n}
		start += n
	}
	for _, idx := range pending {
		unsent = append(unsent, reports[ranges[idx][0]:ranges[idx][1]]...)
	}
	return unsent
}

// pause waits d unless that would leave no time for another call before ctx's deadline.
func pause(ctx context.Context, d time.Duration) bool {
	if remaining(ctx) < d+minAttempt {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
