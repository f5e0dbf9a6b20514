// Package qemu replays a nicsim scenario against the real guest build under QEMU.
//
// nicsim finds driver bugs in simulation; this package shows them on a real
// machine model. [Build] compiles an unmodified xv6 net-lab e1000.c together with
// a small bare-metal riscv64 kernel of our own (the C and assembly of the xv6 home,
// guest/xv6/kernel/, embedded as xv6.GuestFS) that implements the kernel services the driver calls:
// spinlocks with xv6's panics, kalloc/kfree, mbufs, printf/panic, and a net_rx that
// answers ARP by calling e1000_transmit from the receive path, exactly like xv6's
// net.c. The ELF is cached by a content hash of every input.
//
// [Run] boots that ELF on qemu-system-riscv64 (-machine virt -bios none, one hart,
// -icount shift=3,sleep=off) with QEMU's e1000 attached to unix datagram sockets that
// nicsim owns. It waits for the guest's "nicsim: ready" marker (printed after QEMU's
// one-second receive blackout, which costs no wall time under icount), types a
// command on the console ("ping N SIZE"), and runs a reactive peer (a
// [stack.Peer]: the slirp-like gateway that ARPs for the guest before its first
// echo). The [Result] carries a [Verdict] (pass, panic, lost-packet, hang), the
// console text, the frames the guest sent and a pcap of the wire.
//
// [RunKernel] boots a user's whole xv6 kernel with its file system instead, and
// gates console input on the shell prompt.
//
// The tools come from Debian packages; install.sh beside this file installs them.
// [Available] reports whether they are present.
package qemu
