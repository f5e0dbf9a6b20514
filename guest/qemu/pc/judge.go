package pc

import (
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
	"time"

	"github.com/nicsim/nicsim/guest/qemu"
)

// onLine acts on one console line of the guest.
func (s *session) onLine(line string) {
	if i := strings.Index(line, "panic: "); i > 0 { // a line cut by the panic
		line = line[i:]
	}
	switch {
	case strings.HasPrefix(line, "panic: "):
		s.panicLine = line
	case strings.HasPrefix(line, "nicsim: bt 0x"):
		pc, _ := strconv.ParseUint(strings.TrimPrefix(line, "nicsim: bt 0x"), 16, 32)
		s.bt = append(s.bt, uint32(pc))
	case line == "nicsim: halted" && s.panicLine != "":
		s.judgePanic()
	case strings.HasPrefix(line, "nicsim: ready"):
		s.onReady(line)
	case strings.HasPrefix(line, "nicsim: idle "):
		s.onIdle(qemu.FieldInt(qemu.ConsoleFields(line), "sent"))
		return
	case strings.HasPrefix(line, "nicsim: tx "):
		s.res.Tx = append(s.res.Tx, parseTx(line))
	case strings.HasPrefix(line, "nicsim: cmd "):
		s.onCmd(parseCmd(line))
	case strings.HasPrefix(line, "nicsim: rx "):
		s.res.Rx = append(s.res.Rx, parseRx(line))
	case strings.HasPrefix(line, "nicsim: done"):
		s.verdict = s.judgeDone()
	case strings.HasPrefix(line, "nicsim: stat ") && !s.ProbeAt.IsZero():
		s.onStat(line)
		return
	}
	s.ProbeAt = time.Time{} // any other line shows the guest alive
	s.idle = false
	if strings.HasPrefix(line, "nicsim: ") && !strings.HasPrefix(line, "nicsim: bt ") {
		s.LastMark = line
	}
}

// onCmd judges the contract violations a single callback shows at once.
func (s *session) onCmd(c Cmd) {
	s.res.Cmds = append(s.res.Cmds, c)
	if c.ID == 0 {
		s.verdict = &Verdict{Wrong, fmt.Sprintf("command id 0 (kernel-internal) reported to the callback (status %d)", c.Status)}
		return
	}
	n := 0
	for _, d := range s.res.Cmds {
		if d.ID == c.ID {
			n++
		}
	}
	if n > 1 {
		s.verdict = &Verdict{Wrong, fmt.Sprintf("command id %d reported %d times", c.ID, n)}
	}
}

// judgeDone is the verdict once the workload finished.
func (s *session) judgeDone() *Verdict {
	for _, t := range s.res.Tx {
		if t.Kind == "too-large" && t.RC != s.tooLarge {
			return &Verdict{Wrong, fmt.Sprintf("_eth_tx of %d bytes returned %d, want ETH_TOO_LARGE (%d)", t.Len, t.RC, s.tooLarge)}
		}
		if t.RC != 0 && t.RC != s.noMem && t.Kind != "too-large" {
			return &Verdict{Wrong, fmt.Sprintf("%s transmit id %d of %d bytes returned %d, want ETH_SUCCESS or ETH_NO_MEM (%d)",
				t.Kind, t.ID, t.Len, t.RC, s.noMem)}
		}
	}
	if v := s.judgeCommands(); v != nil {
		return v
	}
	if v := s.judgeFrames(); v != nil {
		return v
	}
	echoes := s.echoes()
	if echoes < s.pings {
		return &Verdict{Missing, fmt.Sprintf("%d of %d echoes reached the rx callback (%s)", echoes, s.pings, s.summary())}
	}
	return &Verdict{Pass, fmt.Sprintf("%d echoes; %s", echoes, s.summary())}
}

// Return codes of the final eth API: _eth_tx refuses 2^14 bytes or more
// with ETH_TOO_LARGE and a full command area with ETH_NO_MEM (a driver's
// eth.h may define others; the workload's ready line gives them).
const (
	ethTooLarge = 2
	ethNoMem    = 3
)

// judgeCommands checks that each accepted non-zero id got exactly one
// successful callback and nothing else was reported.
func (s *session) judgeCommands() *Verdict {
	issued := map[int]bool{}
	for _, t := range s.res.Tx {
		if t.RC == 0 && t.ID != 0 {
			issued[t.ID] = true
		}
	}
	got := map[int]int{}
	for _, c := range s.res.Cmds {
		if !issued[c.ID] {
			return &Verdict{Wrong, fmt.Sprintf("command id %d reported but never issued", c.ID)}
		}
		if c.Status != 0 {
			return &Verdict{Wrong, fmt.Sprintf("command id %d completed with status %d", c.ID, c.Status)}
		}
		got[c.ID]++
	}
	var missing []string
	for _, t := range s.res.Tx {
		if issued[t.ID] && got[t.ID] == 0 {
			missing = append(missing, fmt.Sprintf("%d (%s)", t.ID, t.Kind))
		}
	}
	if len(missing) > 0 {
		return &Verdict{Missing, "no command callback for id " + strings.Join(missing, ", ") + " (" + s.summary() + ")"}
	}
	return nil
}

// judgeFrames checks that the received frames are injected frames, in order,
// each at most once, byte for byte (by CRC-32; QEMU pads frames to 60 bytes).
func (s *session) judgeFrames() *Verdict {
	next := 0
	for _, r := range s.res.Rx {
		if r.Status != 0 {
			return &Verdict{Wrong, fmt.Sprintf("frame %d received with status %d", r.N, r.Status)}
		}
		i := next
		for i < len(s.Injected) && frameCRC(s.Injected[i]) != r.CRC {
			i++
		}
		if i == len(s.Injected) {
			return &Verdict{Wrong, fmt.Sprintf("frame %d (%d bytes, %s) is no frame the peer sent after frame %d: "+
				"received twice, out of order or corrupted", r.N, r.Len, r.Kind, next)}
		}
		next = i + 1
	}
	s.res.Dropped = len(s.Injected) - len(s.res.Rx)
	return nil
}

func frameCRC(f []byte) uint32 {
	if len(f) < 60 {
		f = append(append([]byte(nil), f...), make([]byte, 60-len(f))...)
	}
	return crc32.ChecksumIEEE(f)
}

func (s *session) echoes() int {
	seen := map[int]bool{}
	for _, r := range s.res.Rx {
		if r.Kind == "echo" && r.Seq >= 0 && r.Seq < s.pings {
			seen[r.Seq] = true
		}
	}
	return len(seen)
}

// onStat handles the answer to the liveness probe. A guest that made
// progress since the last answer (its counters changed) was only slow, as on a
// loaded host: the run goes on. The same answer twice is a stall.
func (s *session) onStat(line string) {
	if line != s.lastStat {
		s.lastStat, s.ProbeAt = line, time.Time{}
		return
	}
	s.verdict = s.judgeAlive(line)
}

// judgeAlive is the verdict of a console that answers the probe but did not
// finish.
func (s *session) judgeAlive(stat string) *Verdict {
	if !s.Ready {
		return &Verdict{Missing, "the guest never said ready; " + strings.TrimPrefix(stat, "nicsim: ")}
	}
	return &Verdict{Missing, fmt.Sprintf("the workload did not finish; %s; %s", strings.TrimPrefix(stat, "nicsim: "), s.summary())}
}

// summary counts what happened, for messages.
func (s *session) summary() string {
	return fmt.Sprintf("%d transmits, %d command callbacks, %d frames received of %d sent to the guest",
		len(s.res.Tx), len(s.res.Cmds), len(s.res.Rx), len(s.Injected))
}
