package fuzz

import (
	"testing"

	"github.com/nicsim/nicsim/fuzz/device"
)

// FuzzDescriptors feeds arbitrary descriptors, register values, frames and
// schedules to the e1000 model in both personalities (see
// [device.Descriptors]); the seeds are [device.Seeds] and the files in
// testdata/fuzz/FuzzDescriptors.
func FuzzDescriptors(f *testing.F) {
	for _, s := range device.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := device.Descriptors(data); err != nil {
			t.Fatal(err)
		}
	})
}
