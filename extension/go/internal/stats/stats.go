// Package stats counts what the extension did with the telemetry it received; the counters are printed as one
// key=value line at SHUTDOWN, which the tests and log queries read.
package stats

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Counters is safe for use by the listener and the event loop at once.
type Counters struct {
	Received        atomic.Int64 // platform.report records accepted into the buffer
	Shipped         atomic.Int64 // reports Kinesis acknowledged
	Dropped         atomic.Int64 // reports dropped, oldest first, because the buffer was full
	Malformed       atomic.Int64 // telemetry batches or records that could not be read
	SkippedNoMemory atomic.Int64 // reports without memory figures (Lambda Managed Instances)
	PutCalls        atomic.Int64 // PutRecords requests sent
	PutFailures     atomic.Int64 // entries Kinesis rejected (retried on their own)
	PutErrors       atomic.Int64 // PutRecords calls that failed as a whole
	Retries         atomic.Int64 // requests repeated on a fresh connection after a reset or a timeout
	IdleDrops       atomic.Int64 // kept-alive connections closed because they idled too long
	ShipInvokes     atomic.Int64 // INVOKEs that shipped before asking for the next event
	Invokes         atomic.Int64 // INVOKE events

	mu      sync.Mutex
	skipped map[string]int64
	// Rings of the latest INVOKE-to-/next times (bounded memory): invokes that only answered, and invokes that
	// shipped first.
	quiet, shipping ring
}

// ring keeps the latest 1,024 durations in microseconds.
type ring struct {
	micros [1024]uint32
	count  int
}

func (r *ring) add(d time.Duration) {
	micros := d.Microseconds()
	if micros > int64(^uint32(0)) {
		micros = int64(^uint32(0))
	}
	r.micros[r.count%len(r.micros)] = uint32(micros)
	r.count++
}

// percentiles writes " <name>P50Us=.. <name>P99Us=.. <name>MaxUs=.." when there is anything to write.
func (r *ring) percentiles(b *strings.Builder, name string) {
	n := r.count
	if n == 0 {
		return
	}
	if n > len(r.micros) {
		n = len(r.micros)
	}
	sorted := append([]uint32(nil), r.micros[:n]...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	p99 := (n*99 + 99) / 100
	fmt.Fprintf(b, " %sP50Us=%d %sP99Us=%d %sMaxUs=%d", name, sorted[(n-1)/2], name, sorted[p99-1], name, sorted[n-1])
}

const maxSkippedKinds = 64

// Skipped counts a telemetry event of a kind the extension does not keep.
func (c *Counters) Skipped(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.skipped == nil {
		c.skipped = map[string]int64{}
	}
	if _, known := c.skipped[kind]; known || len(c.skipped) < maxSkippedKinds {
		c.skipped[kind]++
	}
}

// InvokeToNext records how long an INVOKE kept the extension from asking for the next event, and whether it
// shipped meanwhile.
func (c *Counters) InvokeToNext(d time.Duration, shipped bool) {
	c.mu.Lock()
	if shipped {
		c.shipping.add(d)
	} else {
		c.quiet.add(d)
	}
	c.mu.Unlock()
}

// Line is every counter as key=value pairs.
func (c *Counters) Line() string {
	var b strings.Builder
	fmt.Fprintf(&b, "counters received=%d shipped=%d dropped=%d malformed=%d skippedNoMemory=%d putCalls=%d "+
		"putFailures=%d putErrors=%d retries=%d idleDrops=%d shipInvokes=%d invokes=%d",
		c.Received.Load(), c.Shipped.Load(), c.Dropped.Load(), c.Malformed.Load(), c.SkippedNoMemory.Load(),
		c.PutCalls.Load(), c.PutFailures.Load(), c.PutErrors.Load(), c.Retries.Load(), c.IdleDrops.Load(),
		c.ShipInvokes.Load(), c.Invokes.Load())
	c.mu.Lock()
	defer c.mu.Unlock()
	var total int64
	kinds := make([]string, 0, len(c.skipped))
	for k, n := range c.skipped {
		kinds = append(kinds, k)
		total += n
	}
	fmt.Fprintf(&b, " skipped=%d", total)
	c.quiet.percentiles(&b, "invokeToNext")
	c.shipping.percentiles(&b, "shipInvokeToNext")
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(&b, " skipped.%s=%d", strings.ReplaceAll(k, " ", "_"), c.skipped[k])
	}
	return b.String()
}
