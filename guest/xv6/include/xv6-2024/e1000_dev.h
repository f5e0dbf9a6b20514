/*
 * nicsim stand-in for xv6 kernel/e1000_dev.h, buffer generation (2024, 2025).
 * From 2024 the reset bit is the 82540EM's real one (bit 26). 2025 trimmed
 * the file to a subset; this is the superset, so both years compile.
 */
#define E1000_CTL_RST 0x04000000
#include "../common/e1000_regs.h"
