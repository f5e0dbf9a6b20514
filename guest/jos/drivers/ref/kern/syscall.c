/*
 * nicsim reference lab: what the student adds to kern/syscall.c for lab 6,
 * as a file of its own. The two net system calls check the user buffer
 * with user_mem_assert (which destroys the calling environment if the
 * buffer is not mapped with the given permissions) before the driver
 * touches it; the dispatcher below holds only their cases, the lab 3-5
 * cases of the real syscall() are the kernel's own.
 */
#include <inc/error.h>
#include <inc/mmu.h>

#include <kern/e1000.h>
#include <kern/env.h>
#include <kern/pmap.h>
#include <kern/syscall.h>

/* Transmit len bytes at the user address data. */
static int sys_net_try_send(const void *data, size_t len) {
  user_mem_assert(curenv, data, len, PTE_U);
  return e1000_transmit(data, len);
}

/* Receive a frame into the user buffer buf of len bytes. */
static int sys_net_try_recv(void *buf, size_t len) {
  user_mem_assert(curenv, buf, len, PTE_U | PTE_W);
  return e1000_receive(buf, len);
}

/* Dispatch to the calling function and pass the arguments. */
int32_t syscall(uint32_t syscallno, uint32_t a1, uint32_t a2, uint32_t a3,
                uint32_t a4, uint32_t a5) {
  switch (syscallno) {
  case SYS_net_try_send:
    return sys_net_try_send((const void *)a1, a2);
  case SYS_net_try_recv:
    return sys_net_try_recv((void *)a1, a2);
  default:
    return -E_INVAL;
  }
}
