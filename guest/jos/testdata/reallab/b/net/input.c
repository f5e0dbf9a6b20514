#include "ns.h"

// The core network server reads an NSREQ_INPUT page for a while after the
// IPC, so input cycles through several pages instead of reusing one.
#define INPUT_NPAGES	8

static union Nsipc inpages[INPUT_NPAGES] __attribute__((aligned(PGSIZE)));

void
input(envid_t ns_envid)
{
	binaryname = "ns_input";

	// LAB 6: Your code here:
	// 	- read a packet from the device driver
	//	- send it to the network server
	// Hint: When you IPC a page to the network server, it will be
	// reading from it for a while, so don't immediately receive
	// another packet in to the same physical page.
	int i, r, cur;
	size_t len;

	for (i = 0; i < INPUT_NPAGES; i++)
		if ((r = sys_page_alloc(0, &inpages[i], PTE_P | PTE_U | PTE_W)) < 0)
			panic("input: sys_page_alloc: %e", r);

	for (cur = 0; ; cur = (cur + 1) % INPUT_NPAGES) {
		union Nsipc *pg = &inpages[cur];

		while ((r = sys_pkt_recv(pg->pkt.jp_data, &len)) == -E_AGAIN)
			sys_yield();
		if (r < 0)
			panic("input: sys_pkt_recv: %e", r);
		pg->pkt.jp_len = len;
		ipc_send(ns_envid, NSREQ_INPUT, pg, PTE_P | PTE_U | PTE_W);
	}
}
