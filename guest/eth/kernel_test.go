package eth

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/nic/i8255x"
	"github.com/nicsim/nicsim/sim"
)

// testKernel is the eth kernel model on a machine with an 82557-shaped
// registration (the identity and windows matter here, not the device).
func testKernel() (*kernel, *sim.CPU) {
	m := sim.New(sim.Config{NCPU: 1}, sim.NewTape(sim.NewSeedSource(1)))
	model := &nic.Model{Name: "test", VendorID: 0x8086, DeviceID: 0x1229,
		Windows: []nic.Window{{Space: nic.Port, Size: 64, Align: 1}}}
	k := &guest.Kernel{M: m, Model: model}
	return newKernel(k).(*kernel), m.CPUs[0]
}

func cfgRead(s *kernel, c *sim.CPU, slot, off int) uint32 {
	s.PortOut(c, pciAddr, 4, 0x80000000|uint32(slot)<<11|uint32(off))
	return s.PortIn(c, pciData, 4)
}

// PCI configuration mechanism #1 shows the device's identity at its slot,
// all ones elsewhere, sizes its BARs, keeps the command register, and
// narrower reads of 0xCFC..0xCFF see the right bytes.
func TestPCIConfig(t *testing.T) {
	s, c := testKernel()
	if v := cfgRead(s, c, pciSlot, 0); v != 0x12298086 {
		t.Errorf("vendor/device = %#x, want 0x12298086", v)
	}
	if v := cfgRead(s, c, pciSlot+1, 0); v != 0xFFFFFFFF {
		t.Errorf("an empty slot reads %#x, want all ones", v)
	}
	if v := cfgRead(s, c, pciSlot, 0x14); v != ioBase|1 {
		t.Errorf("BAR1 = %#x, want %#x", v, ioBase|1)
	}
	if v := cfgRead(s, c, pciSlot, 0x3C) & 0xFF; v != irqLine {
		t.Errorf("interrupt line = %d, want %d", v, irqLine)
	}
	s.PortOut(c, pciAddr, 4, 0x80000000|pciSlot<<11|0x3C)
	if v := s.PortIn(c, pciData+1, 1); v != 1 {
		t.Errorf("interrupt pin (byte at 0xCFD) = %d, want 1 (INTA#)", v)
	}
	s.PortOut(c, pciAddr, 4, 0x80000000|pciSlot<<11|0x14)
	s.PortOut(c, pciData, 4, 0xFFFFFFFF)
	if v := cfgRead(s, c, pciSlot, 0x14); v != 0xFFFFFFC1 {
		t.Errorf("BAR1 after sizing = %#x, want 0xffffffc1 (64 bytes of I/O)", v)
	}
	s.PortOut(c, pciAddr, 4, 0x80000000|pciSlot<<11|0x04)
	s.PortOut(c, pciData, 4, 0x0007)
	if v := cfgRead(s, c, pciSlot, 0x04) & 0xFFFF; v != 0x0007 {
		t.Errorf("command = %#x, want 0x7", v)
	}
	if v := s.PortIn(c, 0x3F8, 2); v != 0xFFFF {
		t.Errorf("an unclaimed port reads %#x, want 0xffff", v)
	}
}

// The slave PIC masks IRQ 11 until the handler is installed and while it
// is in service; its EOI unmasks it.
func TestPICInService(t *testing.T) {
	s, c := testKernel()
	s.KernelCall(c, kcISR, IRQVector, 0x1234)
	if s.isr != 0x1234 {
		t.Fatalf("handler %#x not recorded", s.isr)
	}
	s.inService = true
	s.PortOut(c, pic1, 1, eoi)
	if !s.inService {
		t.Error("an EOI to the master completed IRQ 11, which the slave holds")
	}
	s.PortOut(c, pic2, 1, eoi)
	if s.inService {
		t.Error("the slave's EOI did not complete IRQ 11")
	}
	if _, d := s.KernelCall(c, kcDelay, 3, 0); d != 300*sim.Millisecond {
		t.Errorf("__delay(3) sleeps %v, want 300ms", d)
	}
}

func TestLoadAddrTakesBytes(t *testing.T) {
	for src, want := range map[string]bool{
		"uint8_t _eth_loadaddr(uint8_t addr[6], uint16_t id)":  true,
		"uint8_t _eth_loadaddr(const uint8_t *addr, uint16_t)": true,
		"uint8_t __eth_loadaddr(uint64_t addr, uint16_t id)":   false,
		"uint8_t _eth_loadaddr( unsigned char a[6], uint16_t)": true,
	} {
		if got := LoadAddrTakesBytes([]byte(src)); got != want {
			t.Errorf("LoadAddrTakesBytes(%q) = %v, want %v", src, got, want)
		}
	}
}

// Every mutant parses and applies to its reference driver, and the model
// classes csrc accepts are the ones the 82557 and the workload define.
func TestMutants(t *testing.T) {
	ms, err := Mutants()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 10 {
		t.Fatalf("%d mutants, want at least 10", len(ms))
	}
	for _, m := range ms {
		files, err := ApplyMutant(m)
		if err != nil {
			t.Error(err)
			continue
		}
		ref, _ := DriverFiles(mutantBase(m))
		changed := 0
		for n := range files {
			if string(files[n]) != string(ref[n]) {
				changed++
			}
		}
		if changed == 0 {
			t.Errorf("%s changes nothing", m.Name)
		}
	}
	dev, err := nic.Lookup(Kernel.Device)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{i8255x.ClassCommandLost, i8255x.ClassIdleResume, i8255x.ClassStartActive,
		i8255x.ClassAppendRace, i8255x.ClassMisaligned}
	if !slices.Equal(dev.Classes, want) || !slices.Equal(Kernel.Classes, []string{ClassCallback}) {
		t.Errorf("classes registered: device %v, kernel %v; want %v and %s", dev.Classes, Kernel.Classes, want, ClassCallback)
	}
}

// Every class an eth mutant is tagged with is explained in the eth
// kernel's or the 82557's terms.
func TestClassesExplained(t *testing.T) {
	ms, err := Mutants()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		for _, c := range []string{m.Verdict, m.Strict} {
			if c == "" || c == sim.ClassCrash || c == sim.ClassRingOwnership {
				continue // nicsim's own and the device's ownership texts
			}
			if _, ok := diag.Lookup(c, Kernel.Device, Kernel.Name); !ok {
				t.Errorf("%s: class %s has no explanation", m.Name, c)
			}
		}
	}
}

// Detect names the API generation of a driver (spec guest-abis.md 4b) from
// its source: the users' drivers of testdata/users, one per generation.
func TestDetectGeneration(t *testing.T) {
	for dir, want := range map[string]string{
		"final": "final API: _eth_loadaddr(uint8_t addr[6], id)",
		"seed":  "seed API: _eth_loadaddr(uint64_t addr, id)",
		"early": "early API: __eth_ names, __eth_loadaddr(uint64_t addr, id)",
	} {
		var src []byte
		for _, f := range []string{"eth.h", "eth.c"} {
			b, err := os.ReadFile(filepath.Join("testdata/users", dir, f))
			if err != nil {
				t.Fatal(err)
			}
			src = append(src, b...)
		}
		why, ok := Detect(src)
		if !ok || !strings.HasSuffix(why, "; "+want) {
			t.Errorf("%s: Detect = %q, %v; want it to end with %q", dir, why, ok, want)
		}
	}
}

// Every class an eth run can end with is explained in the 82557's and the
// eth API's terms (not e1000's descriptors or xv6's kalloc), in all parts
// and tiers: a crash or a block written while the CU owns it was
// "failure (flight): look at flight" before.
func TestEveryEthClassExplained(t *testing.T) {
	classes := []string{sim.ClassLivelock, sim.ClassLostPacket, sim.ClassDuplicate, sim.ClassRingOwnership,
		sim.ClassDMAFault, sim.ClassCrash, sim.ClassPanic, sim.ClassCorrupt, sim.ClassConfig, ClassCallback,
		i8255x.ClassCommandLost, i8255x.ClassIdleResume, i8255x.ClassStartActive, i8255x.ClassAppendRace, i8255x.ClassMisaligned}
	for _, c := range classes {
		if _, ok := diag.Lookup(c, "i8255x", "eth"); !ok {
			t.Errorf("class %s has no explanation of the 82557 or the eth kernel", c)
			continue
		}
		for _, tier := range diag.Tiers {
			e := diag.Explain(&sim.Verdict{Class: c, Message: "x at eth.c:10 (eth_isr)"}, diag.Sites{}, tier, "dup-irq", "i8255x", "eth")
			for name, part := range map[string]string{"title": e.Title, "what": e.What, "why": e.Why, "qemu": e.QEMU, "fix": e.Fix} {
				if part == "" || strings.Contains(part, "{") || strings.Contains(part, "descriptor") || strings.Contains(part, "kalloc") {
					t.Errorf("%s/%s: %s is %q", c, tier, name, part)
				}
			}
		}
	}
}

// A stall is explained by what its message shows, most specific first: no
// EOI, causes acknowledged unseen, the RU out of RFDs or suspended; a frame
// skipped, a storm, a status before C have rows of their own. Each was
// "transmit or receive stalled" or "callback contract broken" before.
func TestEthDiagnosisByMessage(t *testing.T) {
	dev := "device: CU idle next CB 0x0, 2 CBs done, 0 frames sent; RU %s next RFD 0x8000a020, 0 frames received"
	for _, c := range []struct{ class, msg, title string }{
		{sim.ClassLostPacket, "quiescent:\n  IRQ 11 is still being serviced by the slave PIC: ...\n  " + fmt.Sprintf(dev, "no-resources") +
			"; the STAT/ACK write at eth.c:9 (isr) at t=1ms acknowledged 0xa0(CX|CNA), which arrived after the interrupt handler had read STAT/ACK", "interrupt never ended (no EOI)"},
		{sim.ClassLostPacket, "quiescent:\n  " + fmt.Sprintf(dev, "no-resources") +
			"; the STAT/ACK write at eth.c:9 (isr) at t=1ms acknowledged 0xa0(CX|CNA), which arrived after the interrupt handler had read STAT/ACK", "interrupt causes acknowledged unseen"},
		{sim.ClassLostPacket, "quiescent:\n  no interrupt handler was installed at vector 0x2b (IRQ 11 + 0x20) (__install_isr was called for vector 0xb ...)\n  " + fmt.Sprintf(dev, "no-resources"), "interrupt handler never installed"},
		{sim.ClassLostPacket, "quiescent:\n  " + fmt.Sprintf(dev, "no-resources"), "receive unit never restarted"},
		{sim.ClassLostPacket, "quiescent:\n  " + fmt.Sprintf(dev, "suspended"), "receive unit left suspended"},
		{sim.ClassLostPacket, "quiescent:\n  " + fmt.Sprintf(dev, "ready"), "transmit or receive stalled"},
		{sim.ClassLostPacket, "the rx callback handed up a 60-byte frame at eth.c:9 (rx), but the 1 frame(s) the device received before it never came up", "received frame lost"},
		{sim.ClassLivelock, "interrupt storm: the handler at eth.c:9 (isr) was entered 1000 times", "interrupt never acknowledged"},
		{ClassCallback, "the rx callback got status 4 for a 60-byte frame at eth.c:9 (rx) the device received OK", "frame handed up before the 82557 finished it"},
	} {
		v := &sim.Verdict{Class: c.class, Message: c.msg}
		if e := diag.Explain(v, diag.SitesOf(v), diag.Lab, "none", "i8255x", "eth"); e.Title != c.title {
			t.Errorf("%.60q...: title %q, want %q", c.msg, e.Title, c.title)
		}
	}
}
