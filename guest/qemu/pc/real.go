package pc

import (
	"context"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/eth"
)

// The pc guest is the eth kernel's real guest: nicsim agree runs eth
// drivers through it.
func init() { eth.Kernel.RealGuest = realGuest{} }

type realGuest struct{}

// RunReal implements guest.RealGuest: Build and Run in lockstep.
func (realGuest) RunReal(ctx context.Context, files map[string][]byte, pings int, opt guest.RealOptions) (*guest.RealResult, error) {
	res, err := Run(ctx, RunConfig{Build: BuildConfig{Driver: files, Pings: pings}, Lockstep: true,
		Timeout: opt.Timeout, ArtifactDir: opt.ArtifactDir})
	if err != nil {
		return nil, err
	}
	return &guest.RealResult{Class: commonClass(res.Verdict), GuestClass: string(res.Verdict.Class),
		Message: res.Verdict.Message, Frames: res.Frames, Console: res.Console, PcapPath: res.PcapPath,
		Wall: res.Wall}, nil
}

// commonClass maps a verdict to agree's vocabulary.
func commonClass(v Verdict) string {
	switch v.Class {
	case Pass:
		return "pass"
	case Hang:
		return "hang"
	case Missing:
		return "lost-packet"
	case Wrong:
		if strings.Contains(v.Message, "command id") || strings.Contains(v.Message, "status") {
			return "wrong-callback"
		}
		return "corrupt-frame"
	case Panic:
		_, rest, _ := strings.Cut(v.Message, "panic: ")
		if f := strings.Fields(rest); len(f) > 0 {
			return "panic:" + strings.TrimRight(f[0], ":")
		}
		return "panic:?"
	}
	return "qemu:" + string(v.Class)
}
