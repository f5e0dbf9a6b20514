// Package harness wires one nicsim run together — the scheduler (sim), the
// device and the kernel model resolved through their registries (nic,
// guest), the driver under test, the kernel's own workload for the
// scenario ([guest.WorkloadEnv]), the peer and the wire (stack), and the
// swarm's faults — and runs scenarios, hunts over seeds, and replays
// failures from their files.
//
// It is the one place that knows every layer's concrete type; the layers
// only know the small interfaces they consume.
package harness
