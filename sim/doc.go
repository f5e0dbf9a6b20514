// Package sim is the deterministic core of nicsim: everything that must give
// the same result for the same tape on any machine, GOMAXPROCS or -race.
//
// A [Machine] owns the virtual [Clock] and its timers, the [Tape] that supplies
// and records every choice, the [Trace] with its rolling hash, simulated
// physical [Memory], and what every kernel model builds on: [CPU]s with an
// interrupt-enable bit that the kernel model turns off and on its own way
// ([IntrModel]: xv6's push_off/pop_off nesting lives with xv6, in
// guest/xv6/kern), an [IntrController] that delivers the device interrupt to one CPU at
// a time with claim/complete (and that a kernel may mask, as the eth
// kernel's 8259 does), the heap allocator, and [Spinlock]s that know their
// holder.
//
// Work is done by actors (CPUs, interrupt delivery, DMA engines, the wire),
// each a step function. At every step the scheduler picks one enabled actor;
// the choice is a decision on the tape. A strategy ([RandomWalk], [PCT],
// bytes from a fuzzer, or a recorded tape) proposes it.
//
// Failures are [Verdict]s. Code on a simulated path raises one with
// [Machine.Fail]; Run stops at the first and returns it.
package sim
