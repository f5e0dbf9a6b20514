package jos

import (
	"bytes"
	"strings"
	"testing"
)

func TestJifPage(t *testing.T) {
	p, err := JifPage([]byte("Packet 00"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := JifFrame(p)
	if err != nil || string(f) != "Packet 00" {
		t.Fatalf("%q %v", f, err)
	}
	if _, err := JifPage(make([]byte, MaxJifData+1)); err == nil {
		t.Error("an oversized frame fit")
	}
	p[3] = 0x80 // jp_len < 0
	if _, err := JifFrame(p); err == nil {
		t.Error("a negative jp_len was read")
	}
}

// TestServerInputReuse: a page read unchanged is delivered; a page the
// input environment wrote again before the core read it is the finding.
func TestServerInputReuse(t *testing.T) {
	s := NewServer(0)
	mem := map[uint64][]byte{}
	read := func(pg uint64) []byte { return mem[pg] }
	a, _ := JifPage([]byte("frame A"))
	mem[0x1000] = a
	s.InputSent(0x1000, a, 10)
	f, fd := s.Read(read, 20)
	if fd != nil || string(f) != "frame A" {
		t.Fatalf("read %q %v", f, fd)
	}
	b, _ := JifPage([]byte("frame B"))
	mem[0x1000] = b
	s.InputSent(0x1000, b, 30)
	c, _ := JifPage([]byte("frame C, longer"))
	mem[0x1000] = c // received into the same page before the core ran
	_, fd = s.Read(read, 5030)
	if fd == nil || fd.Class != ClassInputPageReuse || !strings.Contains(fd.Msg, "15-byte frame") || !strings.Contains(fd.Msg, "5.0 us") {
		t.Fatalf("finding %v", fd)
	}
	if len(s.Delivered) != 1 || !bytes.Equal(s.Delivered[0], []byte("frame A")) {
		t.Errorf("delivered %q", s.Delivered)
	}
}

func TestServerOutputDrop(t *testing.T) {
	s := NewServer(0)
	if fd := s.OutputReceived([]byte("Packet 00")); fd != nil {
		t.Fatal(fd)
	}
	s.Transmitted()
	if fd := s.OutputRecv(); fd != nil {
		t.Fatal(fd)
	}
	s.OutputReceived([]byte("Packet 01"))
	fd := s.OutputRecv() // the ring was full and the env went on
	if fd == nil || fd.Class != ClassOutputDrop || !strings.Contains(fd.Msg, "page 2") {
		t.Fatalf("finding %v", fd)
	}
	if fd := s.OutputReceived([]byte("Packet 02")); fd != nil {
		t.Fatalf("reported twice: %v", fd)
	}
}

func TestServerTimer(t *testing.T) {
	s := NewServer(1e6)
	if s.TimerDue(250e6) {
		t.Error("early")
	}
	if !s.TimerDue(251e6) || s.NextTimer() != 501e6 || s.TimerDue(300e6) {
		t.Error("interval")
	}
}

func TestUserBuffer(t *testing.T) {
	b := &UserBuffer{Call: "SYS_net_receive", Lo: 0x0ffeb004, Hi: 0x0ffeb004 + 100, Receive: true}
	if fd := b.Access(0x0ffeb004, 4, false, "e1000.c:90"); fd == nil || fd.Class != ClassUncheckedPointer {
		t.Fatalf("unchecked: %v", fd)
	}
	b.Checked(0x0ffeb004, 100)
	if fd := b.Access(0x0ffeb004, 100, true, "memmove"); fd != nil {
		t.Fatal(fd)
	}
	if fd := b.Access(0x0ffeb004, 106, true, "memmove <- e1000.c:97"); fd == nil || fd.Class != ClassPastUserBuffer || !strings.Contains(fd.Msg, "wrote 6 bytes") {
		t.Fatalf("past: %v", fd)
	}
	if fd := b.Access(0x2000, 4, false, "x"); fd != nil {
		t.Fatalf("an access elsewhere: %v", fd)
	}
}
