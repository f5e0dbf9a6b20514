// Package nic holds what the device models share: the DMA check every device
// transfer goes through ([DMA]), and the verdict class it adds
// ([ClassUseAfterFree]).
//
// The models themselves live in subpackages: [github.com/nicsim/nicsim/nic/e1000]
// (Intel 82540EM) and nic/i8255x (82557). Each is a set of step functions
// (sim actors for its DMA engines) plus a register window. A model declares the
// small interfaces it consumes (a Wire to put frames on) and never imports
// the guest or the stack.
package nic
