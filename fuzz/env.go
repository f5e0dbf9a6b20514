package fuzz

import (
	"os"

	"github.com/nicsim/nicsim/guest"
)

// DriverEnv names the C driver the FuzzRef entry points run ("ref:xv6",
// "zoo:xv6/NAME" or a path to e1000.c).
const DriverEnv = "NICSIM_FUZZ_DRIVER"

func envDriver() string {
	if d := os.Getenv(DriverEnv); d != "" {
		return d
	}
	return guest.DefaultDriver(guest.DriverRef)
}
