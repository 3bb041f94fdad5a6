package logging

import (
	"strings"
	"testing"
)

func TestEveryMessageIsOnePrefixedLine(t *testing.T) {
	var out strings.Builder
	log := New(&out)

	log.Printf("two\nlines %d", 2)

	if got, want := out.String(), "[rightsizer-extension] two lines 2\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestARecurringFaultIsLoggedOnceUntilForgotten(t *testing.T) {
	var out strings.Builder
	log := New(&out)

	log.Once("put-timeout", "timeout")
	log.Once("put-timeout", "timeout")
	if !log.Forget("put-timeout") || log.Forget("put-timeout") {
		t.Error("Forget should report the key was logged exactly once")
	}
	log.Once("put-timeout", "timeout")

	if got := strings.Count(out.String(), "timeout"); got != 2 {
		t.Errorf("logged %d times, want 2: %q", got, out.String())
	}
}
