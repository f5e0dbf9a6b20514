// Package all registers every kernel model with package guest: each kernel's
// package registers itself at init, and this package imports them all. A new
// kernel is one import line here.
package all

import (
	_ "github.com/nicsim/nicsim/guest/eth"        // the 8255x eth module (i386)
	_ "github.com/nicsim/nicsim/guest/jos"        // JOS lab 6 (i386)
	_ "github.com/nicsim/nicsim/guest/qemu/jospc" // JOS's real guest under QEMU (nicsim agree)
	_ "github.com/nicsim/nicsim/guest/qemu/pc"    // eth's real guest under QEMU (nicsim agree)
	_ "github.com/nicsim/nicsim/guest/xv6"        // xv6 net lab, 2020-2023 and 2024+
)
