// Package all registers every device model with package nic: each model's
// package registers itself at init, and this package imports them all. Import
// it for its side effect where devices are chosen by name; a new device is
// one import line here.
package all

import (
	_ "github.com/nicsim/nicsim/nic/e1000"  // Intel 82540EM
	_ "github.com/nicsim/nicsim/nic/i8255x" // Intel 82557
)
