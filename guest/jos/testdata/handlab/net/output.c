#include "ns.h"

extern union Nsipc nsipcbuf;

void
output(envid_t ns_envid)
{
	binaryname = "ns_output";

	// LAB 6: Your code here:
	// 	- read a packet from the network server
	//	- send the packet to the device driver
	uint32_t req, whom;
	int perm, r;

	while (1) {
		req = ipc_recv((int32_t *)&whom, &nsipcbuf, &perm);
		if (req != NSREQ_OUTPUT)
			continue;
		while ((r = sys_net_transmit(nsipcbuf.pkt.jp_data, nsipcbuf.pkt.jp_len)) < 0) {
			if (r != -E_TX_FULL)
				panic("output: %e", r);
			sys_yield();
		}
	}
}
