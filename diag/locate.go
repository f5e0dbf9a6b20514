package diag

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/nicsim/nicsim/sim"
)

var (
	reTraceCPU = regexp.MustCompile(`^t=\d+ (cpu\d+) (.*)$`)
	reTraceAt  = regexp.MustCompile(`^at ([A-Za-z_]\w*) \(([\w./-]+\.[ch]):(\d+)\)(?: <- ([A-Za-z_]\w*) \(([\w./-]+\.[ch]):(\d+)\))?`)
	reTraceReg = regexp.MustCompile(`^mmio\.write (\w+)=`)
)

// Locate completes s from the formatted trace lines of the failing run (in
// order, ending at the verdict): Publish becomes the last write of the
// ring's tail register and the source line it was made at, and a verdict
// that names no site gets the site of the last driver store before it.
func Locate(s *Sites, v *sim.Verdict, lines []string) {
	ring := ringForDir(s.Dir)
	if ring == "" && isRing(s.Reg) {
		ring = s.Reg
	} else if ring == "" {
		ring = ringOfTail(s.Reg)
	}
	if v != nil && (v.Class == sim.ClassUnpublished || ring == "") {
		ring = ringOf(v.Message)
	}
	reg := tailOf(ring)
	at := map[string]Site{}
	var lastStore Site
	for _, l := range lines {
		m := reTraceCPU.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		cpu, ev := m[1], m[2]
		if a := reTraceAt.FindStringSubmatch(ev); a != nil {
			n, _ := strconv.Atoi(a[3])
			site := Site{Func: a[1], File: a[2], Line: n}
			if a[4] != "" {
				cn, _ := strconv.Atoi(a[6])
				site.Caller = &Site{Func: a[4], File: a[5], Line: cn}
			}
			at[cpu] = site
			continue
		}
		if r := reTraceReg.FindStringSubmatch(ev); r != nil && r[1] == reg && at[cpu].Known() {
			s.Publish = at[cpu]
		}
		if strings.HasPrefix(ev, "mem write") || strings.HasPrefix(ev, "mmio.write") {
			lastStore = at[cpu]
		}
	}
	if !s.At.Known() && lastStore.Known() && v != nil && v.Class != sim.ClassLeak && v.Class != sim.ClassLostPacket {
		s.At = lastStore
	}
}
