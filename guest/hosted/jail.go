package hosted

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/nicsim/nicsim/sandbox"
)

// runJailed runs a tool of the build (gcc, ld) in the build directory tmp,
// jailed unless opt.Unconfined: it may read the toolchain, the user's
// include directories and the folders in read, and write only in tmp (its
// TMPDIR too). Where the jail is unavailable (no Landlock, or a program
// that does not serve jails) the tool runs unjailed; see
// [sandbox.JailAvailable].
func runJailed(opt Options, tmp string, read []string, tool string, args ...string) (string, error) {
	cmd := exec.Command(tool, args...)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	if !opt.Unconfined {
		for _, d := range opt.IncludeDirs {
			if abs, err := filepath.Abs(d); err == nil {
				read = append(read, abs)
			}
		}
		if err := sandbox.Jail(cmd, read, []string{tmp}); err != nil && !errors.Is(err, sandbox.ErrNoJail) {
			return "", err
		}
	}
	return runCmd(cmd, tool)
}
