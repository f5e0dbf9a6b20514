// Package all registers every kernel model with package guest: each kernel's
// package registers itself at init, and this package imports them all. A new
// kernel is one import line here.
package all

import (
	_ "github.com/nicsim/nicsim/guest/xv6" // xv6 net lab, 2020-2023 and 2024+
)
