/*
 * nicsim stand-in for JOS inc/types.h: fixed-width integers, 32-bit
 * addresses, bool and the rounding helpers.
 *
 * On i386 (the lab's -m32 build) uintptr_t, physaddr_t and size_t are all
 * 32-bit unsigned ints, as in JOS. uintptr_t and size_t come from the
 * compiler's own types, so a hosted x86-64 build keeps pointer casts
 * through uintptr_t lossless; physaddr_t stays 32 bits everywhere.
 */
#ifndef JOS_INC_TYPES_H
#define JOS_INC_TYPES_H

#ifndef NULL
#define NULL ((void *)0)
#endif

typedef _Bool bool;
enum { false, true };

typedef __signed char int8_t;
typedef unsigned char uint8_t;
typedef short int16_t;
typedef unsigned short uint16_t;
typedef int int32_t;
typedef unsigned int uint32_t;
typedef long long int64_t;
typedef unsigned long long uint64_t;

/* Pointers and addresses. */
typedef __INTPTR_TYPE__ intptr_t;
typedef __UINTPTR_TYPE__ uintptr_t;
typedef uint32_t physaddr_t;

/* Page numbers. */
typedef uint32_t ppn_t;

/* Sizes and file offsets. */
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef int32_t off_t;

/* Minimum and maximum, evaluating each argument once. */
#define MIN(_a, _b)                                                            \
  ({                                                                           \
    typeof(_a) __a = (_a);                                                     \
    typeof(_b) __b = (_b);                                                     \
    __a <= __b ? __a : __b;                                                    \
  })
#define MAX(_a, _b)                                                            \
  ({                                                                           \
    typeof(_a) __a = (_a);                                                     \
    typeof(_b) __b = (_b);                                                     \
    __a >= __b ? __a : __b;                                                    \
  })

/* Round down or up to a multiple of n; n need not be a power of two. */
#define ROUNDDOWN(a, n)                                                        \
  ({                                                                           \
    uint32_t __a = (uint32_t)(a);                                              \
    (typeof(a))(__a - __a % (n));                                              \
  })
#define ROUNDUP(a, n)                                                          \
  ({                                                                           \
    uint32_t __n = (uint32_t)(n);                                              \
    (typeof(a))(ROUNDDOWN((uint32_t)(a) + __n - 1, __n));                      \
  })

#define ARRAY_SIZE(a) (sizeof(a) / sizeof(a[0]))

/* Byte offset of member in type. */
#define offsetof(type, member) ((size_t)(&((type *)0)->member))

#endif /* !JOS_INC_TYPES_H */
