/* nicsim stand-in for xv6 kernel/proc.h; both generations share it. */
#include "../common/xv6_proc.h"
