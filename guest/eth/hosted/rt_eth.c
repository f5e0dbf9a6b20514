/*
 * rt_eth.c: the eth kernel's services in nicsim's hosted runtime (linked
 * with every eth driver, not instrumented). Port I/O is a scheduling point
 * the kernel model routes (the 82557's I/O window, PCI configuration
 * mechanism #1 at 0xCF8/0xCFC, the PICs); __delay sleeps in virtual time;
 * __install_isr records the handler the interrupt context calls; the
 * callbacks the workload installs report to the host. The queues are the
 * real guest's (rt_eth_queues.c). The protocol is that of rt.h.
 */
#include "rt.h"

#include <cio.h>
#include <common.h>
#include <kdefs.h>
#include <klib.h>
#include <sio.h>
#include <support.h>

/* Events of this kernel: scheduling points, then inline kernel calls. */
enum {
  EV_PORT_IN = 24,  /* a=port b=width; reply value */
  EV_PORT_OUT = 25, /* a=port b=width c=value */
  EV_KCALL = 26,    /* a=call b, c=arguments; a scheduling point */
};

/* Kernel calls (EV_KCALL a). */
enum {
  KC_DELAY = 1,   /* b=tenths */
  KC_ISR = 2,     /* b=vector c=handler: __install_isr */
  KC_CMD = 3,     /* b=id c=status: the command callback ran */
  KC_RX = 4,      /* b=status<<32|count c=data: the rx callback ran */
  KC_CALLBACK = 5 /* b=0 cmd, 1 rx: the callback was set */
};

/* Workload operations (nicsim_kernel_entry op). */
enum { OP_INIT = 1, OP_LOADADDR, OP_TX, OP_CALLBACKS, OP_ISR, OP_LOADADDR_PTR };

#define KCALL(n, b, c) nicsim_yield(EV_KCALL, (n), (uint64_t)(b), (uint64_t)(c), NICSIM_RA())

int __inb(int port) { return (int)nicsim_yield(EV_PORT_IN, (uint64_t)(uint16_t)port, 1, 0, NICSIM_RA()); }
int __inw(int port) { return (int)nicsim_yield(EV_PORT_IN, (uint64_t)(uint16_t)port, 2, 0, NICSIM_RA()); }
int __inl(int port) { return (int)nicsim_yield(EV_PORT_IN, (uint64_t)(uint16_t)port, 4, 0, NICSIM_RA()); }
void __outb(int port, int v) { nicsim_yield(EV_PORT_OUT, (uint64_t)(uint16_t)port, 1, (uint8_t)v, NICSIM_RA()); }
void __outw(int port, int v) { nicsim_yield(EV_PORT_OUT, (uint64_t)(uint16_t)port, 2, (uint16_t)v, NICSIM_RA()); }
void __outl(int port, int v) { nicsim_yield(EV_PORT_OUT, (uint64_t)(uint16_t)port, 4, (uint32_t)v, NICSIM_RA()); }

/* The interrupt handlers by vector. */
static void (*nicsim_isr[256])(int, int);

void (*__install_isr(int vector, void (*handler)(int, int)))(int, int) {
  void (*old)(int, int) = 0;
  if (vector >= 0 && vector < 256) {
    old = nicsim_isr[vector];
    nicsim_isr[vector] = handler;
  }
  KCALL(KC_ISR, vector, handler);
  return old;
}

void __delay(int tenths) { KCALL(KC_DELAY, tenths < 0 ? 0 : tenths, 0); }

void __memset(void *buf, unsigned int len, unsigned int value) {
  if (len)
    nicsim_check((uint64_t)buf, len, 1, NICSIM_RA());
  unsigned char *d = buf;
  for (unsigned int i = 0; i < len; i++)
    d[i] = (unsigned char)value;
}

void __memcpy(void *dst, const void *src, unsigned int len) {
  if (len) {
    nicsim_check((uint64_t)src, len, 0, NICSIM_RA());
    nicsim_check((uint64_t)dst, len, 1, NICSIM_RA());
  }
  const unsigned char *s = src;
  unsigned char *d = dst;
  for (unsigned int i = 0; i < len; i++)
    d[i] = s[i];
}

static void nicsim_print(const char *fmt, va_list ap) {
  int n = nicsim_vformat(nicsim_ctl.msg, NICSIM_MSG, fmt, ap);
  nicsim_yield(EV_PRINTF, (uint64_t)n, 0, 0, NICSIM_RA());
}

void __cio_printf(char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  nicsim_print(fmt, ap);
  va_end(ap);
}

static void nicsim_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  nicsim_print(fmt, ap);
  va_end(ap);
}

void __cio_puts(char *s) { nicsim_printf("%s", s); }
void __cio_putchar(unsigned int c) { nicsim_printf("%c", (int)c); }
int __cio_getchar(void) { return -1; }
void __sio_writec(int c) { nicsim_printf("%c", c); }
int __sio_readc(void) { return -1; }

static void __attribute__((noreturn)) nicsim_panic(const char *s) {
  int i = 0;
  for (; s && s[i] && i < NICSIM_MSG - 1; i++)
    nicsim_ctl.msg[i] = s[i];
  nicsim_ctl.msg[i] = 0;
  for (;;)
    nicsim_yield(EV_PANIC, 0, 0, 0, NICSIM_RA());
}

void _kpanic(const char *msg) { nicsim_panic(msg); }
void __panic(char *reason) { nicsim_panic(reason); }

/*
 * The driver's API in either spelling (_eth_ final, __eth_ early). Each
 * spelling has a weak default here that forwards to the other, so the one
 * the driver defines answers both; a driver defining neither panics.
 */
static int nicsim_fwd;

static void nicsim_no_api(const char *name) {
  static char msg[96];
  const char *pre = "the driver defines neither _eth_";
  int i = 0;
  for (; *pre; pre++)
    msg[i++] = *pre;
  for (; *name && i < 80; name++)
    msg[i++] = *name;
  msg[i] = 0;
  nicsim_fwd = 0;
  nicsim_panic(msg);
}

#define FORWARD(ret, name, params, args)                 \
  NICSIM_WEAK ret _eth_##name params {                   \
    if (nicsim_fwd++)                                    \
      nicsim_no_api(#name " nor __eth_" #name);          \
    ret r = __eth_##name args;                           \
    nicsim_fwd = 0;                                      \
    return r;                                            \
  }                                                      \
  NICSIM_WEAK ret __eth_##name params {                  \
    if (nicsim_fwd++)                                    \
      nicsim_no_api(#name " nor __eth_" #name);          \
    ret r = _eth_##name args;                            \
    nicsim_fwd = 0;                                      \
    return r;                                            \
  }
#define FORWARD_VOID(name, params, args)                 \
  NICSIM_WEAK void _eth_##name params {                  \
    if (nicsim_fwd++)                                    \
      nicsim_no_api(#name " nor __eth_" #name);          \
    __eth_##name args;                                   \
    nicsim_fwd = 0;                                      \
  }                                                      \
  NICSIM_WEAK void __eth_##name params {                 \
    if (nicsim_fwd++)                                    \
      nicsim_no_api(#name " nor __eth_" #name);          \
    _eth_##name args;                                    \
    nicsim_fwd = 0;                                      \
  }

typedef void (*nicsim_cmd_fn)(uint16_t, uint16_t);
typedef void (*nicsim_rx_fn)(uint16_t, const uint8_t *, uint16_t);
#define DECLARE(ret, name, params) ret _eth_##name params; ret __eth_##name params;
DECLARE(void, init, (void))
DECLARE(uint8_t, loadaddr, (uint64_t addr, uint16_t id))
DECLARE(uint8_t, tx, (uint8_t *data, uint16_t len, uint16_t id))
DECLARE(void, set_cmd_callback, (nicsim_cmd_fn cb))
DECLARE(void, set_rx_callback, (nicsim_rx_fn cb))
FORWARD_VOID(init, (void), ())
FORWARD(uint8_t, loadaddr, (uint64_t addr, uint16_t id), (addr, id))
FORWARD(uint8_t, tx, (uint8_t *data, uint16_t len, uint16_t id), (data, len, id))
FORWARD_VOID(set_cmd_callback, (nicsim_cmd_fn cb), (cb))
FORWARD_VOID(set_rx_callback, (nicsim_rx_fn cb), (cb))

static void nicsim_cmd_cb(uint16_t id, uint16_t status) { KCALL(KC_CMD, id, status); }

static void nicsim_rx_cb(uint16_t status, const uint8_t *data, uint16_t count) {
  KCALL(KC_RX, (uint64_t)status << 32 | count, data);
}

/*
 * nicsim_kernel_entry runs one operation of the workload on a coroutine.
 * OP_LOADADDR passes the address as a uint64_t (MSB the first wire byte),
 * OP_LOADADDR_PTR as a pointer to its six bytes (the final header's
 * uint8_t[6]): both reach the one symbol through the same register.
 */
int64_t nicsim_kernel_entry(uint64_t op, uint64_t a0, uint64_t a1) {
  switch (op) {
  case OP_INIT:
    _eth_init();
    return 0;
  case OP_LOADADDR:
  case OP_LOADADDR_PTR:
    return _eth_loadaddr(a0, (uint16_t)a1);
  case OP_TX:
    return _eth_tx((uint8_t *)a0, (uint16_t)a1, (uint16_t)(a1 >> 16));
  case OP_CALLBACKS:
    if (a0 & 1) {
      _eth_set_cmd_callback(nicsim_cmd_cb);
      KCALL(KC_CALLBACK, 0, 0);
    }
    if (a0 & 2) {
      _eth_set_rx_callback(nicsim_rx_cb);
      KCALL(KC_CALLBACK, 1, 0);
    }
    return 0;
  case OP_ISR:
    if (a0 < 256 && nicsim_isr[a0]) {
      nicsim_isr[a0]((int)a0, 0);
      return 1;
    }
    return 0;
  }
  return -1;
}
