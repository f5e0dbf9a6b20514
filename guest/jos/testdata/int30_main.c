/*
 * Native test of the int $0x30 trampoline (hosted/int30.h,
 * hosted/rt_jos_trap.c): a lab's lib/syscall.c, compiled with the forced
 * include, is linked with this file, whose nicsim_jos_trap records the
 * call. Every wrapper must reach the trap with its number and arguments,
 * get the trap's result, and find its registers intact afterwards (the
 * panic of a checked call with a positive result prints the number it
 * kept in a register across the trap). Prints "ok" or what went wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t got[6];
static int calls;
static int32_t result;

int32_t nicsim_jos_trap(uint32_t num, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5) {
  got[0] = num, got[1] = a1, got[2] = a2, got[3] = a3, got[4] = a4, got[5] = a5;
  calls++;
  /* Clobber what a C function may clobber. */
  volatile double d = num * 1.5;
  (void)d;
  return result;
}

static char panicked[256];
static jmp_buf back; /* _panic is noreturn in inc/assert.h */

void _panic(const char *file, int line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(panicked, sizeof panicked, fmt, ap);
  va_end(ap);
  longjmp(back, 1);
}

int sys_page_map(int32_t, void *, int32_t, void *, int);
int sys_page_alloc(int32_t, void *, int);
int sys_ipc_try_send(int32_t, uint32_t, void *, int);
unsigned int sys_time_msec(void);

static int fail(const char *what) {
  printf("%s: got %u %u %u %u %u %u after %d calls\n", what, got[0], got[1], got[2], got[3], got[4], got[5], calls);
  return 1;
}

int main(void) {
  result = 0;
  if (sys_page_map(0x1001, (void *)0x0ffeb000, 0x1002, (void *)0x0ffec000, 7) != 0)
    return fail("page_map result");
  if (got[0] != 5 || got[1] != 0x1001 || got[2] != 0x0ffeb000 || got[3] != 0x1002 || got[4] != 0x0ffec000 || got[5] != 7)
    return fail("page_map args");
  result = -7;
  if (sys_ipc_try_send(0x1003, 11, (void *)0x0ffed000, 5) != -7)
    return fail("ipc_try_send result");
  if (got[0] != 12 || got[1] != 0x1003 || got[2] != 11 || got[3] != 0x0ffed000 || got[4] != 5)
    return fail("ipc_try_send args");
  result = 1234;
  if (sys_time_msec() != 1234 || got[0] != 14)
    return fail("time_msec");
  result = 3; /* a checked call with a positive result panics with its number */
  if (setjmp(back) == 0)
    sys_page_alloc(0x1001, (void *)0x0ffeb000, 7);
  if (strstr(panicked, "syscall 4 returned 3") == NULL) {
    printf("panic message \"%s\"\n", panicked);
    return 1;
  }
  printf("ok %d\n", calls);
  return 0;
}
