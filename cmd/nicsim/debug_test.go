package main

import (
	"strings"
	"testing"
)

const arpReplay = "../../testdata/nicsim/zoo-xv6-arp-reentrant.replay"

// TestDebugScriptExit0 runs a --do script on a failing replay: exit 0,
// each command echoed before its output.
func TestDebugScriptExit0(t *testing.T) {
	code, out, errs := runProc(t, "debug", arpReplay, "--do", "finding; back 1; rings; who RDT; who rx_ring[0].length; print rx_ring[0]; back-to TDT; who TX[0].DD")
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s%s", code, out, errs)
	}
	for _, want := range []string{"(nicsim) finding\n", "FINDING lock-reentry", "(nicsim) rings\nTX at 0x80008260", "(nicsim) back-to TDT\nrow ", "by nic.tx DMA write inside cpu0's step",
		"RDT = 0x0, written at step 206 by cpu0 MMIO write (0xf -> 0x0) at e1000.c:201", "nic.rx DMA write", "(struct rx_desc) {addr = "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestDebugBadCommandExit2 checks that a bad command stops the script with
// exit status 2 and a message naming the command.
func TestDebugBadCommandExit2(t *testing.T) {
	for _, c := range []struct{ script, want string }{
		{"finding; frobnicate 3", `command "frobnicate 3": unknown command`},
		{"who NOSUCH", `command "who NOSUCH"`},
		{"print tx_ring[99]", `command "print tx_ring[99]": tx_ring[99]: index 99 out of range [0,16)`},
		{"next lots", `command "next lots": "lots" is not a count or a lane`},
	} {
		code, out, errs := runProc(t, "debug", arpReplay, "--do", c.script)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("--do %q: exit %d, stderr %q; want 2 and %q\n%s", c.script, code, errs, c.want, out)
		}
	}
	if code, _, errs := runProc(t, "debug", "--do", "next"); code != exitUsage || !strings.Contains(errs, "want exactly one replay file") {
		t.Errorf("debug without a file: exit %d, %s", code, errs)
	}
}
