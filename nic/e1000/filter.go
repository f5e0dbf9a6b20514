package e1000

// Receive length limits (frame length without FCS): longer frames are
// dropped unless RCTL.SBP (spec §6.2 step 5).
const (
	maxFrame    = 1518  // without RCTL.LPE
	maxFrameLPE = 16380 // with RCTL.LPE
)

// Drop and hold reasons in the trace.
const (
	reasonFiltered  = "filtered"
	reasonOversize  = "oversize"
	reasonOverrun   = "overrun"
	reasonDisabled  = "rx-disabled"
	reasonQueueFull = "queue-full"
	reasonNoDesc    = "no-rx-descriptors"
	reasonBlackout  = "rctl-blackout"
)

// mtaShift is the right shift of DA bits 47:32 for each RCTL.MO value.
var mtaShift = [4]uint{4, 3, 2, 0}

// admit applies the oversize rule and the address filter to a frame already
// padded to 60 bytes, returning why it is refused or "".
func (d *Device) admit(f []byte) string {
	if d.oversize(len(f)) {
		incSat(&d.r.roc)
		d.stats.RXOversize++
		return reasonOversize
	}
	if !d.accept(f) {
		d.stats.RXFiltered++
		return reasonFiltered
	}
	return ""
}

func (d *Device) oversize(n int) bool {
	rctl := d.r.rctl
	tooLong := n > maxFrameLPE || (n > maxFrame && rctl&rctlLPE == 0)
	return tooLong && rctl&rctlSBP == 0
}

// accept is QEMU's e1000x_rx_group_filter: broadcast with BAM, multicast
// with MPE, unicast with UPE, an exact match against a valid receive
// address, and finally the multicast hash (applied to every DA type).
func (d *Device) accept(f []byte) bool {
	da := f[:6]
	rctl := d.r.rctl
	multicast := da[0]&1 != 0
	switch {
	case isBroadcast(da) && rctl&rctlBAM != 0:
		return true
	case multicast && rctl&rctlMPE != 0:
		return true
	case !multicast && rctl&rctlUPE != 0:
		return true
	}
	if d.matchRA(da) {
		return true
	}
	h := (uint32(da[5])<<8 | uint32(da[4])) >> mtaShift[rctl>>rctlMOShift&3] & 0xFFF
	return d.r.mta[h>>5]&(1<<(h&31)) != 0
}

func isBroadcast(da []byte) bool {
	return da[0]&da[1]&da[2]&da[3]&da[4]&da[5] == 0xFF
}

// matchRA compares da with every RAL/RAH pair that has AV set.
func (d *Device) matchRA(da []byte) bool {
	lo := uint32(da[0]) | uint32(da[1])<<8 | uint32(da[2])<<16 | uint32(da[3])<<24
	hi := uint32(da[4]) | uint32(da[5])<<8
	for i := 0; i < raWords; i += 2 {
		if d.r.ra[i+1]&rahAV != 0 && d.r.ra[i] == lo && d.r.ra[i+1]&0xFFFF == hi {
			return true
		}
	}
	return false
}

// rxBufSize decodes RCTL.BSIZE and BSEX (QEMU e1000x_rxbufsize; the
// reserved BSEX=1, BSIZE=00 gives 2048).
func rxBufSize(rctl uint32) int {
	bsize := rctl >> rctlBSIZESh & 3
	if rctl&rctlBSEX != 0 && bsize != 0 {
		return 16384 >> (bsize - 1)
	}
	return 2048 >> bsize
}

// fcsLen is 4 when the device counts (QEMU) or stores (strict) the FCS,
// i.e. when RCTL.SECRC does not strip it.
func (d *Device) fcsLen() int {
	if d.r.rctl&rctlSECRC != 0 {
		return 0
	}
	return 4
}
