package hosted

import (
	"errors"
	"strings"
	"testing"
)

// A driver that reads the host's clock or random number generator, or that
// defines a name of nicsim's runtime, is refused at build time with the
// file, the line and what it did.
func TestBuildRefusesHostInstructionsAndRuntimeNames(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"rdtsc", "static unsigned long tsc(void) { unsigned lo, hi; __asm__ volatile(\"rdtsc\" : \"=a\"(lo), \"=d\"(hi)); return ((unsigned long)hi << 32) | lo; }\n" +
			"void e1000_init(uint32 *r) { if (tsc() & 1) r[0] = 1; }\n",
			"e1000.c:2: in e1000_init: the driver executes rdtsc, which reads the host's time stamp counter"},
		{"rdrand", "void e1000_init(uint32 *r) { unsigned long v; __asm__ volatile(\"rdrand %0\" : \"=r\"(v)); r[0] = v; }\n",
			"e1000.c:2: in e1000_init: the driver executes rdrand"},
		{"tsan-hook", "void __tsan_write4(void *p) { (void)p; }\nvoid e1000_init(uint32 *r) { r[0] = 1; }\n",
			"e1000.c:2: the driver defines __tsan_write4, a name of nicsim's runtime"},
		{"cov-hook", "void e1000_init(uint32 *r) { r[0] = 1; }\nvoid __sanitizer_cov_trace_pc(void) { }\n",
			"e1000.c:3: the driver defines __sanitizer_cov_trace_pc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Build([]byte("#include \"defs.h\"\n"+c.src), "e1000.c", testOptions("xv6"))
			var be *BuildError
			if !errors.As(err, &be) || be.Stage != "check" || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Build: %v, want a check error saying %q", err, c.want)
			}
		})
	}
}
