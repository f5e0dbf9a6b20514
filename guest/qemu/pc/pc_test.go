package pc

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nicsim/nicsim/guest/eth"
	"github.com/nicsim/nicsim/stack"
)

// needTools fails the test when the guest's tools are missing: they are
// installed by guest/qemu/install.sh, which CI runs.
func needTools(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath(DefaultQEMU); err != nil {
		t.Fatalf("%s not installed (run guest/qemu/install.sh): %v", DefaultQEMU, err)
	}
	if err := Check32(DefaultCC); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, b BuildConfig) *Result {
	t.Helper()
	res, err := Run(context.Background(), RunConfig{Build: b, Lockstep: true, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %v in %v (ready after %v)", b.DriverName, res.Verdict, res.Wall.Round(time.Millisecond),
		res.BootWall.Round(time.Millisecond))
	return res
}

// TestReferenceDrivers boots both reference drivers under QEMU's i82557b: each
// non-zero command id is reported once with success, id 0 never (the workload
// loads the address and answers ARP with id 0), the echoes come back.
func TestReferenceDrivers(t *testing.T) {
	needTools(t)
	for _, name := range eth.Drivers {
		t.Run(name, func(t *testing.T) {
			res := run(t, BuildConfig{DriverName: name})
			if res.Verdict.Class != Pass {
				t.Fatalf("verdict %v, want pass\n%s", res.Verdict, res.Console)
			}
			ids := map[int]int{}
			for _, c := range res.Cmds {
				ids[c.ID]++
			}
			for _, id := range []int{1, 2, 100, 101, 102, 103} {
				if ids[id] != 1 {
					t.Errorf("command id %d reported %d times, want 1\n%s", id, ids[id], res.Console)
				}
			}
			if ids[0] != 0 {
				t.Errorf("command id 0 reported %d times", ids[0])
			}
			zeroTx, echoes := 0, 0
			for _, tx := range res.Tx {
				if tx.ID == 0 && tx.RC == 0 {
					zeroTx++
				}
			}
			for _, rx := range res.Rx {
				if rx.Kind == "echo" {
					echoes++
				}
			}
			if zeroTx < 2 || echoes < 4 {
				t.Errorf("%d id-0 commands issued (want >= 2), %d echoes received (want >= 4)", zeroTx, echoes)
			}
			accepted, full := 0, 0
			for _, tx := range res.Tx {
				if tx.Kind == "burst" && tx.RC == 0 {
					accepted++
				} else if tx.Kind == "burst" && tx.RC == ethNoMem {
					full++
				}
			}
			if accepted == 0 || full == 0 || accepted+full != 24 {
				t.Errorf("burst of 24 with interrupts off: %d accepted, %d refused with ETH_NO_MEM; want both", accepted, full)
			}
		})
	}
}

// mutate returns the reference driver name with eth.c edited: old must occur.
func mutate(t *testing.T, name, old, new string) map[string][]byte {
	t.Helper()
	files, err := eth.DriverFiles(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["eth.c"], []byte(old)) {
		t.Fatalf("%s/eth.c has no %q", name, old)
	}
	files["eth.c"] = bytes.Replace(files["eth.c"], []byte(old), []byte(new), 1)
	return files
}

// TestBrokenDrivers: variants of the reference driver fail under QEMU with
// the verdict their bug gives.
func TestBrokenDrivers(t *testing.T) {
	needTools(t)
	cases := []struct {
		name, old, new string
		want           Class
		where          string // in the verdict message
	}{
		{"no-statack-ack", "__outb(io_base + ETH_SCB_STATACK, stat);", "", Hang, "eth_isr"},
		{"no-ru-restart", "eth_rfd_reset();\n\t_eth_RU_start((uint8_t *)&rfa);\n}", "eth_rfd_reset();\n}", Missing, "echoes"},
		{"assert", "static void eth_receive(void)\n{", "static void eth_receive(void)\n{\n\tassert(!(rfa.status & ETH_RFD_STATUS_C));",
			Panic, "assert failed: !(rfa.status & ETH_RFD_STATUS_C) at drv/eth.c:"},
		{"too-large-accepted", "if (len >= ETH_MAX_TX_LEN)", "if (len > ETH_MAX_TX_LEN)", Wrong, "want ETH_TOO_LARGE"},
		{"id0-reported", "if (id != 0 && cmd_callback != NULL)", "if (cmd_callback != NULL)", Wrong, "id 0"},
		{"no-eoi", "if (vector >= PIC_VECTOR_BASE + 8)\n\t\t__outb(PIC2, EOI);\n\t__outb(PIC1, EOI);", "", Missing, " 0 command callbacks"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, BuildConfig{Driver: mutate(t, "ref", c.old, c.new), DriverName: c.name})
			if res.Verdict.Class != c.want || !strings.Contains(res.Verdict.Message, c.where) {
				t.Fatalf("verdict %v, want %s mentioning %q\n%s", res.Verdict, c.want, c.where, res.Console)
			}
		})
	}
}

// TestSecondaryEOIOnly: the original driver sends its EOI only to the
// secondary PIC (its IRQ is 10 or 11); the guest's master PIC runs in auto-EOI
// mode, so that driver works here as it did in its kernel.
func TestSecondaryEOIOnly(t *testing.T) {
	needTools(t)
	drv := mutate(t, "ref", "if (vector >= PIC_VECTOR_BASE + 8)\n\t\t__outb(PIC2, EOI);\n\t__outb(PIC1, EOI);", "__outb(PIC2, EOI);")
	res := run(t, BuildConfig{Driver: drv, DriverName: "ref-slave-eoi"})
	if res.Verdict.Class != Pass {
		t.Fatalf("verdict %v, want pass\n%s", res.Verdict, res.Console)
	}
}

// TestBuildNamesMissingService: a driver calling a kernel function the eth
// kernel lacks gets a build error that names it.
func TestBuildNamesMissingService(t *testing.T) {
	needTools(t)
	drv := mutate(t, "ref", "__delay(1);\n\t_eth_disable_int();", "__sleep(1);\n\t_eth_disable_int();")
	drv["eth.c"] = append([]byte("void __sleep(int);\n"), drv["eth.c"]...)
	_, err := Build(BuildConfig{Driver: drv})
	if err == nil || !strings.Contains(err.Error(), "the driver calls __sleep, which the eth kernel does not provide") {
		t.Fatalf("error %v, want one naming __sleep", err)
	}
}

// TestRingStorm: a storm of ARP requests fills the ring driver's RFDs; QEMU
// drops what does not fit (RNR), and the driver restarts the RU. Without the
// restart, receiving stops for good.
func TestRingStorm(t *testing.T) {
	needTools(t)
	storm := func() *stack.Peer { return stack.NewPeer(stack.PeerConfig{StartARPs: 20}) }
	files, err := eth.DriverFiles("ring")
	if err != nil {
		t.Fatal(err)
	}
	broken := mutate(t, "ring", "if ((__inb(io_base + ETH_SCB_STATUS) & ETH_RUS_MASK) != ETH_RUS_READY)\n\t\t_eth_RU_start((uint8_t *)&rfds[rx_next]);", "")
	for _, c := range []struct {
		name string
		drv  map[string][]byte
		want Class
	}{{"ring", files, Pass}, {"ring-no-ru-restart", broken, Missing}} {
		res, err := Run(context.Background(), RunConfig{Build: BuildConfig{Driver: c.drv}, Peer: storm(), Logf: t.Logf})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %v (%d frames dropped)", c.name, res.Verdict, res.Dropped)
		if res.Verdict.Class != c.want {
			t.Errorf("%s: verdict %v, want %s\n%s", c.name, res.Verdict, c.want, res.Console)
		}
	}
}
