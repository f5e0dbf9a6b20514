package i8255x

import (
	"testing"

	"github.com/nicsim/nicsim/sim"
)

// classes the device may end a run with on arbitrary input; anything else
// (an internal error: a panic in the model) is a bug.
var deviceClasses = map[string]bool{
	sim.ClassPass: true, sim.ClassDMAFault: true, sim.ClassUseAfterFree: true,
	sim.ClassRingOwnership: true, sim.ClassConfig: true, sim.ClassLivelock: true,
	sim.ClassUnpublished: true, ClassCommandLost: true, ClassIdleResume: true,
	ClassStartActive: true, ClassAppendRace: true, ClassMisaligned: true,
}

// fuzzArea is the RAM the fuzzer's bytes and pointers land in.
const fuzzArea = sim.RAMBase + 0x1000

// runOps interprets data as a program: the first 512 bytes fill RAM at
// fuzzArea (blocks the device may walk), then each 4-byte op is a register
// write (offset, width, value around fuzzArea), a frame arrival, a run of
// the machine or a driver store.
func runOps(t *testing.T, p Personality, data []byte) *sim.Verdict {
	r := newRigSeed(t, p, sim.Config{MaxSteps: 20000, RAMSize: 0x40000}, 1)
	r.m.Trace.KeepAll(false)
	n := min(len(data), 512)
	copy(r.mem(fuzzArea, 512), data[:n])
	v := sim.Catch(func() {
		for ops := data[n:]; len(ops) >= 4; ops = ops[4:] {
			r.fuzzOp(ops[:4])
		}
		r.d.CheckStall()
	})
	if v == nil {
		v = r.m.Run()
	}
	return v
}

func (r *rig) fuzzOp(op []byte) {
	width := 1 << (op[0] >> 6 & 3)
	if width == 8 {
		width = 4
	}
	off := uint32(op[1] & 0x1F)
	val := uint32(op[2]) | uint32(op[3])<<8
	switch op[0] & 7 {
	case 0, 1, 2:
		r.write(off, width, val)
	case 3:
		r.write(SCBPointer, 4, uint32(fuzzArea)+val%512)
	case 4:
		r.d.Receive(frame(r.d.IA(), 14+int(val%1600)))
	case 5:
		if v := r.m.Run(); !v.Pass() {
			panic(v)
		}
	case 6:
		r.read(off, width)
	case 7:
		addr := fuzzArea + uint64(val%510)
		r.d.DriverAccess(addr, 2, true)
		le.PutUint16(r.mem(addr, 2), uint16(op[1])<<8|uint16(op[1]))
	}
}

func FuzzDevice(f *testing.F) {
	f.Add(uint8(0), []byte{})
	cmds := []byte{3, 0, 0, 0, 0, SCBCmd, CUStart, 0, 3, 0, 0x40, 0, 0, SCBCmd, RUStart, 0, 4, 0, 60, 0, 5, 0, 0, 0}
	f.Add(uint8(0), append(make([]byte, 512), cmds...))
	f.Add(uint8(1), append(make([]byte, 512), cmds...))
	f.Fuzz(func(t *testing.T, pers uint8, data []byte) {
		p := Personality(pers & 1)
		if v := runOps(t, p, data); !deviceClasses[v.Class] {
			t.Fatalf("%s: %v", p, v)
		}
	})
}

// TestRandomPrograms runs FuzzDevice's property over programs drawn from a
// fixed PCG stream: the model never fails with an internal error.
func TestRandomPrograms(t *testing.T) {
	iters := 300
	if testing.Short() {
		iters = 50
	}
	src := sim.NewSeedSource(42)
	classes := map[string]int{}
	for i := 0; i < iters; i++ {
		data := make([]byte, 512+4*int(1+src.Uint32n(sim.StreamWorkload, 64)))
		for j := range data {
			data[j] = byte(src.Uint32n(sim.StreamWorkload, 256))
		}
		// Keep pointers and commands plausible: half the ops are commands.
		for j := 512; j+4 <= len(data); j += 8 {
			data[j], data[j+1] = data[j]&0xF8, SCBCmd
		}
		p := Personality(i & 1)
		v := runOps(t, p, data)
		if !deviceClasses[v.Class] {
			t.Fatalf("program %d (%s): %v", i, p, v)
		}
		classes[v.Class]++
	}
	t.Logf("verdicts: %v", classes)
}
