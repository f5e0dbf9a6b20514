package jospc

import "github.com/nicsim/nicsim/guest/jos"

// makeAdapter chooses the driver's attach, transmit and receive functions
// as the simulator does (jos.FindEntries: img.Attach if set, else the only
// function taking a struct pci_func *; cfg.TX and cfg.RX if set, else the
// only candidate each) and writes the C file that calls them as the
// workload expects (nicsim/guest.h).
func makeAdapter(img *Image, cfg BuildConfig, fns []jos.Function, src []byte) (string, error) {
	e, err := jos.FindEntries(fns, DriverPath, img.Attach, cfg.TX, cfg.RX)
	if err != nil {
		return "", err
	}
	e.ReadSource(src) // (buf, &len) that only stores the length: never a short buffer
	img.Attach, img.TX, img.RX, img.RXShape = e.Attach.Name, e.TX.Name, e.RX.Name, e.Shape
	for _, f := range fns {
		if f.Name == img.Attach || f.Name == img.TX || f.Name == img.RX {
			img.Prototypes = append(img.Prototypes, f.Prototype)
		}
	}
	return e.AdapterAs(jos.AdapterNames{File: "adapter.c", By: "guest/qemu/jospc", Header: "kern/e1000.h",
		Attach: "nicsim_attach", TX: "nicsim_tx", RX: "nicsim_rx", TXBuf: "const void *"}), nil
}
