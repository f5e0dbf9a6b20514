package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// ethDriver is the design of the eth driver in Go, polled instead of
// interrupt-driven: one CB reused for one command at a time (a TCB with EL
// and I, CU start once the CU is idle and the CB complete), one RFD with EL
// cleared and the RU restarted after each frame, STAT/ACK acknowledged with
// what it shows. Each step is one register access or one store. Bugs can
// be switched on.
type ethDriver struct {
	r       *rig
	id      sim.ActorID
	want    int // frames to send
	sent    int
	peer    *int // frames the peer has delivered
	next    func() bool
	noWait  bool // bug: do not wait for the command byte to read 0
	resume  bool // bug: CU resume instead of CU start after the first
	started bool
	idle    int // polls in a row that found nothing to do
}

// maxIdlePolls is when the driver stops polling and sleeps, as an
// interrupt-driven driver waits: the run then quiesces.
const maxIdlePolls = 500

func (e *ethDriver) Step(*sim.Machine) {
	if e.next == nil {
		e.next = e.rxStart
	}
	if e.next() {
		e.idle = 0
	} else {
		e.idle++
	}
	if e.done() || e.idle > maxIdlePolls {
		e.r.m.SetEnabled(e.id, false)
	}
}

func (e *ethDriver) done() bool {
	s := e.r.d.Stats()
	return e.sent == e.want && int(s.RXFrames+s.RXDropped) == *e.peer && *e.peer == e.want &&
		e.r.d.CU() == CUIdle && e.r.read(SCBCmd, 1) == 0 && e.r.u16(cbAt(0))&StatC != 0
}

// command waits (one read per step) until the command byte reads 0, then
// writes the pointer and the command, continuing with then.
func (e *ethDriver) command(c uint8, ptr uint64, then func() bool) bool {
	if !e.noWait && e.r.read(SCBCmd, 1) != 0 {
		return false
	}
	e.r.write(SCBPointer, 4, uint32(ptr))
	e.r.write(SCBCmd, 1, uint32(c))
	e.next = then
	return true
}

func (e *ethDriver) rxStart() bool { return e.command(RUStart, rfdAt(0), e.poll) }

// poll looks at STAT/ACK, then at the RFD, then at the CB, reporting
// whether it found something to do.
func (e *ethDriver) poll() bool {
	busy := false
	if v := e.r.statack(); v != 0 {
		e.r.write(SCBStatAck, 1, uint32(v))
		busy = true
	}
	if e.r.u16(rfdAt(0))&StatC != 0 {
		e.r.d.DriverAccess(rfdAt(0), 2, true)
		le.PutUint16(e.r.mem(rfdAt(0), 2), 0)
		e.next = e.rxStart
		return true
	}
	if e.sent < e.want && uint8(e.r.read(SCBStatus, 1))>>6 == CUIdle && (e.sent == 0 || e.r.u16(cbAt(0))&StatC != 0) {
		e.r.d.DriverAccess(cbAt(0), 16+60, true)
		e.r.tcb(cbAt(0), CmdEL|CmdI, cbAt(0), frame(broadcastMAC, 60))
		e.sent++
		e.next = e.txStart
		return true
	}
	return busy || e.r.d.CU() != CUIdle || e.r.d.Pending() > 0
}

func (e *ethDriver) txStart() bool {
	c := uint8(CUStart)
	if e.resume && e.started {
		c = CUResume
	}
	e.started = true
	return e.command(c, cbAt(0), e.poll)
}

// runEth runs the eth design against a peer sending n frames under p with a
// seed; it returns the verdict (the stall check runs at quiescence).
func runEth(t *testing.T, p Personality, seed uint64, n int, bug func(*ethDriver)) (*rig, *sim.Verdict) {
	r := newRigSeed(t, p, sim.Config{}, seed)
	r.rfd(rfdAt(0), CmdEL, rfdAt(0), 1518)
	delivered := 0
	e := &ethDriver{r: r, want: n, peer: &delivered}
	if bug != nil {
		bug(e)
	}
	e.id = r.m.AddActor("driver", e)
	r.m.SetEnabled(e.id, true)
	addScript(r.m, "peer", func() bool {
		r.d.Receive(frame(r.d.IA(), 60))
		delivered++
		e.idle = 0 // the frame's interrupt wakes the driver
		r.m.SetEnabled(e.id, true)
		return delivered == n
	})
	r.m.OnQuiesce = func(*sim.Machine) { r.d.CheckStall() }
	return r, r.m.Run()
}

func TestEthDesignPassesEverySchedule(t *testing.T) {
	both(t, func(t *testing.T, p Personality) {
		for seed := uint64(1); seed <= 30; seed++ {
			r, v := runEth(t, p, seed, 5, nil)
			if !v.Pass() {
				t.Fatalf("seed %d: %v", seed, v)
			}
			if s := r.d.Stats(); s.TXFrames != 5 || s.RXFrames == 0 || s.RXFrames+s.RXDropped != 5 {
				t.Errorf("seed %d: stats %+v, want 5 sent and 5 received or dropped", seed, s)
			}
		}
	})
}

// findBug runs seeds until one fails, returning that verdict.
func findBug(t *testing.T, p Personality, bug func(*ethDriver)) *sim.Verdict {
	for seed := uint64(1); seed <= 30; seed++ {
		if _, v := runEth(t, p, seed, 5, bug); !v.Pass() {
			return v
		}
	}
	return nil
}

func TestEthNoWaitFoundUnderStrictOnly(t *testing.T) {
	noWait := func(e *ethDriver) { e.noWait = true }
	if v := findBug(t, QEMU, noWait); v != nil {
		t.Errorf("qemu: %v, want a pass (commands are accepted at once)", v)
	}
	wantFail(t, findBug(t, Strict, noWait), ClassCommandLost, "before the previous one was accepted")
}

func TestEthResumeFoundUnderStrictOnly(t *testing.T) {
	resume := func(e *ethDriver) { e.resume = true }
	if v := findBug(t, QEMU, resume); v != nil {
		t.Errorf("qemu: %v, want a pass (resume from idle accepted)", v)
	}
	wantFail(t, findBug(t, Strict, resume), ClassIdleResume, "CU resume on an idle CU")
}
