package qemu

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// pcapRecord is one frame of a pcap and its virtual timestamp relative to the first.
type pcapRecord struct {
	relMicros int64
	frame     []byte
}

func readPcap(tb testing.TB, path string) []pcapRecord {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if len(data) < 24 {
		tb.Fatalf("%s: short pcap", path)
	}
	var recs []pcapRecord
	var t0 int64
	for p := data[24:]; len(p) >= 16; {
		us := int64(binary.LittleEndian.Uint32(p))*1e6 + int64(binary.LittleEndian.Uint32(p[4:]))
		n := int(binary.LittleEndian.Uint32(p[8:]))
		if len(recs) == 0 {
			t0 = us
		}
		recs = append(recs, pcapRecord{us - t0, p[16 : 16+n]})
		p = p[16+n:]
	}
	return recs
}

// TestLockstepDeterministic replays the same lockstep scenario twice and expects
// the same frames in the same order on the wire, and the same console. The
// virtual timestamps are only logged: they match for most frames, but some runs
// shift by multiples of 128 us (the e1000's interrupt-mitigation window).
func TestLockstepDeterministic(t *testing.T) {
	needTools(t)
	elf := build(t, "ref:xv6")
	var wires [2][]pcapRecord
	var consoles [2]string
	for i := range wires {
		res, err := Run(context.Background(), RunConfig{ELF: elf, ArtifactDir: filepath.Join(t.TempDir(), "run"),
			Scenario: Scenario{Pings: 10, Size: 200, Lockstep: true}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict.Class != Pass {
			t.Fatalf("run %d: %v\n%s", i, res.Verdict, res.Console)
		}
		wires[i], consoles[i] = readPcap(t, res.PcapPath), res.Console
	}
	if len(wires[0]) != len(wires[1]) {
		t.Fatalf("runs put %d and %d frames on the wire", len(wires[0]), len(wires[1]))
	}
	var maxDev int64
	for i := range wires[0] {
		if !bytes.Equal(wires[0][i].frame, wires[1][i].frame) {
			t.Fatalf("frame %d differs between two lockstep runs", i)
		}
		maxDev = max(maxDev, abs(wires[0][i].relMicros-wires[1][i].relMicros))
	}
	if consoles[0] != consoles[1] {
		t.Errorf("consoles differ:\n%s\n----\n%s", consoles[0], consoles[1])
	}
	t.Logf("[qemu] %d frames in the same order; virtual timestamps deviate by up to %d us", len(wires[0]), maxDev)
}

func abs(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
