/*
 * lib.c: the freestanding C library of nicsim's bare i386 guest: memory
 * routines (gcc may call them for struct copies) and a small printf.
 */
#include "pc.h"

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	while (n-- > 0)
		*d++ = (uint8_t)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n] != 0)
		n++;
	return n;
}

/* out is a bounded output buffer that counts what did not fit. */
struct out {
	char *buf;
	size_t size, n;
};

static void put(struct out *o, char c)
{
	if (o->n + 1 < o->size)
		o->buf[o->n] = c;
	o->n++;
}

static void put_num(struct out *o, unsigned long long v, unsigned base, int width, char pad, int neg, int upper)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int k = 0;
	do {
		tmp[k++] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (neg)
		tmp[k++] = '-';
	for (int w = k; w < width; w++)
		put(o, pad);
	while (k > 0)
		put(o, tmp[--k]);
}

/* conv formats one conversion; longs counts l modifiers. */
static void conv(struct out *o, char c, int longs, int width, char pad, va_list *ap)
{
	long long sv;
	unsigned long long uv;
	switch (c) {
	case 'd':
	case 'i':
		sv = longs >= 2 ? va_arg(*ap, long long) : longs ? va_arg(*ap, long) : va_arg(*ap, int);
		put_num(o, sv < 0 ? -(unsigned long long)sv : (unsigned long long)sv, 10, width, pad, sv < 0, 0);
		return;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		uv = longs >= 2 ? va_arg(*ap, unsigned long long) : longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
		put_num(o, uv, c == 'u' ? 10 : c == 'o' ? 8 : 16, width, pad, 0, c == 'X');
		return;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_num(o, (uintptr_t)va_arg(*ap, void *), 16, width, pad, 0, 0);
		return;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		return;
	case 's': {
		const char *s = va_arg(*ap, const char *);
		if (s == 0)
			s = "(null)";
		size_t n = strlen(s);
		for (int w = (int)n; w < width; w++)
			put(o, ' ');
		while (*s)
			put(o, *s++);
		return;
	}
	default:
		put(o, '%');
		put(o, c);
	}
}

int pc_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	va_list aq;
	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, longs = 0;
		if (*fmt == '-')
			fmt++; /* left alignment is not supported; the width still counts */
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z')
			longs += *fmt++ == 'l';
		if (*fmt == 0)
			break;
		if (*fmt == '%')
			put(&o, '%');
		else
			conv(&o, *fmt, longs, width, pad, &aq);
	}
	va_end(aq);
	if (size > 0)
		buf[o.n < size ? o.n : size - 1] = 0;
	return (int)o.n;
}

void pc_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = pc_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pc_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}
