package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// ringCBs is the size of the appending driver's CB ring.
const ringCBs = 4

// appendDriver queues transmits the MINIX fxp way (catalogue row 30): a
// ring of CBs with fixed links; each new TCB gets EL, then EL is cleared on
// the previous one, then the CU is started at the first unfinished TCB if
// it is idle; on CNA the same restart is tried. One register access or one
// block store per step. Bugs can be switched on.
type appendDriver struct {
	r          *rig
	id         sim.ActorID
	want, sent int
	done       int // TCBs seen complete, in order
	next       func() bool
	idle       int
	clearEarly bool // bug: clear EL on the previous TCB before filling the new one
	noRestart  bool // bug: no restart from CNA, only the check right after appending
	noAccept   bool // bug: do not wait for CU start to be accepted
}

func (a *appendDriver) Step(*sim.Machine) {
	if a.next == nil {
		a.next = a.poll
	}
	if a.next() {
		a.idle = 0
	} else {
		a.idle++
	}
	if a.finished() || a.idle > maxIdlePolls {
		a.r.m.SetEnabled(a.id, false)
	}
}

func (a *appendDriver) finished() bool {
	return a.sent == a.want && a.done == a.sent && a.r.d.CU() == CUIdle && a.r.read(SCBCmd, 1) == 0
}

func (a *appendDriver) reap() {
	for a.done < a.sent && a.r.u16(cbAt(a.done%ringCBs))&StatC != 0 {
		a.done++
	}
}

func (a *appendDriver) poll() bool {
	a.reap()
	if v := a.r.statack(); v != 0 {
		a.r.write(SCBStatAck, 1, uint32(v))
		if v&CNA != 0 && !a.noRestart {
			a.next = a.checkIdle
		}
		return true
	}
	if a.sent < a.want && a.sent-a.done < ringCBs {
		if a.clearEarly {
			a.next = a.clearPrev(a.fill(a.checkIdle))
		} else {
			a.next = a.fill(a.clearPrev(a.checkIdle))
		}
		return true
	}
	return false
}

// fill writes TCB sent with EL (one block store).
func (a *appendDriver) fill(then func() bool) func() bool {
	return func() bool {
		i := a.sent % ringCBs
		a.r.d.DriverAccess(cbAt(i), 16+60, true)
		a.r.tcb(cbAt(i), CmdEL|CmdI, cbAt((i+1)%ringCBs), frame(broadcastMAC, 60+a.sent))
		a.sent++
		a.next = then
		return true
	}
}

// clearPrev clears EL on the TCB before the newest (one store).
func (a *appendDriver) clearPrev(then func() bool) func() bool {
	return func() bool {
		if k := a.sent - 1; k > 0 || (a.clearEarly && a.sent > 0) {
			if a.clearEarly {
				k = a.sent // the new one is not filled yet
			}
			p := cbAt((k - 1 + ringCBs) % ringCBs)
			a.r.d.DriverAccess(p+offCommand, 2, true)
			le.PutUint16(a.r.mem(p+offCommand, 2), OpTransmit|CmdI)
		}
		a.next = then
		return true
	}
}

// checkIdle reads the CU state; an idle CU with unfinished TCBs is started
// at the first of them.
func (a *appendDriver) checkIdle() bool {
	a.reap()
	a.next = a.poll
	if uint8(a.r.read(SCBStatus, 1))>>6 == CUIdle && a.done < a.sent {
		a.next = a.start
	}
	return true
}

// start issues CU start at the first unfinished TCB and waits until the
// command is accepted (MINIX fxp_cu_ptr_cmd), so that no later check sees
// the CU idle with a start still pending.
func (a *appendDriver) start() bool {
	a.r.write(SCBPointer, 4, uint32(cbAt(a.done%ringCBs)))
	a.r.write(SCBCmd, 1, CUStart)
	a.next = a.accepted
	if a.noAccept {
		a.next = a.poll
	}
	return true
}

func (a *appendDriver) accepted() bool {
	if a.r.read(SCBCmd, 1) != 0 {
		return false
	}
	a.next = a.poll
	return true
}

func runAppend(t *testing.T, p Personality, seed uint64, bug func(*appendDriver)) (*rig, *sim.Verdict) {
	r := newRigSeed(t, p, sim.Config{}, seed)
	for i := 0; i < ringCBs; i++ {
		r.cb(cbAt(i), OpNOP|CmdEL, cbAt((i+1)%ringCBs), nil)
		le.PutUint16(r.mem(cbAt(i), 2), StatC|StatOK)
	}
	a := &appendDriver{r: r, want: 10}
	if bug != nil {
		bug(a)
	}
	a.id = r.m.AddActor("driver", a)
	r.m.SetEnabled(a.id, true)
	r.m.OnStep = func(m *sim.Machine) { // the interrupt wakes the driver
		if m.IRQLine() && !m.Enabled(a.id) {
			a.idle = 0
			m.SetEnabled(a.id, true)
		}
	}
	r.m.OnQuiesce = func(*sim.Machine) { r.d.CheckStall() }
	return r, r.m.Run()
}

func TestAppendDesignPassesEverySchedule(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		for seed := uint64(1); seed <= 30; seed++ {
			r, v := runAppend(t, p, seed, nil)
			if !v.Pass() {
				t.Fatalf("seed %d: %v", seed, v)
			}
			if n := len(r.w.frames); n != 10 {
				t.Fatalf("seed %d: %d frames, want 10", seed, n)
			}
			for i, f := range r.w.frames {
				if len(f) != 60+i {
					t.Fatalf("seed %d: frame %d has %d bytes, want %d (in order, once each)", seed, i, len(f), 60+i)
				}
			}
		}
	})
}

// findAppendBug runs seeds until one fails.
func findAppendBug(t *testing.T, p Personality, bug func(*appendDriver)) *sim.Verdict {
	for seed := uint64(1); seed <= 40; seed++ {
		if _, v := runAppend(t, p, seed, bug); !v.Pass() {
			return v
		}
	}
	return nil
}

func TestAppendClearEarlyFoundUnderStrictOnly(t *testing.T) {
	early := func(a *appendDriver) { a.clearEarly = true }
	if v := findAppendBug(t, QEMU, early); v != nil {
		t.Errorf("qemu: %v, want a pass (the CBL is walked inside the SCB write)", v)
	}
	wantFail(t, findAppendBug(t, Strict, early), sim.ClassRingOwnership, "which the CU owns", "EL/S append race")
}

func TestAppendNoRestartFoundUnderStrictOnly(t *testing.T) {
	noRestart := func(a *appendDriver) { a.noRestart = true }
	if v := findAppendBug(t, QEMU, noRestart); v != nil {
		t.Errorf("qemu: %v, want a pass", v)
	}
	wantFail(t, findAppendBug(t, Strict, noRestart), ClassAppendRace, "EL/S append race", "cleared that bit after the fetch")
}

func TestAppendStartBeforeAcceptanceFoundUnderStrictOnly(t *testing.T) {
	noAccept := func(a *appendDriver) { a.noAccept = true }
	if v := findAppendBug(t, QEMU, noAccept); v != nil {
		t.Errorf("qemu: %v, want a pass (commands are accepted at once)", v)
	}
	wantFail(t, findAppendBug(t, Strict, noAccept), ClassStartActive, "CU start while the CU is active")
}
