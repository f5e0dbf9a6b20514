package harness

import (
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
	c.Defaults()
	tg, err := Open(&c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	r, err := Run(tg, &c, Options{Capture: true, LastN: 30})
	if err != nil {
		t.Fatal(err)
	}
	return r
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
