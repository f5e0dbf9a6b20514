// Package guest hosts the driver under test: the kernel services of each
// ABI (xv6 net lab with mbufs, xv6 2024+ with char*/length) that a driver
// calls, and the [Driver] interface through which the harness starts its
// entry points as contexts on the simulated CPUs.
//
// Two kinds of driver plug in: a kernel's Go model driver (guest/xv6/model),
// written as step functions, and real C drivers compiled and hosted by
// package guest/hosted. Both reach the device, memory and locks only
// through a [Kernel], so every register access, DMA-visible memory access,
// lock operation and barrier is an event and a scheduling point.
package guest
