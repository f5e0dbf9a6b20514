package jospc

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/guest/jos"
)

// The jospc guest is the JOS kernel's real guest: nicsim qemu, replay
// --qemu and nicsim agree run JOS drivers through it.
func init() { jos.KernelModel.RealGuest = realGuest{} }

type realGuest struct{}

// simShortEvery is how often the simulation's JOS workload gives the
// receive function a buffer shorter than an echo (every fourth call, 64
// bytes: guest/jos's workload); the real guest does the same for every
// fourth frame (frames, not calls: the same frames in every run), so that
// a driver copying past the buffer shows on both sides.
const simShortEvery = 4

// simBurst is the simulation's burst of full-size datagrams after the
// pings (guest/jos's workload), which the real guest sends too.
const simBurst = 80

// RunReal implements guest.RealGuest: the driver's files as a lab tree
// (Build and Run), the entry points named as the run names them.
func (realGuest) RunReal(ctx context.Context, files map[string][]byte, pings int, opt guest.RealOptions) (*guest.RealResult, error) {
	tree := labTreeOf(files)
	addHeaders(tree, opt.IncludeDirs)
	b := BuildConfig{Lab: tree, Pings: pings, PingSize: opt.Payload, RXShortEvery: simShortEvery, Burst: simBurst,
		Attach: opt.Names["attach"], TX: opt.Names["tx"], RX: opt.Names["rx"]}
	res, err := Run(ctx, RunConfig{Build: b, Timeout: opt.Timeout, ArtifactDir: opt.ArtifactDir})
	if err != nil {
		return nil, err
	}
	return &guest.RealResult{Class: CommonClass(res.Verdict), GuestClass: string(res.Verdict.Class),
		Message: res.Verdict.Message, Frames: res.Frames, Console: res.Console, PcapPath: res.PcapPath,
		Wall: res.Wall}, nil
}

// labTreeOf places a driver's files in a lab tree: a file named with its
// folder ("kern/e1000.c", "inc/error.h") stays there, a bare name is the
// kernel's (kern/).
func labTreeOf(files map[string][]byte) map[string][]byte {
	tree := make(map[string][]byte, len(files))
	for name, b := range files {
		if !strings.Contains(name, "/") {
			name = path.Join(path.Dir(DriverPath), name)
		}
		tree[name] = b
	}
	return tree
}

// addHeaders adds to tree the headers of the lab folders among dirs (the
// *.h of their inc/ and kern/, as LoadLab reads a lab), where the tree has
// none of that path yet: a lone kern/e1000.c including <inc/error.h> from
// the lab above it builds as in simulation.
func addHeaders(tree map[string][]byte, dirs []string) {
	for _, d := range dirs {
		for _, sub := range []string{"inc", "kern"} {
			hs, _ := filepath.Glob(filepath.Join(d, sub, "*.h"))
			for _, h := range hs {
				name := sub + "/" + filepath.Base(h)
				if _, ok := tree[name]; ok {
					continue
				}
				if st, err := os.Stat(h); err != nil || !st.Mode().IsRegular() || st.Size() > maxHeader {
					continue
				}
				if b, err := os.ReadFile(h); err == nil {
					tree[name] = b
				}
			}
		}
	}
}

// maxHeader bounds a header read from a user's folder.
const maxHeader = 1 << 20

// CommonClass maps a verdict to the vocabulary nicsim agree shares with
// the simulation: pass, hang, lost-packet, corrupt-frame or
// duplicate-packet, "panic:fault" for a CPU trap, and "panic:WORD" for
// JOS's kernel panic, WORD the first word of its message ("kernel panic on
// CPU 0 at kern/e1000.c:57: PADDR called with invalid kva" is
// panic:PADDR).
func CommonClass(v Verdict) string {
	switch v.Class {
	case Pass:
		return "pass"
	case Hang:
		return "hang"
	case Missing:
		return "lost-packet"
	case Wrong:
		if strings.Contains(v.Message, "-byte buffer it was given") {
			// Past the caller's buffer: under JOS the input environment's
			// page, so a fault there (the simulation's crash).
			return "panic:fault"
		}
		if strings.Contains(v.Message, "handed up again") || strings.Contains(v.Message, "sent descriptors again") {
			return "duplicate-packet"
		}
		return "corrupt-frame"
	case Panic:
		if strings.HasPrefix(v.Message, "trap ") {
			return "panic:fault"
		}
		return "panic:" + PanicWord(v.Message)
	}
	return "qemu:" + string(v.Class)
}

// PanicWord is the first word of a JOS kernel panic's message, after
// "kernel panic [on CPU n ]at FILE:LINE: " ("?" when there is none).
func PanicWord(msg string) string {
	_, rest, ok := strings.Cut(msg, "kernel panic ")
	if !ok {
		return "?"
	}
	if _, after, ok := strings.Cut(rest, " at "); ok {
		rest = after
	}
	// FILE:LINE: MSG
	if i := strings.Index(rest, ": "); i >= 0 {
		rest = rest[i+2:]
	}
	if f := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ':' || r == '(' || r == '\n' }); len(f) > 0 {
		return f[0]
	}
	return "?"
}
