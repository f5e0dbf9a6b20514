/*
 * nicsim stand-in for JOS net/ns.h: the network server's addresses (QEMU's
 * user-mode network), its timer period and where its requests land. The
 * lab compiles net/ with -Inet, so "ns.h" resolves to this file.
 */
#ifndef JOS_NET_NS_H
#define JOS_NET_NS_H

#include <inc/ns.h>
#include <inc/lib.h>

#define IP "10.0.2.15"
#define MASK "255.255.255.0"
#define DEFAULT "10.0.2.2"

#define TIMER_INTERVAL 250 /* ms between NSREQ_TIMER requests */

/* Virtual address at which the core server receives request pages. */
#define QUEUE_SIZE 20
#define REQVA (0x0ffff000 - QUEUE_SIZE * PGSIZE)

/* timer.c */
void timer(envid_t ns_envid, uint32_t initial_to);

/* input.c */
void input(envid_t ns_envid);

/* output.c */
void output(envid_t ns_envid);

#endif /* !JOS_NET_NS_H */
