/*
 * nicsim stand-in for xv6 kernel/e1000_dev.h, mbuf generation (2020-2023).
 * In these years the lab's "reset" bit is bit 22, which is not the 82540EM's
 * real reset bit (bit 26); the device must treat it as an ordinary bit.
 */
#define E1000_CTL_RST 0x00400000
#include "../common/e1000_regs.h"
