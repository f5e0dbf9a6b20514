package jospc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest/jos"
)

// aux is gcc -aux-info output for a driver with three receive shapes, a
// static helper and a declaration from a header.
const aux = `/* kern/e1000.h:97:NC */ extern int e1000_attach (struct pci_func *);
/* kern/e1000.c:96:NF */ extern int e1000_attach (struct pci_func *pcif); /* (pcif) struct pci_func *pcif; */
/* kern/e1000.c:110:NF */ extern int e1000_tx (char *data, uint16_t len); /* (data, len) char *data; uint16_t len; */
/* kern/e1000.c:131:NF */ extern ssize_t e1000_rx (void *buf); /* (buf) void *buf; */
/* kern/e1000.c:140:NF */ extern int receive_packet (void *buf, size_t *len); /* (buf, len) void *buf; size_t *len; */
/* kern/e1000.c:150:NF */ extern int recv_arr (char buf[], int len); /* (buf, len) char buf[]; int len; */
/* kern/e1000.c:160:NF */ static void tx_init (void); /* () */
`

func TestDefinedFunctions(t *testing.T) {
	fns := jos.DefinedFunctions(aux, DriverPath)
	if len(fns) != 6 {
		t.Fatalf("got %d functions, want 6 (definitions in kern/e1000.c only): %+v", len(fns), fns)
	}
	want := map[string]RXShape{"e1000_rx": RXBuf, "receive_packet": RXBufLenPtr, "recv_arr": RXBufLen, "e1000_tx": RXBufLen}
	for _, f := range fns {
		if s, ok := want[f.Name]; ok && jos.ShapeOf(f) != s {
			t.Errorf("%s: shape %q, want %q (%+v)", f.Prototype, jos.ShapeOf(f), s, f.Params)
		}
	}
	if fns[5].Name != "tx_init" || !fns[5].Static || len(fns[5].Params) != 0 {
		t.Errorf("tx_init parsed as %+v", fns[5])
	}
	if p := fns[3].Params[1]; !p.Pointer || p.Pointee != "size_t" {
		t.Errorf("size_t *len parsed as %+v", p)
	}
}

func TestMakeAdapter(t *testing.T) {
	fns := jos.DefinedFunctions(aux, DriverPath)
	img := &Image{Attach: "e1000_attach"}
	src, err := makeAdapter(img, BuildConfig{RX: "receive_packet"}, fns, nil)
	if err != nil {
		t.Fatal(err)
	}
	if img.TX != "e1000_tx" || img.RXShape != RXBufLenPtr {
		t.Errorf("chose %s and %s (%s)", img.TX, img.RX, img.RXShape)
	}
	for _, want := range []string{"extern int e1000_tx (char *data, uint16_t len);", "return (int)e1000_tx((void *)buf, len);",
		"size_t n = len;", "receive_packet(buf, &n)", "return (int)e1000_attach(f);"} {
		if !strings.Contains(src, want) {
			t.Errorf("adapter lacks %q:\n%s", want, src)
		}
	}
	// Three functions look like receive functions: the name must be given.
	if _, err := makeAdapter(&Image{}, BuildConfig{}, fns, nil); err == nil || !strings.Contains(err.Error(), "--rx NAME") {
		t.Errorf("ambiguous receive function: error %v", err)
	}
	if _, err := makeAdapter(&Image{}, BuildConfig{TX: "tx_init", RX: "e1000_rx"}, fns, nil); err == nil || !strings.Contains(err.Error(), "static") {
		t.Errorf("static transmit function: error %v", err)
	}
	if _, err := makeAdapter(&Image{}, BuildConfig{TX: "nope", RX: "e1000_rx"}, fns, nil); err == nil || !strings.Contains(err.Error(), "no function nope") {
		t.Errorf("missing transmit function: error %v", err)
	}
}

// reshape returns the reference lab with its functions renamed and retyped.
func reshape(t *testing.T, edits ...[2]string) map[string][]byte {
	t.Helper()
	lab, err := jos.Lab("ref:jos")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		n := 0
		for _, p := range []string{"kern/e1000.c", "kern/e1000.h", "kern/syscall.c"} {
			n += bytes.Count(lab[p], []byte(e[0]))
			lab[p] = bytes.ReplaceAll(lab[p], []byte(e[0]), []byte(e[1]))
		}
		if n == 0 {
			t.Fatalf("the reference lab has no %q", e[0])
		}
	}
	return lab
}

// TestStudentShapes runs the reference driver reshaped as two surveyed
// students wrote theirs: a driver without kern/pci.c with e1000_tx(char *, uint16_t) and
// e1000_rx(void *) found by name (LancelotGT, YeXiaoRain), and a lab whose
// receive function returns the length through a pointer (Cai41, Handora),
// named explicitly.
func TestStudentShapes(t *testing.T) {
	needTools(t)
	lone := reshape(t,
		[2]string{"e1000_transmit(const void *data, size_t len)", "e1000_tx(char *data, uint16_t len)"},
		[2]string{"int e1000_receive(void *buf, size_t len);", "int e1000_rx(void *buf);"},
		[2]string{"int e1000_receive(void *buf, size_t len) {", "int e1000_rx(void *buf) {\n  size_t len = PKTBUF_SIZE;"})
	lone = map[string][]byte{"kern/e1000.c": lone["kern/e1000.c"], "kern/e1000.h": lone["kern/e1000.h"],
		"inc/error.h": lone["inc/error.h"]} // the student's E_TX_FULL; no kern/pci.c
	res := run(t, BuildConfig{Lab: lone})
	if res.Verdict.Class != Pass {
		t.Fatalf("e1000_tx/e1000_rx(void *): verdict %v\n%s", res.Verdict, tail(res.Console))
	}
	ptr := reshape(t,
		[2]string{"int e1000_receive(void *buf, size_t len);", "int receive_packet(char *buf, int *lenp);"},
		[2]string{"int e1000_receive(void *buf, size_t len) {", "int receive_packet(char *buf, int *lenp) {\n  size_t len = *lenp;"},
		[2]string{"  REG(E1000_RDT) = next;\n  return n;", "  REG(E1000_RDT) = next;\n  *lenp = n;\n  return 0;"},
		[2]string{"e1000_receive(", "receive_packet("})
	img, err := Build(BuildConfig{Lab: ptr, TX: "e1000_transmit", RX: "receive_packet"})
	if err != nil {
		t.Fatal(err)
	}
	if img.RXShape != RXBufLenPtr || img.Attach != "e1000_attach" {
		t.Fatalf("built %+v", img)
	}
	res = run(t, BuildConfig{Lab: ptr, TX: "e1000_transmit", RX: "receive_packet"})
	if res.Verdict.Class != Pass {
		t.Fatalf("receive_packet(char *, int *): verdict %v\n%s", res.Verdict, tail(res.Console))
	}
}

// TestPageAllocLab runs a driver in another student layout (testdata/pagelab:
// offsets divided by 4, rings and buffers from page_alloc, page2kva, page2pa,
// pa2page, an attach returning 0, (char *, int) functions, the lab's own
// error codes) found from its folder by name alone.
func TestPageAllocLab(t *testing.T) {
	needTools(t)
	lab, err := LoadLab("testdata/pagelab")
	if err != nil {
		t.Fatal(err)
	}
	img, err := Build(BuildConfig{Lab: lab})
	if err != nil {
		t.Fatal(err)
	}
	if img.Attach != "pci_e1000_attach" || img.TX != "e1000_transmit" || img.RX != "e1000_receive" || img.RXShape != RXBufLen {
		t.Errorf("built %+v", img)
	}
	res := run(t, BuildConfig{Lab: lab})
	if res.Verdict.Class != Pass || res.AttachRC != 0 {
		t.Fatalf("verdict %v (attach returned %d)\n%s", res.Verdict, res.AttachRC, tail(res.Console))
	}
}
