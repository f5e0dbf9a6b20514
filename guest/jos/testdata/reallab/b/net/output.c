#include "ns.h"

extern union Nsipc nsipcbuf;

void
output(envid_t ns_envid)
{
	binaryname = "ns_output";

	// LAB 6: Your code here:
	// 	- read a packet from the network server
	//	- send the packet to the device driver
	envid_t from;
	int r;

	for (;;) {
		r = ipc_recv(&from, &nsipcbuf, NULL);
		if (r != NSREQ_OUTPUT || from != ns_envid)
			continue;
		while ((r = sys_pkt_send(nsipcbuf.pkt.jp_data,
					 nsipcbuf.pkt.jp_len)) == -E_AGAIN)
			sys_yield();
		if (r < 0)
			panic("output: sys_pkt_send: %e", r);
	}
}
