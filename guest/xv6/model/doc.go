// Package model is a Go model of an xv6 net-lab e1000 driver, written as
// step functions so that the testbed can test itself fast. It has the
// structure of the lab's driver: e1000_init, e1000_transmit in the top half,
// e1000_intr and a receive loop in the bottom half, a transmit lock and a
// receive lock. [Bug] switches plant the bugs students really write.
package model
