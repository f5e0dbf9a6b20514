package fuzzdesc

import "github.com/nicsim/nicsim/nic/e1000"

// TX descriptor commands of the seeds.
const (
	cmdEOPRS = 0x09 // EOP | RS
	cmdRS    = 0x08
)

// program builds an input: setup byte, schedule length, operations, then
// the schedule.
func program(setup byte, sched []byte, ops ...[]byte) []byte {
	b := []byte{setup, byte(len(sched))}
	for _, o := range ops {
		b = append(b, o...)
	}
	return append(b, sched...)
}

func post(n uint16, cmd byte) []byte { return []byte{opTXPost, byte(n), byte(n >> 8), cmd} }
func recv(n uint16, dst byte) []byte { return []byte{opReceive, byte(n), byte(n >> 8), dst} }
func w8(reg uint32, v byte) []byte   { return []byte{opWrite8, regIndex(reg), v} }

func w32(reg uint32, v uint32) []byte {
	return []byte{opWrite32, regIndex(reg), byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}
}

// Seeds returns small well-formed programs in both personalities, each
// moving frames: a seed corpus for fuzzers.
func Seeds() [][]byte {
	refill, readICR := []byte{opRXRefill}, []byte{opRead, regIndex(e1000.ICR)}
	return [][]byte{
		// QEMU, ring of 8: two frames out, two in, consume and refill.
		program(0x00, nil, post(60, cmdEOPRS), post(100, cmdEOPRS), recv(80, 0), recv(60, 1),
			[]byte{opSleep, 20}, readICR, refill, refill),
		// Strict, ring of 8, the engines interleaved with the driver.
		program(0x01, []byte{1, 2, 1, 0, 2, 2, 1, 1, 2, 0, 1, 2},
			post(60, cmdEOPRS), recv(80, 0), post(14, cmdEOPRS), recv(60, 1), []byte{opSleep, 4}, refill),
		// Strict, ring of 16: a packet over two descriptors, a short one,
		// then a reset in the middle of the next.
		program(0x03, nil, post(30, cmdRS), post(30, cmdEOPRS), post(14, cmdEOPRS), []byte{opSleep, 2},
			post(20, cmdRS), []byte{opReset}),
		// QEMU, ring of 16: staging across a TDH write, an oversize frame,
		// a receive delay with FPD.
		program(0x0a, nil, post(40, cmdRS), w8(e1000.TDH, 3), post(40, cmdEOPRS), recv(2000, 0),
			w32(e1000.RDTR, 0x80000010), recv(61, 1), []byte{opSleep, 30}),
		// Strict, ring of 32: ten frames overflow the 8-frame packet buffer.
		program(0x05, nil, recv(60, 0), recv(61, 0), recv(62, 0), recv(63, 0), recv(64, 0), recv(65, 0),
			recv(66, 0), recv(67, 0), recv(68, 0), recv(69, 0), []byte{opSleep, 10}),
		// QEMU: TDLEN masked to 0, then a post: the lap guard.
		program(0x08, nil, w8(e1000.TDLEN, 48), post(60, cmdEOPRS), w8(e1000.TDT, 5), w8(e1000.RDH, 2),
			w8(e1000.RDT, 9)),
	}
}
