package qemu

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nicsim/nicsim/stack"
)

// onLine acts on one console line of the guest.
func (r *replay) onLine(line string) {
	m := &r.marks
	field := func(key string) int {
		_, v, _ := strings.Cut(line, key+"=")
		n, _ := strconv.Atoi(strings.Fields(v + " ")[0])
		return n
	}
	if i := strings.Index(line, "panic: "); i > 0 { // typed input may echo before it
		line = line[i:]
	}
	switch {
	case strings.HasPrefix(line, "panic: "):
		m.panicLine = line
	case strings.HasPrefix(line, "nicsim: bt 0x"):
		pc, _ := strconv.ParseUint(strings.TrimPrefix(line, "nicsim: bt 0x"), 16, 64)
		m.bt = append(m.bt, pc)
	case line == "nicsim: halted" && m.panicLine != "":
		r.judgePanic()
	case strings.HasPrefix(line, "nicsim: ready"):
		m.ready, m.readyAt = true, time.Now()
		r.res.BootWall = time.Since(r.start)
		r.startScenario()
	case strings.HasPrefix(line, "nicsim: rx seq="):
		seq := uint32(field("seq"))
		m.rx[seq]++
		r.res.RxSeqs = append(r.res.RxSeqs, seq)
	case strings.HasPrefix(line, "nicsim: done "):
		m.done, m.sent = true, field("sent")
	case strings.HasPrefix(line, "nicsim: tx-fail "):
		m.txFail++
	case strings.HasPrefix(line, "nicsim: abort "):
		m.aborted = true
	case strings.HasPrefix(line, "nicsim: idle "):
		r.hold.idleTx = field("tx")
		r.release(false)
		return
	case strings.HasPrefix(line, "nicsim: stat ") && !r.probeAt.IsZero():
		r.judgeAlive(line)
		return
	}
	if strings.HasPrefix(line, "nicsim: ") {
		m.lastMark = line
	}
	if m.done && len(m.rx) >= r.cfg.Scenario.Pings && r.verdict == nil {
		r.verdict = &Verdict{Pass, fmt.Sprintf("%d pings of %d bytes echoed", r.cfg.Scenario.Pings, r.cfg.Scenario.Size)}
	}
}

// startScenario runs once the guest is ready: the peer's opening frames, then the
// console command.
func (r *replay) startScenario() {
	r.cfg.Logf("[qemu] ready after %v", r.res.BootWall)
	r.inject(r.cfg.Peer.Start(0))
	sc := r.cfg.Scenario
	if sc.Pings <= 0 {
		r.verdict = &Verdict{Pass, "booted"}
		return
	}
	lockstep := 0
	if sc.Lockstep {
		lockstep = 1
	}
	if err := r.m.send(fmt.Sprintf("ping %d %d %d %d\n", sc.Pings, sc.Size, sc.Proc, lockstep)); err != nil {
		r.err = fmt.Errorf("qemu: console: %w", err)
	}
}

// inject puts the peer's frames on the wire, at once and in order.
func (r *replay) inject(outs []stack.Out) {
	for _, o := range outs {
		f := append([]byte(nil), o.Frame...)
		if r.wireErr != nil {
			r.refused++
			continue
		}
		if err := r.m.wire.send(f); err != nil {
			// The guest stopped taking frames: judge the guest, not the run.
			r.wireErr, r.refused = err, 1
			r.cfg.Logf("[qemu] wire: %v; no more frames to the guest", err)
			continue
		}
		r.res.Injected = append(r.res.Injected, f)
	}
}

// onQuiet runs when nothing has happened for a while: finish a panic, probe the
// console, or judge a dead console a hang.
func (r *replay) onQuiet(deadline time.Time) {
	switch {
	case len(r.hold.outs) > 0 && time.Since(r.hold.since) >= holdMax:
		r.cfg.Logf("[qemu] lockstep: no idle marker after frame %d; injecting anyway", r.hold.need)
		r.release(true)
	case r.marks.panicLine != "":
		r.judgePanic()
	case r.probeAt.IsZero() && time.Now().Before(deadline):
		r.probeAt = time.Now()
		if err := r.m.send(probeCommand); err != nil {
			r.judgeHang("console not writable")
		}
	case time.Now().Before(r.probeAt.Add(probeWait(r.cfg.Quiet))) && time.Now().Before(deadline):
		// the probe is still in flight
	default:
		r.judgeHang("console dead")
	}
}

func (r *replay) judgePanic() {
	msg := r.marks.panicLine
	if len(r.marks.bt) > 0 {
		var fns []string
		for i, pc := range r.marks.bt {
			fn := r.syms.function(pc - 4)
			if fn == "main" {
				break
			}
			if fn != "mtrap" && (i > 0 || (fn != "panic" && fn != "ns_panic_trap")) {
				fns = append(fns, fn)
			}
		}
		msg += " (" + strings.Join(fns, " <- ") + ")"
	}
	r.verdict = &Verdict{Panic, msg}
}

// judgeAlive is the verdict of a live console that did not finish the scenario.
func (r *replay) judgeAlive(stat string) {
	m := &r.marks
	if !m.ready {
		r.verdict = &Verdict{LostPacket, "guest never said ready; " + stat}
		return
	}
	var missing []string
	for seq := 0; seq < r.cfg.Scenario.Pings; seq++ {
		if m.rx[uint32(seq)] == 0 && len(missing) < 8 {
			missing = append(missing, strconv.Itoa(seq))
		}
	}
	msg := fmt.Sprintf("guest got %d of %d echoes", len(m.rx), r.cfg.Scenario.Pings)
	if len(missing) > 0 {
		msg += " (missing seq " + strings.Join(missing, ",") + ")"
	}
	if m.done {
		msg += fmt.Sprintf("; it sent %d", m.sent)
		if m.aborted {
			msg += " (lockstep: stopped waiting for an echo)"
		}
	} else {
		msg += "; it did not finish sending"
	}
	if m.txFail > 0 {
		msg += fmt.Sprintf(" (%d gave up on a full ring)", m.txFail)
	}
	if p, ok := r.cfg.Peer.(interface{ Stats() stack.PeerStats }); ok {
		st := p.Stats()
		msg += fmt.Sprintf("; peer got %d datagrams, sent %d echoes and %d ARP requests", st.UDPIn, st.EchoesSent, st.ARPRequestsSent)
	}
	r.verdict = &Verdict{LostPacket, msg + "; " + strings.TrimPrefix(stat, "nicsim: ")}
}

// judgeHang asks the monitor where the harts are.
func (r *replay) judgeHang(why string) {
	msg := why
	if r.marks.lastMark != "" {
		msg += fmt.Sprintf(" after %q", r.marks.lastMark)
	}
	text, err := r.m.hmp("info registers -a", 500*time.Millisecond)
	if err != nil {
		r.verdict = &Verdict{Hang, msg + "; " + err.Error()}
		return
	}
	r.res.Harts = parseHarts(text)
	sort.Slice(r.res.Harts, func(i, j int) bool { return r.res.Harts[i].CPU < r.res.Harts[j].CPU })
	for i := range r.res.Harts {
		h := &r.res.Harts[i]
		h.Sym = r.syms.name(h.PC)
		msg += fmt.Sprintf("; hart %d at %s (pc 0x%x)", h.CPU, h.Sym, h.PC)
	}
	r.verdict = &Verdict{Hang, msg}
}

// probeWait is how long a probed console has to answer before it is judged
// dead: Quiet, but never less than a second (a live guest on a loaded host
// can take that long).
func probeWait(quiet time.Duration) time.Duration { return max(quiet, time.Second) }
