// mbuf.c: xv6's mbuf API (2020-2023 ABI). One mbuf per kalloc'd page, so an mbuf is
// page aligned and (struct mbuf *)PGROUNDDOWN(m->head) finds it, as some drivers rely on.
#include "nicsim.h"
#ifndef NICSIM_ABI_2024

char *
mbufpull(struct mbuf *m, unsigned int len)
{
  char *tmp = m->head;
  if (m->len < len)
    return 0;
  m->len -= len;
  m->head += len;
  return tmp;
}

char *
mbufpush(struct mbuf *m, unsigned int len)
{
  m->head -= len;
  if (m->head < m->buf)
    panic("mbufpush");
  m->len += len;
  return m->head;
}

char *
mbufput(struct mbuf *m, unsigned int len)
{
  char *tmp = m->head + m->len;
  m->len += len;
  if (m->len > MBUF_SIZE)
    panic("mbufput");
  return tmp;
}

char *
mbuftrim(struct mbuf *m, unsigned int len)
{
  if (len > m->len)
    return 0;
  m->len -= len;
  return m->head + m->len;
}

struct mbuf *
mbufalloc(unsigned int headroom)
{
  if (headroom > MBUF_SIZE)
    return 0;
  struct mbuf *m = kalloc();
  if (m == 0)
    return 0;
  m->next = 0;
  m->head = (char *)m->buf + headroom;
  m->len = 0;
  memset(m->buf, 0, sizeof(m->buf));
  return m;
}

void
mbuffree(struct mbuf *m)
{
  kfree(m);
}

void
mbufq_pushtail(struct mbufq *q, struct mbuf *m)
{
  m->next = 0;
  if (!q->head) {
    q->head = q->tail = m;
    return;
  }
  q->tail->next = m;
  q->tail = m;
}

struct mbuf *
mbufq_pophead(struct mbufq *q)
{
  struct mbuf *head = q->head;
  if (!head)
    return 0;
  q->head = head->next;
  return head;
}

int
mbufq_empty(struct mbufq *q)
{
  return q->head == 0;
}

void
mbufq_init(struct mbufq *q)
{
  q->head = 0;
}

#endif
