package properties

import (
	"testing"

	"github.com/nicsim/nicsim/harness"
)

// The correct model driver passes a few hundred checks in both
// personalities and both kernel ABIs.
func TestModelDriverPasses(t *testing.T) {
	for _, drv := range []string{"model:xv6", "model:xv6-2024"} {
		t.Run(drv, func(t *testing.T) {
			Check(t, Config{Harness: harness.Config{Driver: drv}, Checks: 300})
		})
	}
}

// The per-choice mode passes too (fewer checks: it is slower).
func TestModelDriverPassesChoices(t *testing.T) {
	Check(t, Config{Harness: harness.Config{Driver: "model:xv6"}, Checks: 50, Draw: DrawChoices})
}

// A driver with a known bug passes once its verdict class is ignored.
func TestIgnore(t *testing.T) {
	Check(t, Config{
		Harness: harness.Config{Driver: "model:xv6", Bug: "arp-reentrant", Personality: "qemu"},
		Checks:  20,
		Ignore:  []string{"lock-reentry"},
	})
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []Config{
		{Harness: harness.Config{Driver: "model:xv6", Personality: "bochs"}},
		{Harness: harness.Config{Driver: "model:xv6", Ring: 12}},
		{Harness: harness.Config{Driver: "model:nope"}},
	} {
		if _, err := newRunner(c, t.TempDir()); err == nil {
			t.Errorf("%+v: no error", c.Harness)
		}
	}
}

// The reference C driver passes too.
func TestRefDriverPasses(t *testing.T) {
	r, err := newRunner(Config{Harness: harness.Config{Driver: "ref:xv6"}}, t.TempDir())
	if err != nil {
		t.Fatalf("cannot host the C driver: %v", err)
	}
	_ = r.tg.Close() // one image per process
	Check(t, Config{Harness: harness.Config{Driver: "ref:xv6"}, Checks: 50})
}
