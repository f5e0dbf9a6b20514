package netc

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/nicsim/nicsim/sim"
	"github.com/nicsim/nicsim/stack"
)

// datagram is a UDP datagram the driver handed to net.c's net_rx: its
// destination port, the workload's port and sequence number in its
// payload, its page, and what became of it.
type datagram struct {
	dport   uint16
	port    uint16 // the port encoded in the payload (the one it was sent to)
	seq     uint32
	page    uint64
	arrived int // tick of its net_rx
	recvAt  int // tick of the recv that returned it (0: none)
	freed   bool
}

// tracker follows every datagram from net_rx to recv or kfree.
type tracker struct {
	w      *workload
	all    []*datagram
	active map[uint64]*datagram // by page, until freed
	tick   int
}

func newTracker(w *workload) *tracker {
	return &tracker{w: w, active: map[uint64]*datagram{}}
}

// arrived sees a frame on its way to net_rx.
func (t *tracker) arrived(c *sim.CPU, buf uint64, n int) {
	t.tick++
	m := t.w.env.M
	frame, err := m.Mem.Slice(buf, uint64(max(n, 0)))
	if err != nil || n < 0 || n > sim.PageSize {
		m.Fail(sim.ClassCorrupt, "net_rx on cpu%d got buffer %#x and length %d, not a frame in a page", c.ID, buf, n)
	}
	f := t.w.parser.Parse(frame)
	if f.Kind != stack.KindUDP || f.UDP.DstIP != stack.GuestIP {
		return
	}
	d := &datagram{dport: f.UDP.DstPort, page: buf &^ (sim.PageSize - 1), arrived: t.tick}
	d.port, d.seq, _ = decodeHeader(f.Payload)
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

// received finds the datagram a recv on port returned (by the port and
// sequence number in its payload) and checks how deep in the port's queue
// it sat: the datagrams of the port that arrived before it and were still
// queued when it arrived.
func (t *tracker) received(p *proc, port uint16, from uint16, seq uint32) *datagram {
	t.tick++
	var d *datagram
	for _, x := range t.all {
		if x.recvAt == 0 && x.port == from && x.seq == seq && x.dport == port {
			d = x
			break
		}
	}
	if d == nil {
		return nil
	}
	d.recvAt = t.tick
	pos := 1
	for _, e := range t.all {
		if e != d && e.dport == port && e.arrived < d.arrived && e.recvAt > d.arrived {
			pos++
		}
	}
	if pos > QLen {
		t.w.env.M.Fail(ClassQueueBound, "sys_recv(%d) by process %d returned seq %d of port %d, which sat behind %d other datagrams in the port's queue: port %d held %d datagrams at once, more than the %d the lab allows (ip_rx must drop a datagram when its port already holds %d)",
			port, p.id, seq, port, pos-1, port, pos, QLen, QLen)
	}
	return d
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
			parts = append(parts, fmt.Sprintf("port %d seq %d (%s, page %#x)", d.dport, d.seq, state, d.page))
		}
	}
	return n, strings.Join(parts, ", ")
}

// The workload's payloads: stack's ping format, with the port the datagram
// was sent from as its process number.
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
