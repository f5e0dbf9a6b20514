// Package csrc holds what nicsim's C sources share across kernels: the
// mutant format of every kernel's zoo ([Mutant], [ParseMutant]) and the
// helpers that apply one to a reference driver ([Mutant.ApplyTo]). The C
// sources themselves live with their kernels (guest/xv6, guest/eth,
// guest/jos: headers, reference drivers, zoo), which load their zoos
// through this package.
//
// A mutant is not a copy of the driver but a patch: tags saying which row
// of notes/bugs.md it plants, what nicsim should report and whether QEMU
// shows it, then blocks of exact reference lines and their replacements
// (the format is described at [Mutant]):
//
//	row: 8
//	bug: RS not set: TX descriptors carry EOP only, so DD is never written back ...
//	verdict: livelock
//	oracle: liveness
//	qemu: yes
//	scenario: ping
//	--- replace
//	  d->cmd = E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS;
//	+++ with
//	  d->cmd = E1000_TXD_CMD_EOP;
//
// The verdict is the class a hunt alternating both device personalities
// reports first; "strict" names the class under the strict personality
// alone when it differs (QEMU often shows a configuration error as
// garbage); "params" names scenario knobs the bug needs; "needs" marks a
// bug the workload cannot express yet, expected to pass; "file" names the
// file of a lab tree that a variant of a student's tree edits
// (guest/xv6/testdata/reallab*, made by internal/labvariant). Parsing checks
// the form; [Mutant.Check] checks the classes and the scenario against
// the ones nicsim knows, which the device and kernel registries list
// (guest.CheckMutant).
package csrc
