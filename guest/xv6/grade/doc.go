// Package grade runs the xv6 net lab's graders in simulation: the guest
// programs `make grade` runs (2020-2023 `nettests`, 2024+ `nettest
// grade`) as processes of nicsim's xv6 kernel model, making the lab
// program's traffic through the driver under test and nicsim's own model
// of the lab's kernel/net.c socket layer (per-port queues, bounded at 16
// packets in 2024+, sleeping receives woken by the receive path), with
// nicsim's peer in the host's role (the UDP server, DNS through slirp).
//
// It registers the two graders ([Nettests], [Nettest]) with package
// grader, and its workloads serve the scenarios "nettests", "nettest" and
// one per subtest ("nettests/dns", "nettest/ping3", ...) through
// guest.KernelModel.NewWorkload ([New]).
//
// Files: graders.go (the two graders and the host's constants), programs.go
// (each subtest's traffic and checks), proc.go (a process's operations:
// bind, unbind, send, recv, fork, wait), sched.go (per-CPU schedulers and
// main()), netc.go (the socket layer model), workload.go (net_rx's side,
// the host's side, the end checks, Grade). [Host] is the host's side a
// real guest's run under QEMU can give nicsim's peer too.
//
// Where nicsim's model differs from the lab's code, on purpose:
//   - the payloads and the host server's fixed reply are nicsim's own words
//     ([HostReply]), the lab's are not reproduced;
//   - a send the driver refuses (ring full) is freed and retried after a
//     back-off, where the lab's net.c drops it (2020-2023) or leaks its page
//     (2024+): a full ring is not the driver's bug;
//   - the pauses between the 2024+ tests are [Pause] of virtual time, not
//     two seconds;
//   - received packets are queued as copies; the page goes back at once.
package grade
