/* nicsim stand-in for xv6 kernel/memlayout.h; both generations share it. */
#include "../common/xv6_memlayout.h"
