package qemu

import (
	"time"

	"github.com/nicsim/nicsim/stack"
)

// holdMax is how long a lockstep run waits for the guest's idle marker before it
// injects held frames anyway (a driver that transmits frames the guest never
// asked for would otherwise stall the run).
const holdMax = 50 * time.Millisecond

// holding keeps the peer's frames in a lockstep run until the guest says it is
// idle ("nicsim: idle tx=N") after transmitting the frame that caused them. A
// frame that reaches an idle guest arrives at a virtual time that does not depend
// on the host, since the virtual clock stands still while the guest waits.
type holding struct {
	outs   []stack.Out
	need   int // the guest must have transmitted this many frames
	since  time.Time
	idleTx int // frames transmitted according to the last idle marker
}

func (h *holding) add(outs []stack.Out, need int) {
	if len(outs) == 0 {
		return
	}
	if len(h.outs) == 0 {
		h.since = time.Now()
	}
	h.outs = append(h.outs, outs...)
	h.need = need
}

// release injects the held frames once the guest is idle (or when forced).
func (r *replay) release(force bool) {
	h := &r.hold
	if len(h.outs) == 0 || (!force && h.idleTx < h.need) {
		return
	}
	outs := h.outs
	h.outs = nil
	r.inject(outs)
}
