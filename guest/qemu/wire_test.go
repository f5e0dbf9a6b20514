package qemu

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nicsim/nicsim/stack"
)

// A guest end that is gone, or that stops reading, makes send fail rather
// than block, and the failure becomes part of the verdict.
func TestWireRefusalIsAVerdictNote(t *testing.T) {
	dir := t.TempDir()
	w, err := listenWire(filepath.Join(dir, "host.sock"), filepath.Join(dir, "qemu.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	start := time.Now()
	err = w.send(make([]byte, 60))
	if err == nil {
		t.Fatal("send to a missing guest end succeeded")
	}
	if time.Since(start) > sendTimeout+time.Second {
		t.Errorf("send took %v", time.Since(start))
	}
	r := &replay{cfg: RunConfig{Logf: func(string, ...any) {}}}
	r.m = &machine{wire: w}
	r.inject([]stack.Out{{Frame: make([]byte, 60)}, {Frame: make([]byte, 60)}})
	if r.err != nil || r.wireErr == nil || r.refused != 2 {
		t.Errorf("after a refused inject: err %v, wireErr %v, refused %d; want no run error, the wire's error, 2 refused",
			r.err, r.wireErr, r.refused)
	}
	if note := wireNote(err, 3); !strings.Contains(note, "the wire refused 3 frames") {
		t.Errorf("note %q", note)
	}
}
