package ring

import (
	"bytes"
	"encoding/binary"
	"testing"

	"pgregory.net/rapid"
)

// FuzzRingOps decodes its input as a ring and a sequence of operations and
// checks each against the model. Layout:
//
//	byte 0      ring size - 1 (sizes 1..256)
//	byte 1      start slot (mod size)
//	then ops    'p' post, 'c' complete, 'r' reclaim, 'x' reset,
//	            'P' n / 'C' n / 'R' n  burst of n (next byte) posts/completes/reclaims,
//	            'o' s  probe slot s (next byte, mod size+2),
//	            'a' size i n  Add on a ring of any uint32 size (3 little-endian uint32),
//	            'd' size from to  Dist likewise;
//	            any other byte b is ops[b % len(ops)].
//
// Missing argument bytes read as zero. Seeds live in testdata/fuzz/FuzzRingOps.
func FuzzRingOps(f *testing.F) {
	f.Add([]byte("\x07\x05pppppppcrpppcccrrr"))
	f.Add([]byte("\x00\x00pcrxo\x01"))
	f.Add([]byte("\x0c\x03P\x0dC\x05R\x04P\x09o\x02a\xff\xff\xff\xff\xfe\xff\xff\xff\x05\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) { runRingOps(t, data) })
}

// FuzzRingMachine is the rapid state machine of TestRingMachine driven by
// the fuzzer's bytes.
func FuzzRingMachine(f *testing.F) {
	for _, x := range []uint64{1, 7, 4242} {
		f.Add(machineSeed(x, 2000))
	}
	f.Fuzz(rapid.MakeFuzz(checkRingMachine))
}

// machineSeed makes n pseudo-random 64-bit words, which rapid reads like its
// own random source: a seed of one repeated word keeps rapid's
// continue-coin constant and runs out of input.
func machineSeed(x uint64, n int) []byte {
	b := make([]byte, 8*n)
	for i := range n {
		x = x*6364136223846793005 + 1442695040888963407
		binary.LittleEndian.PutUint64(b[8*i:], x^x>>29)
	}
	return b
}

// ringOps is the alphabet of FuzzRingOps.
const ringOps = "pcrxPCRoad"

// opReader hands out fuzz input bytes, reading zeros past the end.
type opReader struct{ b []byte }

func (r *opReader) more() bool { return len(r.b) > 0 }

func (r *opReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *opReader) u32() uint32 {
	var tmp [4]byte
	n := copy(tmp[:], r.b)
	r.b = r.b[n:]
	return binary.LittleEndian.Uint32(tmp[:])
}

func runRingOps(t *testing.T, data []byte) {
	in := &opReader{b: data}
	size := int(in.byte()) + 1
	g := newRig(Count(size), Index(int(in.byte())%size))
	g.check(t)
	for in.more() {
		op := in.byte()
		if bytes.IndexByte([]byte(ringOps), op) < 0 {
			op = ringOps[int(op)%len(ringOps)]
		}
		runRingOp(t, g, op, in)
		g.check(t)
	}
}

func runRingOp(t *testing.T, g *rig, op byte, in *opReader) {
	switch op {
	case 'p':
		g.post(t)
	case 'c':
		g.complete(t)
	case 'r':
		g.reclaim(t)
	case 'x':
		g.reset()
	case 'P', 'C', 'R':
		burst(t, g, op, int(in.byte()))
	case 'o':
		g.probe(t, Index(int(in.byte())%(len(g.m.slots)+2)))
	case 'a':
		checkAdd(t, nonZero(in.u32()), Index(in.u32()), Count(in.u32()))
	case 'd':
		checkDist(t, nonZero(in.u32()), Index(in.u32()), Index(in.u32()))
	}
}

func burst(t *testing.T, g *rig, op byte, n int) {
	for range n {
		switch op {
		case 'P':
			g.post(t)
		case 'C':
			g.complete(t)
		default:
			g.reclaim(t)
		}
	}
}

func nonZero(v uint32) Count {
	if v == 0 {
		return 1
	}
	return Count(v)
}

// checkAdd compares Add with reduce-then-add arithmetic and with Dist.
func checkAdd(t *testing.T, size Count, i Index, n Count) {
	t.Helper()
	r, s := New(size), uint64(size)
	want := Index((uint64(i)%s + uint64(n)%s) % s)
	got := r.Add(i, n)
	if got != want {
		t.Fatalf("New(%d).Add(%d, %d) = %d, want %d", size, i, n, got, want)
	}
	if d := r.Dist(i, got); uint64(d) != uint64(n)%s {
		t.Fatalf("New(%d).Dist(%d, Add(%d, %d)=%d) = %d, want %d", size, i, i, n, got, d, uint64(n)%s)
	}
}

// checkDist compares Dist with a branchy reference and checks the
// quantities derived from it.
func checkDist(t *testing.T, size Count, from, to Index) {
	t.Helper()
	r, s := New(size), uint64(size)
	f, e := uint64(from)%s, uint64(to)%s
	want := e - f
	if e < f {
		want = s - f + e
	}
	got := r.Dist(from, to)
	if uint64(got) != want {
		t.Fatalf("New(%d).Dist(%d, %d) = %d, want %d", size, from, to, got, want)
	}
	if back := r.Add(from, got); uint64(back) != e {
		t.Fatalf("New(%d).Add(%d, Dist(%d, %d)=%d) = %d, want %d", size, from, from, to, got, back, e)
	}
	if free := r.Free(from, to); uint64(free) != s-1-want {
		t.Fatalf("New(%d).Free(%d, %d) = %d, want %d", size, from, to, free, s-1-want)
	}
	if owns := r.DeviceOwns(from, to, Index(f)); owns != (want > 0) {
		t.Fatalf("New(%d).DeviceOwns(%d, %d, %d) = %v, want %v", size, from, to, f, owns, want > 0)
	}
	if r.DeviceOwns(from, to, Index(e)) {
		t.Fatalf("New(%d).DeviceOwns(%d, %d, %d) = true, want false (tail slot)", size, from, to, e)
	}
}
