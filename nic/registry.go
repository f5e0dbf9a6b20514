package nic

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nicsim/nicsim/sim"
)

// Model is a device model as it registers itself: what it is, how the
// platform reaches it, what it reports and how to build one.
type Model struct {
	Name       string // "e1000": used in --device, replay files and banners
	Title      string // "Intel 82540EM Gigabit Ethernet"
	VendorID   uint16 // PCI vendor and device ID
	DeviceID   uint16
	QEMUDevice string // QEMU's -device name ("e1000")
	// TraceID tags the model's register accesses in traces; it is part of
	// their hash, so it never changes once given (e1000: 0).
	TraceID uint8
	Windows []Window
	// Regs and Arrays name the registers for traces, reports and states.
	Regs   []Reg
	Arrays []RegArray
	// Actors are the sim actor names of the DMA engines ("nic.tx").
	Actors []string
	// Classes are the verdict classes the device's own oracles report,
	// beyond sim's ([sim.Classes]).
	Classes []string
	// Faults are the device's fault kinds a swarm draws, in draw order.
	Faults []FaultKind
	// Columns are the rings or lists the timeline follows, one column each.
	Columns []Column
	// Settle is how long the device receives nothing after the driver's
	// init under personality p (QEMU's e1000: 1 s after an RCTL write), so
	// that a workload waits for it; nil means no wait.
	Settle func(p Personality) sim.Time
	// New builds a device in its reset state.
	New func(env Env, cfg Config) Device
	_   struct{}
}

// FaultKind is one kind of fault a device can inject. A swarm draws one of
// Choices per run on the fault stream; 0 is off.
type FaultKind struct {
	Name    string
	Choices []int64
	// Format renders an active value for the run's banner ("rx-fifo=8").
	Format func(v int64) string
	// Lossy says that the fault lets frames drop legitimately when the
	// device overruns (exactly-once weakens to at-most-once).
	Lossy bool
}

// Column is a ring (or list) the timeline follows from register accesses
// and from the device's own head events.
type Column struct {
	Name string // "TX"
	// Head and Tail name the head and tail registers ("TDH", "TDT"); Len
	// names the register that sizes the ring ("TDLEN").
	Head, Tail, Len string
	// HeadEvent is the trace kind the device emits with the ring's head
	// and tail in A and B when its engine moves the head ("tdh").
	HeadEvent string
	// Size turns a value of Len into a number of slots; Index masks a head
	// or tail value to its index bits.
	Size  func(v uint32) int
	Index func(v uint32) int
}

var (
	regMu  sync.RWMutex
	models []*Model
)

// Register makes a model known. It panics on a duplicate name or trace ID,
// or a model without a constructor: registration happens at init.
func Register(m *Model) {
	regMu.Lock()
	defer regMu.Unlock()
	if m.New == nil || m.Name == "" {
		panic(fmt.Sprintf("nic: model %q registered without a name or constructor", m.Name))
	}
	for _, o := range models {
		if o.Name == m.Name || o.TraceID == m.TraceID {
			panic(fmt.Sprintf("nic: model %q registered twice (name or trace ID of %q)", m.Name, o.Name))
		}
	}
	models = append(models, m)
}

// Lookup returns the model called name; an unknown name is an error that
// lists the known ones.
func Lookup(name string) (*Model, error) {
	regMu.RLock()
	defer regMu.RUnlock()
	for _, m := range models {
		if m.Name == name {
			return m, nil
		}
	}
	return nil, fmt.Errorf("unknown device %q (known: %s)", name, strings.Join(names(), ", "))
}

// ByTraceID returns the model whose accesses are tagged id, or nil.
func ByTraceID(id uint8) *Model {
	regMu.RLock()
	defer regMu.RUnlock()
	for _, m := range models {
		if m.TraceID == id {
			return m
		}
	}
	return nil
}

// Models returns every registered model, by name.
func Models() []*Model {
	regMu.RLock()
	defer regMu.RUnlock()
	out := slices.Clone(models)
	slices.SortFunc(out, func(a, b *Model) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func names() []string {
	var s []string
	for _, m := range models {
		s = append(s, m.Name)
	}
	slices.Sort(s)
	return s
}

// RegName names the register of space s at offset off ("TDT", "MTA[3]"), or
// gives the offset in hex.
func (m *Model) RegName(s Space, off uint32) string {
	for i := range m.Regs {
		if r := &m.Regs[i]; r.Space == s && r.Off == off {
			return r.Name
		}
	}
	for _, a := range m.Arrays {
		if a.Space == s && off >= a.Off && off < a.Off+uint32(a.Count)*a.Stride && (off-a.Off)%a.Stride == 0 {
			return fmt.Sprintf("%s[%d]", a.Name, (off-a.Off)/a.Stride)
		}
	}
	if s != MMIO {
		return fmt.Sprintf("%s%#x", s, off)
	}
	return fmt.Sprintf("reg%#x", off)
}

// Reg returns the register called name.
func (m *Model) Reg(name string) (Reg, bool) {
	for _, r := range m.Regs {
		if r.Name == name {
			return r, true
		}
	}
	return Reg{}, false
}

// Window returns the model's window of space s.
func (m *Model) Window(s Space) (Window, bool) {
	for _, w := range m.Windows {
		if w.Space == s {
			return w, true
		}
	}
	return Window{}, false
}

// IsActor reports whether name is one of the model's DMA engines.
func (m *Model) IsActor(name string) bool { return slices.Contains(m.Actors, name) }
