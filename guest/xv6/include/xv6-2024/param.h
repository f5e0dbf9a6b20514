/* nicsim stand-in for xv6 kernel/param.h; both generations share it. */
#include "../common/xv6_param.h"
