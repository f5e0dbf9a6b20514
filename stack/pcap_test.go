package stack

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

type stamped struct {
	t     int64
	frame []byte
}

func pcapFrames(t *testing.T) []stamped {
	return []stamped{
		{0, mustARP(t, BroadcastMAC, GatewayMAC, ARPWhoHas(GatewayMAC, GatewayIP, GuestIP))},
		{1_204_000, NewGlue(gen2024).BuildUDP(Ports{Src: 2000, Dst: EchoPort}, ping(1, 0, 64))},
		{1_000_000_007, mustUDP(t, guestPing(), nil)},
		{5_000_000_000_000, NewGlue(gen2020).BuildUDP(Ports{Src: 1, Dst: 2}, nil)}, // 5000 s, odd length
	}
}

func writePcap(t *testing.T, frames []stamped) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewPcapWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range frames {
		if err := w.WriteFrame(s.t, s.frame); err != nil {
			t.Fatalf("WriteFrame(%d): %v", s.t, err)
		}
	}
	return buf.Bytes()
}

func TestPcapRoundTrip(t *testing.T) {
	frames := pcapFrames(t)
	file := writePcap(t, frames)
	r, err := pcapgo.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if r.LinkType() != layers.LinkTypeEthernet || r.Resolution() != gopacket.TimestampResolutionNanosecond || r.Snaplen() != PcapSnapLen {
		t.Errorf("header: link %v, resolution %v, snaplen %d", r.LinkType(), r.Resolution(), r.Snaplen())
	}
	for i, s := range frames {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		if got := ci.Timestamp.UnixNano(); got != PcapEpochNs+s.t {
			t.Errorf("frame %d: timestamp %d ns, want %d", i, got, s.t)
		}
		if !bytes.Equal(data, s.frame) || ci.Length != len(s.frame) {
			t.Errorf("frame %d: bytes differ", i)
		}
	}
	if _, _, err := r.ReadPacketData(); err == nil {
		t.Errorf("extra frame in capture")
	}
	if !bytes.Equal(file, writePcap(t, frames)) {
		t.Errorf("two captures of the same frames differ")
	}
}

func TestPcapRejectsNegativeTime(t *testing.T) {
	w, _ := NewPcapWriter(&bytes.Buffer{})
	if err := w.WriteFrame(-1, []byte{1}); err == nil {
		t.Errorf("WriteFrame(-1) succeeded")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestPcapWriteError(t *testing.T) {
	if _, err := NewPcapWriter(failWriter{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("NewPcapWriter(failing writer) error = %v", err)
	}
}

// TestPcapTshark checks that tshark opens the capture and sees the virtual
// timestamps. It is skipped when tshark is not installed, and under -short
// (tshark takes a few seconds to start).
func TestPcapTshark(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark not installed")
	}
	frames := pcapFrames(t)
	path := filepath.Join(t.TempDir(), "capture.pcap")
	if err := os.WriteFile(path, writePcap(t, frames), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(tshark, "-r", path, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "eth.type")
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir()) // no user profile
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark: %v\n%s", err, out)
	}
	want := "0.000000000\t60\t0x0806\n" +
		"0.001204000\t106\t0x0800\n" +
		"1.000000007\t60\t0x0800\n" +
		"5000.000000000\t42\t0x0800\n"
	if string(out) != want {
		t.Errorf("tshark says:\n%s\nwant:\n%s", out, want)
	}
}
