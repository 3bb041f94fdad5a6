// Command rightsizer-extension is the Rightsizer external Lambda extension: it reads each invocation's
// platform.report from the Telemetry API and ships it to the Rightsizer Kinesis stream. It runs inside every
// monitored function, so it is built to cost that function as little as possible: a small static binary,
// a few MB of memory, no work while the sandbox is frozen, and never a failure of the function's own.
//
// Its life, as Lambda runs it (main below reads in this order):
//  1. register for INVOKE and SHUTDOWN (the function's init waits for this, so it comes first);
//  2. unless misconfigured, listen for telemetry and subscribe to platform events;
//  3. loop on /event/next: on INVOKE, ship due reports before asking for the next event (a freeze then cuts
//     nothing in flight); on SHUTDOWN, collect the last reports and ship them before the deadline, then exit.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"rightsizer/extension/internal/config"
	"rightsizer/extension/internal/credentials"
	"rightsizer/extension/internal/extensionapi"
	"rightsizer/extension/internal/kinesis"
	"rightsizer/extension/internal/logging"
	"rightsizer/extension/internal/report"
	"rightsizer/extension/internal/roots"
	"rightsizer/extension/internal/stats"
	"rightsizer/extension/internal/telemetryapi"
)

func main() {
	os.Exit(run(os.Args, os.Getenv, os.Stdout))
}

// run is the extension's whole life; it returns the exit code.
func run(args []string, getenv func(string) string, stdout io.Writer) int {
	limitRuntime()
	log := logging.New(stdout)
	cfg := config.Load(getenv, log.Printf)
	if cfg.RuntimeAPI == "" {
		log.Printf("AWS_LAMBDA_RUNTIME_API is not set: not running inside Lambda")
		return 2
	}
	api := extensionapi.New(cfg.RuntimeAPI)

	// 1. Register: Lambda starts the function's init only when every extension has registered.
	ctx, cancel := context.WithTimeout(context.Background(), extensionapi.CallTimeout)
	reg, err := api.Register(ctx, filepath.Base(args[0]))
	cancel()
	if err != nil {
		// Without an identifier there is nothing to answer events with; Lambda notices the exit.
		log.Printf("register failed, exiting: %v", err)
		return 1
	}

	// 2. Listen and subscribe, or stay inactive: a misconfigured extension still answers every event.
	m := newMonitor(cfg, reg, log)
	if reason := m.start(api, getenv); reason != "" {
		log.Printf("inactive, no reports are sent (the function is not affected): %s", reason)
	}

	// 3. Answer events until SHUTDOWN.
	return m.loop(api)
}

// limitRuntime sets the Go runtime's own limits. A Go function's GOMAXPROCS, GOGC and GOMEMLIMIT are in this
// process's environment too, but they are meant for the function.
func limitRuntime() {
	// One P: the work is a few milliseconds per batch; a second P cost 30 % more CPU per invoke (more threads to
	// wake) for no latency gained (measured: docs/extension.md).
	runtime.GOMAXPROCS(1)
	// A soft cap on the Go heap and runtime: near it the GC works harder instead of the process growing. With it
	// the memory cgroup peaks at 10 MB, without it at 12 MB; GOGC 100 then costs no more memory than 50 did.
	debug.SetMemoryLimit(8 << 20)
	debug.SetGCPercent(100)
}

// monitor is the extension's state between events.
type monitor struct {
	cfg      config.Config
	reg      extensionapi.Registration
	log      *logging.Logger
	counters *stats.Counters
	version  string
	envelope *report.Envelope
	buffer   *report.Buffer
	shipper  *kinesis.Shipper // nil while inactive
	awaiting *awaitSet
}

func newMonitor(cfg config.Config, reg extensionapi.Registration, log *logging.Logger) *monitor {
	version := firstOf(reg.FunctionVersion, cfg.FunctionVersion, "$LATEST")
	return &monitor{cfg: cfg, reg: reg, log: log, counters: &stats.Counters{}, version: version, awaiting: newAwaitSet(64)}
}

// start sets up shipping; it returns why the extension stays inactive, or "".
func (m *monitor) start(api *extensionapi.Client, getenv func(string) string) string {
	if reason := m.cfg.InactiveReason(); reason != "" {
		return reason
	}
	creds, err := credentials.FromEnvironment(getenv)
	if err != nil {
		return err.Error()
	}
	name := firstOf(m.reg.FunctionName, m.cfg.FunctionName)
	if name == "" {
		return "the function's name is unknown (neither /register nor AWS_LAMBDA_FUNCTION_NAME names it)"
	}
	m.envelope = &report.Envelope{FunctionName: name, Region: firstOf(m.cfg.Region, m.cfg.SigningRegion), AccountID: m.reg.AccountID}
	m.buffer = report.NewBuffer(m.cfg.BufferMax, m.dropped)
	client := kinesis.NewClient(m.cfg.Endpoint, m.cfg.Stream, m.cfg.SigningRegion, creds, roots.System(getenv),
		m.cfg.IdleConnLimit, m.counters)
	shipper := kinesis.NewShipper(m.buffer, client, m.envelope, kinesis.Settings{MaxRecordBytes: m.cfg.MaxRecordBytes,
		BatchReports: m.cfg.BatchReports, MaxAge: m.cfg.BatchMaxAge}, m.counters, m.log)

	listener, err := telemetryapi.Listen(m.cfg.ListenerHost, m.cfg.ListenerPort, func(err error) {
		m.log.Printf("cannot resolve %s (%v); listening on every interface", m.cfg.ListenerHost, err)
	})
	if err != nil {
		return "telemetry listener: " + err.Error()
	}
	go listener.Serve(m.receive)
	ctx, cancel := context.WithTimeout(context.Background(), extensionapi.CallTimeout)
	defer cancel()
	// Lambda delivers only to sandbox.localdomain, whatever address the listener is bound to.
	destination := fmt.Sprintf("http://sandbox.localdomain:%d/telemetry", listener.Port())
	schema, err := telemetryapi.Subscribe(ctx, api.HTTP(), api.Base(), api.ExtensionID(), destination)
	if err != nil {
		return err.Error()
	}
	m.shipper = shipper
	m.log.Printf("registered and subscribed (telemetry schema %s): function=%s version=%s %s, credentials from the %s",
		schema, name, m.version, m.cfg, creds.Source())
	return ""
}

// receive takes one telemetry delivery (it runs on the listener's goroutine).
func (m *monitor) receive(body io.Reader) {
	batch := telemetryapi.Parse(body, m.version)
	now := time.Now()
	for i := range batch.Reports {
		m.buffer.Add(batch.Reports[i].AppendJSON(make([]byte, 0, 384)), now)
		m.counters.Received.Add(1)
	}
	m.counters.Malformed.Add(int64(batch.Malformed))
	m.counters.SkippedNoMemory.Add(int64(batch.NoMemory))
	for kind, n := range batch.Skipped {
		for i := 0; i < n; i++ {
			m.counters.Skipped(kind)
		}
	}
	for _, problem := range batch.Problems {
		m.log.Once("malformed-"+problem, "%s: skipped; further ones are only counted", problem)
	}
	m.awaiting.reported(batch.ReportedIDs)
}

func (m *monitor) dropped(n int) {
	m.counters.Dropped.Add(int64(n))
	m.log.Once("dropped", "report buffer full (%d): dropping the oldest reports; further drops are only counted",
		m.cfg.BufferMax)
}

// loop answers events until SHUTDOWN and returns the exit code.
func (m *monitor) loop(api *extensionapi.Client) int {
	failures := 0
	for {
		ev, err := api.Next(context.Background())
		if err != nil {
			if failures++; failures >= 3 {
				m.log.Printf("event/next keeps failing, exiting: %v", err)
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				api.ExitError(ctx, "NextFailed", err.Error())
				cancel()
				return 1
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		failures = 0
		received := time.Now()
		switch ev.EventType {
		case extensionapi.Shutdown:
			m.onShutdown(ev, received)
			return 0
		case extensionapi.Invoke:
			shipped := m.onInvoke(ev, received)
			m.counters.InvokeToNext(time.Since(received), shipped)
		}
	}
}

const (
	// invokeMargin keeps shipping clear of the function's own timeout.
	invokeMargin = 100 * time.Millisecond
	// minShip is the least time worth starting a PutRecords with.
	minShip = 30 * time.Millisecond
)

// onInvoke ships due reports, then returns so the loop asks for the next event: the function runs meanwhile,
// and nothing is left in flight when the sandbox is frozen. It says whether it shipped.
func (m *monitor) onInvoke(ev extensionapi.Event, received time.Time) bool {
	m.counters.Invokes.Add(1)
	if m.shipper == nil {
		return false
	}
	m.envelope.LearnAccount(ev.InvokedFunctionArn)
	m.awaiting.add(ev.RequestID)
	if !m.shipper.Due() {
		return false
	}
	deadline := received.Add(m.cfg.ShipBudget)
	if end := ev.Deadline(); !end.IsZero() && end.Add(-invokeMargin).Before(deadline) {
		deadline = end.Add(-invokeMargin)
	}
	if time.Until(deadline) < minShip {
		return false
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	m.counters.ShipInvokes.Add(1)
	m.shipper.Flush(ctx)
	return true
}

// onShutdown ships what is buffered, waits for the last invocations' reports (Lambda delivers them during
// SHUTDOWN) while time is left, ships those, and logs the counters; all before the deadline.
func (m *monitor) onShutdown(ev extensionapi.Event, received time.Time) {
	deadline := ev.Deadline()
	if deadline.IsZero() {
		deadline = received.Add(2 * time.Second)
	}
	left := deadline.Sub(received)
	if m.shipper != nil {
		// A margin for exiting, generous at small sizes where the CPU quota can stall the process for ~90 ms.
		margin := left / 10
		if margin < 100*time.Millisecond {
			margin = 100 * time.Millisecond
		} else if margin > 250*time.Millisecond {
			margin = 250 * time.Millisecond
		}
		shipBy := deadline.Add(-margin)
		reserve := left * 4 / 10
		if reserve > 500*time.Millisecond {
			reserve = 500 * time.Millisecond
		}
		waitUntil := shipBy.Add(-reserve)

		first, cancel := context.WithDeadline(context.Background(), waitUntil)
		m.shipper.Flush(first)
		cancel()
		m.awaiting.wait(waitUntil)
		last, cancel := context.WithDeadline(context.Background(), shipBy)
		if unsent := m.shipper.Flush(last); unsent > 0 {
			m.log.Printf("SHUTDOWN deadline reached with %d reports unsent", unsent)
		}
		cancel()
	}
	m.log.Printf("shutdown (%s) after %d ms of %d ms %s", firstOf(ev.ShutdownReason, "unknown"),
		time.Since(received).Milliseconds(), left.Milliseconds(), m.counters.Line())
}

// awaitSet holds the request ids of INVOKEs whose report has not arrived yet (the latest ones only).
type awaitSet struct {
	mu      sync.Mutex
	ids     map[string]bool
	order   []string
	limit   int
	changed chan struct{}
}

func newAwaitSet(limit int) *awaitSet {
	return &awaitSet{ids: map[string]bool{}, limit: limit, changed: make(chan struct{}, 1)}
}

func (a *awaitSet) add(id string) {
	if id == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ids[id] = true
	a.order = append(a.order, id)
	for len(a.order) > a.limit {
		delete(a.ids, a.order[0])
		a.order = a.order[1:]
	}
}

func (a *awaitSet) reported(ids []string) {
	if len(ids) == 0 {
		return
	}
	a.mu.Lock()
	for _, id := range ids {
		delete(a.ids, id)
	}
	a.mu.Unlock()
	select {
	case a.changed <- struct{}{}:
	default:
	}
}

// wait returns when every awaited report arrived, or at until.
func (a *awaitSet) wait(until time.Time) {
	timer := time.NewTimer(time.Until(until))
	defer timer.Stop()
	for {
		a.mu.Lock()
		n := len(a.ids)
		a.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-a.changed:
		case <-timer.C:
			return
		}
	}
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
