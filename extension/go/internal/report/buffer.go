package report

import (
	"sync"
	"time"
)

// Buffer is a bounded FIFO of serialised reports: when full it drops the oldest and counts them, so it never
// grows past its capacity however long Kinesis is unreachable.
type Buffer struct {
	mu       sync.Mutex
	items    []item
	capacity int
	dropped  func(n int)
}

// item is a serialised report and when it was buffered (for the batch's age).
type item struct {
	json  []byte
	added time.Time
}

// NewBuffer holds at most capacity reports; dropped is told how many were dropped each time it happens.
func NewBuffer(capacity int, dropped func(n int)) *Buffer {
	return &Buffer{capacity: capacity, dropped: dropped}
}

// Add appends a report and returns the buffer's length afterwards.
func (b *Buffer) Add(report []byte, now time.Time) int {
	b.mu.Lock()
	b.items = append(b.items, item{report, now})
	n := b.trim()
	size := len(b.items)
	b.mu.Unlock()
	if n > 0 {
		b.dropped(n)
	}
	return size
}

// Take removes and returns up to max of the oldest reports, with the time the oldest was added.
func (b *Buffer) Take(max int) ([][]byte, time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if max > len(b.items) {
		max = len(b.items)
	}
	out := make([][]byte, max)
	var oldest time.Time
	for i := 0; i < max; i++ {
		out[i] = b.items[i].json
	}
	if max > 0 {
		oldest = b.items[0].added
	}
	// Copy the rest down rather than reslicing, so the backing array does not keep growing at its end.
	rest := copy(b.items, b.items[max:])
	for i := rest; i < len(b.items); i++ {
		b.items[i] = item{}
	}
	b.items = b.items[:rest]
	return out, oldest
}

// PutBack returns reports that could not be shipped to the front (they are the oldest), dropping the oldest
// beyond capacity.
func (b *Buffer) PutBack(reports [][]byte, added time.Time) {
	if len(reports) == 0 {
		return
	}
	b.mu.Lock()
	back := make([]item, 0, len(reports)+len(b.items))
	for _, r := range reports {
		back = append(back, item{r, added})
	}
	b.items = append(back, b.items...)
	n := b.trim()
	b.mu.Unlock()
	if n > 0 {
		b.dropped(n)
	}
}

// Capacity is the most reports the buffer holds.
func (b *Buffer) Capacity() int { return b.capacity }

// Len is the number of reports waiting.
func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.items)
}

// Oldest is when the oldest waiting report was added (zero when none waits).
func (b *Buffer) Oldest() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.items) == 0 {
		return time.Time{}
	}
	return b.items[0].added
}

func (b *Buffer) trim() int {
	over := len(b.items) - b.capacity
	if over <= 0 {
		return 0
	}
	rest := copy(b.items, b.items[over:])
	for i := rest; i < len(b.items); i++ {
		b.items[i] = item{}
	}
	b.items = b.items[:rest]
	return over
}
