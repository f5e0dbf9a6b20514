package qemu

import (
	"context"
	"os"
	"path/filepath"
	"time"
)

// A run of an external guest (guest/qemu/pc, guest/qemu/jospc) has the same
// shape whatever the guest: the artifact directory, QEMU started under the
// run's timeout, an event loop carrying the console and the wire to the
// guest's host side until it reaches a verdict, QEMU closed, the console
// written beside the pcap. [RunBoot] and [Serve] are that shape; a guest
// package brings its [Host].

// Boot is one run of an external guest.
type Boot struct {
	Machine MachineConfig // Pcap is set from ArtifactDir
	// ArtifactDir, if set, receives wire.pcap and console.txt.
	ArtifactDir string
	// Timeout bounds the whole run: QEMU is killed when it ends.
	Timeout time.Duration

	_ struct{}
}

// RunBoot starts QEMU for b, calls drive with the machine and the run's
// start, closes QEMU, and writes the console drive returns to console.txt.
// It returns the run's wall time and the pcap's path ("" without
// ArtifactDir). An error from drive is returned as is.
func RunBoot(ctx context.Context, b Boot,
	drive func(ctx context.Context, m *Machine, start time.Time) (console string, err error)) (time.Duration, string, error) {
	mc := b.Machine
	if b.ArtifactDir != "" {
		if err := os.MkdirAll(b.ArtifactDir, 0o755); err != nil {
			return 0, "", err
		}
		mc.Pcap = filepath.Join(b.ArtifactDir, "wire.pcap")
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, b.Timeout)
	defer cancel()
	m, err := StartMachine(ctx, mc)
	if err != nil {
		return 0, "", err
	}
	console, err := drive(ctx, m, start)
	m.Close()
	if err != nil {
		return 0, "", err
	}
	wall := time.Since(start)
	if b.ArtifactDir != "" {
		err = os.WriteFile(filepath.Join(b.ArtifactDir, "console.txt"), []byte(console), 0o644)
	}
	return wall, mc.Pcap, err
}

// Host is a guest's host side in [Serve]: it reacts to the run's events
// until it has ended (a verdict, or an error of the run).
type Host interface {
	// Ended reports whether the run has its verdict or failed.
	Ended() bool
	// NextCheck is when OnQuiet must look at the run again (at the latest
	// deadline, the time by which a verdict must be reached).
	NextCheck(deadline time.Time) time.Time
	// OnConsole takes a chunk of the guest's console output.
	OnConsole(chunk []byte)
	// OnFrame takes a frame the guest put on the wire.
	OnFrame(frame []byte)
	// OnQuiet runs when NextCheck's time came with nothing else to do.
	OnQuiet(deadline time.Time)
	// OnExit runs when QEMU's console closed (QEMU exited).
	OnExit()
}

// Serve runs h's event loop on m until h has ended. It returns the frames
// channel (nil once it closed), whose frames may still be on their way, or
// the context's error if the run was aborted.
func Serve(ctx context.Context, m *Machine, deadline time.Time, h Host) (<-chan []byte, error) {
	console, frames := m.Console(), m.Frames()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for !h.Ended() {
		timer.Reset(time.Until(h.NextCheck(deadline)))
		select {
		case chunk, ok := <-console:
			if !ok {
				console = nil
				h.OnExit()
				continue
			}
			h.OnConsole(chunk)
		case f, ok := <-frames:
			if !ok {
				frames = nil
				continue
			}
			h.OnFrame(f)
		case <-timer.C:
			h.OnQuiet(deadline)
		case <-ctx.Done():
			return frames, ctx.Err()
		}
	}
	return frames, nil
}

// FrameGrace is how long frames the device sent before the verdict's line
// may take to come through QEMU's socket.
const FrameGrace = 100 * time.Millisecond

// Drain collects the frames still on their way from QEMU when a verdict
// came (the frames channel [Serve] returns; nil gives none): every frame
// until none came for FrameGrace.
func Drain(frames <-chan []byte) [][]byte {
	if frames == nil {
		return nil
	}
	var out [][]byte
	t := time.NewTimer(FrameGrace)
	defer t.Stop()
	for {
		select {
		case f, ok := <-frames:
			if !ok {
				return out
			}
			out = append(out, f)
			t.Reset(FrameGrace)
		case <-t.C:
			return out
		}
	}
}

// ProbeWait is how long a probed console has to answer before it counts as
// dead: quiet, and at least a second (a loaded host can keep QEMU from
// running for longer than a quiet period).
func ProbeWait(quiet time.Duration) time.Duration { return max(quiet, time.Second) }
