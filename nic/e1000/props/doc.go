// Package props is the 82540EM's own rapid suite: the device model alone,
// driven by an ideal driver and compared with an ideal NIC ([CheckDevice],
// [DeviceMachine]). It lives with the device it checks; the driver-level
// suites that any device and kernel must satisfy are in package properties.
package props
