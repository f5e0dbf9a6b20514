/* nicsim stand-in for xv6 kernel/riscv.h; both generations share it. */
#include "../common/xv6_riscv.h"
