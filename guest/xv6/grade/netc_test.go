package grade

import (
	"net/netip"
	"testing"

	"github.com/nicsim/nicsim/stack"
)

func TestQueueBound(t *testing.T) {
	n := netc{bounded: true}
	s := n.open(2008, netip.Addr{}, 0)
	for i := range QueueMax + 4 {
		n.deliver(stack.Datagram{DstPort: 2008, Payload: []byte{byte(i)}})
	}
	n.deliver(stack.Datagram{DstPort: 2010})
	if len(s.q) != QueueMax || s.drops != 4 || n.unbound != 1 {
		t.Errorf("queued %d, dropped %d, unbound %d; want %d, 4, 1", len(s.q), s.drops, n.unbound, QueueMax)
	}
	if d, _ := s.pop(); d.Payload[0] != 0 {
		t.Errorf("first popped %d, want 0 (FIFO)", d.Payload[0])
	}
}

func TestConnectedSocketFilters(t *testing.T) {
	n := netc{}
	s := n.open(10000, Resolver, stack.DNSPort)
	n.deliver(stack.Datagram{SrcIP: stack.GatewayIP, SrcPort: stack.DNSPort, DstPort: 10000})
	n.deliver(stack.Datagram{SrcIP: Resolver, SrcPort: stack.DNSPort, DstPort: 10000})
	if len(s.q) != 1 || n.unbound != 1 {
		t.Errorf("queued %d, unbound %d; want 1 and 1", len(s.q), n.unbound)
	}
}
