package grade

import (
	"bytes"
	"fmt"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/stack"
)

// The guest programs, as operations: what each subtest of the lab's
// program sends and receives and what it checks (graders.md), in nicsim's
// words.

// TxOne is the payload of 2024+'s txone test, which the host only has to
// receive (it prints "txone: OK").
const TxOne = "txone"

const (
	txonePort   = 2003
	pingPort    = 2000 // 2020-2023: ping and single-process pings
	multiProcs  = 10   // 2020-2023: children of multi-process pings, ports 2001..
	singlePings = 100
	ping1Rounds = 20
	ping2Each   = 5
	ping3Burst  = 257
)

var gateway = stack.GatewayIP

// programOf is the program of a grader, or of its one subtest.
func programOf(g *grader.Grader, only *grader.Subtest) []op {
	var prog []op
	for i, s := range g.Subtests {
		if only != nil && s.Slug != only.Slug {
			continue
		}
		body := subtestOps(g, s.Slug)
		if body == nil {
			continue // scored at the end (arp_rx, ip_rx, free)
		}
		if g == Nettest && len(prog) > 0 {
			prog = append(prog, op{kind: opPause})
		}
		prog = append(prog, op{kind: opBegin, sub: i})
		prog = append(prog, body...)
		if s.Slug != "txone" {
			prog = append(prog, op{kind: opPass, sub: i})
		}
	}
	return prog
}

// subtestOps is what one subtest does (nil: it has no traffic of its own).
func subtestOps(g *grader.Grader, slug string) []op {
	if g == Nettests {
		switch slug {
		case "ping":
			return pings2020(pingPort, 1)
		case "single":
			return pings2020(pingPort, singlePings)
		case "multi":
			return multi2020()
		case "dns":
			return dnsOps(true)
		}
		return nil
	}
	switch slug {
	case "txone":
		return []op{{kind: opSend, port: txonePort, dst: gateway, dport: ServerPort, payload: []byte(TxOne)}}
	case "ping0":
		return echoRounds("ping0", 2004, 1)
	case "ping1":
		return echoRounds("ping1", 2005, ping1Rounds)
	case "ping2":
		return ping2()
	case "ping3":
		return ping3()
	case "dns":
		return dnsOps(false)
	}
	return nil
}

// pings2020 is nettests' ping(): a socket connected to the host's server,
// n rounds of one datagram and the server's fixed reply.
func pings2020(port uint16, n int) []op {
	ops := []op{{kind: opOpen, port: port, dst: gateway, dport: ServerPort}}
	for i := range n {
		msg := []byte(fmt.Sprintf("nicsim: ping %d from xv6 port %d", i, port))
		ops = append(ops, op{kind: opSend, port: port, dst: gateway, dport: ServerPort, payload: msg},
			op{kind: opRecv, port: port, check: wantPayload(port, []byte(HostReply), ServerPort)})
	}
	return append(ops, op{kind: opClose, port: port})
}

// multi2020 is the multi-process pings: children on ports 2001.., one
// ping each, then wait for them all.
func multi2020() []op {
	f := op{kind: opFork}
	for i := range multiProcs {
		f.children = append(f.children, pings2020(uint16(pingPort+1+i), 1))
	}
	return []op{f, {kind: opWait}}
}

// echoRounds binds port and makes n rounds of a datagram and its echo.
func echoRounds(name string, port uint16, n int) []op {
	ops := []op{{kind: opOpen, port: port}}
	for i := range n {
		msg := []byte(fmt.Sprintf("nicsim: %s %d", name, i))
		ops = append(ops, op{kind: opSend, port: port, dst: gateway, dport: ServerPort, payload: msg},
			op{kind: opRecv, port: port, check: wantPayload(port, msg, ServerPort)})
	}
	return append(ops, op{kind: opClose, port: port})
}

// ping2 sends ping2Each datagrams from each of two ports, then receives
// them back on each, in order.
func ping2() []op {
	ports := []uint16{2006, 2007}
	var ops, recvs []op
	for _, p := range ports {
		ops = append(ops, op{kind: opOpen, port: p})
	}
	for _, p := range ports {
		for i := range ping2Each {
			msg := []byte(fmt.Sprintf("nicsim: ping2 port %d #%d", p, i))
			ops = append(ops, op{kind: opSend, port: p, dst: gateway, dport: ServerPort, payload: msg})
			recvs = append(recvs, op{kind: opRecv, port: p, check: wantPayload(p, msg, ServerPort)})
		}
	}
	ops = append(ops, recvs...)
	for _, p := range ports {
		ops = append(ops, op{kind: opClose, port: p})
	}
	return ops
}

// ping3 binds 2008 and 2009, sends one datagram from 2009, a burst of
// ping3Burst alternating from 2008 and the unbound 2010, one more from
// 2009; both 2009 echoes must come back, and 2008 must hold a bounded
// queue.
func ping3() []op {
	first, last := []byte("nicsim: ping3 port 2009 first"), []byte("nicsim: ping3 port 2009 last")
	ops := []op{{kind: opOpen, port: 2008}, {kind: opOpen, port: 2009},
		{kind: opSend, port: 2009, dst: gateway, dport: ServerPort, payload: first}}
	for i := range ping3Burst {
		port := uint16(2008 + 2*(i%2))
		msg := []byte(fmt.Sprintf("nicsim: ping3 burst %d", i))
		ops = append(ops, op{kind: opSend, port: port, dst: gateway, dport: ServerPort, payload: msg})
	}
	return append(ops, op{kind: opSend, port: 2009, dst: gateway, dport: ServerPort, payload: last},
		op{kind: opRecv, port: 2009, check: wantPayload(2009, first, ServerPort)},
		op{kind: opRecv, port: 2009, check: wantPayload(2009, last, ServerPort)},
		op{kind: opDrain, port: 2008, min: 1},
		op{kind: opClose, port: 2008}, op{kind: opClose, port: 2009})
}

// dnsOps sends the lab's query to the resolver and checks the answer
// (connected: the 2020-2023 socket is connected to the resolver).
func dnsOps(connected bool) []op {
	open := op{kind: opOpen, port: dnsLocal}
	if connected {
		open.dst, open.dport = Resolver, stack.DNSPort
	}
	q := stack.AppendDNSQuery(nil, DNSID, DNSName)
	return []op{open, {kind: opSend, port: dnsLocal, dst: Resolver, dport: stack.DNSPort, payload: q},
		{kind: opRecv, port: dnsLocal, check: checkDNS}, {kind: opClose, port: dnsLocal}}
}

// wantPayload checks a reply: from 10.0.2.2 and the server's port, with
// exactly the expected bytes.
func wantPayload(port uint16, want []byte, from uint16) func(stack.Datagram) string {
	return func(d stack.Datagram) string {
		switch {
		case d.SrcIP != gateway || d.SrcPort != from:
			return fmt.Sprintf("port %d received a datagram from %v:%d, want %v:%d", port, d.SrcIP, d.SrcPort, gateway, from)
		case !bytes.Equal(d.Payload, want):
			return fmt.Sprintf("port %d received %q (%d bytes), want %q (%d bytes)", port, d.Payload, len(d.Payload), want, len(want))
		}
		return ""
	}
}

// checkDNS is the lab's check of the DNS answer.
func checkDNS(d stack.Datagram) string {
	a, err := stack.ParseDNS(d.Payload)
	switch {
	case err != nil:
		return fmt.Sprintf("the DNS answer does not parse: %v", err)
	case d.SrcIP != Resolver || d.SrcPort != stack.DNSPort:
		return fmt.Sprintf("the DNS answer came from %v:%d, want %v:53", d.SrcIP, d.SrcPort, Resolver)
	case a.ID != DNSID || !a.Response:
		return fmt.Sprintf("the DNS answer has id %d (response %v), want %d", a.ID, a.Response, DNSID)
	case a.RCode != stack.DNSNoError:
		return fmt.Sprintf("the DNS answer has rcode %d", a.RCode)
	case len(a.A) == 0:
		return "the DNS answer holds no A record"
	case a.A[0] != DNSAddr:
		return fmt.Sprintf("wrong ip address: %v, want %v", a.A[0], DNSAddr)
	}
	return ""
}
