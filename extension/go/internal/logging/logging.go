// Package logging writes the extension's log: one line per message on stdout, which Lambda sends to the
// function's log group, each prefixed so it can be told from the function's own lines.
package logging

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// Prefix starts every line the extension writes.
const Prefix = "[rightsizer-extension] "

// Logger writes whole lines (never interleaved) and can log a recurring fault only once.
type Logger struct {
	mu   sync.Mutex
	w    io.Writer
	seen map[string]bool
}

// New logs to w.
func New(w io.Writer) *Logger {
	return &Logger{w: w, seen: map[string]bool{}}
}

// Printf writes one line; line breaks inside the message become spaces.
func (l *Logger) Printf(format string, args ...any) {
	msg := strings.NewReplacer("\n", " ", "\r", " ").Replace(fmt.Sprintf(format, args...))
	l.mu.Lock()
	defer l.mu.Unlock()
	io.WriteString(l.w, Prefix+msg+"\n")
}

// Once writes the line the first time key is seen, so a lasting fault costs one line, not one per invocation.
func (l *Logger) Once(key, format string, args ...any) {
	l.mu.Lock()
	first := !l.seen[key]
	l.seen[key] = true
	l.mu.Unlock()
	if first {
		l.Printf(format, args...)
	}
}

// ForgetPrefix forgets every key starting with prefix.
func (l *Logger) ForgetPrefix(prefix string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for k := range l.seen {
		if strings.HasPrefix(k, prefix) {
			delete(l.seen, k)
		}
	}
}

// Forget lets a key be logged again (the fault went away); it reports whether the key had been logged.
func (l *Logger) Forget(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	was := l.seen[key]
	delete(l.seen, key)
	return was
}
