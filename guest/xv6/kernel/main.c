// main.c: boot and command loop of the nicsim guest. The host reads markers that start
// with "nicsim: " (and xv6's "panic: ") from the console and types commands:
//   ping N SIZE [PROC [LOCKSTEP]]  send N UDP pings of SIZE payload bytes to
//                       10.0.2.2:7; with LOCKSTEP 1, wait for each echo first
//   nettests            the xv6 2020-2023 lab's guest program (nettests.c)
//   nettest grade       the xv6 2024+ lab's guest program (nettest.c)
//   stat                print counters (also the host's liveness probe)
#include "nicsim.h"

// RX_BLACKOUT_US outlasts QEMU's e1000 receive blackout (1 s of virtual time after
// each RCTL write); the guest sleeps it off before it says "ready".
#define RX_BLACKOUT_US 1010000

int
ns_atoi_next(const char **sp, int def)
{
  const char *s = *sp;
  while (*s == ' ')
    s++;
  if (*s < '0' || *s > '9')
    return def;
  int n = 0;
  while (*s >= '0' && *s <= '9')
    n = n * 10 + (*s++ - '0');
  *sp = s;
  return n;
}

static int
hasprefix(const char *s, const char *p)
{
  while (*p)
    if (*s++ != *p++)
      return 0;
  return 1;
}

static void
command(const char *line)
{
  if (hasprefix(line, "ping")) {
    const char *s = line + 4;
    int n = ns_atoi_next(&s, 1);
    int size = ns_atoi_next(&s, 64);
    int proc = ns_atoi_next(&s, 0);
    int lockstep = ns_atoi_next(&s, 0);
    ns_cmd_ping(n, size, proc, lockstep);
  } else if (hasprefix(line, "nettests")) {
    ns_cmd_nettests(line + 8);
  } else if (hasprefix(line, "nettest ")) {
    ns_cmd_nettest(line + 8);
  } else if (hasprefix(line, "stat")) {
    printf("nicsim: stat rx=%d tx=%d txfail=%d arp=%d pages=%d\n", ns_rx_count, ns_tx_count,
           ns_tx_fail, ns_arp_replies, ns_pages_in_use());
  } else {
    printf("nicsim: unknown command\n");
  }
}

void
main(void)
{
  char line[128];
  ns_uartinit();
  printf("\nnicsim: boot abi=" NS_ABI_NAME "\n");
  ns_kinit();
  ns_trapinit();
#ifdef NICSIM_ABI_2024
  netinit();
#endif
  pci_init();
  ns_intr_on();
  ns_sleep_us(RX_BLACKOUT_US);
  printf("nicsim: ready pages=%d\n", ns_pages_in_use());
  for (;;) {
#ifdef NICSIM_PROMPT
    printf("$ "); // pose as an xv6 shell (tests of RunKernel)
#endif
    ns_getline(line, sizeof(line));
    command(line);
  }
}
