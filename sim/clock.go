package sim

// Time is virtual time in nanoseconds since the start of a run.
type Time int64

// Common durations in virtual time.
const (
	Nanosecond  Time = 1
	Microsecond Time = 1000
	Millisecond Time = 1000 * Microsecond
	Second      Time = 1000 * Millisecond
)

// Timer is something that happens at a virtual time. Fire runs on the
// simulated path with the clock set to the timer's deadline.
type Timer interface {
	Fire(m *Machine)
}

// TimerFunc adapts a function to [Timer].
type TimerFunc func(m *Machine)

// Fire implements [Timer].
func (f TimerFunc) Fire(m *Machine) { f(m) }

type timerEntry struct {
	at  Time
	seq uint64
	t   Timer
	id  TimerID
}

// TimerID identifies a scheduled timer so that it can be cancelled.
type TimerID uint64

// Clock is the virtual clock with a min-heap of timers. Timers due at the same
// time fire in the order they were set.
type Clock struct {
	now    Time
	seq    uint64
	heap   []timerEntry
	cancel []TimerID // small: cancelled ids not yet popped
}

// Now is the current virtual time.
func (c *Clock) Now() Time { return c.now }

// At schedules t at absolute time at (never in the past).
func (c *Clock) At(at Time, t Timer) TimerID {
	if at < c.now {
		at = c.now
	}
	c.seq++
	e := timerEntry{at: at, seq: c.seq, t: t, id: TimerID(c.seq)}
	c.heap = append(c.heap, e)
	c.up(len(c.heap) - 1)
	return e.id
}

// After schedules t d after now.
func (c *Clock) After(d Time, t Timer) TimerID { return c.At(c.now+d, t) }

// Cancel stops a timer that has not fired. Cancelling a fired timer is a no-op.
func (c *Clock) Cancel(id TimerID) {
	for _, e := range c.heap {
		if e.id == id {
			c.cancel = append(c.cancel, id)
			return
		}
	}
}

// Pending reports whether any timer is scheduled.
func (c *Clock) Pending() bool { return len(c.heap) > len(c.cancel) }

// Next is the deadline of the earliest live timer.
func (c *Clock) Next() (Time, bool) {
	c.dropCancelled()
	if len(c.heap) == 0 {
		return 0, false
	}
	return c.heap[0].at, true
}

func (c *Clock) dropCancelled() {
	for len(c.cancel) > 0 && len(c.heap) > 0 && c.isCancelled(c.heap[0].id) {
		c.pop()
	}
}

func (c *Clock) isCancelled(id TimerID) bool {
	for i, x := range c.cancel {
		if x == id {
			c.cancel = append(c.cancel[:i], c.cancel[i+1:]...)
			return true
		}
	}
	return false
}

// popDue removes and returns the earliest timer if it is due.
func (c *Clock) popDue() (Timer, bool) {
	for len(c.heap) > 0 && c.heap[0].at <= c.now {
		e := c.pop()
		if len(c.cancel) > 0 && c.isCancelled(e.id) {
			continue
		}
		return e.t, true
	}
	return nil, false
}

func (c *Clock) less(i, j int) bool {
	a, b := &c.heap[i], &c.heap[j]
	return a.at < b.at || (a.at == b.at && a.seq < b.seq)
}

func (c *Clock) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !c.less(i, p) {
			return
		}
		c.heap[i], c.heap[p] = c.heap[p], c.heap[i]
		i = p
	}
}

func (c *Clock) pop() timerEntry {
	h := c.heap
	e := h[0]
	n := len(h) - 1
	h[0] = h[n]
	c.heap = h[:n]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < n && c.less(l, m) {
			m = l
		}
		if r < n && c.less(r, m) {
			m = r
		}
		if m == i {
			break
		}
		c.heap[i], c.heap[m] = c.heap[m], c.heap[i]
		i = m
	}
	return e
}
