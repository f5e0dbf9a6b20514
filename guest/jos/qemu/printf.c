/*
 * printf.c: the JOS guest's console and panic services: cprintf over COM1
 * with JOS's printfmt conversions (%d %u %o %x %p %c %s %e %%, widths, '-'
 * and '0' padding, precision for strings, l and ll), snprintf, and _panic and
 * _warn with JOS lab 6's messages ("kernel panic on CPU 0 at FILE:LINE: ...").
 * After a panic the guest prints the frame-pointer chain ("nicsim: bt 0x...")
 * and halts.
 */
#include <inc/assert.h>
#include <inc/error.h>
#include <inc/stdarg.h>
#include <inc/stdio.h>
#include <inc/string.h>

/* From guest/qemu/pc (boot/pc.h, which this file cannot include). */
void pc_write(const char *s, size_t n);
int pc_getc(void);
void pc_halt(void) __attribute__((noreturn));
extern char pc_stack_bottom[], pc_stack_top[];

static const char *const error_string[] = {
    [E_UNSPECIFIED] = "unspecified error",
    [E_BAD_ENV] = "bad environment",
    [E_INVAL] = "invalid parameter",
    [E_NO_MEM] = "out of memory",
    [E_NO_FREE_ENV] = "out of environments",
    [E_FAULT] = "segmentation fault",
    [E_IPC_NOT_RECV] = "env is not recving",
    [E_EOF] = "unexpected end of file",
    [E_NO_DISK] = "no free space on disk",
    [E_MAX_OPEN] = "too many files are open",
    [E_NOT_FOUND] = "file or block not found",
    [E_BAD_PATH] = "invalid path",
    [E_FILE_EXISTS] = "file already exists",
    [E_NOT_EXEC] = "file is not a valid executable",
    [E_NOT_SUPP] = "operation not supported",
};

static void putnum(void (*putch)(int, void *), void *putdat,
                   unsigned long long num, unsigned base, int width, int pad) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[num % base];
    num /= base;
  } while (num != 0);
  while (width-- > n)
    putch(pad, putdat);
  while (n > 0)
    putch(digits[--n], putdat);
}

static unsigned long long getuint(va_list *ap, int lflag) {
  if (lflag >= 2)
    return va_arg(*ap, unsigned long long);
  if (lflag)
    return va_arg(*ap, unsigned long);
  return va_arg(*ap, unsigned int);
}

static long long getint(va_list *ap, int lflag) {
  if (lflag >= 2)
    return va_arg(*ap, long long);
  if (lflag)
    return va_arg(*ap, long);
  return va_arg(*ap, int);
}

static void putstr(void (*putch)(int, void *), void *putdat, const char *p,
                   int width, int precision, int left) {
  if (p == NULL)
    p = "(null)";
  int n = precision >= 0 ? strnlen(p, precision) : strlen(p);
  for (; !left && width > n; width--)
    putch(' ', putdat);
  for (int i = 0; i < n; i++)
    putch(p[i], putdat);
  for (; left && width > n; width--)
    putch(' ', putdat);
}

void vprintfmt(void (*putch)(int, void *), void *putdat, const char *fmt,
               va_list ap) {
  va_list aq;
  __builtin_va_copy(aq, ap);
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      putch(*fmt, putdat);
      continue;
    }
    const char *start = fmt++;
    int pad = ' ', left = 0, width = 0, precision = -1, lflag = 0;
    for (; *fmt == '-' || *fmt == '0'; fmt++)
      *fmt == '-' ? (left = 1) : (pad = '0');
    if (*fmt == '*')
      width = va_arg(aq, int), fmt++;
    for (; *fmt >= '0' && *fmt <= '9'; fmt++)
      width = width * 10 + *fmt - '0';
    if (*fmt == '.')
      for (precision = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
        precision = precision * 10 + *fmt - '0';
    for (; *fmt == 'l'; fmt++)
      lflag++;
    switch (*fmt) {
    case 'c':
      putch(va_arg(aq, int), putdat);
      break;
    case 's':
      putstr(putch, putdat, va_arg(aq, const char *), width, precision, left);
      break;
    case 'e': {
      int err = va_arg(aq, int);
      if (err < 0)
        err = -err;
      if (err >= MAXERROR || error_string[err] == NULL)
        printfmt(putch, putdat, "error %d", err);
      else
        putstr(putch, putdat, error_string[err], width, precision, left);
      break;
    }
    case 'd': {
      long long num = getint(&aq, lflag);
      if (num < 0) {
        putch('-', putdat);
        num = -num;
      }
      putnum(putch, putdat, num, 10, width, pad);
      break;
    }
    case 'u':
      putnum(putch, putdat, getuint(&aq, lflag), 10, width, pad);
      break;
    case 'o':
      putnum(putch, putdat, getuint(&aq, lflag), 8, width, pad);
      break;
    case 'x':
    case 'X':
      putnum(putch, putdat, getuint(&aq, lflag), 16, width, pad);
      break;
    case 'p':
      putch('0', putdat);
      putch('x', putdat);
      putnum(putch, putdat, (uintptr_t)va_arg(aq, void *), 16, width, pad);
      break;
    case '%':
      putch('%', putdat);
      break;
    default: /* unknown: print the escape as written, as JOS does */
      for (; start <= fmt && *start; start++)
        putch(*start, putdat);
      if (*fmt == 0)
        fmt--;
    }
  }
  va_end(aq);
}

void printfmt(void (*putch)(int, void *), void *putdat, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintfmt(putch, putdat, fmt, ap);
  va_end(ap);
}

/* line buffers console output so that lines do not interleave. */
struct line {
  char buf[256];
  int n, total;
};

static void line_putch(int c, void *arg) {
  struct line *l = arg;
  l->buf[l->n++] = (char)c;
  l->total++;
  if (l->n == sizeof(l->buf) || c == '\n') {
    pc_write(l->buf, l->n);
    l->n = 0;
  }
}

int vcprintf(const char *fmt, va_list ap) {
  struct line l = {.n = 0};
  vprintfmt(line_putch, &l, fmt, ap);
  if (l.n > 0)
    pc_write(l.buf, l.n);
  return l.total;
}

int cprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vcprintf(fmt, ap);
  va_end(ap);
  return n;
}

void cputchar(int c) {
  char ch = (char)c;
  pc_write(&ch, 1);
}

int getchar(void) {
  int c;
  while ((c = pc_getc()) < 0)
    ;
  return c;
}

int iscons(int fd) { return (void)fd, 1; }

struct sprintbuf {
  char *buf, *ebuf;
  int cnt;
};

static void sprintputch(int ch, void *arg) {
  struct sprintbuf *b = arg;
  b->cnt++;
  if (b->buf < b->ebuf)
    *b->buf++ = (char)ch;
}

int vsnprintf(char *buf, int n, const char *fmt, va_list ap) {
  if (buf == NULL || n < 1)
    return -E_INVAL;
  struct sprintbuf b = {buf, buf + n - 1, 0};
  vprintfmt(sprintputch, &b, fmt, ap);
  *b.buf = '\0';
  return b.cnt;
}

int snprintf(char *buf, int n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = vsnprintf(buf, n, fmt, ap);
  va_end(ap);
  return rc;
}

/* backtrace prints the return addresses of the frame-pointer chain. */
static void backtrace_from(uint32_t ebp) {
  for (int i = 0; i < 16; i++) {
    if (ebp < (uint32_t)pc_stack_bottom || ebp + 8 > (uint32_t)pc_stack_top ||
        (ebp & 3))
      return;
    uint32_t *fp = (uint32_t *)ebp;
    cprintf("nicsim: bt 0x%x\n", fp[1]);
    ebp = fp[0];
  }
}

static const char *panicstr;

void _panic(const char *file, int line, const char *fmt, ...) {
  asm volatile("cli; cld");
  if (panicstr == NULL) {
    panicstr = fmt;
    va_list ap;
    va_start(ap, fmt);
    cprintf("kernel panic on CPU 0 at %s:%d: ", file, line);
    vcprintf(fmt, ap);
    cprintf("\n");
    va_end(ap);
    uint32_t ebp;
    asm volatile("movl %%ebp, %0" : "=r"(ebp));
    backtrace_from(ebp);
  }
  pc_halt();
}

void _warn(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  cprintf("kernel warning at %s:%d: ", file, line);
  vcprintf(fmt, ap);
  cprintf("\n");
  va_end(ap);
}
