package properties

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// failure is one failing run.
type failure struct {
	cfg         harness.Config
	res         *harness.Result
	sched       Schedule
	drawn       bool // sched is meaningful (DrawSchedule)
	preemptions int  // scheduling decisions that did not take choice 0
}

// replayPath is where the replay file of f goes.
func (r *runner) replayPath(f *failure) string {
	return filepath.Join(r.dir, fmt.Sprintf("%s-%s.replay", f.res.Verdict.Class, f.cfg.Personality))
}

// summary says what broke under which schedule and how to replay it.
func (r *runner) summary(f *failure) string {
	var b strings.Builder
	v := f.res.Verdict
	fmt.Fprintf(&b, "[nicsim] FAIL %s: driver=%s personality=%s scenario=%s: %s, %d steps, t=%s\n",
		v.Class, r.cfg.label, f.cfg.Personality, f.cfg.Scenario, plural(f.preemptions, "preemption"),
		f.res.Steps, sim.FormatTime(v.T))
	if f.drawn {
		fmt.Fprintf(&b, "[nicsim] schedule: %s\n", f.sched)
	}
	fmt.Fprintf(&b, "[nicsim] replay: nicsim replay %s", r.replayPath(f))
	return b.String()
}

// details is the verdict's message and the last events of the run.
func details(f *failure) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n[nicsim] last events:", f.res.Verdict.Message)
	for _, e := range f.res.Last {
		fmt.Fprintf(&b, "\n  %s", e)
	}
	return b.String()
}

// save writes the replay file of the last failure once the test has
// failed (rapid's last run of the property is the shrunk one).
func (r *runner) save(t *testing.T) {
	if r.last == nil || !t.Failed() {
		return
	}
	path, err := r.write(r.last)
	if err != nil {
		t.Logf("[nicsim] could not write the replay file: %v", err)
		return
	}
	t.Logf("[nicsim] wrote %s; to replay: nicsim replay %s", path, path)
}

// write saves the replay file of f and returns its path.
func (r *runner) write(f *failure) (string, error) {
	file := harness.ToFile(r.tg, &f.cfg, f.res)
	note := "found by properties.Check (rapid): " + plural(f.preemptions, "preemption")
	if f.drawn && f.preemptions+len(f.sched.Timing) > 0 {
		note += "; " + f.sched.String()
	}
	file.Comments = append([]string{note}, file.Comments...)
	path := r.replayPath(f)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	return path, file.Save(path)
}

// safeName turns a test name into a file name, as rapid does for its fail
// files.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
