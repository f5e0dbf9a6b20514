// Package harness wires one nicsim run together — the kernel model and
// scheduler (sim), the device (nic/e1000), the driver under test (guest), the
// peer and the wire (stack) — and runs scenarios, hunts over seeds, and
// replays failures from their files.
//
// It is the one place that knows every layer's concrete type; the layers
// only know the small interfaces they consume.
package harness
