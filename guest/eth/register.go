package eth

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/nicsim/nicsim/guest"
	_ "github.com/nicsim/nicsim/nic/i8255x" // its device: the zoo's tags use the 82557's classes
	"github.com/nicsim/nicsim/stack"
)

func init() {
	Kernel.Hosted = kit()
	guest.RegisterKernel(Kernel)
}

// Kernel is the eth kernel as it registers with package guest: an i386
// kernel (x86 memory order) whose drivers drive the 82557 through port I/O.
var Kernel = &guest.KernelModel{
	Name: "eth", Title: "8255x eth module (baseline i386 kernel)",
	Device: "i8255x", Arch: guest.X86, MaxCPUs: 1,
	Entries: []guest.Entry{
		{Name: "_eth_init", Role: guest.EntryInit},
		{Name: "_eth_tx", Role: guest.EntryTransmit},
	},
	Services:    Services,
	Classes:     []string{ClassCallback},
	Scenarios:   []string{"eth"},
	NewNet:      func() guest.NetStack { return stack.NewGlue(NetPolicy) },
	NewServices: newKernel,
	NewWorkload: newWorkload,
	Detect:      Detect,
	NoGrader:    true,
}

// apiDef matches the definition of an eth API function in either spelling.
var apiDef = regexp.MustCompile(`(?m)^[A-Za-z_][\w \t\*]*\b(_{1,2}eth_(init|tx|loadaddr))\s*\([^;{]*\)\s*\{`)

// Detect is the kernel's detection: a driver that defines _eth_init,
// _eth_tx or _eth_loadaddr (or their early __eth_ spellings) is an eth
// driver.
func Detect(src []byte) (string, bool) {
	loc := apiDef.FindSubmatchIndex(src)
	if loc == nil {
		return "", false
	}
	line := 1 + strings.Count(string(src[:loc[0]]), "\n")
	return fmt.Sprintf("%s defined at line %d; %s", src[loc[2]:loc[3]], line, Generation(src)), true
}

// earlyDef matches the definition of an API function in the early
// __eth_ spelling.
var earlyDef = regexp.MustCompile(`(?m)^[A-Za-z_][\w \t\*]*\b__eth_(init|tx|loadaddr)\s*\([^;{]*\)\s*\{`)

// Generation names the API generation of a driver's source (spec
// guest-abis.md 4b): the early __eth_ names, the seed's
// _eth_loadaddr(uint64_t), or the final _eth_loadaddr(uint8_t addr[6]). The
// workload calls _eth_loadaddr in the form it finds.
func Generation(src []byte) string {
	addr := "uint64_t addr"
	if LoadAddrTakesBytes(src) {
		addr = "uint8_t addr[6]"
	}
	switch {
	case earlyDef.Match(src):
		return "early API: __eth_ names, __eth_loadaddr(" + addr + ", id)"
	case addr == "uint8_t addr[6]":
		return "final API: _eth_loadaddr(uint8_t addr[6], id)"
	}
	return "seed API: _eth_loadaddr(uint64_t addr, id)"
}

// NetPolicy is the eth workload's network code: UDP to the gateway's MAC,
// every ARP request for 10.0.2.15 answered to its sender.
var NetPolicy = stack.Policy{Name: "eth", DstMAC: stack.GatewayMAC, TTL: 64, ARP: stack.ARPRequests}

// kit is what the hosted runtime needs for eth drivers: include/, the
// runtime in hosted/ plus the real guest's queues, drivers/ref's pci.c and
// pci.h as fallbacks.
func kit() *guest.HostedKit {
	pci, err := DriverFiles("ref")
	if err != nil {
		panic(err) // embedded
	}
	return &guest.HostedKit{
		Include:  readDir("include"),
		Runtime:  map[string][]byte{"rt_eth.c": mustRead("hosted/rt_eth.c"), "rt_eth_queues.c": mustRead("qemu/queues.c")},
		Fallback: map[string][]byte{"pci.c": pci["pci.c"], "pci.h": pci["pci.h"]},
		Bundled:  bundled,
		Mutants:  Mutants,
	}
}

func readDir(dir string) map[string][]byte {
	ents, err := fs.ReadDir(FS, dir)
	if err != nil {
		panic(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		out[e.Name()] = mustRead(path.Join(dir, e.Name()))
	}
	return out
}

func mustRead(p string) []byte {
	b, err := fs.ReadFile(FS, p)
	if err != nil {
		panic(err) // embedded
	}
	return b
}

// loadAddrPtr matches an _eth_loadaddr that takes the address as bytes
// (uint8_t addr[6] or uint8_t *), the final header's form.
var loadAddrPtr = regexp.MustCompile(`_eth_loadaddr\s*\(\s*(const\s+)?(uint8_t|unsigned\s+char|char)\b`)

// LoadAddrTakesBytes reports whether a driver's source declares or defines
// _eth_loadaddr with the six address bytes rather than a uint64_t.
func LoadAddrTakesBytes(src []byte) bool { return loadAddrPtr.Match(src) }
