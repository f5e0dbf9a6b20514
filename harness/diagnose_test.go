package harness

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/diag"
	"github.com/nicsim/nicsim/guest/xv6"
	"github.com/nicsim/nicsim/sim"
)

// diagnose hunts driver (a name or a path) over seeds schedules, every
// distinct finding collected.
func diagnose(t *testing.T, driver, abi string, seeds int) *Diagnosis {
	t.Helper()
	h := Hunt{Base: Config{Driver: driver, ABI: abi, Seed: 1}, Seeds: seeds, Workers: 2}
	h.Base.Defaults()
	tg, err := Open(&h.Base)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	d, err := h.Diagnose(tg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// twoBugDriver writes the reference driver with two zoo mutants applied:
// ARP re-entrancy (QEMU shows it) and no fence before TDT (strict only).
func twoBugDriver(t *testing.T) string {
	return mutantsDriver(t, "zoo:xv6/arp-reentrant", "zoo:xv6/no-tx-barrier")
}

// mutantsDriver writes the reference driver with the named mutants applied.
func mutantsDriver(t *testing.T, names ...string) string {
	t.Helper()
	src := []byte(nil)
	for i, name := range names {
		mu, err := xv6.LookupMutant(name)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			src, err = xv6.ApplyMutant(mu)
		} else {
			src, err = mu.ApplyTo(src)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "e1000.c")
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func tiers(d *Diagnosis) map[string]diag.Tier {
	m := map[string]diag.Tier{}
	for _, f := range d.Findings {
		m[f.Verdict.Class] = f.Tier
	}
	return m
}

// A driver with two planted bugs gets two findings, each in its tier, in
// order lab then hardware; each replays to its recorded trace hash.
func TestDiagnoseTwoBugsTwoFindings(t *testing.T) {
	d := diagnose(t, twoBugDriver(t), "xv6", 64)
	got := tiers(d)
	if got[sim.ClassLockReentry] != diag.Lab || got[sim.ClassUnpublished] != diag.Hardware || len(d.Findings) != 2 {
		for _, f := range d.Findings {
			t.Logf("%s %s", f.Tier, f.Signature)
		}
		t.Fatalf("findings %v, want lock-reentry (lab) and unpublished-store (hardware)", got)
	}
	if d.Findings[0].Tier != diag.Lab {
		t.Errorf("first finding is %s, want the lab one first", d.Findings[0].Tier)
	}
	for _, f := range d.Findings {
		if matching(f.Result, f.Signature) == nil || diag.SignatureOf(f.Verdict) != f.Signature {
			t.Errorf("shrunk run %s lost its signature %s", diag.SignatureOf(f.Verdict), f.Signature)
		}
	}
}

// The tier is measured: a bug seen only under strict is hardware; one
// QEMU's device shows is lab, even when the hunt saw it under strict
// first.
func TestDiagnoseTiers(t *testing.T) {
	hw := diagnose(t, "zoo:xv6/no-tx-barrier", "", 40)
	if len(hw.Findings) != 1 || hw.Findings[0].Tier != diag.Hardware || hw.TierRuns == 0 {
		t.Fatalf("no-tx-barrier: %d findings, want one hardware finding after a tier search (%d runs)", len(hw.Findings), hw.TierRuns)
	}
	f := hw.Findings[0]
	if fix := diag.Explain(f.Verdict, f.Sites, diag.Hardware, "", f.Device, f.Kernel).Fix; f.Sites.Publish.Line == 0 || f.Device == "" || !strings.Contains(fix, f.Sites.Publish.Loc()) {
		t.Errorf("no-tx-barrier: the fix names no line: %q (device %q)", fix, f.Device)
	}
	h := Hunt{Base: Config{Driver: "zoo:xv6/arp-reentrant", Seed: 1}, Seeds: 8, Personality: "strict", Faults: "none"}
	h.Base.Defaults()
	tg, err := Open(&h.Base)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	d, err := h.Diagnose(tg)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Findings) != 1 || d.Findings[0].Tier != diag.Lab || d.Findings[0].Config.Personality != "qemu" {
		t.Fatalf("arp-reentrant hunted under strict: %+v, want one lab finding whose run is under qemu", d.Findings)
	}
}

// The reference drivers give no finding with the default hunt.
func TestDiagnoseReferenceDriversPass(t *testing.T) {
	for _, drv := range []string{"ref:xv6", "ref:xv6-2024"} {
		if d := diagnose(t, drv, "", seeds(t, 400)); len(d.Findings) != 0 {
			f := d.Findings[0]
			t.Errorf("%s: %d findings, first %s %s: %s", drv, len(d.Findings), f.Tier, f.Signature, f.Verdict.Message)
		}
	}
}

// Shrinking keeps the signature, not just the class: asked to keep a lock
// re-entry at another site, it finds no run that fails that way.
func TestShrinkKeepsSignature(t *testing.T) {
	c := Config{Driver: "model:xv6", Bug: "arp-reentrant", Seed: 1}
	c.Defaults()
	tg, err := Open(&c)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	r, err := Run(tg, &c, Options{Record: true})
	if err != nil || r.Verdict.Class != sim.ClassLockReentry {
		t.Fatalf("seed 1: %v %v, want a lock re-entry", err, r.Verdict)
	}
	sig := diag.SignatureOf(r.Verdict)
	if sh, err := Shrink(tg, c, r.Decisions, sig, ShrinkBudget{}); err != nil || sh == nil || diag.SignatureOf(sh.Result.Verdict) != sig {
		t.Fatalf("shrinking %s: %v, %v", sig, sh, err)
	}
	other := diag.Signature(sim.ClassLockReentry + " e1000_recv lock=e1000_lock")
	if sh, err := Shrink(tg, c, r.Decisions, other, ShrinkBudget{}); err != nil || sh != nil {
		t.Fatalf("shrinking %s as %s gave %v, %v: want no shrink (not the same bug)", sig, other, sh, err)
	}
}

// A missing fence fails every strict schedule first; the hunt's second look
// with the stores ordered still finds the full lap behind it, as a
// hardware finding of its own whose replay file says so.
func TestDiagnoseSeesPastAMissingFence(t *testing.T) {
	d := diagnose(t, mutantsDriver(t, "zoo:xv6/no-tx-barrier", "zoo:xv6/tx-full-lap"), "xv6", 64)
	var fence, lap *Finding
	for _, f := range d.Findings {
		switch f.Verdict.Class {
		case sim.ClassUnpublished:
			fence = f
		case sim.ClassRingOwnership:
			lap = f
		}
	}
	if fence == nil || lap == nil || d.OrderedSchedules == 0 {
		for _, f := range d.Findings {
			t.Logf("%s %s", f.Tier, f.Signature)
		}
		t.Fatalf("want the missing fence and the full lap (second look: %d schedules)", d.OrderedSchedules)
	}
	if fence.Tier != diag.Hardware || lap.Tier != diag.Hardware || !lap.Config.Ordered || fence.Config.Ordered {
		t.Errorf("fence %s ordered=%v, lap %s ordered=%v: want both hardware, the lap seen with stores ordered",
			fence.Tier, fence.Config.Ordered, lap.Tier, lap.Config.Ordered)
	}
}
