package fuzz

import (
	"testing"

	"github.com/nicsim/nicsim/nic/e1000/fuzzdesc"
)

// FuzzDescriptors feeds arbitrary descriptors, register values, frames and
// schedules to the e1000 model in both personalities (see
// [fuzzdesc.Descriptors]); the seeds are [fuzzdesc.Seeds] and the files in
// testdata/fuzz/FuzzDescriptors.
func FuzzDescriptors(f *testing.F) {
	for _, s := range fuzzdesc.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := fuzzdesc.Descriptors(data); err != nil {
			t.Fatal(err)
		}
	})
}
