package harness

import (
	"strings"
	"testing"
)

// userDrivers are 82557 drivers written for the eth API from the specs
// alone (guest/eth/testdata/users), one per API generation and each of
// another design: final (uint8_t[6] address; CBL ring with S and CU resume,
// RFD ring with EL moved, port I/O, byte SCB writes), seed (uint64_t
// address; one command at a time with a FIFO, RFD ring with S and RU
// resume, MMIO at BAR0, word SCB writes, nicsim's pci.c), early (__eth_
// names; each command polled to completion with the interrupt masked, EL
// fixed on the last RFD, own PCI scan, word SCB writes).
var userDrivers = []string{"final", "seed", "early"}

const usersDir = "../guest/eth/testdata/users/"

// Correct drivers of every API generation and design pass in the lab and
// on strict hardware under PCT, whose priorities would starve a polled
// device for ever: the SCB command byte and a CB's C bit are polled in
// loops (scb-command-lost, cu-start-active and a command timeout before
// the units had a bounded wait and a pending start was declared), and the
// CSRs at BAR0 are mapped (a crash at 0xfebc0008 before).
func TestEthUserDrivers(t *testing.T) {
	for _, d := range userDrivers {
		for _, run := range []struct {
			pers, strategy string
			seeds          uint64
		}{{"qemu", "random", 2}, {"strict", "pct:1", 5}, {"strict", "pct:3", 4}} {
			for seed := uint64(1); seed <= run.seeds; seed++ {
				c := Config{Driver: usersDir + d, Personality: run.pers, Strategy: run.strategy, Seed: seed, Packets: 4}
				c.Defaults()
				tg, err := Open(&c)
				if err != nil {
					t.Fatalf("%s: %v", d, err)
				}
				r, err := Run(tg, &c, Options{Capture: true, LastN: 20})
				tg.Close()
				if err != nil {
					t.Fatal(err)
				}
				if r.Failed() {
					t.Fatalf("%s %s %s seed %d: %v\n%s", d, run.pers, run.strategy, seed, r.Verdict, strings.Join(r.Last, "\n"))
				}
				if toPeer, echoes := countPings(r.Frames); toPeer < 4 || echoes < 4 {
					t.Errorf("%s %s seed %d: %d pings, %d echoes, want 4 each", d, run.pers, seed, toPeer, echoes)
				}
			}
		}
	}
}
