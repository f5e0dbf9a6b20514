package debugger

import (
	"fmt"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// Snapshot is the run's state after one step.
type Snapshot struct {
	Step   int // steps completed (the failing step counts as done)
	T      sim.Time
	Device nic.State
	Locks  []Lock
	CPUs   []CPUView

	mem    memory
	driver any // the Go model driver, read by reflection
}

// Lock is a spinlock, its holder and the CPUs spinning on it.
type Lock struct {
	Name     string
	Key      uint64
	Holder   int // -1: free
	Spinners []int
}

// CPUView is one CPU's context.
type CPUView struct {
	ID       int
	Describe string // sim.CPU.Describe: the contexts, innermost first
	Idle     bool
	SIE      bool // interrupts enabled
	Noff     int  // push_off depth
	InTrap   bool // running an interrupt handler
	PC       uint64
	File     string // the driver's source line at PC (hosted C)
	Line     int
}

// memory is RAM at one step: the image (or static data) below the heap and
// the heap pages allocated then.
type memory struct {
	base  uint64
	low   []byte
	pages map[uint64][]byte
}

func (e *Engine) capture(l *harness.Live, k int) *Snapshot {
	m := l.Machine
	s := &Snapshot{Step: k, T: m.Now(), Device: l.Device.State(), driver: l.Driver}
	s.Locks = locks(m)
	for _, c := range m.CPUs {
		v := CPUView{ID: c.ID, Describe: c.Describe(), Idle: c.Idle(), SIE: c.SIE, Noff: c.IntrDepth(),
			InTrap: c.InTrap, PC: cpuPC(c)}
		if v.PC != 0 && e.dw != nil {
			v.File, v.Line = e.dw.line(v.PC - 1)
		}
		s.CPUs = append(s.CPUs, v)
	}
	s.mem = copyMemory(m)
	return s
}

func locks(m *sim.Machine) []Lock {
	var out []Lock
	for _, l := range m.Locks() {
		lk := Lock{Name: l.Name, Key: l.Key, Holder: l.Holder()}
		for _, c := range m.CPUs {
			if c.SpinningOn() == l {
				lk.Spinners = append(lk.Spinners, c.ID)
			}
		}
		out = append(out, lk)
	}
	return out
}

func copyMemory(m *sim.Machine) memory {
	heap := m.Config().HeapBase
	mem := memory{base: m.Mem.Base, pages: map[uint64][]byte{}}
	if heap > m.Mem.Base && heap-m.Mem.Base <= uint64(len(m.Mem.B)) {
		mem.low = append([]byte(nil), m.Mem.B[:heap-m.Mem.Base]...)
	}
	end := m.Mem.Base + uint64(len(m.Mem.B))
	for p := (heap + sim.PageSize - 1) &^ (sim.PageSize - 1); p+sim.PageSize <= end; p += sim.PageSize {
		if m.Heap.Allocated(p) {
			off := p - m.Mem.Base
			mem.pages[p] = append([]byte(nil), m.Mem.B[off:off+sim.PageSize]...)
		}
	}
	return mem
}

// read returns n bytes at addr, from the image or an allocated page.
func (mem *memory) read(addr, n uint64) ([]byte, error) {
	if addr >= mem.base && addr+n <= mem.base+uint64(len(mem.low)) && addr+n >= addr {
		return mem.low[addr-mem.base : addr-mem.base+n], nil
	}
	page := addr &^ (sim.PageSize - 1)
	if p, ok := mem.pages[page]; ok && addr+n <= page+sim.PageSize {
		return p[addr-page : addr-page+n], nil
	}
	return nil, fmt.Errorf("%#x..%#x is neither the driver's data nor an allocated page", addr, addr+n)
}
