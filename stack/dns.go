package stack

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// DNSPort is the UDP port of a name server.
const DNSPort = 53

// DNS response codes a lab's test checks.
const (
	DNSNoError  = 0
	DNSNXDomain = 3
)

// AppendDNSQuery appends a standard query (recursion desired) for the A
// record of name with the given id, as the xv6 lab's DNS test builds it,
// and returns the extended slice.
func AppendDNSQuery(buf []byte, id uint16, name string) []byte {
	q := &layers.DNS{ID: id, RD: true, OpCode: layers.DNSOpCodeQuery,
		Questions: []layers.DNSQuestion{{Name: []byte(name), Type: layers.DNSTypeA, Class: layers.DNSClassIN}}}
	return append(buf, serializeDNS(q)...)
}

func serializeDNS(d *layers.DNS) []byte {
	sb := gopacket.NewSerializeBuffer()
	if err := d.SerializeTo(sb, gopacket.SerializeOptions{FixLengths: true}); err != nil {
		panic(fmt.Sprintf("stack: DNS message: %v", err)) // built here from valid fields
	}
	return sb.Bytes()
}

// DNSAnswer is what a DNS response says, as the lab's test reads it.
type DNSAnswer struct {
	ID       uint16
	Response bool
	RCode    uint8
	Name     string       // of the first question
	A        []netip.Addr // the A records of the answer section
}

// ParseDNS reads a DNS message; a message gopacket cannot decode is an
// error.
func ParseDNS(p []byte) (DNSAnswer, error) {
	var d layers.DNS
	if err := d.DecodeFromBytes(p, gopacket.NilDecodeFeedback); err != nil {
		return DNSAnswer{}, fmt.Errorf("stack: DNS message of %d bytes: %w", len(p), err)
	}
	a := DNSAnswer{ID: d.ID, Response: d.QR, RCode: uint8(d.ResponseCode)}
	if len(d.Questions) > 0 {
		a.Name = string(d.Questions[0].Name)
	}
	for _, rr := range d.Answers {
		if rr.Type == layers.DNSTypeA && rr.Class == layers.DNSClassIN {
			if ip, ok := netip.AddrFromSlice(rr.IP.To4()); ok {
				a.A = append(a.A, ip)
			}
		}
	}
	return a, nil
}

var errNotQuery = errors.New("stack: not a DNS query with one question")

// AnswerDNS is a name server with canned A records (slirp forwarding the
// query to the host's resolver, whose answer nicsim fixes): the response to
// query, with the record for its name, or NXDOMAIN for a name it does not
// hold.
func AnswerDNS(query []byte, records map[string]netip.Addr) ([]byte, error) {
	var q layers.DNS
	if err := q.DecodeFromBytes(query, gopacket.NilDecodeFeedback); err != nil {
		return nil, fmt.Errorf("stack: DNS query of %d bytes: %w", len(query), err)
	}
	if q.QR || len(q.Questions) != 1 {
		return nil, errNotQuery
	}
	qu := q.Questions[0]
	r := &layers.DNS{ID: q.ID, QR: true, RD: q.RD, RA: true, OpCode: q.OpCode, Questions: q.Questions}
	ip, ok := records[string(qu.Name)]
	switch {
	case !ok:
		r.ResponseCode = layers.DNSResponseCodeNXDomain
	case qu.Type == layers.DNSTypeA:
		a := ip.As4()
		r.Answers = []layers.DNSResourceRecord{{Name: qu.Name, Type: layers.DNSTypeA, Class: layers.DNSClassIN,
			TTL: 300, IP: a[:]}}
	}
	return serializeDNS(r), nil
}
