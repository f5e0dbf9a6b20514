package jospc

import (
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/jos"
)

// mutantCase is a mutant of guest/jos's zoo, the packet count its tags ask
// for, and the verdict it must get and a phrase of its message.
type mutantCase struct {
	name  string
	pings int
	class Class
	says  string
}

func runMutants(t *testing.T, cases []mutantCase) {
	needTools(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := DriverConfig("zoo:jos/" + c.name)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Pings != c.pings {
				t.Fatalf("DriverConfig gives %d pings, want %d (the mutant's packets)", cfg.Pings, c.pings)
			}
			res := run(t, cfg)
			if res.Verdict.Class != c.class || !strings.Contains(res.Verdict.Message, c.says) {
				t.Fatalf("verdict %v, want %s saying %q\n%s", res.Verdict, c.class, c.says, tail(res.Console))
			}
		})
	}
}

// silent, broken and invisible are the mutant tables of the tests below.
var (
	silent = []mutantCase{
		{"no-eop", 0, Missing, "no frame reached the wire"},
		{"rx-rdt-zero", 0, Missing, "the receive function returned no frame"},
		{"tx-kva", 0, Missing, "the gateway's ARP reply never reached"}, // the device sends bytes from 0xF01xxxxx
		{"ral-no-av", 0, Missing, "the gateway's ARP reply never reached"},
		// QEMU masks TDBAL's low 4 bits: the device reads descriptors 8 bytes
		// before the driver's, and sends nothing.
		{"ring-misaligned", 0, Missing, "no frame reached the wire"},
		{"tx-no-predd", 0, Missing, "refused"},
	}
	broken = []mutantCase{
		{"no-secrc", 0, Wrong, "RCTL.SECRC"},
		{"regs-not-volatile", 0, Hang, "e1000_attach"},
		{"no-rs", 80, Missing, "refused"},
		{"tdt-no-wrap", 80, Wrong, "frames on the wire for"},
		{"tx-ring-60", 80, Wrong, "frames on the wire for"}, // QEMU masks TDLEN to 896 bytes
		{"rx-no-clear", 150, Wrong, "received twice"},
	}
	// QEMU cannot show these. Its TX runs inside the TDT write, so the ring
	// never fills and no descriptor is reused early; gcc keeps the descriptor
	// stores before the TDT store without the barrier.
	invisible = []mutantCase{
		{"tx-no-dd", 80, Pass, "80 echoes"},
		{"no-tx-barrier", 0, Pass, "4 echoes"},
	}
)

// TestZooCovered: every mutant of guest/jos's zoo tagged visible on QEMU
// ("qemu: yes") whose scenario this workload plays (no "needs") is in a
// table above, and every mutant in the tables exists.
func TestZooCovered(t *testing.T) {
	ms, err := jos.Mutants()
	if err != nil {
		t.Fatal(err)
	}
	tabled := map[string]bool{}
	for _, c := range slices.Concat(silent, broken, invisible) {
		tabled["zoo:jos/"+c.name] = true
	}
	tabled["zoo:jos/rx-past-buffer"] = true // TestShortBuffer: it needs a short receive buffer
	for _, m := range ms {
		if m.QEMU == "yes" && m.Needs == "" && !tabled[m.Name] {
			t.Errorf("%s is visible on QEMU but no test runs it", m.Name)
		}
		delete(tabled, m.Name)
	}
	for name := range tabled {
		t.Errorf("%s: no such mutant", name)
	}
}

// TestMutantsSilent: mutants after which frames never arrive, on one side or
// the other.
func TestMutantsSilent(t *testing.T) { runMutants(t, silent) }

// TestMutantsBroken: mutants that alter frames, send them twice, hang or fill
// the ring for good.
func TestMutantsBroken(t *testing.T) { runMutants(t, broken) }

// TestMutantsInvisible: mutants QEMU cannot show pass.
func TestMutantsInvisible(t *testing.T) { runMutants(t, invisible) }

// tail is the end of a console, for failure messages.
func tail(console string) string {
	if len(console) > 3000 {
		return "..." + console[len(console)-3000:]
	}
	return console
}

// TestShortBuffer gives the receive function 100 bytes for 106-byte echoes:
// the reference driver drops the rest (its echoes pass, compared by their
// first 100 bytes), rx-past-buffer copies the whole frame and says so.
func TestShortBuffer(t *testing.T) {
	needTools(t)
	res := run(t, BuildConfig{DriverName: "ref:jos", RXLen: 100})
	if res.Verdict.Class != Pass {
		t.Fatalf("ref:jos with a 100-byte buffer: verdict %v\n%s", res.Verdict, tail(res.Console))
	}
	res = run(t, BuildConfig{DriverName: "zoo:jos/rx-past-buffer", RXLen: 100})
	if res.Verdict.Class != Wrong || !strings.Contains(res.Verdict.Message, "the 100-byte buffer") {
		t.Fatalf("rx-past-buffer with a 100-byte buffer: verdict %v\n%s", res.Verdict, tail(res.Console))
	}
}
