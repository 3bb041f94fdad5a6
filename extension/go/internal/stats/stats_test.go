package stats

import (
	"strings"
	"testing"
	"time"
)

func TestTheLineHoldsEveryCounterSkippedKindsAndInvokePercentiles(t *testing.T) {
	var c Counters
	c.Received.Add(3)
	c.Shipped.Add(2)
	c.Skipped("platform.start")
	c.Skipped("platform.start")
	c.Skipped("platform.runtimeDone")
	for i := 1; i <= 100; i++ {
		c.InvokeToNext(time.Duration(i)*time.Microsecond, false)
	}
	c.InvokeToNext(3*time.Millisecond, true)

	line := c.Line()

	for _, want := range []string{"counters received=3 shipped=2 dropped=0", " skipped=3",
		"invokeToNextP50Us=50 invokeToNextP99Us=99 invokeToNextMaxUs=100",
		"shipInvokeToNextP50Us=3000 shipInvokeToNextP99Us=3000 shipInvokeToNextMaxUs=3000",
		"skipped.platform.runtimeDone=1 skipped.platform.start=2"} {
		if !strings.Contains(line, want) {
			t.Errorf("line %q lacks %q", line, want)
		}
	}
}

func TestSkippedKindsAreBoundedSoUnknownTypesCannotGrowMemory(t *testing.T) {
	var c Counters
	for i := 0; i < 1000; i++ {
		c.Skipped(strings.Repeat("x", i%200+1))
	}
	if len(c.skipped) != maxSkippedKinds {
		t.Errorf("%d kinds kept", len(c.skipped))
	}
}
