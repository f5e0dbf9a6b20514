/*
 * The memory functions every freestanding C build needs (gcc calls memcpy
 * and memset for struct copies and initialisers), with the signatures of
 * the teaching kernels' string.c. Each is weak, so a driver or a kernel's
 * runtime that defines its own wins at link time. Each reports the whole
 * range it touches as one access.
 */
#include "rt.h"

NICSIM_WEAK void *memset(void *dst, int c, unsigned int n) {
  if (n)
    nicsim_check((uint64_t)dst, n, 1, NICSIM_RA());
  char *d = dst;
  for (unsigned int i = 0; i < n; i++)
    d[i] = (char)c;
  return dst;
}

static void *nicsim_move(void *dst, const void *src, unsigned long n, uint64_t pc) {
  if (n) {
    nicsim_check((uint64_t)src, n, 0, pc);
    nicsim_check((uint64_t)dst, n, 1, pc);
  }
  const char *s = src;
  char *d = dst;
  if (s < d && s + n > d) {
    while (n-- > 0)
      d[n] = s[n];
  } else {
    for (unsigned long i = 0; i < n; i++)
      d[i] = s[i];
  }
  return dst;
}

NICSIM_WEAK void *memmove(void *dst, const void *src, unsigned int n) {
  return nicsim_move(dst, src, n, NICSIM_RA());
}

/* gcc may call memcpy for struct copies (size_t length). */
NICSIM_WEAK void *memcpy(void *dst, const void *src, unsigned long n) {
  return nicsim_move(dst, src, n, NICSIM_RA());
}

NICSIM_WEAK int memcmp(const void *v1, const void *v2, unsigned int n) {
  if (n) {
    nicsim_check((uint64_t)v1, n, 0, NICSIM_RA());
    nicsim_check((uint64_t)v2, n, 0, NICSIM_RA());
  }
  const unsigned char *a = v1, *b = v2;
  for (unsigned int i = 0; i < n; i++)
    if (a[i] != b[i])
      return a[i] - b[i];
  return 0;
}

