package e1000_test

import (
	"encoding/binary"
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic/e1000"
	"github.com/nicsim/nicsim/sim"
)

// The device satisfies the kernel model's view of it. The check lives in a
// test so that nic/e1000 does not import guest.
var _ guest.Device = (*e1000.Device)(nil)

type printWire struct{}

func (printWire) Transmit(f []byte) { fmt.Printf("wire: %d bytes to % x\n", len(f), f[:6]) }

// ack is an interrupt handler that acknowledges by reading ICR.
type ack struct{ d *e1000.Device }

func (a ack) Step(m *sim.Machine, c *sim.CPU) {
	a.d.Read(e1000.ICR)
	c.Return(0)
}

func (ack) Describe() string { return "e1000_intr" }

// One frame through the strict transmitter: the TDT write only posts the
// descriptor; the "nic.tx" engine then fetches it, reads the buffer, puts
// the frame on the wire, writes DD back and interrupts; a CPU takes the
// interrupt and acknowledges it.
func Example_txRoundTrip() {
	m := sim.New(sim.Config{}, sim.NewTape(sim.NewSeedSource(1)))
	m.Trace.KeepAll(true)
	d := e1000.New(m, e1000.Config{Personality: e1000.Strict}, printWire{})
	m.IntrHandler = func(*sim.CPU) sim.Context { return ack{d} }

	ringAddr, bufAddr := sim.RAMBase+0x1000, sim.RAMBase+0x2000
	frame := make([]byte, 60)
	copy(frame, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	_ = m.Mem.Write(bufAddr, frame)
	desc := make([]byte, 16)
	binary.LittleEndian.PutUint64(desc[0:], bufAddr)
	binary.LittleEndian.PutUint16(desc[8:], uint16(len(frame)))
	desc[11] = 0x01 | 0x08 // EOP | RS
	_ = m.Mem.Write(ringAddr, desc)

	d.Write(e1000.TDBAL, uint32(ringAddr))
	d.Write(e1000.TDLEN, 8*16)
	d.Write(e1000.TCTL, 1<<1) // EN
	d.Write(e1000.IMS, e1000.TXDW)
	d.Write(e1000.TDT, 1)
	fmt.Println("verdict:", m.Run().Class)

	status, _ := m.Mem.Slice(ringAddr+12, 1)
	fmt.Printf("status=%#x TDH=%d\n", status[0], d.Read(e1000.TDH))
	for _, e := range m.Trace.All() {
		fmt.Println(m.Trace.Format(&e))
	}
	// Output:
	// wire: 60 bytes to ff ff ff ff ff ff
	// verdict: pass
	// status=0x1 TDH=1
	// t=0 nic.tx dma.read addr=0x80001000 len=16 what="TX desc 0"
	// t=10 nic.tx dma.read addr=0x80002000 len=60 what="TX buf 0"
	// t=10 nic.tx tx.frame len=60 desc=0
	// t=20 nic.tx dma.write addr=0x8000100c len=4 what="TX status 0"
	// t=20 nic.tx tdh TDH=1 TDT=1
	// t=20 nic irq line=1 icr=0x3(TXDW|TXQE) ims=0x1(TXDW)
	// t=30 cpu1 trap claim device irq
	// t=40 nic irq line=0 icr=0 ims=0x1(TXDW)
	// t=40 cpu1 trap.done complete device irq
}
