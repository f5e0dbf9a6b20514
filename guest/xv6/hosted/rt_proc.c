/*
 * The xv6 process services of the 2024+ net lab, for a student's
 * kernel/net.c hosted beside their e1000.c: the socket system calls run by
 * the scenario's processes (nicsim_kernel_entry), sleep and wakeup, myproc,
 * killed, argint and argaddr, copyin and copyout. Each that the scheduler
 * or the oracles must see is a kernel call, performed by the xv6 kernel
 * model (guest/xv6/netc): it holds the processes' system call arguments and
 * user memory, and parks a sleeping process until a wakeup on its channel.
 *
 * Without a net.c (no sys_recv linked) sleep and wakeup keep the plain
 * behaviour of rt_kernel.c, and e1000.c's net_rx is nicsim's model.
 */
#ifdef NICSIM_ABI_2024
#include "rt.h"

#include "common/xv6_proc.h"

/* EV_KCALL of rt.h's kernel range, and the calls (guest/xv6/netc). */
#define NICSIM_EV_KCALL 26
enum {
  KC_ARG = 1,  /* a=n; reply the argument */
  KC_SLEEP,    /* a=chan b=lock: the process sleeps on chan from here */
  KC_PARK,     /* park unless a wakeup came since KC_SLEEP */
  KC_WAKEUP,   /* a=chan */
  KC_COPYIN,   /* a=args {pagetable, srcva, bounce, len}; reply 0 or -1 */
  KC_COPYOUT,  /* a=args {pagetable, dstva, bounce, len}; reply 0 or -1 */
  KC_NETRX,    /* a=buf b=len: e1000.c hands a frame to net.c's net_rx */
  KC_NETTX,    /* a=buf b=result: net.c's e1000_transmit returned */
};

/* Operations of nicsim_kernel_entry: the system calls of net.c. */
enum { OP_NETINIT = 1, OP_BIND, OP_UNBIND, OP_RECV, OP_SEND };

#define NICSIM_NPROC 8
#define KCALL(n, a, b) nicsim_yield(NICSIM_EV_KCALL, (n), (uint64_t)(a), (uint64_t)(b), NICSIM_RA())

extern void net_rx(char *buf, int len);
extern void acquire(struct spinlock *);
extern void release(struct spinlock *);
extern void __attribute__((noreturn)) panic(char *);

/*
 * net.c's entry points: weak aliases of stubs here, which a net.c's
 * definitions replace (an undefined weak symbol would not link in a PIE);
 * NICSIM_HAVE(f) tells whether net.c defines f.
 */
static void nicsim_no_netinit(void) { panic("nicsim: net.c defines no netinit"); }
static uint64 nicsim_no_syscall(void) { panic("nicsim: net.c defines no such system call"); }
void netinit(void) __attribute__((weak, alias("nicsim_no_netinit")));
uint64 sys_bind(void) __attribute__((weak, alias("nicsim_no_syscall")));
uint64 sys_unbind(void) __attribute__((weak, alias("nicsim_no_syscall")));
uint64 sys_recv(void) __attribute__((weak, alias("nicsim_no_syscall")));
uint64 sys_send(void) __attribute__((weak, alias("nicsim_no_syscall")));
#define NICSIM_HAVE(f) ((void *)(f) != (void *)nicsim_no_syscall)

static struct proc nicsim_procs[NICSIM_NPROC];
static struct proc *nicsim_coproc[NICSIM_NCORO]; /* the process each coroutine runs */
static uint64_t nicsim_kargs[NICSIM_NCORO][4];   /* copyin/copyout arguments */

static int nicsim_coro_index(void) { return (int)(nicsim_cur - nicsim_ctl.coro); }

/* The process the running coroutine belongs to, or 0 (an interrupt). */
struct proc *myproc(void) { return nicsim_coproc[nicsim_coro_index()]; }

int killed(struct proc *p) { return p ? p->killed : 0; }
void setkilled(struct proc *p) {
  if (p)
    p->killed = 1;
}

void argint(int n, int *ip) { *ip = (int)KCALL(KC_ARG, n, 0); }
void argaddr(int n, uint64 *ip) { *ip = KCALL(KC_ARG, n, 0); }

/*
 * sleep as xv6's: the process is asleep on chan before lk is released
 * (xv6 holds p->lock across the release), so a wakeup between the release
 * and the park is not lost; lk is taken again after the wakeup.
 */
void sleep(void *chan, struct spinlock *lk) {
  if (!NICSIM_HAVE(sys_recv)) {
    release(lk);
    nicsim_yield(EV_SLEEP, (uint64_t)chan, 0, 0, NICSIM_RA());
    acquire(lk);
    return;
  }
  KCALL(KC_SLEEP, chan, lk);
  release(lk);
  KCALL(KC_PARK, 0, 0);
  acquire(lk);
}

void wakeup(void *chan) {
  if (NICSIM_HAVE(sys_recv))
    KCALL(KC_WAKEUP, chan, 0);
}

/*
 * copyin and copyout go through a bounce buffer in RAM, which the kernel
 * model reads and writes: the kernel side may be a local variable on the
 * coroutine's stack, outside the simulated RAM.
 */
#define NICSIM_BOUNCE 4096
static char nicsim_bounce[NICSIM_NCORO][NICSIM_BOUNCE];

static int nicsim_copy(uint64_t call, pagetable_t pt, uint64 va, char *k, uint64 len, uint64_t pc) {
  int co = nicsim_coro_index();
  uint64_t *a = nicsim_kargs[co];
  char *b = nicsim_bounce[co];
  for (uint64 off = 0; off < len || (len == 0 && off == 0); off += NICSIM_BOUNCE) {
    uint64 n = len - off < NICSIM_BOUNCE ? len - off : NICSIM_BOUNCE;
    if (call == KC_COPYOUT)
      for (uint64 i = 0; i < n; i++)
        b[i] = k[off + i];
    a[0] = (uint64_t)pt, a[1] = va + off, a[2] = (uint64_t)b, a[3] = n;
    if ((int64_t)nicsim_yield(NICSIM_EV_KCALL, call, (uint64_t)a, 0, pc) < 0)
      return -1;
    if (call == KC_COPYIN)
      for (uint64 i = 0; i < n; i++)
        k[off + i] = b[i];
    if (len == 0)
      break;
  }
  return 0;
}

int copyin(pagetable_t pt, char *dst, uint64 srcva, uint64 len) {
  if (len)
    nicsim_check((uint64_t)dst, len, 1, NICSIM_RA());
  return nicsim_copy(KC_COPYIN, pt, srcva, dst, len, NICSIM_RA());
}

int copyout(pagetable_t pt, uint64 dstva, char *src, uint64 len) {
  if (len)
    nicsim_check((uint64_t)src, len, 0, NICSIM_RA());
  return nicsim_copy(KC_COPYOUT, pt, dstva, src, len, NICSIM_RA());
}

/*
 * e1000.c's calls of net_rx come here when a net.c is hosted (the driver
 * is compiled with -Dnet_rx=nicsim_net_rx_tap): the kernel model sees the
 * frame and its page, then net.c's net_rx takes it.
 */
void nicsim_net_rx_tap(char *buf, int len) {
  if (NICSIM_HAVE(sys_recv)) /* a net.c without the socket calls runs with no kernel model of them */
    KCALL(KC_NETRX, buf, (uint64_t)(int64_t)len);
  net_rx(buf, len);
}

/*
 * net.c's calls of e1000_transmit come here (net.c is compiled with
 * -De1000_transmit=nicsim_net_tx_tap): the kernel model learns whether the
 * driver took the buffer, which the lab's sys_send does not check.
 */
int nicsim_net_tx_tap(char *buf, int len) {
  int r = e1000_transmit((uint64_t)buf, (uint64_t)(int64_t)len);
  if (NICSIM_HAVE(sys_recv))
    KCALL(KC_NETTX, buf, (uint64_t)(int64_t)r);
  return r;
}

/*
 * nicsim_kernel_entry runs a system call of net.c for process a0 (its
 * arguments come from the kernel model through argint and argaddr).
 */
int64_t nicsim_kernel_entry(uint64_t op, uint64_t a0, uint64_t a1) {
  struct proc *p = &nicsim_procs[a0 % NICSIM_NPROC];
  p->pid = (int)(a0 % NICSIM_NPROC) + 1;
  p->state = RUNNING;
  p->pagetable = (pagetable_t)(uint64_t)(p->pid << 12); /* a tag: only copyin/copyout read it */
  nicsim_coproc[nicsim_coro_index()] = p;
  int64_t r = 0;
  switch (op) {
  case OP_NETINIT:
    netinit();
    break;
  case OP_BIND:
    r = (int64_t)sys_bind();
    break;
  case OP_UNBIND:
    r = (int64_t)sys_unbind();
    break;
  case OP_RECV:
    r = (int64_t)sys_recv();
    break;
  case OP_SEND:
    r = (int64_t)sys_send();
    break;
  default:
    panic("nicsim: unknown system call");
  }
  nicsim_coproc[nicsim_coro_index()] = 0;
  p->state = RUNNABLE;
  return r;
}
#endif /* NICSIM_ABI_2024 */
