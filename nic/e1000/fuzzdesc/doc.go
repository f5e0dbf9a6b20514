// Package fuzzdesc is the descriptor fuzz target of the e1000 model:
// [Descriptors] runs a program of driver operations, chosen by fuzz input,
// against the device in either personality and checks invariants that
// must hold whatever a driver does. It imports only sim and nic/e1000, so
// go-fuzz-build can build it as it is (see [Fuzz] in gofuzz.go); the
// go test -fuzz target is fuzz.FuzzDescriptors.
//
// # Input
//
//	byte 0     setup: bit 0 strict, bits 1-2 ring size 8<<n, bit 3 no QEMU mitigation
//	byte 1     k, the length of the schedule at the end of the input
//	program    operations until the last k bytes (see the op constants)
//	schedule   one byte per scheduling choice (driver, nic.tx, nic.rx), mod the options
//
// The rig programs both rings as xv6 does (RDT = n-1, TCTL.EN|PSP,
// RCTL.EN|BAM|SECRC, every interrupt enabled) and lets QEMU's RCTL blackout
// pass before the program starts. [Seeds] are small valid programs.
package fuzzdesc
