// Package netc hosts the network code the student writes in the xv6 net
// lab of 2024 and later, kernel/net.c, beside their kernel/e1000.c: the
// Go side of the kernel model those files run against, nicsim's own
// reference net.c (ref/net.c) and its zoo of mutants (zoo/*.mutant).
//
// The hosted runtime's rt_proc.c gives net.c what it calls: processes
// that sleep and are woken (sleep, wakeup, myproc, killed), argint and
// argaddr, copyin and copyout, and the system calls it defines (sys_bind,
// sys_unbind, sys_recv, sys_send) as entry points. Each is a kernel call
// that [Services] performs: a process's arguments and user memory live
// here, and a process asleep in sleep() is parked (not runnable, its CPU
// still taking interrupts) until a wakeup on its channel.
//
// [Sys] is a hosted net.c as a run's processes reach it ([Attach]): each
// [Proc]'s Bind, Send and Recv is a context that makes the system call,
// then checks the return to user space (no spinlock held) and, for recv,
// the datagram against those net_rx was given (its port, its depth in the
// port's queue, whether nicsim had to wake the process). Workloads share
// it: the socket workload here, and the 2024 grader's nettest program
// (guest/xv6/grade), whose processes make the real system calls when a
// net.c is hosted.
//
// The socket workload ([NewWorkload]) boots (netinit, e1000_init) and runs
// two processes that make the real system calls: one plays the 2024
// grader's ping3 (bind 2008 and 2009, a burst of datagrams from 2008 and
// the unbound 2010, more than a port's queue holds, then the two 2009
// echoes and a drain of 2008), the other ping-pongs on 2006 with a
// receive buffer shorter than some echoes. Its oracles, each a finding
// with an explanation row: a port's queue holding more than 16 datagrams
// ([ClassQueueBound]), a process asleep in recv while its queue holds a
// datagram at quiescence ([ClassLostWakeup]), sleeping or returning to
// user space with a spinlock held ([ClassLockHeld]), a datagram's page
// never freed (leak, as nettest's free check), copyout past the user's
// buffer ([ClassCopyout]) and a datagram delivered to the wrong port
// ([ClassWrongPort]).
//
// The zoo's rows of the bug catalogue (notes/bugs.md), one per bug class of
// the 2024+ lab's net.c:
//
//	34  no per-port queue bound (ip_rx queues every datagram)      queue-bound
//	35  lost wakeup (no wakeup, or one before the datagram is queued) lost-wakeup
//	36  a dropped datagram's page never freed                       datagram-leak
//	37  a spinlock held across sleep or into user space            lock-held
//	38  copyout of more than maxlen bytes (or than src, sport hold) copyout-overflow
//	39  a datagram delivered to another port's recv                wrong-port
package netc
