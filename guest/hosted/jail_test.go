package hosted

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/sandbox"
)

// TestMain serves the compiler jail: Build re-runs the test binary as the
// jail helper around gcc and ld.
func TestMain(m *testing.M) {
	sandbox.ServeJail()
	os.Exit(m.Run())
}

// A driver cannot read host files through the compiler: an #include or an
// .incbin of /etc/passwd fails with an error that does not show the file.
func TestCompilerJail(t *testing.T) {
	if err := sandbox.JailAvailable(); err != nil {
		t.Fatalf("this machine kind has Landlock; the jail must be available: %v", err)
	}
	secret, err := os.ReadFile("/etc/passwd")
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(secret), "\n")
	cache := t.TempDir()
	for _, tc := range []struct{ name, code string }{
		{"include", "#include \"/etc/passwd\"\n"},
		{"incbin", "__asm__(\".section .rodata\\n.incbin \\\"/etc/passwd\\\"\\n.text\");\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := variant(t, "ref:xv6", "#define TX_RING_SIZE 16", tc.code+"#define TX_RING_SIZE 16")
			opt := testOptions("xv6")
			opt.CacheDir = cache
			_, err := Build(src, "kernel/e1000.c", opt)
			var be *BuildError
			denied := err != nil && (strings.Contains(err.Error(), "/etc/passwd: Permission denied") ||
				strings.Contains(err.Error(), "file not found: /etc/passwd"))
			if !errors.As(err, &be) || !denied {
				t.Fatalf("Build: %v, want a build error saying /etc/passwd cannot be read", err)
			}
			if strings.Contains(err.Error(), first) {
				t.Fatalf("the build error shows /etc/passwd:\n%v", err)
			}
			t.Log(err)
		})
	}
}
