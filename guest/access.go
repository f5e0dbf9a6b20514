package guest

import "github.com/nicsim/nicsim/nic"

// The C field of a register access event tags it with the device model's
// trace ID, the window and the width: 0 for a dword access to the MMIO window
// of model 0, so that e1000 traces hash as they did before widths existed.
//
//	bits 0-7 width (0 for 4), 8-15 space, 16-23 model trace ID
func (k *Kernel) accessTag(s nic.Space, width int) uint64 {
	var id uint8
	if k.Model != nil {
		id = k.Model.TraceID
	}
	return AccessTag(id, s, width)
}

// AccessTag is the C field of a register access event.
func AccessTag(id uint8, s nic.Space, width int) uint64 {
	w := uint64(width)
	if width == 4 {
		w = 0
	}
	return w | uint64(s)<<8 | uint64(id)<<16
}

// SplitAccessTag undoes [AccessTag].
func SplitAccessTag(c uint64) (id uint8, s nic.Space, width int) {
	width = int(c & 0xFF)
	if width == 0 {
		width = 4
	}
	return uint8(c >> 16), nic.Space(c >> 8), width
}

// Access is one register access a device decodes.
type Access struct {
	Off   uint32
	Width int
}

// Accesses splits a driver's load or store of n bytes at off of window s
// into the accesses the device decodes: each widened to the window's
// alignment (a dword-decoded window sees whole dwords), at most two when
// the load straddles a unit. It returns them and how many there are.
func (k *Kernel) Accesses(s nic.Space, off uint32, n int) ([2]Access, int) {
	win := nic.Window{Space: nic.MMIO, Size: 0x20000, Align: 4}
	if k.Model != nil {
		if w, ok := k.Model.Window(s); ok {
			win = w
		}
	}
	unit := max(win.Align, min(n, 4))
	if unit == 3 {
		unit = 4
	}
	base := off &^ uint32(unit-1)
	out := [2]Access{{base, unit}}
	if off+uint32(n) > base+uint32(unit) && base+2*uint32(unit) <= win.Size {
		out[1] = Access{base + uint32(unit), unit}
		return out, 2
	}
	return out, 1
}
