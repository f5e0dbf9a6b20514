package corpus

import "testing"

func benchFile(n int) *File {
	f := goodFile()
	f.Decisions = make([]Decision, n)
	for i := range f.Decisions {
		f.Decisions[i] = Decision{Stream: uint8(i % 3), V: uint32(i % 7), N: 16}
	}
	return f
}

func BenchmarkParse100kDecisions(b *testing.B) {
	text, err := benchFile(100_000).Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := ParseBytes(text); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshal100kDecisions(b *testing.B) {
	f := benchFile(100_000)
	for b.Loop() {
		if _, err := f.Marshal(); err != nil {
			b.Fatal(err)
		}
	}
}
