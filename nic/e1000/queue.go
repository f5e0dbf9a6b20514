package e1000

// frameQueue is a FIFO of frames that reuses its buffers, so that steady
// state allocates nothing: QEMU's hold-back queue, or the strict packet
// buffer.
type frameQueue struct {
	ring  [][]byte
	head  int
	n     int
	spare [][]byte
}

func (q *frameQueue) len() int { return q.n }

// push appends a copy of f and returns the stored frame for the caller to
// pad or extend.
func (q *frameQueue) push(f []byte) *[]byte {
	if q.n == len(q.ring) {
		q.grow()
	}
	var b []byte
	if k := len(q.spare); k > 0 {
		b, q.spare = q.spare[k-1], q.spare[:k-1]
	}
	i := (q.head + q.n) % len(q.ring)
	q.ring[i] = append(b[:0], f...)
	q.n++
	return &q.ring[i]
}

func (q *frameQueue) grow() {
	r := make([][]byte, max(8, 2*len(q.ring)))
	for i := 0; i < q.n; i++ {
		r[i] = q.ring[(q.head+i)%len(q.ring)]
	}
	q.ring, q.head = r, 0
}

// front is the oldest frame; the queue must not be empty.
func (q *frameQueue) front() *[]byte { return &q.ring[q.head] }

// pop drops the oldest frame, keeping its buffer for reuse.
func (q *frameQueue) pop() {
	q.spare = append(q.spare, q.ring[q.head][:0])
	q.ring[q.head] = nil
	q.head = (q.head + 1) % len(q.ring)
	q.n--
}

// unpush drops the newest frame (just pushed and then refused).
func (q *frameQueue) unpush() {
	i := (q.head + q.n - 1) % len(q.ring)
	q.spare = append(q.spare, q.ring[i][:0])
	q.ring[i] = nil
	q.n--
}

func (q *frameQueue) clear() {
	for q.n > 0 {
		q.pop()
	}
}
