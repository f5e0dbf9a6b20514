// Package sandbox contains the driver under test: a student's C code that
// nicsim compiles and runs natively, inside its own worker processes.
//
// The layers, each usable alone:
//
//   - [TrapRange] installs a seccomp filter that turns every system call
//     made from the driver's image (its instruction pointer lies in the
//     image's fixed address range) into SIGSYS, which the hosting layer's C
//     signal handler turns into a verdict ("driver made system call 2
//     (open) in e1000_transmit (e1000.c:42)"). Calls from Go's runtime and
//     from libc are allowed, so the process that loads the image goes on.
//   - [Lockdown] is the worker's filter: only the system calls a worker
//     needs once its image is loaded (Go's runtime, writing its report to
//     a pipe) are allowed; any other fails with EPERM.
//   - [Limit] sets a worker's rlimits: CPU time, address space, no file
//     may grow (the worker writes only to its stdout pipe), no core dumps.
//   - [Isolate] makes a worker's exec.Cmd start in new user, mount, PID and
//     network namespaces when the kernel allows it ([Probe]), with a
//     parent-death signal either way, so no worker outlives nicsim.
//   - [Jail] runs a compiler or linker under Landlock (through a helper:
//     the program re-run as its jail, see [ServeJail]) with rlimits: it may
//     read the toolchain and the folders named, and write only its build
//     folder.
//
// The filters are built with github.com/elastic/go-seccomp-bpf (syscall
// tables, the architecture check, the allow list) and
// golang.org/x/net/bpf (the instruction-pointer test the library lacks);
// Landlock is driven with golang.org/x/sys/unix (jail.go says why not
// go-landlock).
package sandbox
