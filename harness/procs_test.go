package harness

import (
	"os/exec"
	"strings"
	"testing"
)

// A worker that dies after a seed's end line died of that seed (a signal
// the driver sent its own process, taken by another thread after the seed
// returned): a death on that seed, not an error of nicsim. Before, such a
// hunt ended with "hunt worker 0: exit status 2: SIGABRT: abort" (exit 2).
func TestWorkerDeathAfterSeedEnd(t *testing.T) {
	h := &Hunt{Seeds: 3}
	cmd := exec.Command("sh", "-c", "echo start 1; echo done 1; echo 'SIGABRT: abort' >&2; kill -ABRT $$")
	p, err := h.startWorker(0, cmd)
	if err != nil {
		t.Fatal(err)
	}
	p.follow(func([]string, int) {})
	d, err := p.wait()
	if err != nil || d == nil || d.seed != 1 || !strings.Contains(d.how, "SIGABRT") {
		t.Fatalf("death %+v, error %v; want a late death on seed 1 naming SIGABRT", d, err)
	}
	// Before its first seed, a worker's failure is nicsim's.
	p, err = h.startWorker(0, exec.Command("sh", "-c", "echo 'no sandbox' >&2; exit 2"))
	if err != nil {
		t.Fatal(err)
	}
	p.follow(func([]string, int) {})
	if d, err := p.wait(); err == nil || d != nil {
		t.Fatalf("a worker that failed before its first seed: death %+v, error %v; want an error", d, err)
	}
}
