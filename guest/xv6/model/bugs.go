package model

import (
	"fmt"
	"strings"
)

// Bug names a bug the model driver can plant.
type Bug string

// The plantable bugs, named after notes/bugs.md.
const (
	// ARPReentrant: the receive path holds the transmit lock across net_rx,
	// so the ARP reply's transmit re-acquires it (xv6 panic: acquire).
	ARPReentrant Bug = "arp-reentrant"
	// OnePerIntr: the interrupt handler takes one packet, no drain loop.
	OnePerIntr Bug = "one-per-intr"
	// TXNoDD: transmit reuses a descriptor without checking DD.
	TXNoDD Bug = "tx-no-dd"
	// NoAck: the interrupt is never acknowledged (ICR not written).
	NoAck Bug = "no-ack"
	// NoRS: transmit descriptors lack RS, so DD is never written back.
	NoRS Bug = "no-rs"
	// RXNoClear: the receive path does not clear a recycled descriptor's status.
	RXNoClear Bug = "rx-no-clear"
	// TXNoLock: transmit takes no lock around read TDT, fill, write TDT.
	TXNoLock Bug = "tx-no-lock"
	// TXFullLap: transmit checks DD on its own slot only, so sixteen
	// unprocessed sends move TDT all the way round to TDH and the device
	// sees an empty ring (the xv6 skeleton's latent hang).
	TXFullLap Bug = "tx-full-lap"
)

// Bugs lists every plantable bug with a description, in a fixed order.
var Bugs = []struct {
	Bug  Bug
	Desc string
}{
	{ARPReentrant, "receive holds the transmit lock across net_rx (ARP reply re-enters transmit)"},
	{OnePerIntr, "one packet per interrupt, no drain loop"},
	{TXNoDD, "TX descriptor reused without checking DD"},
	{NoAck, "interrupt not acknowledged (ICR never written)"},
	{NoRS, "RS not set in TX descriptors: DD never written back"},
	{RXNoClear, "RX descriptor status not cleared when recycled"},
	{TXNoLock, "no lock around the transmit ring update"},
	{TXFullLap, "TDT may catch up with TDH: a full lap of unprocessed sends looks like an empty ring"},
}

// ParseBug checks a bug name ("" means none).
func ParseBug(s string) (Bug, error) {
	if s == "" {
		return "", nil
	}
	var names []string
	for _, b := range Bugs {
		if string(b.Bug) == s {
			return b.Bug, nil
		}
		names = append(names, string(b.Bug))
	}
	return "", fmt.Errorf("unknown bug %q (known: %s)", s, strings.Join(names, ", "))
}

// BugNames lists the plantable bugs' names, in the order of [Bugs].
func BugNames() []string {
	names := make([]string, len(Bugs))
	for i, b := range Bugs {
		names[i] = string(b.Bug)
	}
	return names
}
