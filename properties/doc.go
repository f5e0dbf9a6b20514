// Package properties holds rapid (pgregory.net/rapid) property suites that a
// user points at a driver: whole scenarios in which rapid draws the
// schedule, so that a failure shrinks to its fewest preemptions, and a ring
// state machine of the e1000 device model against an ideal NIC.
//
// # Checking a driver
//
//	func TestMyDriver(t *testing.T) {
//		properties.Check(t, properties.Config{
//			Harness: harness.Config{Driver: "kernel/e1000.c", ABI: "xv6"},
//			Checks:  200,
//		})
//	}
//
// [Check] runs the kernel's scenario (xv6: ping; see [harness.Config]: "model:xv6",
// "ref:xv6", "zoo:xv6/NAME" or the path of a C driver) once per check, with
// every oracle on at once: each datagram reaches the peer and each echo the
// guest socket exactly once and in order, nothing is missing at quiescence,
// the driver never writes a descriptor the device owns, device DMA stays in
// allocated RAM, locks are never re-acquired or released by a non-holder,
// and the run neither deadlocks nor livelocks. One run checks them all, so
// there are no per-oracle suites: [Config.Ignore] silences the classes of a
// known bug instead. Each check draws the personality (qemu or strict,
// unless [harness.Config.Personality] fixes one) and a [Schedule].
//
// # Schedules and shrinking
//
// A scheduling choice 0 keeps the current actor running (or, when it cannot
// run, picks the lowest-numbered enabled actor); a preemption is any other
// choice. A [Schedule] is a short list of preemptions, each "after Gap more
// default choices, take candidate To", plus a separate lane of deviations
// for the other streams (peer jitter, device timing). It is drawn before the
// run and played by a [ScheduleSource], so rapid draws a handful of values
// per run, not one per choice, and shrinking deletes preemptions: a failure
// is reported with the fewest preemptions rapid could reach. [DrawChoices]
// instead draws every choice from rapid ([RapidSource]); it explores like a
// random walk but shrinks poorly: measured on the model driver, a failure
// that needs no preemption at all (arp-reentrant) still had 64 when rapid's
// 30 s shrink budget ran out, and tx-no-dd was not found in 1000 checks.
//
// A failure reports the verdict, the number of preemptions and the shrunk
// schedule, the last events, rapid's rerun line, and the nicsim replay file
// it writes ([Config.ReplayDir], by default testdata/nicsim/<test>/):
//
//	[nicsim] FAIL lock-reentry: driver=model:xv6 bug=arp-reentrant personality=qemu scenario=ping: 0 preemptions, 807 steps, t=1.100s
//	[nicsim] schedule: no preemptions
//	[nicsim] replay: nicsim replay testdata/nicsim/TestMyDriver/lock-reentry-qemu.replay
//
// Rapid writes its fail file to testdata/rapid/<test>/ and replays it first
// in the next plain go test. Commit one only for a test that expects the
// failure: a committed fail file of a test that must pass fails the suite
// until the bug is fixed, which is what a regression test is for. The tests
// of this package show the pattern: TestPlantedBugsShrink runs Check's
// property under a recording rapid.TB, requires the planted bug to be found
// with at most 3 preemptions and its replay file to reproduce the trace,
// and its committed fail files make that a replay of a few milliseconds;
// TestZooShrinks does the same for hosted C mutants of the reference
// driver, and TestPlantedBugsSearch searches from scratch in a temporary
// directory (so it neither reads nor writes testdata/rapid).
//
// Flags: -rapid.checks (RAPID_CHECKS) overrides [Config.Checks],
// -rapid.seed, -rapid.failfile, -rapid.shrinktime and -rapid.v work as for
// any rapid test, and -short divides the checks by 5.
//
// # A device alone
//
// Each device model keeps its own rapid suite beside it (the 82540EM's is
// package nic/e1000/props: the device driven by an ideal driver and compared
// with an ideal NIC).
//
// # Commands
//
//	go test ./properties/                                   # the suites; fail files replay first
//	go test -run TestModelDriverPasses -rapid.checks=5000 ./properties/
//	go test -run TestPlantedBugsSearch -v ./properties/     # search and shrink from scratch
//	go test -run TestDeviceRings -rapid.steps=300 ./nic/e1000/props/
package properties
