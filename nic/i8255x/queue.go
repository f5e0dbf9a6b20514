package i8255x

// frameQueue is a FIFO of frames that reuses its buffers.
type frameQueue struct {
	frames [][]byte // frames[head:] are queued
	head   int
	spare  [][]byte
}

func (q *frameQueue) len() int { return len(q.frames) - q.head }

// push appends a copy of f and returns the stored frame.
func (q *frameQueue) push(f []byte) *[]byte {
	if q.head > 0 && q.head == len(q.frames) {
		q.frames, q.head = q.frames[:0], 0
	}
	var b []byte
	if k := len(q.spare); k > 0 {
		b, q.spare = q.spare[k-1], q.spare[:k-1]
	}
	q.frames = append(q.frames, append(b[:0], f...))
	return &q.frames[len(q.frames)-1]
}

// front is the oldest frame; the queue must not be empty.
func (q *frameQueue) front() *[]byte { return &q.frames[q.head] }

// pop drops the oldest frame, keeping its buffer.
func (q *frameQueue) pop() {
	q.spare = append(q.spare, q.frames[q.head][:0])
	q.frames[q.head] = nil
	q.head++
	switch {
	case q.head == len(q.frames):
		q.frames, q.head = q.frames[:0], 0
	case q.head >= 32 && 2*q.head >= len(q.frames):
		n := copy(q.frames, q.frames[q.head:])
		clear(q.frames[n:])
		q.frames, q.head = q.frames[:n], 0
	}
}

func (q *frameQueue) clear() {
	for q.len() > 0 {
		q.pop()
	}
}
