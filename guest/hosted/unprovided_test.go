package hosted

import (
	"strings"
	"testing"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// A real student's e1000.c calls functions of its own kernel's defs.h that
// nicsim does not model (statsinc, procdump) and reads a kernel variable it
// does not provide. It links (it used to fail with ld's "undefined
// reference"): a variable reads as zero, and the first call of a missing
// function stops the run with a verdict naming it.
func TestUnprovidedSymbolsLink(t *testing.T) {
	src := variant(t, "ref:xv6", "void e1000_init(uint32 *xregs) {",
		"extern void statsinc(void);\nextern void procdump(void);\nextern unsigned int student_ticks;\n"+
			"void e1000_init(uint32 *xregs) {\n  if(student_ticks != 0)\n    procdump();\n  statsinc();")
	h := hostSrc(t, "unprovided", src, "xv6")
	v := newRig(h, 12).m.Run()
	if v.Class != sim.ClassInternal || !strings.Contains(v.Message, "calls statsinc, "+guest.MarkUnprovided) || !strings.Contains(v.Message, "at e1000.c:") {
		t.Fatalf("verdict %v, want the call of statsinc named", v)
	}
	t.Log(v.Message)
}
