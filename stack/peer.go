package stack

import "net/netip"

// Peer defaults.
const (
	// DefaultPeerDelay is the virtual time from a peer's input to its output
	// reaching the wire.
	DefaultPeerDelay int64 = 20_000
	// DefaultHoldTimeout is how long slirp keeps a packet whose destination
	// MAC is unresolved before dropping it (1 s, if_encap's expiration_date).
	DefaultHoldTimeout int64 = 1_000_000_000
)

// PeerConfig configures a [Peer]. The zero value is a slirp gateway with an
// echo service on port 7.
type PeerConfig struct {
	// EchoPort is the UDP port on 10.0.2.2 whose datagrams are echoed; 0
	// means EchoPort (7).
	EchoPort uint16
	// Delay is the virtual ns from an input to each output on the wire; 0
	// means DefaultPeerDelay, negative means none.
	Delay int64
	// HoldTimeout is how long a reply may wait for ARP resolution before it
	// is dropped; 0 means DefaultHoldTimeout, negative means forever.
	HoldTimeout int64
	// StartARPs is the number of "who has 10.0.2.15" requests [Peer.Start]
	// sends (an ARP storm at boot); 0 sends nothing.
	StartARPs int
	// NoPad sends frames shorter than 60 bytes unpadded. By default they are
	// zero-padded to 60, as QEMU's slirp backend does (since about 6.0).
	NoPad bool

	_ struct{}
}

// Out is a frame the peer puts on the wire toward the guest, Delay virtual ns
// after the now of the call that returned it. The peer never writes to Frame
// again (until [Peer.Recycle]); the caller may keep it.
type Out struct {
	Frame []byte
	Delay int64
}

// Received is a UDP datagram the peer received from the guest.
type Received struct {
	At         int64 // virtual time of arrival
	SrcIP      netip.Addr
	DstIP      netip.Addr
	Ports      Ports
	Len        int    // payload bytes
	Ping       bool   // the payload decoded with DecodePing
	Proc       uint16 // for Ping
	Seq        uint32 // for Ping
	Dup        bool   // a Ping whose (Proc, Seq) arrived before
	Echoed     bool   // an echo reply was sent or queued
	IPID       uint16
	TTL        uint8
	NoChecksum bool // the UDP checksum was 0
}

// PeerStats are the peer's counters.
type PeerStats struct {
	FramesIn            int // every frame passed to OnFrame
	ARPRequestsSent     int // "who has" sent by the peer (held replies and StartARPs)
	ARPRequestsAnswered int // guest requests for 10.0.2.2 or 10.0.2.3 answered
	ARPRepliesIn        int // ARP replies received
	UDPIn               int // UDP datagrams received (also in Received)
	Dups                int // ping datagrams received more than once
	EchoesSent          int // echo replies put on the wire (after resolution)
	UDPSent             int // datagrams injected with SendUDP and put on the wire
	Expired             int // held replies dropped after HoldTimeout
	Malformed           int // frames the Parser rejected as malformed
	Ignored             int // well-formed frames not for the peer (including Other)
	DNSAnswered         int // DNS queries answered (HostServer.DNS)
}

// Peer is a slirp-like gateway (10.0.2.2, 52:55:0a:00:02:02) as a
// deterministic reactive state machine: no goroutines and no timers. The
// simulator calls it with the virtual time and schedules the [Out] frames it
// returns.
//
// Like slirp, the peer does not know the guest's MAC at first. Every packet
// it wants to send to an IP whose MAC it has not learned is held and causes
// one ARP request (slirp's resolution_requested is per packet); the peer
// learns MACs from ARP replies and from requests it answers, then sends the
// held packets in order. Held packets expire after HoldTimeout, checked
// whenever the peer is called.
//
// Neither the []Out slices the methods return nor the frames in them are
// written again by the peer (until [Peer.Recycle]), so a caller may keep
// them, and may call the peer again while iterating over them. Both are
// carved from arenas, so steady-state calls do not allocate. A Peer is not
// safe for concurrent use.
type Peer struct {
	cfg      PeerConfig
	parser   *Parser
	arp      arpTable
	held     []held
	slab     []byte
	outs     []Out // arena of Out values; returned slices are never reused
	outStart int   // index in outs where the current call's outputs begin
	slabUsed int   // frame bytes handed out since the last Reset
	outsUsed int   // Outs handed out since the last Reset
	tmpls    []peerTemplate
	ipID     uint16
	received []Received
	seen     seqSet
	stats    PeerStats
	lastErr  error
	server   *HostServer // the host's side of a grader (SetServer)
}

// NewPeer returns a peer configured by cfg.
func NewPeer(cfg PeerConfig) *Peer {
	if cfg.EchoPort == 0 {
		cfg.EchoPort = EchoPort
	}
	if cfg.Delay == 0 {
		cfg.Delay = DefaultPeerDelay
	}
	if cfg.HoldTimeout == 0 {
		cfg.HoldTimeout = DefaultHoldTimeout
	}
	return &Peer{cfg: cfg, parser: NewParser()}
}

// Config returns the configuration with defaults filled in.
func (p *Peer) Config() PeerConfig { return p.cfg }

// Reset returns the peer to its state after NewPeer, keeping allocated
// capacity for the next scenario. Outs and frames handed out earlier stay
// valid (they are never reused); a slice returned by Received before Reset
// is overwritten by later arrivals.
func (p *Peer) Reset() {
	p.arp = arpTable{}
	clear(p.held)
	p.held = p.held[:0]
	p.slab = nil
	p.outs, p.outStart = nil, 0
	p.slabUsed, p.outsUsed = 0, 0
	p.ipID = 0
	p.received = p.received[:0]
	p.seen.reset()
	p.stats = PeerStats{}
	p.lastErr = nil
}

// Recycle is [Peer.Reset] for a caller that is done with everything the peer
// has returned: it also reuses the memory of the Outs and frames handed out
// so far, which later calls overwrite. A simulator that runs scenario after
// scenario and keeps nothing of the last one uses Recycle so that its loop
// does not allocate.
func (p *Peer) Recycle() {
	slab, outs := p.slab[:0], p.outs[:0]
	if cap(slab) < p.slabUsed { // the last scenario needed more than one slab
		slab = make([]byte, 0, p.slabUsed)
	}
	if cap(outs) < p.outsUsed {
		outs = make([]Out, 0, p.outsUsed)
	}
	p.Reset()
	p.slab, p.outs = slab, outs
}

// Start returns what the peer sends when the simulation begins:
// cfg.StartARPs requests "who has 10.0.2.15".
func (p *Peer) Start(now int64) []Out {
	p.begin()
	for range p.cfg.StartARPs {
		p.sendWhoHas(GuestIP)
	}
	return p.end()
}

// OnFrame handles a frame the guest transmitted and returns the peer's
// responses. The peer does not keep frame.
func (p *Peer) OnFrame(now int64, frame []byte) []Out {
	p.begin()
	p.stats.FramesIn++
	p.expire(now)
	f := p.parser.Parse(frame)
	switch f.Kind {
	case KindARPRequest:
		p.onARPRequest(&f)
	case KindARPReply:
		p.onARPReply(&f)
	case KindUDP:
		p.onUDP(now, &f)
	case KindMalformed:
		p.stats.Malformed++
		p.lastErr = f.Err
	default:
		p.ignore(f.Err)
	}
	return p.end()
}

// ignore counts a well-formed frame that is not for the peer.
func (p *Peer) ignore(err error) {
	p.stats.Ignored++
	p.lastErr = err
}

// Stats returns the counters.
func (p *Peer) Stats() PeerStats { return p.stats }

// Received returns every UDP datagram received from the guest, in arrival
// order. The slice is the peer's own; do not modify it.
func (p *Peer) Received() []Received { return p.received }

// LastIgnored returns why the most recent malformed or ignored frame was not
// handled, or nil if there was none.
func (p *Peer) LastIgnored() error { return p.lastErr }

// begin starts collecting the outputs of a call.
func (p *Peer) begin() { p.outStart = len(p.outs) }

// end returns the outputs of the current call: a capacity-capped piece of
// the Out arena that the peer never writes again (nil if there are none).
func (p *Peer) end() []Out {
	if len(p.outs) == p.outStart {
		return nil
	}
	return p.outs[p.outStart:len(p.outs):len(p.outs)]
}

// out queues frame for the wire after the configured delay. When the arena
// is full, the current call's outputs move to a new one; the old arena stays
// with whoever holds slices of it.
func (p *Peer) out(frame []byte) {
	if len(p.outs) == cap(p.outs) {
		const arenaLen = 256
		cur := p.outs[p.outStart:]
		p.outs = append(make([]Out, 0, max(arenaLen, 2*len(cur))), cur...)
		p.outStart = 0
	}
	p.outs = append(p.outs, Out{Frame: frame, Delay: max(p.cfg.Delay, 0)})
	p.outsUsed++
}

// alloc returns n bytes of frame memory that nothing else will ever use: a
// capacity-capped piece of a slab, so appending to it cannot reach a
// neighbour. Slabs are never rewritten.
func (p *Peer) alloc(n int) []byte {
	const slabSize = 16 << 10
	if len(p.slab)+n > cap(p.slab) {
		p.slab = make([]byte, 0, max(slabSize, n))
	}
	s := p.slab[len(p.slab) : len(p.slab)+n : len(p.slab)+n]
	p.slab = p.slab[:len(p.slab)+n]
	p.slabUsed += n
	return s
}
