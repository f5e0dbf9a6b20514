/* nicsim stand-in for xv6 kernel/types.h; both generations share it. */
#include "../common/xv6_types.h"
