package harness

import "testing"

// A hunt from a later seed index explores each seed as the whole hunt does:
// the failure it reports is the first failing seed at or after that index.
func TestHuntFromIndex(t *testing.T) {
	whole := Hunt{Base: Config{Driver: "model:xv6", Bug: "arp-reentrant", Seed: 1}, Seeds: 40, NoShrink: true}
	whole.Base.Defaults()
	tg := openT(t, &whole.Base)
	var failing []int // seed indices that fail, run one by one as the whole hunt runs them
	for i := 0; i < whole.Seeds; i++ {
		c := whole.SeedConfig(i)
		r, err := Run(tg, &c, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Failed() {
			failing = append(failing, i)
		}
	}
	if len(failing) < 3 {
		t.Fatalf("failing seed indices %v; want at least three to compare", failing)
	}
	for _, from := range []int{0, failing[0] + 1, failing[1] + 1} {
		h := whole
		h.From = from
		res, err := h.Run(tg)
		if err != nil {
			t.Fatal(err)
		}
		want := -1
		for _, i := range failing {
			if i >= from {
				want = i
				break
			}
		}
		if res.Fail == nil || int(res.Config.Seed-whole.Base.Seed) != want {
			t.Fatalf("from index %d: found %+v, want seed index %d", from, res.Config, want)
		}
	}
	bad := whole
	bad.From = whole.Seeds
	if err := bad.Validate(); err == nil {
		t.Fatalf("From = Seeds validated")
	}
}
