package oracle

import (
	"fmt"

	"github.com/nicsim/nicsim/sim"
)

// Finding is a broken rule: a verdict class and what happened.
type Finding struct {
	Class   string
	Message string
}

func found(class, format string, args ...any) *Finding {
	return &Finding{Class: class, Message: fmt.Sprintf(format, args...)}
}

// Mode is how strictly [Delivery] judges the order of datagrams.
type Mode uint8

const (
	// InOrder is exactly-once, in order per process: a datagram past the
	// next expected one is a loss unless losses are excused.
	InOrder Mode = iota
	// NoDuplicates judges only that every datagram is a ping and none comes
	// twice; gaps and order are not judged (a QEMU guest gives up on a
	// datagram the driver keeps refusing, and says so).
	NoDuplicates
)

// Delivery checks one direction of the ping workload: every datagram a
// receiver (the peer, the guest's socket) gets must be a ping the other side
// sent, none twice, and (in [InOrder] mode) in order per process.
type Delivery struct {
	// Who names the receiver in findings ("peer").
	Who  string
	Mode Mode
	// Quota is how many datagrams process proc sends (InOrder only);
	// Excused says whether losses are legitimate now.
	Quota   func(proc int) uint32
	Excused func() bool
	next    []uint32
	seen    map[[2]uint32]bool
}

// NewDelivery returns a checker for procs processes.
func NewDelivery(who string, mode Mode, procs int) *Delivery {
	return &Delivery{Who: who, Mode: mode, next: make([]uint32, procs)}
}

// Next is the next sequence number expected from process proc.
func (d *Delivery) Next(proc int) uint32 { return d.next[proc] }

// Ping feeds the ping (proc, seq) the receiver got.
func (d *Delivery) Ping(proc uint16, seq uint32) *Finding {
	if d.Mode == NoDuplicates {
		return d.unique(proc, seq)
	}
	if int(proc) >= len(d.next) || seq >= d.Quota(int(proc)) {
		return found(sim.ClassCorrupt, "%s received datagram proc=%d seq=%d that was never sent", d.Who, proc, seq)
	}
	want := d.next[proc]
	switch {
	case seq < want:
		return found(sim.ClassDuplicate, "%s received proc=%d seq=%d twice", d.Who, proc, seq)
	case seq > want && d.Excused():
		d.next[proc] = seq // lost legitimately (injected fault or overrun)
	case seq > want:
		return found(sim.ClassLostPacket, "%s received proc=%d seq=%d but seq=%d never arrived (lost or reordered)",
			d.Who, proc, seq, want)
	}
	d.next[proc]++
	return nil
}

func (d *Delivery) unique(proc uint16, seq uint32) *Finding {
	if d.seen == nil {
		d.seen = map[[2]uint32]bool{}
	}
	k := [2]uint32{uint32(proc), seq}
	if d.seen[k] {
		return found(sim.ClassDuplicate, "%s sent proc=%d seq=%d twice", d.Who, proc, seq)
	}
	d.seen[k] = true
	return nil
}
