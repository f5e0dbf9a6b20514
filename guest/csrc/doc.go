// Package csrc holds nicsim's C sources for guest kernels and embeds them
// in [FS] so that tools can compile drivers at run time:
//
//	include/common/          headers shared by the xv6 generations
//	include/xv6/             stand-in kernel headers, xv6 net lab 2020-2023 (mbufs)
//	include/xv6-2024/        stand-in kernel headers, xv6 net lab 2024+ (char *, len)
//	drivers/<abi>/ref/e1000.c    the project's reference 82540EM driver per ABI
//	zoo/<abi>/<mutant>/e1000.c   a reference driver with one planted bug
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
// [Names]). Each mutant starts with a tag line and a one-line description:
//
//	/* nicsim-mutant: class=<class> oracle=<oracle> qemu=<yes|no|sometimes> */
//	/* <what the planted bug is> */
//
// [ParseMutant] reads them. Classes name the bug (lock-reentry, crash,
// livelock, ...); oracles name what must catch it (lock: the spinlock
// model's re-acquire panic; fault: an access outside mapped memory;
// liveness: a context that never returns or never makes progress); qemu
// says whether the bug shows under the real guest build in QEMU.
//
// The compile flags the tests verify, with -I include/<abi>:
//
//	host:    gcc -Wall -Werror -O1 -ffreestanding -fno-builtin -DLAB_NET
//	tsan:    host flags plus -fsanitize=thread --param tsan-distinguish-volatile=1 -fPIE
//	riscv64: riscv64-unknown-elf-gcc -march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany
//	         -ffreestanding -nostdlib -Wall -Werror -O1 -DLAB_NET
package csrc
