package eth

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// fakeDev is a device that only says whether it dropped frames.
type fakeDev struct{ overran bool }

func (fakeDev) RegRead(nic.Space, uint32, int) uint32   { return 0 }
func (fakeDev) RegWrite(nic.Space, uint32, int, uint32) {}
func (fakeDev) DriverAccess(uint64, uint64, bool)       {}
func (fakeDev) Receive([]byte)                          {}
func (fakeDev) State() nic.State                        { return nic.State{} }
func (fakeDev) Capacity() (int, int)                    { return 0, 0 }
func (d fakeDev) Overran() bool                         { return d.overran }
func (fakeDev) Summary() string                         { return "fake" }

// oracleRig is a workload whose callbacks the test makes, with RAM to
// hold received frames.
func oracleRig(overran bool) (*workload, *sim.CPU) {
	ram := make([]byte, 1<<20)
	m := sim.New(sim.Config{NCPU: 1, RAM: ram, HeapBase: sim.RAMBase + 0x10000}, sim.NewTape(sim.NewSeedSource(1)))
	k := &guest.Kernel{M: m, Dev: fakeDev{overran}, Model: &nic.Model{Name: "test"}}
	k.Svc = newKernel(k)
	env := guest.WorkloadEnv{M: m, K: k, Net: stack.NewGlue(NetPolicy), Packets: 2, Payload: 32,
		Lossy: func() bool { return false }, PeerStats: func() string { return "" }}
	return newWorkload(env).(*workload), m.CPUs[0]
}

// rx makes the driver hand frame up through the rx callback.
func rx(w *workload, c *sim.CPU, frame []byte) *sim.Verdict {
	addr := w.env.M.Heap.Alloc()
	if err := w.env.M.Mem.Write(addr, frame); err != nil {
		panic(err)
	}
	return sim.Catch(func() { w.kernelCall(c, kcRx, uint64(len(frame)), addr) })
}

func frame(b byte) []byte { return append(make([]byte, 59), b) }

func TestCommandOracle(t *testing.T) {
	for _, c := range []struct {
		name       string
		issue      []uint16
		id, status uint16
		class      string
	}{
		{"ok", []uint16{5}, 5, ethSuccess, ""},
		{"id 0", nil, 0, ethSuccess, ClassCallback},
		{"never issued", []uint16{5}, 6, ethSuccess, ClassCallback},
		{"failed", []uint16{5}, 5, 5, ClassCallback},
	} {
		w, cpu := oracleRig(false)
		for _, id := range c.issue {
			w.issued[id] = true
		}
		v := sim.Catch(func() { w.kernelCall(cpu, kcCmd, uint64(c.id), uint64(c.status)) })
		if got := class(v); got != c.class {
			t.Errorf("%s: %q (%v), want %q", c.name, got, v, c.class)
		}
	}
	w, cpu := oracleRig(false)
	w.issued[7] = true
	w.kernelCall(cpu, kcCmd, 7, ethSuccess)
	if v := sim.Catch(func() { w.kernelCall(cpu, kcCmd, 7, ethSuccess) }); class(v) != sim.ClassDuplicate {
		t.Errorf("a second callback for id 7: %v, want %s", v, sim.ClassDuplicate)
	}
}

func TestReceiveOracle(t *testing.T) {
	// In order, each once: fine.
	w, c := oracleRig(false)
	w.FromPeer(frame(1))
	w.FromPeer(frame(2))
	if v := rx(w, c, frame(1)); v != nil {
		t.Fatalf("first frame: %v", v)
	}
	if v := rx(w, c, frame(2)); v != nil {
		t.Fatalf("second frame: %v", v)
	}
	// Handed up twice: a duplicate (or corrupt) frame.
	if v := rx(w, c, frame(2)); class(v) != sim.ClassCorrupt {
		t.Errorf("frame 2 again: %v, want %s", v, sim.ClassCorrupt)
	}
	// Skipped while the device dropped nothing: lost by the driver.
	w, c = oracleRig(false)
	w.FromPeer(frame(1))
	w.FromPeer(frame(2))
	if v := rx(w, c, frame(2)); class(v) != sim.ClassLostPacket || !strings.Contains(v.Message, "never came up") {
		t.Errorf("frame 1 skipped: %v, want %s", v, sim.ClassLostPacket)
	}
	// A short frame comes up padded to 60 bytes with zeros.
	w, c = oracleRig(false)
	short := make([]byte, 42)
	short[0] = 7
	w.FromPeer(short)
	if v := rx(w, c, append(short, make([]byte, 18)...)); v != nil {
		t.Errorf("a 42-byte frame padded to 60: %v", v)
	}
	w.FromPeer(short)
	if v := rx(w, c, append(short, append(make([]byte, 17), 1)...)); class(v) != sim.ClassCorrupt {
		t.Errorf("a 42-byte frame padded with a non-zero byte: %v, want %s", v, sim.ClassCorrupt)
	}
	// Skipped while the device dropped frames (RU not ready): allowed.
	w, c = oracleRig(true)
	w.FromPeer(frame(1))
	w.FromPeer(frame(2))
	if v := rx(w, c, frame(2)); v != nil || w.skipped != 1 {
		t.Errorf("frame 1 dropped by the device: %v, skipped %d, want nil and 1", v, w.skipped)
	}
}

func class(v *sim.Verdict) string {
	if v == nil {
		return ""
	}
	return v.Class
}
