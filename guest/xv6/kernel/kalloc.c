// kalloc.c: xv6's page allocator over the RAM after the kernel image, plus the string
// functions. kalloc fills a page with junk (5), kfree with 1, as xv6 does; kfree panics
// "kfree" on a pointer that is unaligned or outside RAM, and "kfree: not allocated" on a
// page that is not currently allocated (a double free, which xv6 would not notice).
#include "nicsim.h"

extern char end[]; // first address after the kernel, from kernel.ld

struct run {
  struct run *next;
};

#define NPAGES ((NS_RAM_END - 0x80000000UL) / PGSIZE)

static struct run *freelist;
static uint64 bump; // pages above bump have never been handed out
static uint8 inuse[NPAGES / 8];
static int npages_in_use;

void
ns_kinit(void)
{
  bump = PGROUNDUP((uint64)end);
}

static int
pageindex(void *pa)
{
  return ((uint64)pa - 0x80000000UL) / PGSIZE;
}

void *
kalloc(void)
{
  push_off();
  struct run *r = freelist;
  if (r) {
    freelist = r->next;
  } else if (bump < NS_RAM_END) {
    r = (struct run *)bump;
    bump += PGSIZE;
  }
  if (r) {
    int i = pageindex(r);
    inuse[i / 8] |= 1 << (i % 8);
    npages_in_use++;
  }
  pop_off();
  if (r)
    memset((char *)r, 5, PGSIZE);
  return (void *)r;
}

void
kfree(void *pa)
{
  if (((uint64)pa % PGSIZE) != 0 || (char *)pa < end || (uint64)pa >= NS_RAM_END)
    panic("kfree");
  int i = pageindex(pa);
  if ((inuse[i / 8] & (1 << (i % 8))) == 0)
    panic("kfree: not allocated");
  memset(pa, 1, PGSIZE);
  push_off();
  inuse[i / 8] &= ~(1 << (i % 8));
  npages_in_use--;
  struct run *r = (struct run *)pa;
  r->next = freelist;
  freelist = r;
  pop_off();
}

int
ns_pages_in_use(void)
{
  return npages_in_use;
}

void *
memset(void *dst, int c, uint n)
{
  char *cdst = (char *)dst;
  uint i = 0;
  if (((uint64)dst & 7) == 0) { // 8 bytes at a time: kalloc fills whole pages
    uint64 w = (uint8)c * 0x0101010101010101UL;
    for (; i + 8 <= n; i += 8)
      *(uint64 *)(cdst + i) = w;
  }
  for (; i < n; i++)
    cdst[i] = c;
  return dst;
}

int
memcmp(const void *v1, const void *v2, uint n)
{
  const uchar *s1 = v1, *s2 = v2;
  for (; n > 0; n--, s1++, s2++)
    if (*s1 != *s2)
      return *s1 - *s2;
  return 0;
}

void *
memmove(void *dst, const void *src, uint n)
{
  const char *s = src;
  char *d = dst;
  if (n == 0)
    return dst;
  if (s < d && s + n > d) {
    s += n;
    d += n;
    while (n-- > 0)
      *--d = *--s;
  } else {
    while (n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

// memcpy exists because gcc may emit calls to it for struct copies.
void *
memcpy(void *dst, const void *src, unsigned long n)
{
  return memmove(dst, src, n);
}
