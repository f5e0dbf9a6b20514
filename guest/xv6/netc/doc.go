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
package netc
