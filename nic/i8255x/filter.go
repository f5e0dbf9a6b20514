package i8255x

// configBytes is how many configure bytes the 82557 takes (QEMU always
// copies 22).
const configBytes = 22

// configLen is the number of configure bytes a CB carries: QEMU always
// takes 22; strict takes the count in byte 0 bits 5:0, at most 22.
func configLen(byte0 uint8, strict bool) int {
	if !strict {
		return configBytes
	}
	return min(int(byte0&0x3F), configBytes)
}

var broadcastMAC = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// filter decides whether a frame (already padded to 60 bytes) is taken,
// returning the RFD status bits it earns or why it is refused. It follows
// QEMU's nic_receive, which strict shares except that it honours
// "broadcast disable" (configure 15.1) and ignores CSMA disable (an 82558
// bit).
func (d *Device) filter(f []byte) (uint16, string) {
	c := &d.conf
	switch {
	case !d.strict() && c[8]&0x80 != 0:
		d.stats.RXFiltered++
		return 0, reasonCSMA
	case len(f) > maxFrame && c[18]&0x08 == 0:
		d.stats.RXFiltered++
		return 0, reasonLong
	}
	st, ok := d.match(f)
	if !ok {
		d.stats.RXFiltered++
		return 0, reasonFiltered
	}
	return st, ""
}

// match is the address filter: individual address, broadcast, multicast
// (all, hash, or promiscuous), promiscuous, multiple IA through the hash.
func (d *Device) match(f []byte) (uint16, bool) {
	c := &d.conf
	da := [6]byte(f[:6])
	promisc := c[15]&0x01 != 0
	switch {
	case da == d.ia:
		return 0, true
	case da == broadcastMAC:
		return rfdNoIA, !d.strict() || c[15]&0x02 == 0
	case da[0]&1 != 0:
		if c[21]&0x08 != 0 || d.hashHit(da[:]) {
			return rfdNoIA, true
		}
		return rfdNoIA | rfdNoAddr, promisc
	case promisc:
		return rfdNoAddr, true
	case c[20]&0x40 != 0:
		i := netCRC32(da[:]) >> 26 // QEMU: the top 6 bits here
		return 0, d.mult[i>>3]&(1<<(i&7)) != 0
	}
	return 0, false
}

func (d *Device) hashHit(da []byte) bool {
	i := mcastIndex(da)
	return d.mult[i>>3]&(1<<(i&7)) != 0
}

// mcastIndex is QEMU's eepro100 hash: bits 7:2 of net_crc32 of the address.
func mcastIndex(addr []byte) uint8 {
	return uint8(netCRC32(addr)&0xFC) >> 2
}

// netCRC32 is QEMU's net_crc32: the Ethernet CRC computed MSB first over
// bits taken LSB first, without the final inversion.
func netCRC32(p []byte) uint32 {
	const polyBE = 0x04c11db6
	crc := uint32(0xffffffff)
	for _, b := range p {
		for j := 0; j < 8; j++ {
			carry := crc>>31 ^ uint32(b&1)
			crc <<= 1
			b >>= 1
			if carry != 0 {
				crc = crc ^ polyBE | carry
			}
		}
	}
	return crc
}
