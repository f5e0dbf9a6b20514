/*
 * nicsim: kern/syscall.c for a JOS driver given without its lab. The two
 * net system calls of nicsim's own environments check the user's buffer
 * as the kernel does and call the driver's transmit and receive functions
 * (nicsim_glue.c adapts their names and shapes); any refusal is "full" or
 * "empty". The skeleton's calls are the model's and never come here.
 */
#include <nicsim/lone.h>
#include <inc/error.h>
#include <kern/env.h>
#include <kern/pmap.h>

int nicsim_jos_tx(void *buf, unsigned int len);
int nicsim_jos_rx(void *buf, unsigned int len);

int32_t syscall(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5) {
  void *buf = (void *)(uintptr_t)a1;
  switch (num) {
  case NICSIM_SYS_NET_SEND:
    user_mem_assert(curenv, buf, a2, PTE_U);
    return nicsim_jos_tx(buf, a2) < 0 ? -NICSIM_E_TX_FULL : 0;
  case NICSIM_SYS_NET_RECV: {
    user_mem_assert(curenv, buf, a2, PTE_U | PTE_W);
    int r = nicsim_jos_rx(buf, a2);
    return r < 0 ? -NICSIM_E_RX_EMPTY : r;
  }
  }
  return -E_INVAL;
}
