// Package ring holds the index arithmetic and the ownership model of a
// descriptor ring, shared by the device models and the oracles.
//
// An [Index] is a slot position in [0, size); a [Count] is a number of slots.
// The two are kept apart so that a distance is never used as a position.
//
// Hardware ownership of an e1000-style ring is defined by head and tail only:
// the device owns the slots from head up to but not including tail, so head ==
// tail means the device owns nothing and at most size-1 slots can be posted.
// A [Tracker] adds what head and tail cannot say: which slots the driver has
// posted and the device has not yet written back.
package ring

import "fmt"

// Index is a slot position in a ring, in [0, size).
type Index uint32

// Count is a number of slots (a distance or a size).
type Count uint32

// Ring is a ring geometry: its size and the wrap arithmetic on it.
type Ring struct {
	size Count
}

// New returns a ring of size slots. It panics if size is zero; callers that
// take a size from a driver or a register check it first.
func New(size Count) Ring {
	if size == 0 {
		panic("ring: size 0")
	}
	return Ring{size: size}
}

// Size is the number of slots.
func (r Ring) Size() Count { return r.size }

// Valid reports whether i names a slot of the ring.
func (r Ring) Valid(i Index) bool { return Count(i) < r.size }

// Next is the slot after i, wrapping at the end.
func (r Ring) Next(i Index) Index { return r.Add(i, 1) }

// Add moves i forward by n slots, wrapping.
func (r Ring) Add(i Index, n Count) Index {
	return Index((uint64(i) + uint64(n)) % uint64(r.size))
}

// Dist is the number of slots from 'from' forward to 'to' (mod size).
func (r Ring) Dist(from, to Index) Count {
	f, t := uint64(from)%uint64(r.size), uint64(to)%uint64(r.size)
	return Count((t + uint64(r.size) - f) % uint64(r.size))
}

// Pending is the number of slots the device owns between head and tail.
func (r Ring) Pending(head, tail Index) Count { return r.Dist(head, tail) }

// Free is how many more slots software may post before the ring is full
// (software may never make tail catch up with head: that reads as empty).
func (r Ring) Free(head, tail Index) Count { return r.size - 1 - r.Dist(head, tail) }

// DeviceOwns reports whether slot i lies in [head, tail), the slots the
// device may process.
func (r Ring) DeviceOwns(head, tail, i Index) bool {
	if !r.Valid(i) {
		return false
	}
	return r.Dist(head, i) < r.Dist(head, tail)
}

// Owner says who may write a slot.
type Owner uint8

const (
	// Driver: the slot is software's to fill or reclaim.
	Driver Owner = iota
	// Device: the slot was posted and not yet written back.
	Device
)

func (o Owner) String() string {
	if o == Device {
		return "device"
	}
	return "driver"
}

// Tracker follows the ownership of each slot of a ring through post and
// write-back, for oracles that must say "the driver wrote descriptor 5 while
// the device owned it".
type Tracker struct {
	ring  Ring
	owner []Owner
	owned Count
}

// NewTracker returns a tracker in which the driver owns every slot.
func NewTracker(size Count) *Tracker {
	return &Tracker{ring: New(size), owner: make([]Owner, size)}
}

// Ring is the tracked geometry.
func (t *Tracker) Ring() Ring { return t.ring }

// Owner reports who owns slot i (Driver for slots outside the ring).
func (t *Tracker) Owner(i Index) Owner {
	if !t.ring.Valid(i) {
		return Driver
	}
	return t.owner[i]
}

// DeviceOwned is the number of slots the device owns.
func (t *Tracker) DeviceOwned() Count { return t.owned }

// Post hands slot i to the device. Posting a slot the device already owns is
// an error (the driver advanced the tail over an in-flight descriptor).
func (t *Tracker) Post(i Index) error {
	if !t.ring.Valid(i) {
		return fmt.Errorf("ring: post of slot %d outside a ring of %d", i, t.ring.size)
	}
	if t.owner[i] == Device {
		return fmt.Errorf("ring: slot %d posted again while the device owns it", i)
	}
	t.owner[i] = Device
	t.owned++
	return nil
}

// Complete hands slot i back to the driver (the device wrote it back).
func (t *Tracker) Complete(i Index) error {
	if !t.ring.Valid(i) {
		return fmt.Errorf("ring: completion of slot %d outside a ring of %d", i, t.ring.size)
	}
	if t.owner[i] != Device {
		return fmt.Errorf("ring: slot %d completed but the device did not own it", i)
	}
	t.owner[i] = Driver
	t.owned--
	return nil
}

// Reset gives every slot back to the driver.
func (t *Tracker) Reset() {
	for i := range t.owner {
		t.owner[i] = Driver
	}
	t.owned = 0
}
