package netc

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// datagram is a UDP datagram the driver handed to net.c's net_rx: its
// destination port, payload and page, and what became of it.
type datagram struct {
	dport   uint16
	payload []byte
	page    uint64
	arrived int // tick of its net_rx
	recvAt  int // tick of the recv that returned it (0: none)
	freed   bool
}

// tracker follows every datagram from net_rx to recv or kfree.
type tracker struct {
	s      *Sys
	all    []*datagram
	active map[uint64]*datagram // by page, until freed
	tick   int
}

func newTracker(s *Sys) *tracker {
	return &tracker{s: s, active: map[uint64]*datagram{}}
}

// arrived sees a frame on its way to net_rx.
func (t *tracker) arrived(c *sim.CPU, buf uint64, n int) {
	t.tick++
	m := t.s.env.M
	if n < 0 || n > sim.PageSize {
		m.Fail(sim.ClassCorrupt, "net_rx on cpu%d got buffer %#x and length %d, not a frame in a page", c.ID, buf, n)
	}
	frame, err := m.Mem.Slice(buf, uint64(n))
	if err != nil {
		m.Fail(sim.ClassCorrupt, "net_rx on cpu%d got buffer %#x (%d bytes) outside RAM", c.ID, buf, n)
	}
	f := t.s.parser.Parse(frame)
	if f.Kind != stack.KindUDP || f.UDP.DstIP != stack.GuestIP {
		return
	}
	d := &datagram{dport: f.UDP.DstPort, payload: bytes.Clone(f.Payload), page: buf &^ (sim.PageSize - 1), arrived: t.tick}
	if old := t.active[d.page]; old != nil {
		old.freed = true // the page came back from kalloc: it was freed
	}
	t.active[d.page] = d
	t.all = append(t.all, d)
}

// freed sees a page freed.
func (t *tracker) freed(page uint64) {
	if d := t.active[page]; d != nil {
		d.freed = true
		delete(t.active, page)
	}
}

// match is the oldest datagram to port not yet received whose payload the
// recv's bytes are (all of it, or its first maxlen bytes).
func (t *tracker) match(port uint16, got []byte, maxlen int) *datagram {
	for _, d := range t.all {
		if d.recvAt != 0 || d.dport != port || len(got) != min(len(d.payload), maxlen) {
			continue
		}
		if bytes.Equal(d.payload[:len(got)], got) {
			return d
		}
	}
	return nil
}

// received checks the datagram a recv on port returned: one net_rx got for
// that port (else a wrong port, when it was sent to another), how deep in
// the port's queue it sat (the datagrams of the port that arrived before it
// and were still queued when it arrived), and whether nicsim had to wake
// the process to get it (a lost wakeup).
func (t *tracker) received(p *Proc, port uint16, ret int64) {
	t.tick++
	m := t.s.env.M
	got, _, _ := p.Received(ret)
	d := t.match(port, got, p.bufLen)
	if d == nil {
		for _, x := range t.all {
			if x.recvAt == 0 && x.dport != port && len(got) == min(len(x.payload), p.bufLen) && bytes.Equal(x.payload[:len(got)], got) {
				m.Fail(ClassWrongPort, "sys_recv(%d) by %s returned a datagram sent to port %d (%d bytes): net.c delivered it to the wrong port",
					port, p.Name(), x.dport, len(got))
			}
		}
		return // not a datagram net_rx saw: the workload judges the bytes
	}
	d.recvAt = t.tick
	pos := 1
	for _, e := range t.all {
		if e != d && e.dport == port && e.arrived < d.arrived && e.recvAt > d.arrived {
			pos++
		}
	}
	if pos > QLen {
		m.Fail(ClassQueueBound, "sys_recv(%d) by %s returned a datagram of port %d that sat behind %d others queued for that port: port %d held %d datagrams at once, more than the %d the lab allows (ip_rx must drop a datagram when its port already holds %d)",
			port, p.Name(), port, pos-1, port, pos, QLen, QLen)
	}
	if p.poked {
		m.Fail(ClassLostWakeup, "%s slept in sys_recv(%d)%s while port %d's queue held a datagram (%d bytes, given to net_rx before): no wakeup reached it (nicsim woke it at quiescence, and recv returned the datagram at once)",
			p.Name(), port, p.sleptAt, port, len(got))
	}
}

// pending are the datagrams to port that net_rx got and that neither a
// recv returned nor kfree freed.
func (t *tracker) pending(port uint16) int {
	n := 0
	for _, d := range t.all {
		if d.dport == port && d.recvAt == 0 && !d.freed {
			n++
		}
	}
	return n
}

// leaked describes the datagrams whose pages were never freed: dropped
// without kfree, or received and not freed.
func (t *tracker) leaked() (n int, what string) {
	var parts []string
	for _, d := range t.all {
		if d.freed {
			continue
		}
		n++
		if len(parts) < 6 {
			state := "dropped"
			if d.recvAt != 0 {
				state = "received"
			}
			parts = append(parts, fmt.Sprintf("port %d (%s, page %#x)", d.dport, state, d.page))
		}
	}
	return n, strings.Join(parts, ", ")
}

// The socket workload's payloads: stack's ping format, with the port the
// datagram was sent from as its process number.
func payload(buf []byte, port uint16, seq uint32, size int) []byte {
	return stack.EncodePing(buf, port, seq, size)
}

// decodeHeader reads the port and sequence number of a payload, which may
// be truncated after its header.
func decodeHeader(p []byte) (port uint16, seq uint32, ok bool) {
	if len(p) < stack.PingHeaderLen || [4]byte(p) != stack.PingMagic {
		return 0, 0, false
	}
	return binary.BigEndian.Uint16(p[4:]), binary.BigEndian.Uint32(p[6:]), true
}
