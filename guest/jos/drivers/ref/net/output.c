/*
 * nicsim reference lab: net/output.c, the output environment. The core
 * network server sends each outgoing frame as an NSREQ_OUTPUT page (a
 * struct jif_pkt); this environment hands it to the driver, retrying
 * while the transmit ring is full, so that no frame is dropped.
 */
#include "ns.h"

extern union Nsipc nsipcbuf;

void output(envid_t ns_envid) {
  binaryname = "ns_output";

  for (;;) {
    envid_t whom;
    int perm;
    int32_t req = ipc_recv(&whom, &nsipcbuf, &perm);
    if (whom != ns_envid || req != NSREQ_OUTPUT || !(perm & PTE_P)) {
      cprintf("ns_output: ignoring request %d from %08x\n", req, whom);
      continue;
    }
    int r;
    while ((r = sys_net_try_send(nsipcbuf.pkt.jp_data,
                                 nsipcbuf.pkt.jp_len)) == -E_TX_FULL)
      sys_yield();
    if (r < 0)
      panic("ns_output: sys_net_try_send: %e", r);
  }
}
