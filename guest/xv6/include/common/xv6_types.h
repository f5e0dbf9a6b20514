/*
 * nicsim stand-in for xv6 kernel/types.h (both lab generations).
 * Written for nicsim from the facts in shared/specs/guest-abis.md §1d.
 * uint64 must be "unsigned long" (LP64), as in the real kernel.
 */
#ifndef NICSIM_XV6_TYPES_H
#define NICSIM_XV6_TYPES_H

typedef unsigned int uint;
typedef unsigned short ushort;
typedef unsigned char uchar;

typedef unsigned char uint8;
typedef unsigned short uint16;
typedef unsigned int uint32;
typedef unsigned long uint64;

typedef uint64 pde_t;

#endif /* NICSIM_XV6_TYPES_H */
