package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lastHunt parses hunt's JSON object from the last line of out.
func lastHunt(t testing.TB, out string) huntSummary {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s huntSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out)
	}
	return s
}

func lastHuntB(b *testing.B, out string) huntSummary { return lastHunt(b, out) }

func runCLIb(b *testing.B, args ...string) (int, string, string) {
	b.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// --json is honoured anywhere, even after a flag the parser rejects: the
// output still ends with one object, verdict error, and every tier key.
func TestHuntJSONOnBadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"hunt", "--nosuchflag", "--json"},
		{"hunt", "--json", "--driver", "model:xv6", "--ring", "12"},
		{"hunt", "--driver", "model:xv6", "--fail-on", "silicon", "--json"},
	} {
		code, out, errs := runCLI(t, args...)
		if code != exitUsage {
			t.Fatalf("%q: exit %d, want 2\n%s%s", args, code, out, errs)
		}
		s := lastHunt(t, out)
		if s.Verdict != "error" || s.Error == "" || s.Findings == nil {
			t.Errorf("%q: %+v", args, s)
		}
		if !strings.Contains(strings.TrimSpace(out), `"tiers":{"lab":0,"hardware":0,"faults":0}`) {
			t.Errorf("%q: tiers missing from %s", args, out)
		}
	}
	code, out, _ := runCLI(t, "replay", "--json", "--nosuchflag")
	if code != exitUsage || !strings.Contains(out, `"verdict":"error"`) {
		t.Errorf("replay --json with a bad flag: exit %d, output %q", code, out)
	}
}

// Each finding's replay file reproduces its trace hash, and --fail-on moves
// the exit status: a hardware-only bug fails at the default and at faults,
// passes with --fail-on lab.
func TestHuntFindingsReplayAndFailOn(t *testing.T) {
	dir := t.TempDir()
	args := []string{"hunt", "--driver", "zoo:xv6/no-tx-barrier", "--seeds", "24", "--json", "--out", dir}
	code, out, errs := runCLI(t, args...)
	if code != exitFail {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	s := lastHunt(t, out)
	if s.Tiers.Hardware != 1 || len(s.Findings) != 1 || s.Findings[0].Tier != "hardware" || s.Findings[0].Fix == "" {
		t.Fatalf("summary %+v", s)
	}
	f := s.Findings[0]
	if want := filepath.Join(dir, "zoo-xv6-no-tx-barrier-hardware-unpublished-store.replay"); f.Replay != want || s.Replay != want {
		t.Errorf("replay file %s, want %s", f.Replay, want)
	}
	if !strings.Contains(out, "[nicsim] real hardware: 1 bug") || !strings.Contains(out, "[nicsim] lab (QEMU, make grade): pass") {
		t.Errorf("report does not lead with the tiers:\n%s", out)
	}
	rcode, rout, _ := runCLI(t, "replay", f.Replay, "--json")
	if r := lastJSON(t, rout); rcode != exitFail || r.TraceHash != f.TraceHash {
		t.Errorf("replay: exit %d hash %s, want 1 and %s", rcode, r.TraceHash, f.TraceHash)
	}
	for flag, want := range map[string]int{"lab": exitOK, "hardware": exitFail, "faults": exitFail} {
		code, out, errs := runCLI(t, append(args, "--fail-on", flag)...)
		if code != want || (want == exitOK) != (lastHunt(t, out).Verdict == "pass") {
			t.Errorf("--fail-on %s: exit %d, want %d\n%s%s", flag, code, want, out, errs)
		}
	}
}

// Without --out, findings go to nicsim-out/ in the working directory.
func TestHuntDefaultOutFolder(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := runCLI(t, "hunt", "--driver", "model:xv6", "--bug", "arp-reentrant", "--seeds", "4", "--json")
	if code != exitFail {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	s := lastHunt(t, out)
	if s.Out != "nicsim-out" || !strings.HasPrefix(s.Replay, "nicsim-out/model-xv6-lab-lock-reentry") {
		t.Errorf("out %q replay %q", s.Out, s.Replay)
	}
	if _, err := os.Stat(s.Replay); err != nil {
		t.Error(err)
	}
}

// Collecting every finding in worker processes finds what one process
// finds: the same signatures, tiers, seeds and trace hashes.
func TestHuntAllFindingsSameWithWorkers(t *testing.T) {
	var want []string
	for _, w := range []string{"1", "2"} {
		code, out, errs := runCLI(t, "hunt", "--driver", "zoo:xv6/tx-no-lock", "--seeds", "24", "--workers", w,
			"--no-shrink", "--json", "--out", t.TempDir())
		if code != exitFail {
			t.Fatalf("workers=%s: exit %d\n%s%s", w, code, out, errs)
		}
		var got []string
		for _, f := range lastHunt(t, out).Findings {
			got = append(got, fmt.Sprintf("%s %s seed=%d %s", f.Tier, f.Signature, f.Seed, f.TraceHash))
		}
		if want == nil {
			// Every finding's replay file reproduces its trace hash.
			for _, f := range lastHunt(t, out).Findings {
				_, rout, _ := runCLI(t, "replay", f.Replay, "--json")
				if r := lastJSON(t, rout); r.TraceHash != f.TraceHash {
					t.Errorf("%s: replay gives %s %s, want %s %s", f.Replay, r.Class, r.TraceHash, f.Class, f.TraceHash)
				}
			}
			want = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("workers=2 found\n%s\nworkers=1 found\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if len(want) < 3 {
		t.Fatalf("%d findings, want at least 3 distinct ones from tx-no-lock:\n%s", len(want), strings.Join(want, "\n"))
	}
}

// A hang is a finding like any other: seen under the governor's shortened
// budget, confirmed and recorded with the full one, so its replay file
// reproduces its trace hash.
func TestHuntHangFindingReplays(t *testing.T) {
	code, out, errs := runCLI(t, "hunt", "--driver", "zoo:xv6/no-ack", "--scenario", "ping", "--seeds", "4", "--workers", "1", "--no-shrink", "--json", "--out", t.TempDir())
	s := lastHunt(t, out)
	if code != exitFail || len(s.Findings) != 1 || s.Findings[0].Class != "livelock" || s.Findings[0].Seen != 4 {
		t.Fatalf("exit %d, findings %+v, want one livelock seen in 4 schedules\n%s%s", code, s.Findings, out, errs)
	}
	f := s.Findings[0]
	_, rout, _ := runCLI(t, "replay", f.Replay, "--json")
	if r := lastJSON(t, rout); r.TraceHash != f.TraceHash || r.Class != "livelock" {
		t.Errorf("replay gives %s %s, want livelock %s", r.Class, r.TraceHash, f.TraceHash)
	}
}

// A hunt of an eth driver names its API generation and calls the lab tier
// "lab (QEMU)": the eth module has no make grade.
func TestHuntEthHeader(t *testing.T) {
	code, out, errs := runCLI(t, "hunt", "--driver", "../../guest/eth/testdata/users/seed", "--seeds", "6", "--out", t.TempDir())
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s%s", code, out, errs)
	}
	for _, want := range []string{"eth ABI (from _eth_init defined at line ", "; seed API: _eth_loadaddr(uint64_t addr, id))", "[nicsim] lab (QEMU): pass\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
