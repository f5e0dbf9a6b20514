/* nicsim stand-in for xv6 kernel/spinlock.h; both generations share it. */
#include "../common/xv6_spinlock.h"
