package ring

import (
	"strings"
	"testing"
)

const maxU32 = 1<<32 - 1

func TestWrapAtEnd(t *testing.T) {
	tests := []struct {
		size Count
		i    Index
		n    Count
		want Index
	}{
		{size: 8, i: 7, n: 1, want: 0},
		{size: 8, i: 6, n: 3, want: 1},
		{size: 5, i: 4, n: 1, want: 0},    // size not a multiple of 8
		{size: 13, i: 12, n: 14, want: 0}, // n larger than the ring
		{size: 1, i: 0, n: 1, want: 0},
		{size: 3, i: 2, n: 3, want: 2}, // a full lap lands on the same slot
		{size: 8, i: 3, n: 0, want: 3},
		{size: 7, i: 0, n: maxU32, want: maxU32 % 7},
		{size: maxU32, i: maxU32 - 1, n: 1, want: 0},               // i+n overflows 32 bits
		{size: maxU32, i: maxU32 - 1, n: maxU32, want: maxU32 - 1}, // i+n overflows 32 bits
		{size: 8, i: 9, n: 0, want: 1},                             // i outside the ring is reduced
	}
	for _, tt := range tests {
		r := New(tt.size)
		if got := r.Add(tt.i, tt.n); got != tt.want {
			t.Errorf("New(%d).Add(%d, %d) = %d, want %d", tt.size, tt.i, tt.n, got, tt.want)
		}
		if tt.n == 1 {
			if got := r.Next(tt.i); got != tt.want {
				t.Errorf("New(%d).Next(%d) = %d, want %d", tt.size, tt.i, got, tt.want)
			}
		}
	}
}

func TestFullVsEmpty(t *testing.T) {
	tests := []struct {
		name       string
		size       Count
		head, tail Index
		pending    Count
		free       Count
	}{
		{name: "empty at 0", size: 8, head: 0, tail: 0, pending: 0, free: 7},
		{name: "empty mid ring", size: 8, head: 5, tail: 5, pending: 0, free: 7},
		{name: "full from 0", size: 8, head: 0, tail: 7, pending: 7, free: 0},
		{name: "full wrapped", size: 8, head: 3, tail: 2, pending: 7, free: 0},
		{name: "full tail at 0", size: 8, head: 1, tail: 0, pending: 7, free: 0},
		{name: "one pending across the end", size: 6, head: 5, tail: 0, pending: 1, free: 4},
		{name: "size 1 is empty and full", size: 1, head: 0, tail: 0, pending: 0, free: 0},
		{name: "size 2 full", size: 2, head: 1, tail: 0, pending: 1, free: 0},
		{name: "size 2 empty", size: 2, head: 1, tail: 1, pending: 0, free: 1},
	}
	for _, tt := range tests {
		r := New(tt.size)
		if got := r.Pending(tt.head, tt.tail); got != tt.pending {
			t.Errorf("%s: New(%d).Pending(%d, %d) = %d, want %d", tt.name, tt.size, tt.head, tt.tail, got, tt.pending)
		}
		if got := r.Free(tt.head, tt.tail); got != tt.free {
			t.Errorf("%s: New(%d).Free(%d, %d) = %d, want %d", tt.name, tt.size, tt.head, tt.tail, got, tt.free)
		}
	}
}

func TestDistWrap(t *testing.T) {
	tests := []struct {
		size     Count
		from, to Index
		want     Count
	}{
		{size: 16, from: 14, to: 2, want: 4},
		{size: 16, from: 2, to: 14, want: 12},
		{size: 16, from: 5, to: 5, want: 0},
		{size: 10, from: 9, to: 0, want: 1},
		{size: 10, from: 0, to: 9, want: 9},
		{size: 1, from: 0, to: 0, want: 0},
		{size: 8, from: 9, to: 1, want: 0},  // both outside: reduced first
		{size: 8, from: 17, to: 3, want: 2}, // from outside the ring
		{size: maxU32, from: maxU32 - 1, to: 0, want: 1},
		{size: maxU32, from: 0, to: maxU32 - 1, want: maxU32 - 1},
	}
	for _, tt := range tests {
		r := New(tt.size)
		if got := r.Dist(tt.from, tt.to); got != tt.want {
			t.Errorf("New(%d).Dist(%d, %d) = %d, want %d", tt.size, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestAddDistInverse(t *testing.T) {
	for _, size := range []Count{1, 2, 3, 7, 8, 13, 64} {
		r := New(size)
		for from := Index(0); Count(from) < size; from++ {
			for to := Index(0); Count(to) < size; to++ {
				d := r.Dist(from, to)
				if got := r.Add(from, d); got != to {
					t.Fatalf("New(%d).Add(%d, Dist(%d, %d)=%d) = %d, want %d", size, from, from, to, d, got, to)
				}
			}
		}
	}
}

func TestDeviceOwnsEmptyRing(t *testing.T) {
	for _, size := range []Count{1, 2, 5, 8, 64} {
		r := New(size)
		for head := Index(0); Count(head) < size; head++ {
			for i := Index(0); Count(i) <= size+1; i++ {
				if r.DeviceOwns(head, head, i) {
					t.Errorf("New(%d).DeviceOwns(%d, %d, %d) = true, want false (empty ring)", size, head, head, i)
				}
			}
		}
	}
}

func TestDeviceOwnsWrappedRange(t *testing.T) {
	tests := []struct {
		size       Count
		head, tail Index
		owned      string // one character per slot: 'D' device, '.' driver
	}{
		{size: 8, head: 2, tail: 5, owned: "..DDD..."},
		{size: 8, head: 6, tail: 1, owned: "D.....DD"},
		{size: 8, head: 1, tail: 0, owned: ".DDDDDDD"},
		{size: 5, head: 4, tail: 3, owned: "DDD.D"},
		{size: 1, head: 0, tail: 0, owned: "."},
	}
	for _, tt := range tests {
		r := New(tt.size)
		var got strings.Builder
		for i := Index(0); Count(i) < tt.size; i++ {
			got.WriteByte(".D"[b2i(r.DeviceOwns(tt.head, tt.tail, i))])
		}
		if got.String() != tt.owned {
			t.Errorf("New(%d) slots owned for head=%d tail=%d = %q, want %q", tt.size, tt.head, tt.tail, got.String(), tt.owned)
		}
		if r.DeviceOwns(tt.head, tt.tail, Index(tt.size)) {
			t.Errorf("New(%d).DeviceOwns(%d, %d, %d) = true, want false (slot outside the ring)", tt.size, tt.head, tt.tail, tt.size)
		}
	}
}

func TestValidAtBoundary(t *testing.T) {
	r := New(5)
	for i, want := range []bool{true, true, true, true, true, false, false} {
		if got := r.Valid(Index(i)); got != want {
			t.Errorf("New(5).Valid(%d) = %v, want %v", i, got, want)
		}
	}
	if got := New(3).Valid(maxU32); got {
		t.Errorf("New(3).Valid(%d) = true, want false", uint32(maxU32))
	}
}

func TestNewZeroPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("New(0) did not panic")
		}
	}()
	New(0)
}

func TestTrackerDoublePost(t *testing.T) {
	tr := NewTracker(8)
	mustPost(t, tr, 3)
	err := tr.Post(3)
	wantErr(t, "Post(3) twice", err, "slot 3 posted again")
	if got := tr.DeviceOwned(); got != 1 {
		t.Errorf("DeviceOwned() after a rejected double post = %d, want 1", got)
	}
	if got := tr.Owner(3); got != Device {
		t.Errorf("Owner(3) = %v, want %v", got, Device)
	}
}

func TestTrackerCompleteNotOwned(t *testing.T) {
	tr := NewTracker(4)
	wantErr(t, "Complete(2) of a driver slot", tr.Complete(2), "slot 2 completed but the device did not own it")
	mustPost(t, tr, 2)
	if err := tr.Complete(2); err != nil {
		t.Fatalf("Complete(2) = %v, want nil", err)
	}
	wantErr(t, "Complete(2) twice", tr.Complete(2), "slot 2 completed")
	if got := tr.DeviceOwned(); got != 0 {
		t.Errorf("DeviceOwned() = %d, want 0", got)
	}
}

func TestTrackerOutOfRange(t *testing.T) {
	tr := NewTracker(6)
	wantErr(t, "Post(6)", tr.Post(6), "post of slot 6 outside a ring of 6")
	wantErr(t, "Complete(6)", tr.Complete(6), "completion of slot 6 outside a ring of 6")
	wantErr(t, "Post(max)", tr.Post(maxU32), "outside a ring of 6")
	if got := tr.Owner(6); got != Driver {
		t.Errorf("Owner(6) = %v, want %v", got, Driver)
	}
	if got := tr.DeviceOwned(); got != 0 {
		t.Errorf("DeviceOwned() = %d, want 0", got)
	}
}

func TestTrackerFillWholeRing(t *testing.T) {
	// The tracker, unlike head/tail, can represent every slot posted.
	const size = 5
	tr := NewTracker(size)
	for i := Index(0); i < size; i++ {
		mustPost(t, tr, i)
	}
	if got := tr.DeviceOwned(); got != size {
		t.Errorf("DeviceOwned() = %d, want %d", got, size)
	}
	tr.Reset()
	if got := tr.DeviceOwned(); got != 0 {
		t.Errorf("DeviceOwned() after Reset = %d, want 0", got)
	}
	for i := Index(0); i < size; i++ {
		if got := tr.Owner(i); got != Driver {
			t.Errorf("Owner(%d) after Reset = %v, want %v", i, got, Driver)
		}
	}
	if got := tr.Ring().Size(); got != size {
		t.Errorf("Ring().Size() = %d, want %d", got, size)
	}
}

func TestOwnerString(t *testing.T) {
	for o, want := range map[Owner]string{Driver: "driver", Device: "device"} {
		if got := o.String(); got != want {
			t.Errorf("Owner(%d).String() = %q, want %q", uint8(o), got, want)
		}
	}
}

func mustPost(t *testing.T, tr *Tracker, i Index) {
	t.Helper()
	if err := tr.Post(i); err != nil {
		t.Fatalf("Post(%d) = %v, want nil", i, err)
	}
}

func wantErr(t *testing.T, what string, err error, substr string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s = nil error, want one containing %q", what, substr)
		return
	}
	if !strings.Contains(err.Error(), substr) {
		t.Errorf("%s = %q, want it to contain %q", what, err, substr)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
