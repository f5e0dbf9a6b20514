#include "ns.h"

extern union Nsipc nsipcbuf;

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
	char buf[2048];
	int len, r;

	while (1) {
		while ((len = sys_net_recv(buf, sizeof(buf))) < 0)
			sys_yield();

		if ((r = sys_page_alloc(0, &nsipcbuf, PTE_P | PTE_U | PTE_W)) < 0)
			panic("input: sys_page_alloc: %e", r);
		nsipcbuf.pkt.jp_len = len;
		memmove(nsipcbuf.pkt.jp_data, buf, len);
		ipc_send(ns_envid, NSREQ_INPUT, &nsipcbuf, PTE_P | PTE_U | PTE_W);
	}
}
