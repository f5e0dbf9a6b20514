/*
 * common.h: the eth kernel's common types and status codes.
 *
 * Part of nicsim's stand-in for the kernel an 8255x "eth" driver is written
 * against (specs/guest-abis.md section 4). The types come from the compiler's
 * freestanding headers, so the same names mean the same widths in the real i386
 * guest and in a hosted build.
 */
#ifndef NICSIM_ETH_COMMON_H
#define NICSIM_ETH_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned int uint_t;
typedef int32_t status_t;

/* status_t values of the kernel services (ours; the driver only tests SUCCESS) */
#define SUCCESS         0
#define E_SUCCESS       SUCCESS
#define E_FAILURE       (-1)
#define E_BAD_PARAM     (-2)
#define E_NO_QNODES     (-3)
#define E_NO_MEMORY     (-4)
#define E_EMPTY_QUEUE   (-5)

#ifndef NULL
#define NULL ((void *)0)
#endif

#endif
