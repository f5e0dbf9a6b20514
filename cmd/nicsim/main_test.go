package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func lastJSON(t *testing.T, out string) jsonSummary {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var s jsonSummary
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, out)
	}
	return s
}

func TestHuntFindsARPReentrancyAndReplays(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "hunt", "--driver", "model:xv6", "--bug", "arp-reentrant", "--json", "--out", dir)
	if code != exitFail {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errs)
	}
	s := lastJSON(t, out)
	if s.Verdict != "fail" || s.Class != "lock-reentry" || s.Replay == "" || len(s.TraceHash) != 16 {
		t.Fatalf("summary %+v", s)
	}
	for _, want := range []string{"e1000_lock", "e1000_transmit", "e1000_recv", "e1000_intr", "nicsim replay "} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not mention %q", want)
		}
	}
	for _, ext := range []string{".trace", ".pcap"} {
		if _, err := os.Stat(strings.TrimSuffix(s.Replay, ".replay") + ext); err != nil {
			t.Errorf("no %s file beside the replay file: %v", ext, err)
		}
	}
	for i := 0; i < 10; i++ {
		code, rout, _ := runCLI(t, "replay", s.Replay, "--json")
		r := lastJSON(t, rout)
		if code != exitFail || r.TraceHash != s.TraceHash || r.Class != "lock-reentry" {
			t.Fatalf("replay %d: exit %d hash %s class %s, want 1 %s lock-reentry", i, code, r.TraceHash, r.Class, s.TraceHash)
		}
		if !strings.Contains(rout, "reproduced exactly") {
			t.Fatalf("replay %d does not say it reproduced exactly:\n%s", i, rout)
		}
	}
}

func TestHuntCorrectModelPasses(t *testing.T) {
	code, out, errs := runCLI(t, "hunt", "--driver", "model:xv6", "--seeds", "300", "--json", "--out", t.TempDir())
	if code != exitOK {
		t.Fatalf("exit %d, want 0\n%s%s", code, out, errs)
	}
	// The grader's scenario (nettests) and ping, 300 seeds each.
	if s := lastJSON(t, out); s.Verdict != "pass" || s.Schedules != 600 {
		t.Fatalf("summary %+v, want pass after 600 schedules", s)
	}
}

func TestBadReplayFilesExit2(t *testing.T) {
	dir := t.TempDir()
	good := "nicsim replay v1\ndriver: model:xv6\ndevice: e1000\npersonality: qemu\nscenario: ping\nseed: 1\ndecisions: 1\nd a1/3\nend\n"
	cases := map[string]struct{ body, want string }{
		"empty":     {"", "empty replay file"},
		"truncated": {good[:70], "truncated"},
		"garbled":   {"\x00\x01binary\xff junk\n", "not a nicsim replay file"},
		"bad value": {strings.Replace(good, "a1/3", "a7/3", 1), "line 8"},
		"device":    {strings.Replace(good, "e1000", "ne2000", 1), "ne2000"},
		"driver":    {strings.Replace(good, "model:xv6", "model:bsd", 1), "model:bsd"},
		"params":    {strings.Replace(good, "seed: 1", "params: ring=7\nseed: 1", 1), "ring=7"},
	}
	for name, c := range cases {
		p := filepath.Join(dir, name+".replay")
		if err := os.WriteFile(p, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runCLI(t, "replay", p)
		if code != exitUsage || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, stderr %q, want 2 and %q\n%s", name, code, errs, c.want, out)
		}
	}
	if code, _, errs := runCLI(t, "replay", filepath.Join(dir, "missing.replay")); code != exitUsage || !strings.Contains(errs, "missing.replay") {
		t.Errorf("missing file: exit %d, stderr %q", code, errs)
	}
}

func TestBadUsageExit2(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"hunt", "--seeds", "0", "--driver", "model:xv6"},
		{"hunt", "--driver", "model:xv6", "--personality", "silicon"},
		{"hunt", "--driver", "model:xv6", "--strategy", "pct:99"},
		{"hunt", "--driver", "model:xv6", "--bug", "nosuchbug"},
		{"hunt", "--driver", "/no/such/e1000.c"},
		{"hunt", "--driver", "model:xv6", "--ring", "12"},
		{"hunt", "--nosuchflag"},
		{"replay"},
	} {
		if code, _, _ := runCLI(t, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
