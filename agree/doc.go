// Package agree compares simulation with the real guest under QEMU: the same
// driver and scenario run in simulation (qemu personality) and on the guest
// build (package guest/qemu) should reach the same verdict, in a vocabulary
// both sides share ([CommonSim], [CommonQEMU]), and put the same datagrams on
// the wire, judged by the same delivery checker (package oracle). [Run]
// compares a list of drivers ([Drivers]: the reference drivers and the zoo
// mutants QEMU can show); [QEMURunConfig] maps a scenario to a QEMU run.
package agree
