/*
 * string.c: the JOS string functions (lib/string.c) that guest/qemu/pc's
 * boot/lib.c does not already provide (it has memset, memcpy, memmove,
 * memcmp and strlen, with the same behaviour).
 */
#include <inc/string.h>

int strnlen(const char *s, size_t size) {
  int n = 0;
  for (; size > 0 && *s != '\0'; s++, size--)
    n++;
  return n;
}

char *strcpy(char *dst, const char *src) {
  char *ret = dst;
  while ((*dst++ = *src++) != '\0')
    ;
  return ret;
}

char *strcat(char *dst, const char *src) {
  strcpy(dst + strlen(dst), src);
  return dst;
}

char *strncpy(char *dst, const char *src, size_t size) {
  char *ret = dst;
  for (size_t i = 0; i < size; i++) {
    *dst++ = *src;
    if (*src != '\0') /* pads with zeros once src ends, as JOS's does */
      src++;
  }
  return ret;
}

size_t strlcpy(char *dst, const char *src, size_t size) {
  char *start = dst;
  if (size > 0) {
    while (--size > 0 && *src != '\0')
      *dst++ = *src++;
    *dst = '\0';
  }
  return dst - start;
}

int strcmp(const char *p, const char *q) {
  while (*p && *p == *q)
    p++, q++;
  return (int)((unsigned char)*p - (unsigned char)*q);
}

int strncmp(const char *p, const char *q, size_t n) {
  while (n > 0 && *p && *p == *q)
    n--, p++, q++;
  if (n == 0)
    return 0;
  return (int)((unsigned char)*p - (unsigned char)*q);
}

char *strchr(const char *s, char c) {
  for (; *s; s++)
    if (*s == c)
      return (char *)s;
  return 0;
}

char *strfind(const char *s, char c) {
  for (; *s; s++)
    if (*s == c)
      break;
  return (char *)s;
}

void *memfind(const void *s, int c, size_t n) {
  const void *ends = (const char *)s + n;
  for (; s < ends; s++)
    if (*(const unsigned char *)s == (unsigned char)c)
      break;
  return (void *)s;
}

long strtol(const char *s, char **endptr, int base) {
  int neg = 0;
  long val = 0;
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '+')
    s++;
  else if (*s == '-')
    s++, neg = 1;
  if ((base == 0 || base == 16) && (s[0] == '0' && s[1] == 'x'))
    s += 2, base = 16;
  else if (base == 0 && s[0] == '0')
    s++, base = 8;
  else if (base == 0)
    base = 10;
  for (;; s++) {
    int dig;
    if (*s >= '0' && *s <= '9')
      dig = *s - '0';
    else if (*s >= 'a' && *s <= 'z')
      dig = *s - 'a' + 10;
    else if (*s >= 'A' && *s <= 'Z')
      dig = *s - 'A' + 10;
    else
      break;
    if (dig >= base)
      break;
    val = val * base + dig;
  }
  if (endptr)
    *endptr = (char *)s;
  return neg ? -val : val;
}
