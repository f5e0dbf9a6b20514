package grade

import (
	"net/netip"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/sim"
)

// The host's side, as nicsim plays it.
const (
	// ServerPort is the host server's UDP port on 10.0.2.2 (the lab's
	// NET_TESTS_PORT, which the lab derives from the user id).
	ServerPort = 26099
	// HostReply is the 2020-2023 server's fixed reply, in nicsim's words.
	HostReply = "nicsim host: reply to xv6"
	// DNSName and DNSID are the lab's DNS query; DNSPort the guest's port.
	DNSName  = "pdos.csail.mit.edu"
	DNSID    = 6828
	dnsLocal = 10000
	// Pause is the model's sleep between the 2024+ tests.
	Pause = 100 * sim.Millisecond
	// QueueMax is the 2024+ net.c model's bound of queued packets per port.
	QueueMax = 16
)

// DNSAddr is the address the lab's DNS test expects for DNSName, and
// Resolver where the query goes.
var (
	DNSAddr  = netip.AddrFrom4([4]byte{128, 52, 129, 126})
	Resolver = netip.AddrFrom4([4]byte{8, 8, 8, 8})
)

// Nettests is the 2020-2023 lab's grader (grade-lab-net running
// user/nettests.c).
var Nettests = &grader.Grader{
	Name: "nettests", Kernel: "xv6", Title: "xv6 net lab 2020-2023 (make grade: nettests)",
	Subtests: []grader.Subtest{
		{Name: "ping", Slug: "ping", Points: 40, Pass: []string{"testing ping: OK"}, Alone: true},
		{Name: "single-process pings", Slug: "single", Points: 20, Pass: []string{"testing single-process pings: OK"}, Alone: true},
		{Name: "multi-process pings", Slug: "multi", Points: 20, Pass: []string{"testing multi-process pings: OK"}, Alone: true},
		{Name: "DNS", Slug: "dns", Points: 19, Pass: []string{"DNS OK"}, Alone: true},
	},
	NotOurs: []string{"1 point for time.txt, a file the student writes: nicsim does not score it"},
}

// Nettest is the 2024+ lab's grader (grade-lab-net running nettest.py and
// `nettest grade`).
var Nettest = &grader.Grader{
	Name: "nettest", Kernel: "xv6-2024", Title: "xv6 net lab 2024+ (make grade: nettest grade)",
	Subtests: []grader.Subtest{
		{Name: "txone", Slug: "txone", Points: 20, Pass: []string{"txone: OK"}, Host: true, Alone: true},
		{Name: "arp_rx", Slug: "arp_rx", Points: 20, Pass: []string{"arp_rx: received an ARP packet"}},
		{Name: "ip_rx", Slug: "ip_rx", Points: 20, Pass: []string{"ip_rx: received an IP packet"}},
		{Name: "ping0", Slug: "ping0", Points: 20, Pass: []string{"ping0: OK"}, Alone: true},
		{Name: "ping1", Slug: "ping1", Points: 20, Pass: []string{"ping1: OK"}, Alone: true},
		{Name: "ping2", Slug: "ping2", Points: 20, Pass: []string{"ping2: OK"}, Alone: true},
		{Name: "ping3", Slug: "ping3", Points: 30, Pass: []string{"ping3: OK"}, Alone: true},
		{Name: "dns", Slug: "dns", Points: 10, Pass: []string{"dns: OK"}, Alone: true},
		{Name: "free", Slug: "free", Points: 10, Pass: []string{"free: OK"}},
	},
}

func init() {
	grader.Register(Nettests)
	grader.Register(Nettest)
}

// Scenarios are the scenario names of the grader of a kernel ("xv6").
func Scenarios(kernel string) []string {
	var out []string
	for _, g := range grader.ForKernel(kernel) {
		out = append(out, g.Scenarios()...)
	}
	return out
}
