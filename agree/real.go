package agree

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/qemu"
	"github.com/nicsim/nicsim/harness"
)

// CommonCallback is the eth API's callback contract broken (an id 0 or an
// unknown id reported, a failure status): the simulation's bad-callback
// and a real guest's judgement of the callbacks it saw.
const CommonCallback = "wrong-callback"

// realJob prepares a driver whose kernel has its own real guest
// ([guest.KernelModel.RealGuest]): its files, built by the guest as it runs.
func (j *agreeJob) realJob() error {
	res, err := j.cfg.Resolve()
	if err != nil || res.Kernel.RealGuest == nil {
		return err
	}
	_, files, err := harness.DriverFiles(&j.cfg)
	if err != nil {
		return err
	}
	j.real, j.files = res.Kernel.RealGuest, files
	return nil
}

// runReal runs a job's QEMU side on its kernel's real guest. Its verdict is
// already in the common vocabulary; the guest judges the wire itself.
func (j *agreeJob) runReal(ctx context.Context) error {
	opt := guest.RealOptions{Timeout: j.opt.Timeout, Names: j.cfg.EntryNames(), Payload: j.cfg.PayloadSize,
		IncludeDirs: harness.DriverIncludes(&j.cfg)}
	if j.opt.ArtifactDir != "" {
		opt.ArtifactDir = filepath.Join(j.opt.ArtifactDir, strings.NewReplacer(":", "-", "/", "-").Replace(j.row.Driver))
	}
	res, err := j.real.RunReal(ctx, j.files, j.opt.Packets, opt)
	if err != nil {
		return err
	}
	r := j.row
	j.qemuPayloads = QEMUPayloads(res.Frames)
	r.QEMUVerdict = qemu.Verdict{Class: qemu.Class(res.GuestClass), Message: res.Message}
	r.QEMUCommon, r.QEMUWall = res.Class, res.Wall
	r.QEMUPayloads, r.Console, r.PcapPath = len(j.qemuPayloads), res.Console, res.PcapPath
	return nil
}
