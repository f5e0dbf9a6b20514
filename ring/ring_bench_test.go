package ring

import "testing"

// Sinks keep the compiler from discarding benchmarked results.
var (
	sinkIndex Index
	sinkCount Count
)

func BenchmarkAdd(b *testing.B) {
	r := New(255)
	i := Index(0)
	for b.Loop() {
		i = r.Add(i, 7)
	}
	sinkIndex = i
}

func BenchmarkDist(b *testing.B) {
	r := New(255)
	var n Count
	from, to := Index(200), Index(17)
	for b.Loop() {
		n += r.Dist(from, to)
		from, to = to, from
	}
	sinkCount = n
}

func BenchmarkTrackerPostComplete(b *testing.B) {
	tr := NewTracker(256)
	r := tr.Ring()
	head, tail := Index(0), Index(0)
	for b.Loop() {
		if err := tr.Post(tail); err != nil {
			b.Fatal(err)
		}
		tail = r.Next(tail)
		if r.Pending(head, tail) == r.Size()-1 {
			if err := tr.Complete(head); err != nil {
				b.Fatal(err)
			}
			head = r.Next(head)
		}
	}
	sinkCount = tr.DeviceOwned()
}
