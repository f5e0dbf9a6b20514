package stack_test

import (
	"fmt"
	"slices"

	"github.com/nicsim/nicsim/stack"
)

// event is a frame on the simulated wire.
type event struct {
	at      int64
	toGuest bool
	frame   []byte
}

// Example_echoRoundTrip wires an xv6 2020 guest's net.c glue to the slirp-like
// peer with a perfect wire of 1 µs and no driver in between: the peer ARPs
// for the guest before its first echo, the guest answers from its receive
// path, and the held echoes follow in order.
func Example_echoRoundTrip() {
	glue := stack.NewGlue(stack.Policy{DstMAC: stack.BroadcastMAC, TTL: 100, ARP: stack.ARPRequests})
	peer := stack.NewPeer(stack.PeerConfig{})
	parser := stack.NewParser()
	const wire = 1_000
	var queue []event
	for seq := range uint32(2) {
		f := glue.AppendPing(nil, stack.Ports{Src: 2000, Dst: stack.EchoPort}, 1, seq, 32)
		queue = append(queue, event{at: int64(seq) * 5_000, frame: f})
	}
	for len(queue) > 0 {
		slices.SortStableFunc(queue, func(a, b event) int { return int(a.at - b.at) })
		e := queue[0]
		queue = queue[1:]
		f := parser.Parse(e.frame)
		if !e.toGuest {
			fmt.Printf("t=%-6d guest->peer %v\n", e.at, describe(f))
			for _, o := range peer.OnFrame(e.at+wire, e.frame) {
				queue = append(queue, event{at: e.at + wire + o.Delay, toGuest: true, frame: o.Frame})
			}
			continue
		}
		fmt.Printf("t=%-6d peer->guest %v\n", e.at, describe(f))
		if a := glue.NetRx(e.frame); a.Verdict == stack.RxReply {
			queue = append(queue, event{at: e.at + wire, frame: a.Reply})
		}
	}
	fmt.Printf("peer holding %d, stats %+v\n", peer.Holding(), peer.Stats())
	// Output:
	// t=0      guest->peer udp 10.0.2.15:2000 -> 10.0.2.2:7 ping 1/0
	// t=5000   guest->peer udp 10.0.2.15:2000 -> 10.0.2.2:7 ping 1/1
	// t=21000  peer->guest arp-request who-has 10.0.2.15 tell 10.0.2.2
	// t=22000  guest->peer arp-reply 10.0.2.15 is-at 52:54:00:12:34:56
	// t=26000  peer->guest arp-request who-has 10.0.2.15 tell 10.0.2.2
	// t=27000  guest->peer arp-reply 10.0.2.15 is-at 52:54:00:12:34:56
	// t=43000  peer->guest udp 10.0.2.2:7 -> 10.0.2.15:2000 ping 1/0
	// t=43000  peer->guest udp 10.0.2.2:7 -> 10.0.2.15:2000 ping 1/1
	// peer holding 0, stats {FramesIn:4 ARPRequestsSent:2 ARPRequestsAnswered:0 ARPRepliesIn:2 UDPIn:2 Dups:0 EchoesSent:2 UDPSent:0 Expired:0 Malformed:0 Ignored:0 DNSAnswered:0}
}

func describe(f stack.Frame) string {
	switch f.Kind {
	case stack.KindARPRequest:
		return fmt.Sprintf("%v who-has %v tell %v", f.Kind, f.ARP.TargetIP, f.ARP.SenderIP)
	case stack.KindARPReply:
		return fmt.Sprintf("%v %v is-at %v", f.Kind, f.ARP.SenderIP, f.ARP.SenderMAC)
	case stack.KindUDP:
		proc, seq, _ := stack.DecodePing(f.Payload)
		return fmt.Sprintf("%v %v:%d -> %v:%d ping %d/%d", f.Kind, f.UDP.SrcIP, f.UDP.SrcPort, f.UDP.DstIP,
			f.UDP.DstPort, proc, seq)
	}
	return fmt.Sprintf("%v %v", f.Kind, f.Err)
}
