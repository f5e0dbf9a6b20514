package stack

import (
	"fmt"
	"io"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// PcapEpochNs is the pcap timestamp of virtual time 0, in ns since the Unix
// epoch. It is 0, so a capture's absolute times are the virtual times:
// tshark's frame.time_epoch 0.001204000 is t=1.204ms in a trace.
const PcapEpochNs int64 = 0

// PcapSnapLen is the snapshot length written in the file header; longer
// frames are truncated in the capture (their original length is kept).
const PcapSnapLen = 65536

// PcapWriter writes an Ethernet pcap file with nanosecond timestamps from the
// virtual clock, through gopacket's pcapgo. It is deterministic: the same
// frames at the same virtual times give the same bytes.
type PcapWriter struct {
	w *pcapgo.Writer
}

// NewPcapWriter writes the pcap file header to w and returns the writer.
func NewPcapWriter(w io.Writer) (*PcapWriter, error) {
	pw := pcapgo.NewWriterNanos(w)
	if err := pw.WriteFileHeader(PcapSnapLen, layers.LinkTypeEthernet); err != nil {
		return nil, fmt.Errorf("stack: pcap header: %w", err)
	}
	return &PcapWriter{w: pw}, nil
}

// WriteFrame writes frame with the timestamp PcapEpochNs + tNs. tNs must not
// be negative.
func (p *PcapWriter) WriteFrame(tNs int64, frame []byte) error {
	if tNs < 0 {
		return fmt.Errorf("stack: pcap: negative virtual time %d", tNs)
	}
	data := frame[:min(len(frame), PcapSnapLen)]
	ci := gopacket.CaptureInfo{
		// Never the zero time.Time, for which pcapgo would read the wall clock.
		Timestamp:     time.Unix(0, PcapEpochNs+tNs).UTC(),
		CaptureLength: len(data),
		Length:        len(frame),
	}
	if err := p.w.WritePacket(ci, data); err != nil {
		return fmt.Errorf("stack: pcap: frame at t=%dns: %w", tNs, err)
	}
	return nil
}
