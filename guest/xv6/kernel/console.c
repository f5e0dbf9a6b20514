// console.c: 16550 UART at 0x10000000, xv6's printf and panic, and the command line
// that the nicsim host types into the console.
#include "nicsim.h"

#define RHR 0
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define LSR 5
#define LSR_RX_READY 0x01
#define LSR_TX_IDLE 0x20
#define UREG(r) ((volatile uint8 *)(NS_UART + (r)))

static char line[128];
static int linelen;
static volatile int lineready;
static volatile int panicked;

void
ns_uartinit(void)
{
  *UREG(IER) = 0x00;
  *UREG(LCR) = 0x80; // baud latch
  *UREG(0) = 0x03;
  *UREG(1) = 0x00;
  *UREG(LCR) = 0x03; // 8 bits, no parity
  *UREG(FCR) = 0x07; // reset and enable FIFOs
  *UREG(IER) = 0x01; // receive interrupts
}

static void
putc(int c)
{
  while ((*UREG(LSR) & LSR_TX_IDLE) == 0)
    ;
  *UREG(THR) = c;
}

// ns_uartintr runs in the trap handler and collects one command line at a time.
void
ns_uartintr(void)
{
  while (*UREG(LSR) & LSR_RX_READY) {
    int c = *UREG(RHR);
#ifdef NICSIM_PROMPT
    putc(c == 0x7f ? '\b' : c); // echo input, as xv6's console does
#endif
    if (lineready || c == '\r')
      continue;
    if (c == 0x7f || c == '\b') {
      if (linelen > 0)
        linelen--; // erase, as xv6's console does (the host's probe is " \x7f")
      continue;
    }
    if (c == '\n') {
      line[linelen] = 0;
      lineready = 1;
    } else if (linelen < (int)sizeof(line) - 1) {
      line[linelen++] = c;
    }
  }
}

// ns_console_pending reports whether a whole command line is waiting.
int
ns_console_pending(void)
{
  return lineready;
}

// ns_getline sleeps (wfi) until a whole command line has arrived.
int
ns_getline(char *buf, int n)
{
  ns_intr_off();
  while (!lineready)
    ns_idle();
  int i;
  for (i = 0; i < n - 1 && i < linelen; i++)
    buf[i] = line[i];
  buf[i] = 0;
  linelen = 0;
  lineready = 0;
  ns_intr_on();
  return i;
}

static void
printint(long xx, int base, int sign)
{
  static char digits[] = "0123456789abcdef";
  char buf[24];
  int i = 0;
  unsigned long x = (sign && xx < 0) ? -xx : xx;
  do {
    buf[i++] = digits[x % base];
  } while ((x /= base) != 0);
  if (sign && xx < 0)
    buf[i++] = '-';
  while (--i >= 0)
    putc(buf[i]);
}

static void
vprintf(const char *fmt, __builtin_va_list ap)
{
  for (int i = 0; fmt[i]; i++) {
    int c = fmt[i];
    if (c != '%') {
      putc(c);
      continue;
    }
    int lng = 0;
    while (fmt[i + 1] == 'l' || fmt[i + 1] == 'z') {
      lng = 1;
      i++;
    }
    c = fmt[++i];
    if (c == 0)
      break;
    switch (c) {
    case 'd':
      printint(lng ? __builtin_va_arg(ap, long) : __builtin_va_arg(ap, int), 10, 1);
      break;
    case 'u':
      printint(lng ? __builtin_va_arg(ap, unsigned long) : __builtin_va_arg(ap, unsigned int), 10, 0);
      break;
    case 'x':
      printint(lng ? __builtin_va_arg(ap, unsigned long) : __builtin_va_arg(ap, unsigned int), 16, 0);
      break;
    case 'p':
      putc('0');
      putc('x');
      printint(__builtin_va_arg(ap, unsigned long), 16, 0);
      break;
    case 'c':
      putc(__builtin_va_arg(ap, int));
      break;
    case 's': {
      const char *s = __builtin_va_arg(ap, const char *);
      for (s = s ? s : "(null)"; *s; s++)
        putc(*s);
      break;
    }
    default:
      putc('%');
      putc(c);
    }
  }
}

// printf prints with interrupts off so that a line from the interrupt handler never
// lands inside a line of the command loop.
NS_PRINTF_RET
printf(char *fmt, ...)
{
  __builtin_va_list ap;
  int on = ns_intr_get();
  ns_intr_off();
  __builtin_va_start(ap, fmt);
  vprintf(fmt, ap);
  __builtin_va_end(ap);
  if (on && !panicked)
    ns_intr_on();
#ifdef NICSIM_ABI_2024
  return 0;
#endif
}

extern char trapret[];
extern char stack0[], stack0_top[];
uint64 ns_trap_epc;

// backtrace walks the frame-pointer chain (s0; ra at -8, caller's s0 at -16; a leaf
// function keeps only the caller's s0, at -8). A return into trapvec is replaced by
// the pc the trap interrupted.
static void
backtrace(void)
{
  uint64 fp;
  asm volatile("mv %0, s0" : "=r"(fp));
  for (int n = 0; n < 24; n++) {
    if (fp < (uint64)stack0 + 16 || fp > (uint64)stack0_top || fp % 8)
      break;
    uint64 ra = *(uint64 *)(fp - 8);
    if (ra >= (uint64)stack0 && ra <= (uint64)stack0_top) {
      fp = ra; // a leaf function saves only s0, at fp-8: no return address
      continue;
    }
    if (ra == (uint64)trapret)
      ra = ns_trap_epc + 4; // symbolised as ra-4 by the host, like every return address
    printf("nicsim: bt 0x%lx\n", ra);
    fp = *(uint64 *)(fp - 16);
  }
}

void
ns_halt(void)
{
  printf("nicsim: halted\n");
  for (;;)
    ns_wfi();
}

void
panic(char *s)
{
  ns_intr_off();
  panicked = 1;
  printf("panic: %s\n", s);
  backtrace();
  ns_halt();
}

static const char *
causename(uint64 cause)
{
  static const char *names[] = {
      "instruction address misaligned", "instruction access fault", "illegal instruction",
      "breakpoint", "load address misaligned", "load access fault",
      "store address misaligned", "store access fault", "ecall from U-mode",
      "ecall from S-mode", "reserved", "ecall from M-mode",
      "instruction page fault", "load page fault", "reserved", "store page fault",
  };
  return cause < NELEM(names) ? names[cause] : "unknown";
}

void
ns_panic_trap(uint64 cause, uint64 epc, uint64 tval)
{
  ns_intr_off();
  panicked = 1;
  printf("panic: %s (mcause=%d mepc=0x%lx mtval=0x%lx)\n", causename(cause), (int)cause, epc,
         tval);
  backtrace();
  ns_halt();
}
