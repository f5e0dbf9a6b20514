package props

import (
	"github.com/nicsim/nicsim/internal/checks"
	"testing"

	"github.com/nicsim/nicsim/nic/e1000"
	"pgregory.net/rapid"
)

// DeviceConfig is what [CheckDevice] runs.
type DeviceConfig struct {
	// Personalities rapid draws from (default both).
	Personalities []e1000.Personality
	// MaxRing is the largest ring drawn, a multiple of 8 in 8..64
	// (default 32). Both rings have the same size.
	MaxRing int
	// Checks is the number of checks, as [Config.Checks].
	Checks int
	_      struct{}
}

// CheckDevice runs the ring state machine of [DeviceMachine] with rapid.
func CheckDevice(t *testing.T, cfg DeviceConfig) {
	t.Helper()
	checks.With(t, cfg.Checks, func() {
		t.Helper()
		rapid.Check(t, DeviceMachine(cfg))
	})
}

// DeviceMachine is a rapid state machine over the e1000 device model alone:
// an ideal driver posts TX descriptors and writes TDT, reclaims them on DD,
// gives RX descriptors with RDT and consumes them on DD, while the wire
// delivers frames and the DMA engines step when rapid says so. After every
// action the device is compared with an ideal NIC (a slice of frames per
// direction):
//
//   - every frame posted reaches the wire exactly once, in order, padded
//     only where the personality pads; every frame the device accepts is
//     written into the RX ring exactly once, in order;
//   - TDH and RDH stay in the ring and only move over posted descriptors;
//     DD is set exactly on the descriptors the device has finished;
//   - the device drops a received frame only when its queue is full;
//   - a DMA engine can step exactly when it has work (QEMU transmits inside
//     the TDT write);
//   - the ownership oracle fails a driver write exactly when it hits a
//     descriptor the device owns;
//   - draining runs both engines to completion without a verdict.
//
// Use it with [rapid.Check], or [rapid.MakeFuzz] for go test -fuzz.
func DeviceMachine(cfg DeviceConfig) func(*rapid.T) {
	pers := cfg.Personalities
	if len(pers) == 0 {
		pers = []e1000.Personality{e1000.QEMU, e1000.Strict}
	}
	maxRing := cfg.MaxRing
	if maxRing < 8 || maxRing > maxDeviceRing {
		maxRing = 32
	}
	return func(t *rapid.T) {
		p := pers[0]
		if len(pers) > 1 {
			p = rapid.SampledFrom(pers).Draw(t, "personality")
		}
		n := 8 * rapid.IntRange(1, maxRing/8).Draw(t, "ring")
		g := newDevRig(t, p, uint32(n))
		t.Repeat(map[string]func(*rapid.T){
			"txPost":    g.txPost,
			"txStep":    func(t *rapid.T) { g.step(t, g.txID) },
			"txReclaim": g.txReclaim,
			"rxRefill":  g.rxRefill,
			"deliver":   g.deliver,
			"rxStep":    func(t *rapid.T) { g.step(t, g.rxID) },
			"rxConsume": g.rxConsume,
			"readHead":  g.readHead,
			"probe":     g.probe,
			"drain":     g.drain,
			"":          g.check,
		})
	}
}
