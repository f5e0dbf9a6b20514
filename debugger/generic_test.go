package debugger

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/nic/i8255x"
	"github.com/nicsim/nicsim/sim"
)

type discard struct{}

func (discard) Transmit([]byte) {}

type ack struct{ d *i8255x.Device }

func (a ack) Step(m *sim.Machine, c *sim.CPU) {
	v := a.d.Read(i8255x.SpaceIO, i8255x.SCBStatAck, 1)
	a.d.Write(i8255x.SpaceIO, i8255x.SCBStatAck, 1, v)
	c.Return(0)
}

func (ack) Describe() string { return "eth_isr" }

// TestGeneric82557 indexes a run of the 82557 (one transmit command block,
// as in its package example) with the same recorder and draws its State:
// the debugger knows no device, so the CBL, its EL bit, the CU state and
// the CU's DMA write of the block's status come out of nic.State.
func TestGeneric82557(t *testing.T) {
	m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(1)))
	m.Trace.KeepAll(true)
	d := i8255x.New(m, i8255x.Config{Personality: i8255x.Strict}, discard{})
	m.IntrHandler = func(*sim.CPU) sim.Context { return ack{d} }
	tcb := sim.RAMBase + 0x1000
	b := make([]byte, 16+60)
	binary.LittleEndian.PutUint16(b[2:], i8255x.CmdEL|0x2000|i8255x.OpTransmit)
	binary.LittleEndian.PutUint32(b[8:], 0xFFFFFFFF)
	binary.LittleEndian.PutUint16(b[12:], 60|0x8000)
	if err := m.Mem.Write(tcb, b); err != nil {
		t.Fatal(err)
	}
	e := &Engine{cache: map[int]*Snapshot{}}
	rec := &recorder{e: e}
	rec.attach(&harness.Live{Machine: m, Device: d, Kernel: &guest.Kernel{M: m}})
	d.Write(i8255x.SpaceIO, i8255x.SCBPointer, 4, uint32(tcb))
	d.Write(i8255x.SpaceIO, i8255x.SCBCmd, 1, i8255x.CUStart)
	if v := m.Run(); !v.Pass() {
		t.Fatalf("verdict %v", v)
	}
	e.nsteps, e.trace = len(e.evEnd), m.Trace
	rec.finish(e.nsteps + 1)
	e.attributeDMA()
	st := d.State()
	pic := RenderRings(&st)
	for _, want := range []string{"CBL at 0x80001000, 1 slots, device owns 0", "EL", "CU: idle"} {
		if !strings.Contains(pic, want) {
			t.Errorf("the 82557's rings lack %q:\n%s", want, pic)
		}
	}
	var found bool
	for _, c := range e.changes {
		found = found || c.What == "CBL[0].status" && c.DMA == "nic.cu"
	}
	if !found {
		t.Errorf("no change of CBL[0].status by the CU's DMA among %+v", e.changes)
	}
}
