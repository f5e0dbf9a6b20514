/*
 * A small printf formatter for the driver's printf and snprintf:
 * %d %i %u %x %X %p %s %c %%, the l and ll (and z) length modifiers,
 * a width, zero padding and left alignment ('-').
 */
#include "rt.h"

struct out {
  char *b;
  int size, n;
};

static void put(struct out *o, char c) {
  if (o->n < o->size - 1)
    o->b[o->n] = c;
  o->n++;
}

static void pad(struct out *o, int n, char c) {
  while (n-- > 0)
    put(o, c);
}

/* Render s (len bytes) in a field of width, padded with pc. */
static void field(struct out *o, const char *s, int len, int width, int left, char pc) {
  if (!left)
    pad(o, width - len, pc);
  for (int i = 0; i < len; i++)
    put(o, s[i]);
  if (left)
    pad(o, width - len, ' ');
}

static int utoa(char *buf, uint64_t v, unsigned base, int upper) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = digits[v % base];
    v /= base;
  } while (v);
  for (int i = 0; i < n; i++)
    buf[i] = tmp[n - 1 - i];
  return n;
}

static void number(struct out *o, char conv, int lng, va_list *ap, int width, int left, char pc) {
  char buf[24];
  int n = 0;
  uint64_t u;
  if (conv == 'd' || conv == 'i') {
    int64_t v = lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
    if (v < 0) {
      if (pc == '0') {
        put(o, '-');
        width--;
      } else {
        buf[n++] = '-';
      }
      u = -(uint64_t)v;
    } else {
      u = (uint64_t)v;
    }
    n += utoa(buf + n, u, 10, 0);
  } else if (conv == 'p') {
    u = (uint64_t)va_arg(*ap, void *);
    buf[n++] = '0';
    buf[n++] = 'x';
    n += utoa(buf + n, u, 16, 0);
  } else {
    u = lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned int);
    n = utoa(buf, u, conv == 'u' ? 10 : 16, conv == 'X');
  }
  field(o, buf, n, width, left, pc);
}

int nicsim_vformat(char *b, int size, const char *fmt, va_list ap0) {
  struct out o = {b, size, 0};
  va_list ap;
  va_copy(ap, ap0);
  for (const char *p = fmt; p && *p; p++) {
    if (*p != '%') {
      put(&o, *p);
      continue;
    }
    int left = 0, width = 0, lng = 0;
    char pc = ' ';
    p++;
    for (; *p == '-' || *p == '0'; p++) {
      if (*p == '-')
        left = 1;
      else
        pc = '0';
    }
    for (; *p >= '0' && *p <= '9'; p++)
      width = width * 10 + (*p - '0');
    for (; *p == 'l' || *p == 'z'; p++)
      lng = 1;
    switch (*p) {
    case 'd': case 'i': case 'u': case 'x': case 'X': case 'p':
      number(&o, *p, lng, &ap, width, left, left ? ' ' : pc);
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (!s)
        s = "(null)";
      int n = 0;
      while (s[n])
        n++;
      field(&o, s, n, width, left, ' ');
      break;
    }
    case 'c': {
      char c = (char)va_arg(ap, int);
      field(&o, &c, 1, width, left, ' ');
      break;
    }
    case '%':
      put(&o, '%');
      break;
    case 0:
      p--;
      break;
    default:
      put(&o, '%');
      put(&o, *p);
    }
  }
  va_end(ap);
  if (size > 0)
    b[o.n < size ? o.n : size - 1] = 0;
  return o.n;
}
