package nic

// StallChecker is implemented by a device that can tell, when a run stops
// with work undone, a cause only the device sees (the 82557: a CU resume
// it ignored on an idle CU, a stop on an EL or S bit the driver cleared
// after the fetch). A workload calls CheckStall at quiescence, before its
// own liveness verdict; CheckStall fails the run with the device's class
// and returns if it knows nothing.
type StallChecker interface {
	CheckStall()
}
