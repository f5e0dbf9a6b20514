package pc

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/nicsim/nicsim/guest/eth"
)

// TestEarlySpelling: a driver of the API's earlier generation (the "__eth_"
// names and _eth_loadaddr taking the address as a uint64_t, most significant
// byte first on the wire) builds and passes unmodified; the workload follows
// what its eth.h declares.
func TestEarlySpelling(t *testing.T) {
	needTools(t)
	files, err := eth.DriverFiles("ref")
	if err != nil {
		t.Fatal(err)
	}
	early := regexp.MustCompile(`\b_eth_(init|loadaddr|tx|set_cmd_callback|set_rx_callback)\b`)
	for _, name := range []string{"eth.c", "eth.h"} {
		src := bytes.ReplaceAll(files[name], []byte("uint8_t addr[6], uint16_t id)"), []byte("uint64_t addr, uint16_t id)"))
		files[name] = early.ReplaceAll(src, []byte("__eth_$1"))
	}
	old := []byte("\t__memcpy(ias->addr, addr, 6);")
	if !bytes.Contains(files["eth.c"], old) {
		t.Fatalf("ref/eth.c has no %q", old)
	}
	files["eth.c"] = bytes.Replace(files["eth.c"], old, []byte(
		"\tfor (int i = 0; i < 6; i++)\n\t\tias->addr[i] = (uint8_t)(addr >> (40 - 8 * i));\n"), 1)
	files["eth.c"] = bytes.Replace(files["eth.c"], []byte("__memcpy(_eth_MAC, addr, 6);"), []byte("__memcpy(_eth_MAC, ias->addr, 6);"), 1)
	res := run(t, BuildConfig{Driver: files, DriverName: "ref-early"})
	if res.Verdict.Class != Pass {
		t.Fatalf("verdict %v, want pass\n%s", res.Verdict, res.Console)
	}
}
