package jospc

import (
	"fmt"
	"hash/crc32"
	"strings"
)

// judgeDone is the verdict once the workload finished.
func (s *session) judgeDone() *Verdict {
	if sent := s.sent(); len(s.Frames) > sent {
		return &Verdict{Wrong, fmt.Sprintf("%d frames on the wire for %d frames %s accepted: the device sent descriptors again "+
			"(a tail or ring length it read differently from the driver); %s", len(s.Frames), sent, s.img.TX, s.summary())}
	}
	for _, t := range s.res.Tx {
		if t.RC < 0 {
			return &Verdict{Missing, fmt.Sprintf("%s refused the %s frame (%d bytes) with %d on %d calls, until the workload gave up; %s",
				s.img.TX, t.Kind, t.Len, t.RC, t.Retries, s.summary())}
		}
	}
	gw, echoes := false, map[int]bool{}
	for _, r := range s.res.Rx {
		gw = gw || r.Kind == "arp-reply"
		if r.Kind == "echo" && r.Seq >= 0 && r.Seq < s.img.Pings {
			echoes[r.Seq] = true
		}
	}
	switch {
	case len(s.Frames) == 0:
		return &Verdict{Missing, "no frame reached the wire; " + s.summary()}
	case len(s.res.Rx) == 0:
		return &Verdict{Missing, "the receive function returned no frame; " + s.summary()}
	case !gw:
		return &Verdict{Missing, "the gateway's ARP reply never reached the receive function; " + s.summary()}
	case len(echoes) < s.img.Pings:
		return &Verdict{Missing, fmt.Sprintf("%d of %d echoes reached the receive function; %s", len(echoes), s.img.Pings, s.summary())}
	}
	return &Verdict{Pass, fmt.Sprintf("ARP reply and %d echoes; %s", len(echoes), s.summary())}
}

// onRx checks a received frame at once: it must be a frame the peer sent
// after the last one received (some may be lost), byte for byte (by CRC-32;
// the peer pads to 60 bytes; a frame that filled the buffer is compared with
// the start of the frame sent, as the rest must be dropped). A stale descriptor returned again and again is
// judged on its first repetition.
func (s *session) onRx(r Rx) {
	s.res.Rx = append(s.res.Rx, r)
	for i := s.matched; i < len(s.Injected); i++ {
		if s.sameFrame(s.Injected[i], r) {
			s.matched = i + 1
			return
		}
	}
	msg := fmt.Sprintf("frame %d (%d bytes, %s) is no frame the peer sent after frame %d: received twice, out of order or altered",
		r.N, r.Len, r.Kind, s.matched)
	for j := s.matched - 1; j >= 0; j-- {
		if s.sameFrame(s.Injected[j], r) {
			msg = fmt.Sprintf("frame %d (%d bytes, %s) is the peer's frame %d, received twice: a descriptor handed up again",
				r.N, r.Len, r.Kind, j+1)
			break
		}
	}
	for _, f := range s.Injected[s.matched:] {
		if len(f) == r.Len-4 {
			msg = fmt.Sprintf("frame %d (%s) has %d bytes, 4 more than the peer sent: the Ethernet CRC is still on (RCTL.SECRC not set)",
				r.N, r.Kind, r.Len)
			break
		}
	}
	s.verdict = &Verdict{Wrong, msg}
}

// sameFrame reports whether r is the injected frame f (padded to 60 bytes),
// or its first r.Cap bytes when r filled the buffer it was given.
func (s *session) sameFrame(f []byte, r Rx) bool {
	if len(f) < 60 {
		f = append(append([]byte(nil), f...), make([]byte, 60-len(f))...)
	}
	if r.Len == r.Cap && len(f) > r.Len {
		f = f[:r.Len]
	}
	return crc32.ChecksumIEEE(f) == r.CRC
}

// sent counts the frames the transmit function accepted.
func (s *session) sent() int {
	n := 0
	for _, t := range s.res.Tx {
		if t.RC >= 0 {
			n++
		}
	}
	return n
}

// summary counts what happened, for messages.
func (s *session) summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d frames handed to %s, %d on the wire, %d returned by %s of %d the peer sent",
		len(s.res.Tx), s.img.TX, len(s.Frames), len(s.res.Rx), s.img.RX, len(s.Injected))
	return b.String()
}
