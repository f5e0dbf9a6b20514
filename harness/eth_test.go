package harness

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/stack"
)

// ethRun runs the eth workload once with the driver in dir (a folder of
// eth.c, pci.c and their headers) and returns the result with every frame
// on the wire.
func ethRun(t *testing.T, driver string, files []string, pers string, seed uint64) *Result {
	t.Helper()
	c := Config{Driver: driver, Files: files, Personality: pers, Seed: seed, Packets: 8}
	return runs(t, c, Options{Capture: true, LastN: 30})[0]
}

// runs opens a target for c (with its defaults) and makes a run of it for
// each of opts, in order.
func runs(t *testing.T, c Config, opts ...Options) []*Result {
	t.Helper()
	c.Defaults()
	tg, err := Open(&c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	var rs []*Result
	for _, o := range opts {
		r, err := Run(tg, &c, o)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return rs
}

// The eth kernel is detected from the driver's files, and the workload
// really runs: every ping reaches the peer and every echo comes back
// through the driver, under both personalities, for both drivers and as a
// bundled name.
func TestEthReferenceDriversRun(t *testing.T) {
	for _, d := range []string{"../guest/eth/drivers/ref", "../guest/eth/drivers/ring", "ref:eth"} {
		for _, pers := range []string{"qemu", "strict"} {
			r := ethRun(t, d, nil, pers, 1)
			if r.Failed() {
				t.Fatalf("%s %s: %v\n%s", d, pers, r.Verdict, strings.Join(r.Last, "\n"))
			}
			toPeer, echoes := countPings(r.Frames)
			if toPeer < 8 || echoes < 8 {
				t.Errorf("%s %s: %d pings on the wire, %d echoes, want 8 each", d, pers, toPeer, echoes)
			}
		}
	}
}

// countPings counts the UDP datagrams to and from the echo port.
func countPings(frames []Frame) (toPeer, echoes int) {
	p := stack.NewParser()
	for _, f := range frames {
		fr := p.Parse(f.Data)
		if fr.Kind != stack.KindUDP {
			continue
		}
		if fr.UDP.DstPort == stack.EchoPort {
			toPeer++
		} else if fr.UDP.SrcPort == stack.EchoPort {
			echoes++
		}
	}
	return toPeer, echoes
}

// writeEthDriver writes the ref driver's files into a fresh directory,
// passed through edit, leaving out the files named in omit.
func writeEthDriver(t *testing.T, edit func(name, src string) string, omit ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range []string{"eth.c", "eth.h", "pci.c", "pci.h"} {
		if slices.Contains(omit, n) {
			continue
		}
		b, err := os.ReadFile(filepath.Join("../guest/eth/drivers/ref", n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), []byte(edit(n, string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A user's driver comes as files, as a folder, or as eth.c alone (nicsim's
// pci.c and pci.h fill in); the kernel is detected from the files, in the
// early __eth_ spelling too, and --abi eth forces it.
func TestEthDriverForms(t *testing.T) {
	same := func(_, s string) string { return s }
	early := func(_, s string) string {
		for _, f := range []string{"init", "loadaddr", "tx", "set_cmd_callback", "set_rx_callback"} {
			s = strings.ReplaceAll(s, " _eth_"+f+"(", " __eth_"+f+"(")
		}
		return s
	}
	u64 := func(name, s string) string { // the seed header's _eth_loadaddr(uint64_t, uint16_t)
		s = strings.Replace(s, "uint8_t _eth_loadaddr(uint8_t addr[6], uint16_t id);", "uint8_t _eth_loadaddr(uint64_t addr, uint16_t id);", 1)
		return strings.Replace(s, "uint8_t _eth_loadaddr(uint8_t addr[6], uint16_t id)\n{\n",
			"uint8_t _eth_loadaddr(uint64_t addr64, uint16_t id)\n{\n\tuint8_t addr[6];\n\tfor (int i = 0; i < 6; i++)\n\t\taddr[i] = (uint8_t)(addr64 >> (8 * (5 - i)));\n", 1)
	}
	oldCodes := func(name, s string) string { // before 2021-04-08: ETH_ERR -1, ETH_TOO_LARGE -2
		s = strings.Replace(s, "#define ETH_ERR         1", "#define ETH_ERR         (-1)", 1)
		return strings.Replace(s, "#define ETH_TOO_LARGE   2", "#define ETH_TOO_LARGE   (-2)", 1)
	}
	baseline := func(name, s string) string { // headers of the baseline kernel a driver may include out of habit
		if name != "eth.c" {
			return s
		}
		return strings.Replace(s, "#include \"eth.h\"", "#include \"x86arch.h\"\n#include \"startup.h\"\n#include \"eth.h\"", 1)
	}
	dir := writeEthDriver(t, same)
	alone := writeEthDriver(t, same, "pci.c", "pci.h")
	oldDir := writeEthDriver(t, oldCodes)
	baseDir := writeEthDriver(t, baseline)
	if b, _ := os.ReadFile(filepath.Join(baseDir, "eth.c")); !strings.Contains(string(b), "startup.h") {
		t.Fatal("the baseline-headers variant did not apply")
	}
	if b, _ := os.ReadFile(filepath.Join(oldDir, "eth.h")); !strings.Contains(string(b), "(-2)") {
		t.Fatal("the ETH_TOO_LARGE -2 variant did not apply")
	}
	earlyDir := writeEthDriver(t, early)
	u64Dir := writeEthDriver(t, u64)
	if b, _ := os.ReadFile(filepath.Join(u64Dir, "eth.c")); !strings.Contains(string(b), "uint64_t addr64") {
		t.Fatal("the uint64_t variant did not apply")
	}
	for _, c := range []struct {
		name   string
		driver string
		files  []string
		abi    string
	}{
		{"files", filepath.Join(dir, "eth.c"), []string{filepath.Join(dir, "pci.c")}, ""},
		{"folder", dir, nil, ""},
		{"eth.c alone", filepath.Join(alone, "eth.c"), nil, ""},
		{"early spelling", earlyDir, nil, ""},
		{"uint64_t address", u64Dir, nil, ""},
		{"ETH_TOO_LARGE -2", oldDir, nil, ""},
		{"x86arch.h and startup.h", baseDir, nil, ""},
		{"--abi eth", filepath.Join(dir, "eth.c"), []string{filepath.Join(dir, "pci.c")}, "eth"},
	} {
		cfg := Config{Driver: c.driver, Files: c.files, ABI: c.abi, Packets: 4, Seed: 1}
		cfg.Defaults()
		rc, err := cfg.Resolve()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if rc.Kernel.Name != "eth" || cfg.Scenario != "eth" || cfg.CPUs != 1 {
			t.Fatalf("%s: kernel %s, scenario %s, cpus %d; want eth, eth, 1", c.name, rc.Kernel.Name, cfg.Scenario, cfg.CPUs)
		}
		tg, err := Open(&cfg)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		r, err := Run(tg, &cfg, Options{Capture: true, LastN: 20})
		tg.Close()
		if err != nil {
			t.Fatal(err)
		}
		if r.Failed() {
			t.Errorf("%s: %v\n%s", c.name, r.Verdict, strings.Join(r.Last, "\n"))
		}
		if toPeer, echoes := countPings(r.Frames); echoes < 4 || toPeer < 4 {
			t.Errorf("%s: %d pings, %d echoes, want 4 each", c.name, toPeer, echoes)
		}
	}
}

// An eth driver with a file that does not compile is a build error naming
// the file, and a driver of two kernels' files is refused for xv6.
func TestEthDriverErrors(t *testing.T) {
	dir := writeEthDriver(t, func(n, s string) string {
		if n == "pci.c" {
			return s + "\nint broken(void) { return }\n"
		}
		return s
	})
	cfg := Config{Driver: dir, Seed: 1}
	cfg.Defaults()
	if _, err := Open(&cfg); err == nil || !strings.Contains(err.Error(), "pci.c") {
		t.Errorf("Open with a broken pci.c: %v, want a compile error naming pci.c", err)
	}
	cfg = Config{Driver: "ref:xv6", Files: []string{"x.c"}, Seed: 1}
	cfg.Defaults()
	if _, err := Open(&cfg); err == nil || !strings.Contains(err.Error(), "one file") {
		t.Errorf("Open(ref:xv6 + x.c): %v, want an error saying xv6 takes one file", err)
	}
}

// Every expressible mutant of the eth zoo is found with its tagged class,
// those that need more of the workload pass, and the summary counts them
// under the 82557.
func TestEthZoo(t *testing.T) { checkZoo(t, "eth", 10, 300, "i8255x") }

// checkZoo runs kernel's zoo mutants (at least min of them) over seeds
// seeds: each the workload can express is found with its tagged class, each
// that needs more (a "needs" tag) passes, and the summary counts them all
// under device.
func checkZoo(t *testing.T, kernel string, min, seeds int, device string) {
	t.Helper()
	ms, err := ZooMutants()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		if strings.HasPrefix(m.Name, "zoo:"+kernel+"/") {
			names = append(names, m.Name)
		}
	}
	if len(names) < min {
		t.Fatalf("%s zoo has %d mutants, want at least %d", kernel, len(names), min)
	}
	rows, sum, err := Zoo(names, seeds, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Err != "" {
			t.Errorf("%s: %s", r.Name, r.Err)
		}
		if r.Needs == "" && !r.Found {
			t.Errorf("%s: got %s, want %s: %s", r.Name, r.Class, r.Want, r.Message)
		}
		if r.Needs != "" && r.Class != "pass" {
			t.Errorf("%s needs %q but was found as %s: drop its needs tag", r.Name, r.Needs, r.Class)
		}
	}
	if sum.Devices[device] != len(names) {
		t.Errorf("summary devices %v, want %s: %d", sum.Devices, device, len(names))
	}
}

// The other files of a driver in several go into a replay file's params
// and come back from it.
func TestFilesParamRoundTrip(t *testing.T) {
	c := Config{Driver: "a/eth.c", Files: []string{"a/pci.c", "b/x.c"}}
	var got Config
	for _, p := range c.Params() {
		if err := got.SetParam(p[0], p[1]); err != nil {
			t.Fatal(err)
		}
	}
	if !slices.Equal(got.Files, c.Files) {
		t.Errorf("files after the round trip: %v, want %v", got.Files, c.Files)
	}
}
