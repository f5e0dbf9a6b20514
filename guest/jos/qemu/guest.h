/*
 * guest.h: the interface inside nicsim's JOS guest between its two halves.
 *
 * The services (pmap.c, pci.c, printf.c, string.c) compile against the JOS
 * stand-in headers, as the student's kern/e1000.c does; the workload
 * (workload.c) compiles against guest/qemu/pc's pc.h. The two header sets
 * disagree on a few declarations (JOS's strlen returns int), so no file
 * includes both: this header uses only built-in C types.
 */
#ifndef NICSIM_JOS_GUEST_H
#define NICSIM_JOS_GUEST_H

/* jos_mem_init builds the page pool and drops the boot identity mapping. */
void jos_mem_init(void);

/* jos_pci_attach scans bus 0 with configuration mechanism #1 for 8086:100E and
 * calls the driver's attach function for it, reporting the result as JOS's
 * pci_attach_match does. It returns 0 if no such device exists, else 1 with
 * the attach function's return value in *rc. */
int jos_pci_attach(int *rc);

/* The adapter the runner generates for the driver under test (adapter.c):
 * nicsim_attach calls the attach function, nicsim_tx the transmit function
 * (returning 0 or more when the frame was queued, < 0 when the ring is full),
 * nicsim_rx the receive function (returning the frame's length, or < 0 or 0
 * when nothing has arrived). */
struct pci_func;
int nicsim_attach(struct pci_func *f);
int nicsim_tx(const void *buf, unsigned len);
int nicsim_rx(void *buf, unsigned len);

#endif
