package i8255x_test

import (
	"encoding/binary"
	"fmt"

	"github.com/nicsim/nicsim/nic/i8255x"
	"github.com/nicsim/nicsim/sim"
)

type printWire struct{}

func (printWire) Transmit(f []byte) { fmt.Printf("wire: %d bytes to % x\n", len(f), f[:6]) }

// ack is an interrupt handler that acknowledges what STAT/ACK shows, as
// Linux e100_intr does.
type ack struct{ d *i8255x.Device }

func (a ack) Step(m *sim.Machine, c *sim.CPU) {
	v := a.d.Read(i8255x.SpaceIO, i8255x.SCBStatAck, 1)
	a.d.Write(i8255x.SpaceIO, i8255x.SCBStatAck, 1, v)
	c.Return(0)
}

func (ack) Describe() string { return "eth_isr" }

// One frame through the strict 82557: the SCB write leaves CU start
// pending; "nic.scb" accepts it; "nic.cu" fetches the TCB, sends the
// frame, writes C|OK and raises CX and CNA; a CPU takes the interrupt and
// acknowledges it.
func Example_transmit() {
	m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(1)))
	m.Trace.KeepAll(true)
	d := i8255x.New(m, i8255x.Config{Personality: i8255x.Strict}, printWire{})
	m.IntrHandler = func(*sim.CPU) sim.Context { return ack{d} }

	const el, i, transmit = 0x8000, 0x2000, 4
	tcb := sim.RAMBase + 0x1000
	b := make([]byte, 16+60)
	binary.LittleEndian.PutUint16(b[2:], el|i|transmit)
	binary.LittleEndian.PutUint32(b[8:], 0xFFFFFFFF) // no TBDs: simplified mode
	binary.LittleEndian.PutUint16(b[12:], 60|0x8000) // 60 bytes, EOF
	copy(b[16:], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	_ = m.Mem.Write(tcb, b)

	d.Write(i8255x.SpaceIO, i8255x.SCBPointer, 4, uint32(tcb))
	d.Write(i8255x.SpaceIO, i8255x.SCBCmd, 1, i8255x.CUStart)
	fmt.Println("verdict:", m.Run().Class)

	st, _ := m.Mem.Slice(tcb, 2)
	fmt.Printf("status=%#04x CU=%d\n", binary.LittleEndian.Uint16(st), d.CU())
	for _, e := range m.Trace.All() {
		fmt.Println(m.Trace.Format(&e))
	}
	// Output:
	// wire: 60 bytes to ff ff ff ff ff ff
	// verdict: pass
	// status=0xa000 CU=0
	// t=0 nic scb.cmd cmd=0x10 (CU start) pointer=0x80001000
	// t=0 nic.scb scb.accept cmd=0x10 (CU start) pointer=0x80001000
	// t=0 nic.cu cu.state idle -> active next=0x80001000
	// t=10 nic.cu dma.read addr=0x80001000 len=16 what="CB"
	// t=20 nic.cu dma.read addr=0x80001010 len=60 what="TCB data"
	// t=20 nic.cu tx.frame len=60 cb=0x80001000
	// t=30 nic.cu dma.write addr=0x80001000 len=2 what="CB status"
	// t=30 nic.cu cb.done cb=0x80001000 op=transmit command=0xa004(EL|I) status=0xa000
	// t=30 nic irq line=1 statack=0x80(CX) mask=0x00
	// t=30 nic statack 0x80(CX) (was 0)
	// t=30 nic.cu cu.state active -> idle next=0x0
	// t=30 nic statack 0xa0(CX|CNA) (was 0x80(CX))
	// t=40 cpu1 trap claim device irq
	// t=50 nic irq line=0 statack=0 mask=0x00
	// t=50 nic statack 0 (was 0xa0(CX|CNA))
	// t=50 cpu1 trap.done complete device irq
}
