/*
 * nicsim stand-in for JOS inc/stdio.h: console output. cprintf is the
 * kernel's and the user library's printf; the format also takes %e (an
 * error code, printed by name).
 */
#ifndef JOS_INC_STDIO_H
#define JOS_INC_STDIO_H

#include <inc/stdarg.h>

#ifndef NULL
#define NULL ((void *)0)
#endif

/* lib/console.c */
void cputchar(int c);
int getchar(void);
int iscons(int fd);

/* lib/printfmt.c */
void printfmt(void (*putch)(int, void *), void *putdat, const char *fmt, ...);
void vprintfmt(void (*putch)(int, void *), void *putdat, const char *fmt,
               va_list);
int snprintf(char *str, int size, const char *fmt, ...);
int vsnprintf(char *str, int size, const char *fmt, va_list);

/* lib/printf.c (user) and kern/printf.c (kernel) */
int cprintf(const char *fmt, ...);
int vcprintf(const char *fmt, va_list);

#endif /* !JOS_INC_STDIO_H */
