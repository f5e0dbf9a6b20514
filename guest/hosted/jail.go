package hosted

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/nicsim/nicsim/sandbox"
)

// runJailed runs a tool of the build (gcc, ld) in the build directory tmp,
// jailed unless opt.Unconfined: it may read the toolchain, the user's
// include directories and the folders in read, and write only in tmp (its
// TMPDIR too). Where the jail is unavailable (no Landlock, or a program
// that does not serve jails) the tool runs unjailed; see
// [sandbox.JailAvailable].
func runJailed(opt Options, tmp string, read []string, tool string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), CompileTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	sandbox.KillGroupOnCancel(cmd)
	if !opt.Unconfined {
		for _, d := range append(slices.Clone(opt.IncludeDirs), opt.AfterDirs...) {
			if abs, err := filepath.Abs(d); err == nil {
				read = append(read, abs)
			}
		}
		if err := sandbox.Jail(cmd, read, []string{tmp}, toolLimits); err != nil && !errors.Is(err, sandbox.ErrNoJail) {
			return "", err
		}
	}
	log, err := runCmd(cmd, tool)
	if ctx.Err() != nil {
		return fmt.Sprintf("%s did not finish in %v: stopped\n", tool, CompileTimeout), ctx.Err()
	}
	if strings.Contains(log, "File size limit exceeded") {
		log += fmt.Sprintf("nicsim: an output file passed the %d MiB the jail allows (a huge initialised array?)\n", toolLimits.FileBytes>>20)
	} else if ws, ok := exitSignal(err); ok && (ws == syscall.SIGXFSZ || ws == syscall.SIGKILL) {
		log += fmt.Sprintf("%s was stopped (%v): the jail allows %d MiB per output file, %ds of CPU and %d GiB of memory\n",
			tool, ws, toolLimits.FileBytes>>20, toolLimits.CPUSeconds, toolLimits.AddressSpace>>30)
	}
	return log, err
}

// toolLimits are the jailed compiler's and linker's rlimits.
var toolLimits = sandbox.ToolLimits{FileBytes: MaxImageBytes, CPUSeconds: uint64(CompileTimeout / time.Second),
	AddressSpace: 4 << 30}

// exitSignal returns the signal that ended a tool, if one did.
func exitSignal(err error) (syscall.Signal, bool) {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return 0, false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ws.Signal(), ok && ws.Signaled()
}
