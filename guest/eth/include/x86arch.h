/*
 * x86arch.h: the baseline kernel's x86 architecture definitions (segment
 * descriptors, the IDT, EFLAGS). A driver includes it out of habit and uses
 * none of it: nicsim's kernel has no CPU tables a driver may touch, so this
 * header only lets such a driver build; a name it misses is one the driver
 * should not need.
 */
#ifndef NICSIM_ETH_X86ARCH_H
#define NICSIM_ETH_X86ARCH_H

#include "common.h"

#endif
