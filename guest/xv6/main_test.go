package xv6

import (
	"os"
	"testing"

	"github.com/nicsim/nicsim/sandbox"
)

// TestMain lets this test binary serve as the compiler's jail: the C
// drivers its tests build are compiled by gcc jailed through a re-run of
// the binary (see sandbox.ServeJail).
func TestMain(m *testing.M) {
	sandbox.ServeJail()
	os.Exit(m.Run())
}
