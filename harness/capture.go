package harness

import (
	"github.com/nicsim/nicsim/nic"
	"github.com/nicsim/nicsim/sim"
)

// port is where the wire delivers frames: the device's receive side.
type port interface{ Receive(frame []byte) }

// sniffer is a decorator around both ends of the wire, as gVisor's
// link/sniffer wraps an endpoint: every frame the device transmits and every
// frame the wire delivers to it goes to sink (with the virtual time) and
// then on. The run installs it only when someone listens.
type sniffer struct {
	m    *sim.Machine
	sink func(t sim.Time, frame []byte)
	out  nic.Wire // the wire, for frames from the device
	in   port     // the device, for frames from the wire
}

var _ nic.Wire = (*sniffer)(nil)

// Transmit implements [nic.Wire].
func (s *sniffer) Transmit(frame []byte) {
	s.sink(s.m.Now(), frame)
	s.out.Transmit(frame)
}

// Receive implements port.
func (s *sniffer) Receive(frame []byte) {
	s.sink(s.m.Now(), frame)
	s.in.Receive(frame)
}

// sinks combines the run's listeners: the pcap sink and, with
// Options.Capture, a copy of every frame into *frames. It returns nil when
// nobody listens.
func sinks(opt *Options, frames *[]Frame) func(sim.Time, []byte) {
	pcap := opt.PcapSink
	if !opt.Capture {
		return pcap
	}
	return func(t sim.Time, f []byte) {
		*frames = append(*frames, Frame{T: t, Data: append([]byte(nil), f...)})
		if pcap != nil {
			pcap(t, f)
		}
	}
}
