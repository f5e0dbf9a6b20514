/*
 * net.c of the two net-lab generations: net_rx (which may transmit an ARP
 * reply from inside the receive path, as xv6 does) and the mbuf API.
 */
#include "rt.h"

NICSIM_WEAK struct mbuf *mbufalloc(unsigned int headroom) {
  return (struct mbuf *)nicsim_yield(EV_MBUFALLOC, headroom, 0, 0, NICSIM_RA());
}

NICSIM_WEAK void mbuffree(struct mbuf *m) {
  nicsim_yield(EV_MBUFFREE, (uint64_t)m, 0, 0, NICSIM_RA());
}

/* Free a buffer the way the ABI does: mbuffree or kfree. */
static void nicsim_buffree(uint64_t buf) {
#ifdef NICSIM_ABI_2024
  extern void kfree(void *);
  kfree((void *)buf);
#else
  mbuffree((struct mbuf *)buf);
#endif
}

/*
 * Hand a received buffer to the stack. The host answers with a buffer to
 * transmit (an ARP reply) or 0; that transmit runs right here, inside the
 * driver's receive path, on the same CPU.
 */
static inline __attribute__((always_inline)) void nicsim_net_rx(uint64_t buf, uint64_t len) {
  /* Not instrumented: record the driver's call site so that chains through
   * the ARP transmit read "e1000_transmit <- net_rx <- e1000_recv ...". */
  extern void __tsan_func_entry(void *pc);
  extern void __tsan_func_exit(void);
  __tsan_func_entry(__builtin_return_address(0));
  uint64_t reply = nicsim_yield(EV_NETRX, buf, len, 0, NICSIM_RA());
  uint64_t rlen = nicsim_ctl.reply2;
  if (reply && e1000_transmit(reply, rlen) != 0)
    nicsim_buffree(reply);
  nicsim_buffree(buf);
  __tsan_func_exit();
}

#ifdef NICSIM_ABI_2024
NICSIM_WEAK void net_rx(char *buf, int len) { nicsim_net_rx((uint64_t)buf, (uint64_t)(int64_t)len); }
#else
NICSIM_WEAK void net_rx(struct mbuf *m) { nicsim_net_rx((uint64_t)m, 0); }

/* The driver never sends UDP itself; accept and drop. */
NICSIM_WEAK void net_tx_udp(struct mbuf *m, uint32_t dip, uint16_t sport, uint16_t dport) {
  mbuffree(m);
}

NICSIM_WEAK char *mbufpull(struct mbuf *m, unsigned int len) {
  char *tmp = m->head;
  if (m->len < len)
    return 0;
  m->len -= len;
  m->head += len;
  return tmp;
}

NICSIM_WEAK char *mbufpush(struct mbuf *m, unsigned int len) {
  extern void panic(char *) __attribute__((noreturn));
  m->head -= len;
  if (m->head < m->buf)
    panic("mbufpush");
  m->len += len;
  return m->head;
}

NICSIM_WEAK char *mbufput(struct mbuf *m, unsigned int len) {
  extern void panic(char *) __attribute__((noreturn));
  char *tmp = m->head + m->len;
  m->len += len;
  if (m->len > MBUF_SIZE)
    panic("mbufput");
  return tmp;
}

NICSIM_WEAK char *mbuftrim(struct mbuf *m, unsigned int len) {
  if (len > m->len)
    return 0;
  m->len -= len;
  return m->head + m->len;
}

NICSIM_WEAK void mbufq_pushtail(struct mbufq *q, struct mbuf *m) {
  m->next = 0;
  if (!q->head) {
    q->head = q->tail = m;
    return;
  }
  q->tail->next = m;
  q->tail = m;
}

NICSIM_WEAK struct mbuf *mbufq_pophead(struct mbufq *q) {
  struct mbuf *head = q->head;
  if (!head)
    return 0;
  q->head = head->next;
  return head;
}

NICSIM_WEAK int mbufq_empty(struct mbufq *q) { return q->head == 0; }
NICSIM_WEAK void mbufq_init(struct mbufq *q) { q->head = 0; }
#endif
