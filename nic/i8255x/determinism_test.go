package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// script is a test driver: an actor that runs one op per step, each op
// repeated until it reports done (a poll).
type script struct {
	ops []func() bool
	id  sim.ActorID
	m   *sim.Machine
}

func (s *script) Step(*sim.Machine) {
	if s.ops[0]() {
		s.ops = s.ops[1:]
	}
	s.m.SetEnabled(s.id, len(s.ops) > 0)
}

func addScript(m *sim.Machine, name string, ops ...func() bool) {
	s := &script{ops: ops, m: m}
	s.id = m.AddActor(name, s)
	m.SetEnabled(s.id, true)
}

// scenario lays out 4 RFDs and 4 TCBs and lets a driver script (waiting
// for each command's acceptance, as Linux e100_exec_cmd does) race with a
// peer script delivering 4 frames, under strict.
func scenario(t *testing.T, seed uint64) (*rig, uint64) {
	r := newRigSeed(t, Strict, sim.Config{}, seed)
	for i := 0; i < 4; i++ {
		cmd := uint16(0)
		if i == 3 {
			cmd = CmdEL
		}
		r.rfd(rfdAt(i), cmd, rfdAt(i+1), 1518)
		r.tcb(cbAt(i), cmd|CmdI, cbAt(i+1), frame(broadcastMAC, 60+i))
	}
	idle := func() bool { return r.read(SCBCmd, 1) == 0 }
	issue := func(c uint8, p uint64) func() bool {
		return func() bool {
			r.write(SCBPointer, 4, uint32(p))
			r.write(SCBCmd, 1, uint32(c))
			return true
		}
	}
	addScript(r.m, "driver", idle, issue(RUStart, rfdAt(0)), idle, issue(CUStart, cbAt(0)), idle,
		func() bool { r.write(SCBStatAck, 1, uint32(r.statack())); return r.d.CU() == CUIdle })
	n := 0
	addScript(r.m, "peer", func() bool { r.d.Receive(frame(r.d.IA(), 64)); n++; return n == 4 })
	r.run()
	return r, r.m.Trace.Hash()
}

func TestDeterministicTrace(t *testing.T) {
	hashes := map[uint64]bool{}
	for seed := uint64(1); seed <= 6; seed++ {
		r1, h1 := scenario(t, seed)
		_, h2 := scenario(t, seed)
		if h1 != h2 {
			t.Fatalf("seed %d: trace hash %#x then %#x", seed, h1, h2)
		}
		hashes[h1] = true
		if s := r1.d.Stats(); s.TXFrames != 4 || s.RXFrames+s.RXNoResources+s.RXOverrun != 4 {
			t.Errorf("seed %d: stats %+v, want 4 sent and 4 received or dropped", seed, s)
		}
	}
	if len(hashes) < 2 {
		t.Errorf("6 seeds gave %d distinct traces: the schedule does not reach the device", len(hashes))
	}
}
