/*
 * nicsim stand-in for xv6 kernel/net.h, mbuf generation (2020-2023):
 * the mbuf packet-buffer API plus the shared protocol headers.
 */
#ifndef NICSIM_XV6_NET_H
#define NICSIM_XV6_NET_H

#include "../common/xv6_netproto.h"

#define MBUF_SIZE 2048
#define MBUF_DEFAULT_HEADROOM 128

/*
 * A packet buffer. mbufalloc() kalloc()s one page per mbuf, so an mbuf is
 * page aligned and (struct mbuf *)PGROUNDDOWN(m->head) recovers it.
 * LP64 layout: next@0, head@8, len@16, buf@20; sizeof 2072.
 */
struct mbuf {
  struct mbuf *next;   /* next mbuf in a queue */
  char *head;          /* first byte of the packet data */
  unsigned int len;    /* bytes of packet data at head */
  char buf[MBUF_SIZE]; /* storage; head points inside it */
};

char *mbufpull(struct mbuf *m, unsigned int len); /* drop len bytes at front */
char *mbufpush(struct mbuf *m, unsigned int len); /* grow len bytes at front */
char *mbufput(struct mbuf *m, unsigned int len);  /* grow len bytes at tail */
char *mbuftrim(struct mbuf *m, unsigned int len); /* drop len bytes at tail */

/* The same operations sized and typed by a header struct. */
#define mbufpullhdr(mbuf, hdr) (__typeof__(hdr) *)mbufpull(mbuf, sizeof(hdr))
#define mbufpushhdr(mbuf, hdr) (__typeof__(hdr) *)mbufpush(mbuf, sizeof(hdr))
#define mbufputhdr(mbuf, hdr) (__typeof__(hdr) *)mbufput(mbuf, sizeof(hdr))
#define mbuftrimhdr(mbuf, hdr) (__typeof__(hdr) *)mbuftrim(mbuf, sizeof(hdr))

/* 0 if headroom > MBUF_SIZE or memory is exhausted. */
struct mbuf *mbufalloc(unsigned int headroom);
void mbuffree(struct mbuf *m);

/* FIFO of mbufs linked through next. */
struct mbufq {
  struct mbuf *head;
  struct mbuf *tail;
};

void mbufq_pushtail(struct mbufq *q, struct mbuf *m);
struct mbuf *mbufq_pophead(struct mbufq *q);
int mbufq_empty(struct mbufq *q);
void mbufq_init(struct mbufq *q);

#endif /* NICSIM_XV6_NET_H */
