package report_test

import (
	"os"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/report"
	"github.com/nicsim/nicsim/sim"
)

// A transmit on cpu0 and the device's answer, folded into a timeline.
func ExampleWriteText() {
	m := sim.New(sim.Config{NCPU: 1, RAMSize: 64 << 10}, sim.NewTape(sim.NewSeedSource(1)))
	m.Trace.KeepAll(true)
	cpu := m.CPUs[0]
	nic := m.Source("nic.tx")
	lock := m.Lock(0x80001000, "e1000_lock")
	where := sim.Where{D: stringer("e1000_transmit")}

	m.Acquire(cpu, lock, where)
	m.Emit(cpu.Source(), guest.KindMMIOWrite, regTDT, 1, 0)
	m.Emit(nic, kTDH, 1, 1, 0)
	m.Release(cpu, lock, where)

	rows := report.Timeline(m.Trace, m.Trace.All())
	report.WriteText(os.Stdout, rows, 100)
	// Output:
	//   t (ms)  CPUs                    | NIC / wire             | locks held      | TDH/TDT RDH/RDT
	// 0.000000  cpu0 acquire e1000_lock |                        | e1000_lock@cpu0 | ?/?     ?/?
	// 0.000000  cpu0 mmio.write TDT=0x1 |                        | e1000_lock@cpu0 | ?/1     ?/?
	// 0.000000                          | nic.tx tdh TDH=1 TDT=1 | e1000_lock@cpu0 | 1/1     ?/?
	// 0.000000  cpu0 release e1000_lock |                        |                 | 1/1     ?/?
}
