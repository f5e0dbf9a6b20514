package netc

import (
	"github.com/nicsim/nicsim/diag"
)

// The verdict classes of the socket workload's oracles.
const (
	// ClassQueueBound is a bound port holding more than QLen datagrams.
	ClassQueueBound = "queue-bound"
	// ClassLostWakeup is a process asleep in recv while its port's queue
	// holds a datagram.
	ClassLostWakeup = "lost-wakeup"
	// ClassLockHeld is a process that sleeps, or returns to user space,
	// with a spinlock held.
	ClassLockHeld = "lock-held"
	// ClassCopyout is a copyout past the user variable it writes.
	ClassCopyout = "copyout-overflow"
	// ClassWrongPort is a recv that returns a datagram sent to another
	// port.
	ClassWrongPort = "wrong-port"
	// ClassDatagramLeak is a received datagram whose page is never freed
	// (dropped without kfree, or received and not freed).
	ClassDatagramLeak = "datagram-leak"
)

// Classes are the verdict classes this package defines.
var Classes = []string{ClassQueueBound, ClassLostWakeup, ClassLockHeld, ClassCopyout, ClassWrongPort, ClassDatagramLeak}

// Register registers the explanations of the socket oracles' findings for
// the kernel named kernel.
func Register(kernel string) {
	diag.Register(kernel, ClassQueueBound, diag.Text{
		Title: "per-port queue without a bound",
		What:  "a bound port held more than 16 received datagrams at once: ip_rx queued every one",
		Why:   "the lab bounds each port's queue (16 datagrams) and has ip_rx drop (kfree) a datagram whose port is full; the grader's ping3 sends 257 datagrams that nobody reads to check it, and an unbounded queue lets one idle socket take all of kernel memory",
		Shows: "QEMU shows it: make grade fails ping3",
		Hides: "it needs a burst that QEMU's timing does not give",
		Fix:   "in ip_rx, when the port already holds 16 datagrams, release the lock, kfree the buffer and return",
	})
	diag.Register(kernel, ClassLostWakeup, diag.Text{
		Title: "lost wakeup",
		What:  "a process slept in recv while its port's queue held a datagram: the wakeup for it never came",
		Why:   "ip_rx must call wakeup on the channel recv sleeps on after it has queued the datagram, under the lock recv holds when it checks the queue and passes to sleep; a wakeup before the datagram is queued, outside that lock or on another channel wakes nobody",
		Shows: "QEMU shows it: the test hangs in recv (make grade times out)",
		Hides: "nicsim saw the race only with the manual's device timing; under QEMU it needs a receive interrupt on another hart between recv's check of the queue and its sleep, which is rare, so make grade hangs only now and then",
		Fix:   "in ip_rx, queue the datagram and call wakeup(channel) while holding the lock recv checks the queue under, with recv sleeping in a loop: while(queue empty) sleep(channel, &lock)",
	})
	diag.Register(kernel, ClassLockHeld, diag.Text{
		Title: "spinlock held across sleep or into user space",
		What:  "a process slept, or returned from a system call, while holding a spinlock ({at})",
		Why:   "sleep gives up only the lock passed to it; xv6's sched panics (\"sched locks\") when the CPU holds another, and a system call must release every lock it took before returning to user space",
		Shows: "QEMU shows it: the kernel panics (sched locks) or hangs on the next acquire",
		Hides: "the path runs only with a timing QEMU does not give",
		Fix:   "release every other lock before sleep (sleep on the one lock that protects the queue), and release on every return path of the system call ({loc})",
	})
	diag.Register(kernel, ClassCopyout, diag.Text{
		Title: "copyout past the user's buffer",
		What:  "{at} copies more bytes to user memory than the variable the process passed holds",
		Why:   "recv may copy at most maxlen bytes of payload (and 4 bytes to src, 2 to sport); xv6's copyout checks only that the pages are mapped, so the excess silently overwrites the process's other variables",
		Shows: "QEMU shows it only as corrupted user data (the grader's buffers are larger than its datagrams)",
		Hides: "the grader never receives a datagram longer than its buffer",
		Fix:   "at {loc}, clamp the length to maxlen before copyout, and copy sizeof(uint32) and sizeof(uint16) for src and sport",
	})
	diag.Register(kernel, ClassWrongPort, diag.Text{
		Title: "datagram delivered to the wrong port",
		What:  "recv returned a datagram that was sent to another port",
		Why:   "ip_rx must queue each datagram on the port its UDP destination names (network byte order), and recv must take from the queue of the port it was called with",
		Shows: "QEMU shows it: ping2 and ping3 receive another port's replies",
		Hides: "it needs two ports with traffic at once",
		Fix:   "look up the queue by the UDP destination port (ntohs(udp->dport)) in ip_rx, and by the dport argument in recv",
	})
	diag.Register(kernel, ClassDatagramLeak, diag.Text{
		Title: "page of a received datagram leaked",
		What:  "net.c never freed the pages of datagrams the driver handed to net_rx (see the message: dropped, or received)",
		Why:   "net_rx owns the page it is given: ip_rx must kfree a datagram it drops (no bound port, or the port's queue full) and recv must kfree it after copyout; nettest's free check fails when more than 32 pages are missing at the end",
		Shows: "QEMU shows it: make grade fails free (after ping3's burst of dropped replies)",
		Hides: "the drops happen only with a timing QEMU does not give",
		Fix:   "in ip_rx, kfree the buffer on every path that does not queue it; in recv, kfree it once copied out",
	})
}
