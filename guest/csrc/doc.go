// Package csrc holds nicsim's C sources for guest kernels and embeds them
// in [FS] so that tools can compile drivers at run time:
//
//	include/common/          headers shared by the xv6 generations
//	include/xv6/             stand-in kernel headers, xv6 net lab 2020-2023 (mbufs)
//	include/xv6-2024/        stand-in kernel headers, xv6 net lab 2024+ (char *, len)
//	drivers/<abi>/ref/e1000.c    the project's reference 82540EM driver per ABI
//	zoo/<abi>/<mutant>.mutant    one planted bug: a small patch against the reference driver
//
// A student's unmodified kernel/e1000.c compiles against one generation
// with a single include flag, e.g. `-I include/xv6 -DLAB_NET`; the
// per-generation headers reach the shared ones with relative includes
// ("../common/..."), so the whole include tree must be present
// ([Extract] writes it). Copy a student file into a fresh directory before
// compiling it: quoted includes look in the file's own directory first,
// where a student's real kernel headers would win.
//
// Drivers are named "ref:<abi>" and "zoo:<abi>/<mutant>" ([Driver],
// [Names]). A mutant is not a copy of the driver but a patch: tags saying
// which row of notes/bugs.md it plants, what nicsim should report and
// whether QEMU shows it, then blocks of exact reference lines and their
// replacements (the format is described at [Mutant]):
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
// [Driver] returns the reference with the blocks applied (each must match
// exactly once); [Mutants] and [LookupMutant] give the tags. The verdict is
// the class a hunt alternating both device personalities reports first;
// "strict" names the class under the strict personality alone when it
// differs (QEMU often shows a configuration error as garbage); "params"
// names scenario knobs the bug needs; "needs" marks a bug the workload
// cannot express yet, expected to pass.
//
// The compile flags the tests verify, with -I include/<abi>:
//
//	host:    gcc -Wall -Werror -O1 -ffreestanding -fno-builtin -DLAB_NET
//	tsan:    host flags plus -fsanitize=thread --param tsan-distinguish-volatile=1 -fPIE
//	riscv64: riscv64-unknown-elf-gcc -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany
//	         -ffreestanding -nostdlib -Wall -Werror -O1 -DLAB_NET
package csrc
