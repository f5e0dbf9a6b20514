package jos

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
)

// aux is what gcc -aux-info writes for a driver with two attach
// candidates, the three receive shapes and a static helper.
const aux = `/* kern/e1000.c:10:NF */ static void e1000_reset (void); /* () */
/* kern/e1000.c:20:NF */ extern int pci_e1000_attach (struct pci_func *f); /* (f) struct pci_func *f; */
/* kern/e1000.c:30:NF */ extern int e1000_probe (struct pci_func *pcif); /* (pcif) struct pci_func *pcif; */
/* kern/e1000.c:40:NF */ extern int e1000_transmit (const char *buf, size_t len); /* (buf, len) const char *buf; size_t len; */
/* kern/e1000.c:50:NF */ extern int e1000_receive (char *buf, size_t len); /* (buf, len) char *buf; size_t len; */
/* kern/e1000.c:60:NF */ extern int rx_packet (void *buf); /* (buf) void *buf; */
/* kern/e1000.c:70:NF */ extern int receive_packet (void *buf, size_t *len); /* (buf, len) void *buf; size_t *len; */
/* kern/e1000.c:80:NF */ static int tx_helper (void *buf, int len); /* (buf, len) void *buf; int len; */
/* kern/e1000.c:85:NF */ extern int e1000_stats (int which); /* (which) int which; */
/* kern/pci.c:90:NF */ extern int pci_init (void); /* () */
/* inc/string.h:5:OF */ extern void *memmove (void *, const void *, size_t); /* (void *, const void *, size_t) */
`

func TestDefinedFunctions(t *testing.T) {
	fns := DefinedFunctions(aux, "kern/e1000.c")
	if len(fns) != 9 {
		t.Fatalf("%d functions, want the 9 of kern/e1000.c: %+v", len(fns), fns)
	}
	byName := map[string]Function{}
	for _, f := range fns {
		byName[f.Name] = f
	}
	if f := byName["e1000_reset"]; !f.Static || f.Ret != "void" || len(f.Params) != 0 {
		t.Errorf("e1000_reset = %+v, want static void ()", f)
	}
	if f := byName["receive_packet"]; len(f.Params) != 2 || !f.Params[1].Pointer || f.Params[1].Pointee != "size_t" {
		t.Errorf("receive_packet params = %+v, want (void *, size_t *)", f.Params)
	}
	if f := byName["e1000_transmit"]; f.Prototype != "int e1000_transmit (const char *buf, size_t len)" || f.Params[0].Pointee != "const char" {
		t.Errorf("e1000_transmit = %+v", f)
	}
}

// Named entries win; a role not named is the only candidate that fits; an
// ambiguous or unfit one is an error naming the flag to use.
func TestFindEntries(t *testing.T) {
	fns := DefinedFunctions(aux, "kern/e1000.c")
	for _, c := range []struct {
		attach, tx, rx string
		want           [3]string
		shape          RXShape
		err            string
	}{
		{"pci_e1000_attach", "e1000_transmit", "e1000_receive", [3]string{"pci_e1000_attach", "e1000_transmit", "e1000_receive"}, RXBufLen, ""},
		{"e1000_probe", "", "rx_packet", [3]string{"e1000_probe", "e1000_transmit", "rx_packet"}, RXBuf, ""},
		{"e1000_probe", "", "receive_packet", [3]string{"e1000_probe", "e1000_transmit", "receive_packet"}, RXBufLenPtr, ""},
		{"e1000_probe", "", "", [3]string{}, "", "3 functions of kern/e1000.c look like the receive function (e1000_receive, rx_packet, receive_packet): name it with --rx NAME"},
		{"", "", "rx_packet", [3]string{}, "", "2 functions of kern/e1000.c look like the attach function (pci_e1000_attach, e1000_probe): name it with --attach NAME"},
		{"e1000_probe", "tx_helper", "rx_packet", [3]string{}, "", "the transmit function tx_helper is static in kern/e1000.c"},
		{"e1000_probe", "e1000_send", "rx_packet", [3]string{}, "", "kern/e1000.c defines no function e1000_send (--tx)"},
		{"e1000_probe", "e1000_transmit", "e1000_stats", [3]string{}, "", "the receive function e1000_stats (int e1000_stats (int which)) takes parameters nicsim cannot pass"},
	} {
		e, err := FindEntries(fns, "kern/e1000.c", c.attach, c.tx, c.rx)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("FindEntries(%q, %q, %q) = %v, want error %q", c.attach, c.tx, c.rx, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("FindEntries(%q, %q, %q): %v", c.attach, c.tx, c.rx, err)
			continue
		}
		if got := [3]string{e.Attach.Name, e.TX.Name, e.RX.Name}; got != c.want || e.Shape != c.shape {
			t.Errorf("FindEntries(%q, %q, %q) = %v %s, want %v %s", c.attach, c.tx, c.rx, got, e.Shape, c.want, c.shape)
		}
	}
}

// The adapter calls each receive shape as the runtime expects: the
// length returned, or stored through the pointer.
func TestAdapterShapes(t *testing.T) {
	fns := DefinedFunctions(aux, "kern/e1000.c")
	for rx, want := range map[string]string{
		"e1000_receive":  "return (int)e1000_receive(buf, len);",
		"rx_packet":      "return (int)rx_packet(buf);",
		"receive_packet": "size_t n = len;\n  int r = (int)receive_packet(buf, &n);\n  return r < 0 ? r : r > 0 ? r : (int)n;",
	} {
		e, err := FindEntries(fns, "kern/e1000.c", "e1000_probe", "e1000_transmit", rx)
		if err != nil {
			t.Fatal(err)
		}
		a := e.Adapter("kern/e1000.h")
		if !strings.Contains(a, want) || !strings.Contains(a, "return (int)e1000_probe(f);") || !strings.Contains(a, "#include <kern/e1000.h>") {
			t.Errorf("adapter for %s lacks %q:\n%s", rx, want, a)
		}
	}
}

// studentFiles reads the hand-written student driver of testdata/student
// as a lab's files by lab path.
func studentFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, p := range []string{"kern/e1000.c", "kern/e1000.h", "inc/error.h"} {
		b, err := os.ReadFile(filepath.Join("testdata", "student", filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		files[p] = b
	}
	return files
}

// Glue finds the student driver's entries alone (one candidate each), or
// through kern/pci.c's pci_attach_vendor[] row when two functions take a
// struct pci_func *, and records the i386 facts of the build.
func TestGlueStudent(t *testing.T) {
	needI386(t)
	files := studentFiles(t)
	glue, err := Glue(guest.GlueInput{Main: "kern/e1000.c", Files: files})
	if err != nil {
		t.Fatal(err)
	}
	if a := string(glue["nicsim_glue.c"]); !strings.Contains(a, "return (int)pci_e1000_attach(f);") ||
		!strings.Contains(a, "return (int)e1000_receive(buf, len);") || !strings.Contains(a, "e1000_transmit((void *)buf, len)") {
		t.Errorf("adapter:\n%s", a)
	}
	srcs := [][]byte{}
	for _, b := range files {
		srcs = append(srcs, b)
	}
	i, ok := I386Of(srcs)
	if !ok {
		t.Fatal("no i386 facts recorded for the student driver")
	}
	if o := i.Objects["tx_descs"]; o.Size != 64*16 || o.Align < 16 {
		t.Errorf("tx_descs = %+v, want 1024 bytes, 16-byte aligned", o)
	}
	if a, ok := i.AlignOf("rx_descs[0]"); !ok || a < 16 {
		t.Errorf("AlignOf(rx_descs[0]) = %d, %v; want >= 16", a, ok)
	}
	if a, ok := i.AlignOf("rx_descs[3].addr"); !ok || a != 16 {
		t.Errorf("AlignOf(rx_descs[3].addr) = %d, %v; want 16 (48 bytes in)", a, ok)
	}

	// A second attach candidate: kern/pci.c's row decides.
	two := map[string][]byte{}
	for p, b := range files {
		two[p] = b
	}
	two["kern/e1000.c"] = append(append([]byte{}, files["kern/e1000.c"]...), "\nint e1000_probe(struct pci_func *f) { return pci_e1000_attach(f); }\n"...)
	if _, err := Glue(guest.GlueInput{Main: "kern/e1000.c", Files: two}); err == nil || !strings.Contains(err.Error(), "--attach") {
		t.Errorf("two attach candidates without kern/pci.c: %v, want an error naming --attach", err)
	}
	two["pci.c"] = []byte("#include <kern/pci.h>\n#include <kern/e1000.h>\nint e1000_probe(struct pci_func *f);\n" +
		"struct pci_driver pci_attach_vendor[] = {\n\t{ E1000_VENDOR, E1000_DEVICE, &e1000_probe },\n\t{ 0, 0, 0 },\n};\n")
	glue, err = Glue(guest.GlueInput{Main: "kern/e1000.c", Files: two})
	if err != nil {
		t.Fatal(err)
	}
	if a := string(glue["nicsim_glue.c"]); !strings.Contains(a, "return (int)e1000_probe(f);") {
		t.Errorf("with kern/pci.c naming e1000_probe, the adapter calls:\n%s", a)
	}
	glue, err = Glue(guest.GlueInput{Main: "kern/e1000.c", Files: two, Names: map[string]string{"attach": "pci_e1000_attach"}})
	if err != nil || !strings.Contains(string(glue["nicsim_glue.c"]), "return (int)pci_e1000_attach(f);") {
		t.Errorf("--attach pci_e1000_attach: %v\n%s", err, glue["nicsim_glue.c"])
	}
}

// A ring that is a struct member lies at another offset on i386 than on
// x86-64: AlignOf reads the lab's build, not the host's.
func TestAlignOfMember(t *testing.T) {
	needI386(t)
	files := studentFiles(t)
	files["kern/e1000.c"] = []byte(strings.Replace(string(files["kern/e1000.c"]),
		"struct tx_desc tx_descs[NTX] __attribute__((aligned(16)));",
		"struct {\n\tuint32_t tail;\n\tuint64_t bytes;\n\tstruct tx_desc ring[NTX];\n} txq __attribute__((aligned(16)));\n#define tx_descs txq.ring", 1))
	if _, err := Glue(guest.GlueInput{Main: "kern/e1000.c", Files: files}); err != nil {
		t.Fatal(err)
	}
	var srcs [][]byte
	for _, b := range files {
		srcs = append(srcs, b)
	}
	i, ok := I386Of(srcs)
	if !ok {
		t.Fatal("no i386 facts")
	}
	if a, ok := i.AlignOf("txq.ring[0]"); !ok || a != 4 {
		t.Errorf("AlignOf(txq.ring[0]) = %d, %v; want 4 (offset 12 on i386: uint64_t aligns to 4)", a, ok)
	}
	if a, ok := i.AlignOf("txq.tail"); !ok || a < 16 {
		t.Errorf("AlignOf(txq.tail) = %d, %v; want the struct's own alignment", a, ok)
	}
	if _, ok := i.AlignOf("txq.nothing"); ok {
		t.Error("AlignOf(txq.nothing) followed a member that does not exist")
	}
}

// A (buf, &len) receive function that only stores *len cannot know the
// caller's buffer: ReadSource tells it (RXBufLenOut, no short buffers)
// from one that bounds the copy by *len (RXBufLenPtr).
func TestReadSourceLenOut(t *testing.T) {
	rx := Function{Name: "e1000_rx", Ret: "int", Params: []Param{
		parseParam("void *data"), parseParam("uint32_t *len")}}
	for _, c := range []struct {
		body string
		want RXShape
	}{
		{"{\n\tif (!len)\n\t\treturn -1;\n\t*len = d->length; /* len */\n\tmemcpy(data, b, d->length);\n\treturn 0;\n}", RXBufLenOut},
		{"{\n\tif (len == NULL) return -1;\n\t*len = d->length;\n\treturn 0;\n}", RXBufLenOut},
		{"{\n\tif (d->length > *len)\n\t\treturn -1;\n\t*len = d->length;\n\treturn 0;\n}", RXBufLenPtr},
		{"{\n\tuint32_t n = MIN(*len, d->length);\n\t*len = n;\n\treturn 0;\n}", RXBufLenPtr},
		{"{\n\treturn copy_out(data, len);\n}", RXBufLenPtr},
		{"{\n\t*len == 0;\n\treturn 0;\n}", RXBufLenPtr},
	} {
		e := Entries{RX: rx, Shape: ShapeOf(rx)}
		e.ReadSource([]byte("int\ne1000_rx(void *data, uint32_t *len)\n" + c.body + "\n"))
		if e.Shape != c.want {
			t.Errorf("%q: shape %s, want %s", c.body, e.Shape, c.want)
		}
		if e.Shape.TakesLength() != (c.want == RXBufLenPtr) {
			t.Errorf("%q: TakesLength %v", c.body, e.Shape.TakesLength())
		}
	}
	src, err := os.ReadFile(filepath.Join("testdata", "reallab", "b", "kern", "e1000.c"))
	if err != nil {
		t.Fatal(err)
	}
	e := Entries{RX: rx, Shape: RXBufLenPtr}
	if e.ReadSource(src); e.Shape != RXBufLenOut {
		t.Errorf("reallab/b e1000_rx: shape %s, want %s", e.Shape, RXBufLenOut)
	}
}
