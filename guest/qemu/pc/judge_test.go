package pc

import (
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
)

// feed runs console lines through a session that injected frames, as Run
// would, and returns its verdict.
func feed(injected [][]byte, lines ...string) *Verdict {
	s := &session{tooLarge: ethTooLarge, noMem: ethNoMem}
	s.Injected = injected
	s.Ready, s.pings = true, 1
	for _, l := range lines {
		if s.verdict != nil {
			break
		}
		s.onLine(l)
	}
	return s.verdict
}

func rxLine(n int, f []byte, kind string, seq int) string {
	return fmt.Sprintf("nicsim: rx n=%d status=0 len=%d crc=%08x kind=%s seq=%d", n, len(f), crc32.ChecksumIEEE(f), kind, seq)
}

// TestJudge covers the verdicts the console alone decides.
func TestJudge(t *testing.T) {
	a, b := make([]byte, 60), make([]byte, 60)
	a[0], b[0] = 1, 2
	short := []byte{3, 4, 5} // QEMU pads it to 60 bytes before the driver sees it
	padded := append(append([]byte(nil), short...), make([]byte, 57)...)
	ok := []string{"nicsim: tx id=1 kind=ias seq=-1 len=6 rc=0", "nicsim: cmd id=1 status=0"}
	done := "nicsim: done"
	cases := []struct {
		name  string
		lines []string
		want  Class
		in    string
	}{
		{"pass", append(ok, rxLine(0, a, "echo", 0), rxLine(1, padded, "other", -1), done), Pass, "1 echoes"},
		{"dropped frame", append(ok, rxLine(0, padded, "echo", 0), done), Pass, ""},
		{"id 0", []string{"nicsim: cmd id=0 status=0"}, Wrong, "id 0"},
		{"twice", append(ok, "nicsim: cmd id=1 status=0"), Wrong, "reported 2 times"},
		{"never issued", []string{"nicsim: cmd id=7 status=0", done}, Wrong, "never issued"},
		{"failed", []string{"nicsim: tx id=1 kind=ias seq=-1 len=6 rc=0", "nicsim: cmd id=1 status=5", done}, Wrong, "status 5"},
		{"no callback", []string{"nicsim: tx id=1 kind=ias seq=-1 len=6 rc=0", done}, Missing, "no command callback for id 1"},
		{"frame twice", append(ok, rxLine(0, a, "echo", 0), rxLine(1, a, "echo", 0), done), Wrong, "received twice"},
		{"out of order", append(ok, rxLine(0, b, "other", -1), rxLine(1, a, "echo", 0), done), Wrong, "out of order"},
		{"altered", append(ok, rxLine(0, short, "echo", 0), done), Wrong, "corrupted"},
		{"no echo", append(ok, rxLine(0, b, "other", -1), done), Missing, "0 of 1 echoes"},
		{"bad rc", []string{"nicsim: tx id=3 kind=ping seq=0 len=60 rc=1", done}, Wrong, "want ETH_SUCCESS or ETH_NO_MEM"},
		{"too large", []string{"nicsim: tx id=9 kind=too-large seq=-1 len=16384 rc=3", done}, Wrong, "ETH_TOO_LARGE"},
		{"panic", []string{"panic: assert failed", "nicsim: halted"}, Panic, "assert failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := feed([][]byte{a, b, short}, c.lines...)
			if v == nil || v.Class != c.want || !strings.Contains(v.Message, c.in) {
				t.Errorf("verdict %v, want %s mentioning %q", v, c.want, c.in)
			}
		})
	}
}

// The judge takes the return codes the driver's eth.h defines, as the
// workload's ready line gives them: before 2021-04-08 ETH_TOO_LARGE was -2,
// which the uint8_t _eth_tx returns as 254 (judged wrong before).
func TestJudgeDriverCodes(t *testing.T) {
	s := &session{}
	s.tooLarge, s.noMem = readyCodes("nicsim: ready pings=1 too_large=254 no_mem=3")
	if tl, nm := readyCodes("nicsim: ready pings=4"); tl != ethTooLarge || nm != ethNoMem {
		t.Errorf("codes of a ready line without them: %d %d, want %d %d", tl, nm, ethTooLarge, ethNoMem)
	}
	s.Ready, s.pings = true, 0
	for _, l := range []string{"nicsim: tx id=9 kind=too-large seq=-1 len=16384 rc=254", "nicsim: done"} {
		s.onLine(l)
	}
	if s.verdict == nil || s.verdict.Class != Pass {
		t.Errorf("verdict %v, want pass", s.verdict)
	}
}
