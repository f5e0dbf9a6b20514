/*
 * nicsim reference lab: net/input.c, the input environment. It polls the
 * driver for received frames and sends each to the core network server
 * as an NSREQ_INPUT page. The server reads that page after the IPC and
 * sends no reply, so the page just sent must not be written again: each
 * frame goes into a fresh page (sys_page_alloc replaces the mapping at
 * nsipcbuf; the server's mapping keeps the old page alive).
 */
#include "ns.h"

extern union Nsipc nsipcbuf;

void input(envid_t ns_envid) {
  binaryname = "ns_input";

  for (;;) {
    int r = sys_page_alloc(0, &nsipcbuf, PTE_P | PTE_U | PTE_W);
    if (r < 0)
      panic("ns_input: sys_page_alloc: %e", r);
    while ((r = sys_net_try_recv(nsipcbuf.pkt.jp_data,
                                 PGSIZE - sizeof(struct jif_pkt))) ==
           -E_RX_EMPTY)
      sys_yield();
    if (r < 0)
      panic("ns_input: sys_net_try_recv: %e", r);
    nsipcbuf.pkt.jp_len = r;
    ipc_send(ns_envid, NSREQ_INPUT, &nsipcbuf, PTE_P | PTE_U | PTE_W);
  }
}
